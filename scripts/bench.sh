#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: boot a lane, load memdemo, run its benchmark (echo bench >
# /proc/memdemo) and print the cost table, then the same as CSV, and draw
# the cost curves (docs/bench-<lane>.svg, or SVG=<file>).
#
# Then, on a lane whose kernel has the kernel's own test_vmalloc as a module
# (6.12-rndcaches: built from source on first use, about 8 minutes), one
# boot alternates test_vmalloc (fix_size_alloc_test: one page, vmalloc, a
# write, vfree, in a loop) with memdemo's run of the same loop, and prints
# each round's ratio: memdemo's measurement against the kernel's.
#
# Under emulation the guest's clock counts instructions, not time (qemu's
# icount, one vCPU: BENCH_CLOCK=icount, the default): every figure is the
# instructions the kernel executed, the same on every run and every
# machine. Where KVM works the figures are the real CPU's nanoseconds
# (BENCH_CLOCK=wall forces those under emulation too, as before: the
# emulator's time, which moves from run to run). Every table, CSV header
# and axis says which.
#
# Environment: KERNEL=<lane> (default: the lane scripts/lanes marks default), MEM, CPUS, CSV=<file>
#   (also write the CSV there), SVG=<file> (the curves; default
#   docs/bench-<lane>.svg), ACCURACY_LANE (default 6.12-rndcaches; "none"
#   skips the comparison), ACC_CPUS (its vCPUs, default 1), ACC_CMDLINE
#   (added to its kernel command line, default "slub_debug=-
#   kfence.sample_interval=0"; empty for none), ROUNDS and
#   LOOPS (its rounds, default 41, and loops per run, default 256).
#   See docs/benchmark.md.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/lib-lanes.sh
. "$(dirname "$0")/lib-lanes.sh"

lane=${KERNEL:-$(lane_default)}
lane_load "$lane"
case ${BENCH_CLOCK:=icount} in
icount | wall) ;;
*) die "BENCH_CLOCK=$BENCH_CLOCK: icount (count instructions under emulation) or wall" ;;
esac
export CLOCK=$BENCH_CLOCK
# icount runs one vCPU thread: the lane's CPUs would take turns on it.
[ "$BENCH_CLOCK" = wall ] || export CPUS=${CPUS:-1}
acc=${ACCURACY_LANE:-6.12-rndcaches}
deps=("$lane")
[ "$acc" = none ] || ! lane_names | grep -qx "$acc" || deps+=("$acc")
"$MEMDEMO_TOP/scripts/deps.sh" "${deps[@]}"
"$MEMDEMO_TOP/scripts/fetch-lane.sh" "$lane" >&2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
make -s -C "$MEMDEMO_TOP/tools" O="$tmp" "$tmp/memdemo-tables" "$tmp/memdemo-plot"
"$MEMDEMO_TOP/scripts/vm-run.sh" --mode bench "$lane" >"$tmp/out" 2>"$tmp/err" || {
	cat "$tmp/err" >&2
	cat "$tmp/out"
	die "the benchmark run on $lane failed"
}
cat "$tmp/err" >&2
# vm-run says on its boot line what the guest's clock counted.
unit=ns
grep -q 'clock: instructions' "$tmp/err" && unit=instructions
grep '^bench' "$tmp/out" >"$tmp/bench" || die "no bench lines came back from $lane"
sed -n '/^# cat \/proc\/memdemo$/,/^# end of \/proc\/memdemo$/p' "$tmp/out" | sed '1d;$d' >"$tmp/report"
rel=$(lane_release "$lane")
info=$(sed -n 's/^bench-info //p' "$tmp/bench")
echo "memdemo benchmark on $rel ($lane, qemu $(sed -n 's/.*, qemu \([a-z]*\).*/\1/p' "$tmp/err" | head -n 1), $(nproc) host CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'))"
if [ "$unit" = instructions ]; then
	echo "Figures are instructions executed, counted by qemu (icount: the guest's clock advances one nanosecond per instruction), not time"
fi
# bench-info gives the guest clock's readings (timer_overhead_ns, total_ms):
# under icount that clock counts instructions, so they are said as such.
ovh=$(sed -n 's/.*timer_overhead_ns=\([0-9]*\).*/\1/p' <<<"$info")
tot=$(sed -n 's/.*total_ms=\([0-9]*\).*/\1/p' <<<"$info")
cells=$(sed -n 's/.*cells=\([0-9]*\).*/\1/p' <<<"$info")
if [ "$unit" = instructions ]; then
	echo "the clock's own cost: ${ovh:-?} instructions (bench-info timer_overhead_ns); the whole benchmark: ${tot:-?} million instructions (total_ms); ${cells:-?} cells"
else
	echo "the clock's own cost: ${ovh:-?} ns; the whole benchmark: ${tot:-?} ms; ${cells:-?} cells"
fi
echo
"$tmp/memdemo-tables" --bench --unit "$unit" "$tmp/bench"
echo
echo "CSV:"
"$tmp/memdemo-tables" --bench --csv --unit "$unit" "$tmp/bench" | tee "${CSV:-/dev/null}"
svg=${SVG:-$MEMDEMO_TOP/docs/bench-$lane.svg}
# vm-run says on its boot line which accelerator qemu used.
if [ "$unit" = instructions ]; then
	note="emulated CPU (qemu TCG, icount): instructions the kernel executed, the same on every run; a real CPU's time is not proportional to them (no cache misses, TLB refills or memory latency)"
elif grep -q 'qemu tcg' "$tmp/err"; then
	note="emulated CPU (qemu TCG): every instruction is translated, so these are not a real machine's costs; compare the allocators, not the times"
else
	note="a virtual machine (qemu KVM): close to the host's costs, with virtualisation's own"
fi
"$tmp/memdemo-plot" --bench --title "$rel ($lane), qemu on $(nproc) host CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')" \
	--note "$note" --unit "$unit" "$tmp/report" >"$svg.tmp" || die "cannot draw the cost curves"
mv "$svg.tmp" "$svg"
echo
echo "Cost curves: $svg"

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
# One vCPU: with more, qemu's TCG threads share this machine's cores and
# descheduled vCPUs stretch whichever loop runs (ACC_CPUS to change it).
# SLUB's debugging and KFENCE off, which the lane boots with for its tests:
# owner tracking saves a stack trace at every slab allocation and free on
# the path, ten times the loop's own work, and what a trace costs depends
# on the caller's stack (memdemo's loop ran 2.5 % over the kernel's with
# it, 0.3 % without: docs/benchmark.md).
acc_cmdline=${ACC_CMDLINE-slub_debug=- kfence.sample_interval=0}
acc_args=(--mode bench --cpus "${ACC_CPUS:-1}")
[ -z "$acc_cmdline" ] || acc_args+=(--cmdline "$acc_cmdline")
"$MEMDEMO_TOP/scripts/vm-run.sh" "${acc_args[@]}" "$acc" >"$tmp/acc" 2>"$tmp/acc.err" || {
	cat "$tmp/acc.err" "$tmp/acc"
	die "the accuracy run on $acc failed"
}
cat "$tmp/acc.err" >&2
acc_unit=ns
grep -q 'clock: instructions' "$tmp/acc.err" && acc_unit=instructions
# Rounds alternate: test_vmalloc (round r), memdemo's bench loop (round r),
# ..., test_vmalloc (round R+1).  Each runs the same loop: one page's
# vmalloc, a write, vfree, a few hundred times in a row, timed as a whole,
# from an empty lazy-vfree backlog and short of a purge (tests/guest/init
# says why).  Round r's ratio holds memdemo's loop to the mean of the
# test_vmalloc runs either side of it: this host's speed drifts by tens of
# per cent over seconds, and neighbours share it.  The median of the
# rounds' ratios is the figure.
sed -n 's/^test_vmalloc round=\([0-9]*\) Summary: fix_size_alloc_test .* loops: \([0-9]*\) avg: \([0-9]*\) usec.*/tv \1 \2 \3/p' "$tmp/acc" >"$tmp/rounds"
sed -n 's/^bench-round round=\([0-9]*\) .* pair_mean=\([0-9]*\).*/md \1 \2/p' "$tmp/acc" >>"$tmp/rounds"
if ! grep -q '^tv ' "$tmp/rounds" || ! grep -q '^md ' "$tmp/rounds"; then
	cat "$tmp/acc"
	die "no test_vmalloc summaries or memdemo bench-loop rounds from $acc"
fi
setup=$(sed -n 's/^bench-setup //p' "$tmp/acc")
echo "Accuracy on $(lane_release "$acc") ($acc${acc_cmdline:+, booted with $acc_cmdline}; ${ACC_CPUS:-1} vCPU; figures in $acc_unit), same boot, ${setup:-?}:"
awk -v u="$acc_unit" '
	function median(a, n,   i, j, t, b) {
		for (i = 1; i <= n; i++) b[i] = a[i]
		for (i = 2; i <= n; i++) for (j = i; j > 1 && b[j - 1] > b[j]; j--) { t = b[j]; b[j] = b[j - 1]; b[j - 1] = t }
		return n % 2 ? b[(n + 1) / 2] : (b[n / 2] + b[n / 2 + 1]) / 2
	}
	$1 == "tv" { tv[$2] = $4 * 1000 / $3; if ($2 > ntv) ntv = $2 }
	$1 == "md" { md[$2] = $3; if ($2 > nmd) nmd = $2 }
	END {
		n = 0; lo = 1e9; hi = 0
		for (r = 1; r <= nmd; r++) {
			if (!(r in tv) || !((r + 1) in tv)) continue
			t = (tv[r] + tv[r + 1]) / 2
			q[++n] = md[r] / t
			smd += md[r]
			stv += t
			printf "  round %d: test_vmalloc %.0f %s, memdemo %d %s, test_vmalloc %.0f %s: ratio %.3f\n", r, tv[r], u, md[r], u, tv[r + 1], u, q[n]
			if (q[n] < 0.98 || q[n] > 1.02) { out++; outs = outs (outs == "" ? "" : " ") r }
			if (q[n] < lo) lo = q[n]
			if (q[n] > hi) hi = q[n]
		}
		for (r = 1; r <= ntv; r++) tvs[r] = tv[r]
		for (r = 1; r <= nmd; r++) mds[r] = md[r]
		m = median(q, n)
		printf "  ratio memdemo / test_vmalloc: median %.3f over %d rounds (%.3f..%.3f); medians of the loops: %.0f / %.0f %s = %.3f\n", m, n, lo, hi, median(mds, nmd), median(tvs, ntv), u, median(mds, nmd) / median(tvs, ntv)
		printf "  ratio of the sums over all rounds: %.2f\n", smd / stv
		printf "  test_vmalloc against itself: %.3f..%.3f of its median over %d runs\n", mn(tvs, ntv) / median(tvs, ntv), mx(tvs, ntv) / median(tvs, ntv), ntv
		printf "  memdemo against itself: %.3f..%.3f of its median over %d runs\n", mn(mds, nmd) / median(mds, nmd), mx(mds, nmd) / median(mds, nmd), nmd
		# Instructions: both loops run the same code, so every round
		# should agree to 2 %; time: a median within 10 %.
		if (u == "instructions") {
			if (lo >= 0.98 && hi <= 1.02)
				printf "  every round within 0.98..1.02: memdemo counts the loop as the kernel does\n"
			else
				printf "  %d of %d rounds outside 0.98..1.02 (%s)%s\n", out, n, outs, \
					((lo >= 0.97 && hi <= 1.03) ? ", none by more than 0.01: near the bound, where test_vmalloc moves against itself (above)" : "")
		} else if (m >= 0.9 && m <= 1.1)
			printf "  median within 0.9..1.1: memdemo times the loop as the kernel does\n"
		else
			printf "  median outside 0.9..1.1\n"
	}
	function mn(a, n,   i, v) { v = a[1]; for (i = 2; i <= n; i++) if (a[i] < v) v = a[i]; return v }
	function mx(a, n,   i, v) { v = a[1]; for (i = 2; i <= n; i++) if (a[i] > v) v = a[i]; return v }' "$tmp/rounds"
