#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make report: boot a lane, load memdemo, run its benchmark, and write one
# self-contained HTML page of what it reported (tools/memdemo-report): the
# map, the allocations, the claims, the tables and the cost curves.
#
# usage: report.sh [DEMO-OUTPUT]
#   With DEMO-OUTPUT (what vm-run.sh --mode demo printed; make demo
#   REPORT=1 passes it), no boot: the page is made from that run.
# Environment: KERNEL=<lane> (default: the lane scripts/lanes marks default), MEM, CPUS, PARAMS,
#   CMDLINE as for make demo; REPORT_OUT=<file> (default
#   memdemo-report-<lane>.html here); BENCH=0 skips the benchmark;
#   REPORT_CLOCK=icount|wall (default icount: under emulation the costs
#   are instructions counted, as make bench's; scripts/vm-run.sh CLOCK).
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/lib-lanes.sh
. "$(dirname "$0")/lib-lanes.sh"

lane=${KERNEL:-$(lane_default)}
lane_load "$lane"
out=${REPORT_OUT:-memdemo-report-$lane.html}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ $# -gt 0 ]; then
	cp "$1" "$tmp/demo"
	[ -f "$1.err" ] && cp "$1.err" "$tmp/err"
else
	# Under emulation the benchmark counts instructions, as make bench's
	# does (one vCPU: icount runs them all on one thread); REPORT_CLOCK=wall
	# for the emulator's nanoseconds.
	case ${REPORT_CLOCK:=icount} in
	icount | wall) export CLOCK=$REPORT_CLOCK ;;
	*) die "REPORT_CLOCK=$REPORT_CLOCK: icount or wall" ;;
	esac
	[ "$REPORT_CLOCK" = wall ] || export CPUS=${CPUS:-1}
	"$MEMDEMO_TOP/scripts/deps.sh" "$lane"
	"$MEMDEMO_TOP/scripts/fetch-lane.sh" "$lane" >&2
	BENCH=${BENCH:-1} "$MEMDEMO_TOP/scripts/vm-run.sh" --mode demo "$lane" >"$tmp/demo" 2>"$tmp/err" || {
		cat "$tmp/err" >&2
		cat "$tmp/demo"
		die "the run on $lane failed"
	}
	cat "$tmp/err" >&2
fi
# What the guest's "cat /proc/memdemo" printed.
sed -n '/^# cat \/proc\/memdemo$/,/^# memdemo-map/p' "$tmp/demo" | sed '1d;$d' >"$tmp/memdemo.txt"
[ -s "$tmp/memdemo.txt" ] || die "no /proc/memdemo in the output of the run on $lane"
make -s -C "$MEMDEMO_TOP/tools" O="$tmp" "$tmp/memdemo-report"
# vm-run says on its boot line what the guest's clock counted.
unit=ns note=
if grep -q 'clock: instructions' "$tmp/err" 2>/dev/null; then
	unit=instructions
	note="Measured in a qemu guest with an emulated CPU (TCG) whose clock counted instructions (icount): addresses and layout are the kernel's own; the costs are the instructions the kernel executed, the same on every run, and a real CPU's time is not proportional to them."
elif grep -q 'qemu tcg' "$tmp/err" 2>/dev/null; then
	note="Measured in a qemu guest with an emulated CPU (TCG): addresses and layout are the kernel's own, timings are not a real machine's."
fi
"$tmp/memdemo-report" --unit "$unit" --title "$(lane_release "$lane") ($lane lane, qemu guest with ${MEM:-$LANE_MEM} of RAM), on a host with $(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')" \
	${note:+--note "$note"} "$tmp/memdemo.txt" >"$tmp/report.html"
mv "$tmp/report.html" "$out"
say "report: $out"
