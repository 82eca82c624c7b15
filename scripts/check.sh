#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check (the quick tier) and make check-all (the full tier): install
# what the lanes need, run each lane (scripts/run-lane.sh: the host's tests,
# the newcomer's make demo, booted kernels, dkms, the installed system) into
# one results directory, at most JOBS lanes at a time and at most two
# guests (lib-guest.sh: guest_slot), then merge the results into one TAP stream
# ending in "N passed, N failed" (scripts/check-summary.sh). Which lanes a
# tier runs is scripts/lanes' data: the quick tier the rows tagged quick,
# the full tier every row. Exit status non-zero on any failure.
#
# usage: check.sh --tier quick|full
# Environment: LANES="lane ..." (instead of the tier's lanes),
#   RESULTS=<dir> (the results directory, kept; default: a new one under
#   the cache, whose path the run prints), JOBS (lanes at a time, default
#   4: two guests, and beside them a lane of the host's own and the next
#   lane fetching its kernel; guests wait for one of the machine's two
#   slots in no set order, so more lanes at once would lose the longest
#   first), MEM / CPUS / CMDLINE / TIMEOUT /
#   TESTS (passed to every booted lane; see scripts/vm-run.sh).
set -uo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/lib-lanes.sh
. "$(dirname "$0")/lib-lanes.sh"
cd "$MEMDEMO_TOP" || exit 1

tier=quick
while [ $# -gt 0 ]; do
	case $1 in
	--tier) tier=$2; shift ;;
	*) die "usage: $0 --tier quick|full" ;;
	esac
	shift
done
# The quick tier's budget on a 2-core machine without KVM (docs/testing.md):
# the run prints its time against it; it is no test.
case $tier in
quick) budget_warm=300 budget_fresh=600 ;;
full) budget_warm=3600 budget_fresh= ;;
*) die "unknown tier '$tier' (quick, full)" ;;
esac

if [ -n "${LANES:-}" ]; then
	read -r -a lanes <<<"$LANES"
elif [ "$tier" = quick ]; then
	mapfile -t lanes < <(lane_names quick)
else
	mapfile -t lanes < <(lane_names)
fi
for l in "${lanes[@]}"; do lane_load "$l"; done # dies on an unknown lane

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
t_start=$(now)

results=${RESULTS:-}
if [ -z "$results" ]; then
	mkdir -p "$MEMDEMO_CACHE/results"
	# Those of earlier runs are kept a week.
	find "$MEMDEMO_CACHE/results" -mindepth 1 -maxdepth 1 -type d -mtime +7 -exec rm -rf {} + 2>/dev/null
	results=$(mktemp -d "$MEMDEMO_CACHE/results/$tier-$(date +%Y%m%d-%H%M%S).XXXX")
fi
mkdir -p "$results" || die "cannot create $results"
results=$(cd "$results" && pwd)
printf '%s\n' "${lanes[@]}" >>"$results/asked"
: >"$results/steps"
say "make check ($tier tier): ${#lanes[@]} lanes (${lanes[*]}); results in $results"

# --- what the lanes need on the host ------------------------------------------
say "checking dependencies ..."
t=$(now)
out=$(scripts/deps.sh "${lanes[@]}" 2>&1 | tee -a /dev/stderr)
rc=$?
echo "dependencies $(elapsed "$t")" >>"$results/steps"
installed=0
! grep -q '^apt: installing' <<<"$out" || installed=1
if [ "$rc" != 0 ]; then
	echo "TAP version 13"
	echo "not ok 1 - host: dependencies installed (scripts/deps.sh)"
	printf '%s\n' "$out" | sed 's/^/# /'
	echo "1..1"
	echo "0 passed, 1 failed"
	exit 1
fi

# --- the lanes, the longest first -----------------------------------------------
# A lane's last time is in the cache (run-lane.sh); a lane never run here
# counts as the longest, so that a fresh machine starts its unknowns first.
order=()
for l in "${lanes[@]}"; do
	s=$(cat "$MEMDEMO_CACHE/lane-seconds/$l" 2>/dev/null || echo 1e9)
	order+=("$s $l")
done
mapfile -t queue < <(printf '%s\n' "${order[@]}" | sort -rg | cut -d' ' -f2)

jobs=${JOBS:-4}
running=0
for l in "${queue[@]}"; do
	while [ "$running" -ge "$jobs" ]; do
		wait -n
		running=$((running - 1))
	done
	say "lane $l: starting"
	{
		scripts/run-lane.sh "$l" "$results"
		say "lane $l: $(sed -n 's/^passed=//p' "$results/$l/summary" 2>/dev/null || echo '?') passed, $(sed -n 's/^failed=//p' "$results/$l/summary" 2>/dev/null || echo '?') failed, $(sed -n 's/^seconds=//p' "$results/$l/summary" 2>/dev/null || echo '?') s"
	} &
	running=$((running + 1))
done
wait

# --- one TAP stream, and the time against the tier's budget ------------------
summary=$(scripts/check-summary.sh "$results")
rc=$?
printf '%s\n' "$summary" | sed '$d'
fetched=0
for l in "${lanes[@]}"; do
	grep -qx fetched=1 "$results/$l/summary" 2>/dev/null && fetched=$((fetched + 1))
done
total=$(elapsed "$t_start")
if [ "$installed" = 1 ] || [ "$fetched" -gt 0 ]; then
	state="from a fresh machine: packages installed: $([ "$installed" = 1 ] && echo yes || echo no), lanes that fetched or built their kernel: $fetched"
	budget=$budget_fresh
else
	state="warm: nothing installed or fetched"
	budget=$budget_warm
fi
if [ -n "$budget" ]; then
	echo "# $tier tier: $total s, $state; budget $budget s (docs/testing.md)"
else
	echo "# $tier tier: $total s, $state; no budget set for that (docs/testing.md)"
fi
echo "# results: $results (make check-summary RESULTS=\"$results ...\" merges it with others)"
printf '%s\n' "$summary" | tail -n 1
exit "$rc"
