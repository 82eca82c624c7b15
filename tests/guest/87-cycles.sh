# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# Load/unload cycles: memory comes back. As many cycles as the lane's row in
# scripts/lanes says (cycles=N): the most on the default lane, 20 by
# default, none on the quick tier's lanes (their time
# goes to what differs between kernels; the full tier's other lanes of the
# same kernels and architectures cycle) nor on the debug kernel: there a
# cycle takes seconds, and 10 could not see a page lost per load (40 KiB
# against the 512 allowed), while 90-faults.sh
# loads and unloads memdemo hundreds of times under KASAN and kmemleak
# (99-kmemleak.sh) finds a lost object.
#
# Before and after the cycles the kernel is brought to a comparable state:
# page cache, dentries and inodes dropped (vm/drop_caches=3), every slab
# cache shrunk (/sys/kernel/slab/*/shrink frees empty per-CPU partial slabs)
# and a second for RCU callbacks and deferred frees. Ten warm-up cycles come
# first, so that one-time growth (caches and sysfs nodes the first loads
# create, per-CPU lists and stack caches filling) is not counted.
#
# Measured, after minus before:
#   free pages: MemFree plus the pages parked on the per-CPU lists
#     (/proc/zoneinfo "count:"), which MemFree leaves out and which move by
#     megabytes from one moment to the next (MemFree is shown, not judged);
#   SUnreclaim: slab memory that cannot be reclaimed, where kmalloc and
#     kmem_cache objects live;
#   VmallocUsed: the pages behind vmalloc areas.
# Tolerances: free pages may drop by 512 KiB, SUnreclaim and VmallocUsed grow
# by 256 KiB, above the noise of runs without a leak, which does not grow
# with the cycles (docs/measurements.md has the figures). At 200
# cycles the tolerances catch any leak above 2.6 KiB (pages) or 1.3 KiB
# (slab, vmalloc) a cycle: a page or a vmalloc area lost per load fails; on
# 20 cycles, above 26 and 13 KiB a cycle. A sample out of tolerance is taken
# again, twice at most, before it counts (a late RCU callback or worker).
# Free pages move a page at a time: with 64 KiB pages 512 KiB is only 8 of
# them (against 128 with 4 KiB pages), fewer than the noise moves them on
# 64 KiB pages (docs/measurements.md). Where 512 KiB is fewer than 32 pages the
# tolerance is 32 pages (2 MiB on 64 KiB pages) and the cycles at least 64,
# so a page lost per load (64 pages) still fails, by twice the tolerance.
# After the cycles /proc/vmallocinfo must hold nothing of memdemo's.
# shellcheck source=tests/guest/md.sh
. /tests/guest/md.sh

cycles=$(lane_tag cycles 20)
if [ "$cycles" = 0 ]; then
	skip "load/unload cycles" "cycles=0 in the lane's row (scripts/lanes): the debug kernel's 90-faults.sh loads under KASAN and kmemleak; the quick tier's lanes leave them to the full tier"
	dmesg -c >/dev/null # as after the cycles (below)
	exit 0
fi
warmup=10
TOL_FREE=512 TOL_SUNRECL=256 TOL_VMALLOC=256

memdemo_loaded && unload_memdemo
echo 1 >/proc/sys/kernel/kptr_restrict

meminfo() {
	sed -n "s/^$1: *\([0-9]*\) kB$/\1/p" /proc/meminfo
}
# Free pages in KiB: the buddy allocator's plus those on per-CPU lists, in
# pages of the size memdemo's [layout] gives (4, 16 or 64 KiB).
md_need_load_state || not_ok "memdemo loads for its layout"
page_kb=$(($(md_layout page_size) / 1024))
if [ $((32 * page_kb)) -gt "$TOL_FREE" ]; then
	TOL_FREE=$((32 * page_kb))
	[ "$cycles" -ge 64 ] || cycles=64
fi
free_kb() {
	awk -v kb="$page_kb" '$1 == "nr_free_pages" || $1 == "count:" { f += $2 } END { print f * kb }' /proc/zoneinfo
}
settle() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	for s in /sys/kernel/slab/*/shrink; do
		echo 1 >"$s" 2>/dev/null
	done
	sleep 1
}
sample() {
	settle
	s_free=$(free_kb)
	s_memfree=$(meminfo MemFree)
	s_slab=$(meminfo Slab)
	s_sunrecl=$(meminfo SUnreclaim)
	s_vmalloc=$(meminfo VmallocUsed)
}
failed=0
i=0
while [ $i -lt $warmup ]; do
	load_memdemo && unload_memdemo || failed=$((failed + 1))
	i=$((i + 1))
done
sample
b_free=$s_free b_memfree=$s_memfree b_slab=$s_slab b_sunrecl=$s_sunrecl b_vmalloc=$s_vmalloc
t0=$(uptime_cs)
i=0
while [ $i -lt "$cycles" ]; do
	if load_memdemo 2>/tmp/md.cycles.err; then
		unload_memdemo || failed=$((failed + 1))
	else
		failed=$((failed + 1))
	fi
	i=$((i + 1))
done
t=$(($(uptime_cs) - t0))
deltas() {
	d_free=$((s_free - b_free))
	d_memfree=$((s_memfree - b_memfree))
	d_slab=$((s_slab - b_slab))
	d_sunrecl=$((s_sunrecl - b_sunrecl))
	d_vmalloc=$((s_vmalloc - b_vmalloc))
	[ "$d_free" -ge "-$TOL_FREE" ] && [ "$d_sunrecl" -le "$TOL_SUNRECL" ] &&
		[ "$d_vmalloc" -le "$TOL_VMALLOC" ]
}
samples=1
sample
until deltas || [ "$samples" -ge 3 ]; do
	sleep 2
	sample
	samples=$((samples + 1))
done

is "$cycles load/unload cycles all succeed" "$failed failed" "0 failed"
check "free pages (MemFree + per-CPU lists) did not drop by more than $TOL_FREE KiB: $d_free KiB" \
	test "$d_free" -ge "-$TOL_FREE"
check "SUnreclaim did not grow by more than $TOL_SUNRECL KiB: $d_sunrecl KiB" \
	test "$d_sunrecl" -le "$TOL_SUNRECL"
check "VmallocUsed did not grow by more than $TOL_VMALLOC KiB: $d_vmalloc KiB" \
	test "$d_vmalloc" -le "$TOL_VMALLOC"
is "/proc/vmallocinfo has no memdemo area after the cycles" \
	"$(grep -c '\[memdemo\]' /proc/vmallocinfo)" 0
check "memdemo is not loaded after the cycles" sh -c '! grep -q "^memdemo " /proc/modules'
# The cycles' log lines (some 45 a load) would fill the kernel's ring
# buffer, and dmesg_mark/dmesg_since count lines: start the later tests
# with an empty one (the console keeps everything).
dmesg -c >/dev/null
diag "load/unload cycles: $cycles (after $warmup warm-up), $((t / 100)).$((t % 100 / 10)) s ($((t * 10 / cycles)) ms each); after - before: free pages ${d_free} KiB (tolerance -$TOL_FREE), MemFree ${d_memfree} KiB (not judged), Slab ${d_slab} KiB, SUnreclaim ${d_sunrecl} KiB (tolerance +$TOL_SUNRECL), VmallocUsed ${d_vmalloc} KiB (tolerance +$TOL_VMALLOC); after-sample $samples of 3"
