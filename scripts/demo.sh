#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo: install what is missing, fetch a Debian kernel, build memdemo.ko
# for it, boot it in qemu, load the module, show its dmesg lines and
# /proc/memdemo, unload it.
#
# Environment: KERNEL=<lane> (default: the lane scripts/lanes marks default),
#   MEM=<size> CPUS=<n> PARAMS="param=value ..." CMDLINE="..." TIMEOUT=<s>
#   REPORT=1 also writes the run's HTML page (scripts/report.sh)
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/lib-lanes.sh
. "$(dirname "$0")/lib-lanes.sh"

lane=${KERNEL:-$(lane_default)}
lane_load "$lane"
say "checking dependencies ..."
"$MEMDEMO_TOP/scripts/deps.sh" "$lane"
"$MEMDEMO_TOP/scripts/fetch-lane.sh" "$lane"
rc=0
if [ "${REPORT:-0}" = 1 ]; then
	# The same run, kept for the page: make demo REPORT=1.
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	BENCH=${BENCH:-1} "$MEMDEMO_TOP/scripts/vm-run.sh" --mode demo "$lane" \
		> >(tee "$tmp/demo") 2> >(tee "$tmp/demo.err" >&2) || rc=$?
	wait
	[ "$rc" != 0 ] || "$MEMDEMO_TOP/scripts/report.sh" "$tmp/demo" || rc=$?
else
	"$MEMDEMO_TOP/scripts/vm-run.sh" --mode demo "$lane" || rc=$?
fi
[ "$rc" = 0 ] || say "demo failed on $lane"
exit "$rc"
