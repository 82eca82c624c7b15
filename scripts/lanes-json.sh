#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The lane table (scripts/lanes) as the matrix of a CI workflow: one JSON
# object {"include": [...]}, one entry per lane with its name, kind, tier
# and a time limit in minutes for the job that runs it. A row added to the
# table is a job more, with no other edit (.github/workflows/check-all.yml
# reads this with fromJson).
#
# usage: lanes-json.sh [--tier quick|full]   (default full: every lane)
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/lib-lanes.sh
. "$(dirname "$0")/lib-lanes.sh"

tier=full
case ${1:-} in
--tier) tier=${2:-} ;;
'') ;;
*) die "usage: $0 [--tier quick|full]" ;;
esac
case $tier in
quick) mapfile -t lanes < <(lane_names quick) ;;
full) mapfile -t lanes < <(lane_names) ;;
*) die "unknown tier '$tier' (quick, full)" ;;
esac

# A job's limit: a booted lane's guest limit (twice its row's script limit,
# scripts/vm-run.sh) and half an hour for installing, fetching and building
# its kernel (a kernel built from source takes minutes); the system lane
# two hours (two qemu runs of up to 75 and 45 minutes, scripts/system-run.sh,
# side by side); the host and the newcomer half an hour.
printf '{"include":['
sep=
for l in "${lanes[@]}"; do
	lane_load "$l"
	case $LANE_KIND in
	system) minutes=150 ;;
	host | newcomer) minutes=30 ;;
	*) minutes=$(((${LANE_LIMIT:-300} * 2 + 59) / 60 + 30)) ;;
	esac
	t=full
	! lane_tagged quick || t=quick
	printf '%s{"lane":"%s","kind":"%s","tier":"%s","minutes":%d}' "$sep" "$l" "$LANE_KIND" "$t" "$minutes"
	sep=,
done
printf ']}\n'
