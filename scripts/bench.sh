#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: boot a lane, load memdemo, run its benchmark (echo bench >
# /proc/memdemo) and print the cost table, then the same as CSV.
#
# Environment: KERNEL=<lane> (default 6.12-amd64), MEM, CPUS, CSV=<file>
#   (also write the CSV there).  See README, "Benchmark".
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

lane=${KERNEL:-6.12-amd64}
lane_load "$lane"
"$MEMDEMO_TOP/scripts/deps.sh"
"$MEMDEMO_TOP/scripts/fetch-lane.sh" "$lane" >&2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -O2 -Wall -Wextra -o "$tmp/memdemo-tables" "$MEMDEMO_TOP/tools/memdemo-tables.c"
"$MEMDEMO_TOP/scripts/vm-run.sh" --mode bench "$lane" >"$tmp/out" || {
	cat "$tmp/out"
	die "the benchmark run on $lane failed"
}
grep '^bench' "$tmp/out" >"$tmp/bench" || die "no bench lines came back from $lane"
rel=$(lane_release "$lane")
info=$(sed -n 's/^bench-info //p' "$tmp/bench")
echo "memdemo benchmark on $rel ($lane, qemu TCG, $(nproc) host CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'))"
echo "$info"
echo
"$tmp/memdemo-tables" --bench "$tmp/bench"
echo
echo "CSV:"
"$tmp/memdemo-tables" --bench --csv "$tmp/bench" | tee "${CSV:-/dev/null}"
