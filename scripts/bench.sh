#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: boot a lane, load memdemo, run its benchmark (echo bench >
# /proc/memdemo) and print the cost table, then the same as CSV.
#
# Then, on the debug lane (built from source on first use, about 6 minutes),
# the same boot runs the kernel's own test_vmalloc (fix_size_alloc_test: one
# page, vmalloc + vfree) and memdemo's benchmark, and prints the ratio of
# their per-operation costs: memdemo's measurement against the kernel's.
#
# Environment: KERNEL=<lane> (default 6.12-amd64), MEM, CPUS, CSV=<file>
#   (also write the CSV there), ACCURACY_LANE (default debug-7.3; "none"
#   skips the comparison).  See README, "Benchmark".
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

lane=${KERNEL:-6.12-amd64}
lane_load "$lane"
acc=${ACCURACY_LANE:-debug-7.3}
deps=("$lane")
[ "$acc" = none ] || ! lane_names | grep -qx "$acc" || deps+=("$acc")
"$MEMDEMO_TOP/scripts/deps.sh" "${deps[@]}"
"$MEMDEMO_TOP/scripts/fetch-lane.sh" "$lane" >&2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
make -s -C "$MEMDEMO_TOP/tools" O="$tmp" "$tmp/memdemo-tables"
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

[ "$acc" = none ] && exit 0
if ! lane_names | grep -qx "$acc"; then
	echo
	echo "Accuracy against test_vmalloc: skipped, no lane $acc in $MEMDEMO_LANES_FILE"
	echo "(it needs a kernel built with TEST_VMALLOC=m; ACCURACY_LANE=<lane> picks one)."
	exit 0
fi
echo
say "accuracy: memdemo against test_vmalloc on $acc ..."
"$MEMDEMO_TOP/scripts/fetch-lane.sh" "$acc" >&2
"$MEMDEMO_TOP/scripts/vm-run.sh" --mode bench "$acc" >"$tmp/acc" || {
	cat "$tmp/acc"
	die "the accuracy run on $acc failed"
}
# test_vmalloc ran before and after memdemo's benchmark: "loops usec" each.
tv=$(sed -n 's/^test_vmalloc Summary: fix_size_alloc_test .* loops: \([0-9]*\) avg: \([0-9]*\) usec.*/\1 \2/p' "$tmp/acc")
# Like against like: memdemo's bench-loop runs test_vmalloc's loop (one
# page's vmalloc, a write, vfree, 2000 times in a row, timed as a whole),
# so that vfree's lazily batched purges weigh in both as they really do.
# The per-round samples' mean is shown beside it.
md=$(sed -n 's/^bench-loop api=vmalloc size=4096 .* pair_mean=\([0-9]*\).*/\1/p' "$tmp/acc")
ms=$(sed -n 's/^bench api=vmalloc size=4096 .* pair_mean=\([0-9]*\).*/\1/p' "$tmp/acc")
if [ -z "$tv" ] || [ -z "$md" ]; then
	cat "$tmp/acc"
	die "no test_vmalloc summary or memdemo vmalloc figure from $acc"
fi
echo "Accuracy on $(lane_release "$acc") (KASAN, lockdep, kmemleak: slow on purpose), same boot:"
awk -v m="$md" -v s="${ms:-0}" '
	{ l[NR] = $1; u[NR] = $2; k[NR] = $2 * 1000 / $1; sum += k[NR] }
	END {
		for (i = 1; i <= NR; i++)
			printf "  test_vmalloc fix_size_alloc_test, %s: %d loops in %d us = %.0f ns per vmalloc+vfree of one page (mean)\n", i == 1 ? "before" : "after ", l[i], u[i], k[i]
		t = sum / NR
		printf "  memdemo bench-loop vmalloc 4096:  %d ns per vmalloc+vfree (2000 in a row, timed whole)\n", m
		printf "  ratio memdemo / test_vmalloc:      %.2f (test_vmalloc taken as the mean of its %d runs, %.0f ns)\n", m / t, NR, t
		if (NR > 1) printf "  test_vmalloc after / before:       %.2f (the drift within this boot)\n", k[NR] / k[1]
		printf "  (memdemo per-round samples, mean:  %d ns, ratio %.2f)\n", s, s / t
	}' <<<"$tv"
