# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# The lab: commands written to /proc/memdemo allocate and free at run time;
# a bad command gets its own errno and changes nothing; only CAP_SYS_ADMIN
# may write.  Leaves memdemo loaded, the lab holding blocks, for 85-unload.sh.
# shellcheck source=tests/guest/md.sh
. /tests/guest/md.sh

memdemo_loaded || load_memdemo || { not_ok "memdemo loads for the lab"; exit 0; }
echo 1 >/proc/sys/kernel/kptr_restrict

lab_state() {
	sed -n '/^\[lab\]$/,/^\[bench\]$/p' /proc/memdemo
}
last_lab() {
	grep '^alloc name=lab-' /proc/memdemo | tail -n 1
}

page=$(sed -n 's/^layout page_size=//p' /proc/memdemo)
is "alloc kmalloc $page succeeds" "$(md_lab "alloc kmalloc $page")" ok
md_parse "$(last_lab)"
# What it reserves is its cache's object size, as SLUB's sysfs gives it
# (KFENCE's sampled objects: the size asked, which is the same here).
objsize=$(cat "/sys/kernel/slab/$F_CACHE/object_size" 2>/dev/null || echo "none ($F_CACHE)")
is "the next read shows it: kmalloc, $page bytes, in the linear map, reserving its cache's object_size" \
	"$F_API $F_SIZE $F_RESERVED $F_REGION" "kmalloc $page $objsize linear"
is "alloc vmalloc 1M succeeds" "$(md_lab 'alloc vmalloc 1M')" ok
md_parse "$(last_lab)"
id_vm=${F_NAME#lab-}
virt_vm=$F_VIRT
vm_pages=$((1048576 / page))
check "the lab's vmalloc block is in /proc/vmallocinfo with its $vm_pages pages of $page bytes" \
	grep -q "^$F_VIRT-.*\[memdemo\] pages=$vm_pages " /proc/vmallocinfo
is "alloc pages order=3 with __GFP_HIGHMEM succeeds" \
	"$(md_lab 'alloc pages order=3 gfp=GFP_KERNEL|__GFP_HIGHMEM')" ok
md_parse "$(last_lab)"
# Where the kernel has highmem (/proc/meminfo), the page allocator takes
# such a block from HighMem first.
case $(sed -n 's/^HighTotal: *\([0-9]*\) kB$/\1/p' /proc/meminfo) in
'' | 0) is "it is order 3: 8 pages, one run" "$F_PAGES $F_RUNS" "8 1" ;;
*) is "with $MEM of RAM and highmem it comes from HighMem, unmapped" "$F_ZONE $F_PAGE_ADDRESS" "HighMem 0x0" ;;
esac
is "alloc kmem_cache succeeds" "$(md_lab 'alloc kmem_cache')" ok
is "alloc kzalloc 100 gfp=GFP_ATOMIC succeeds, zeroed" \
	"$(md_lab 'alloc kzalloc 100 gfp=GFP_ATOMIC')$(last_lab | grep -o ' zeroed=1')" "ok zeroed=1"

# kvmalloc with a non-blocking GFP beyond what kmalloc can serve: 6.19 and
# later fall back to vmalloc (__vmalloc() takes GFP_ATOMIC there, and
# /proc/kallsyms has memalloc_apply_gfp_scope, which came with it); before,
# kvmalloc gives up.
kmax=$(sed -n 's/^layout kmalloc_max_size=//p' /proc/memdemo)
big=$((kmax * 2))
held=$(sed -n 's/^lab total=\([0-9]*\) .*/\1/p' /proc/memdemo)
if [ $((big + held)) -le "$(cat /sys/module/memdemo/parameters/lab_max)" ]; then
	if grep -q ' memalloc_apply_gfp_scope$' /proc/kallsyms; then
		got=$(md_lab "alloc kvmalloc $big gfp=GFP_ATOMIC")
		if [ "$got" = ok ]; then
			md_parse "$(last_lab)"
			is "alloc kvmalloc $big gfp=GFP_ATOMIC falls back to vmalloc on this kernel" \
				"$F_PATH $F_REGION" "vmalloc vmalloc"
			md_lab "free ${F_NAME#lab-}" >/dev/null
		else
			not_ok "alloc kvmalloc $big gfp=GFP_ATOMIC succeeds on this kernel" "got: $got"
		fi
	else
		is "alloc kvmalloc $big gfp=GFP_ATOMIC: no vmalloc fallback without blocking on this kernel" \
			"$(md_lab "alloc kvmalloc $big gfp=GFP_ATOMIC")" "Cannot allocate memory"
	fi
fi

lmax=$(cat /sys/module/memdemo/parameters/lab_max)
before=$(lab_state)
bad=
for c in "alloc kmalloc 0:Invalid argument" "alloc malloc 8:Invalid argument" \
	"alloc kmalloc 100 gfp=__GFP_HIGHMEM:Invalid argument" \
	"alloc vmalloc 8 gfp=GFP_ATOMIC:Invalid argument" "bogus:Invalid argument" \
	"alloc kmalloc 100 trailing:Invalid argument" \
	"alloc kmalloc $((kmax + 1)):Argument list too long" "alloc pages order=99:Argument list too long" \
	"alloc vmalloc $((lmax + 1)):Argument list too long" "alloc vmalloc $((lmax - page)):No space left on device" \
	"free 9999:No such file or directory"; do
	got=$(md_lab "${c%%:*}")
	[ "$got" = "${c#*:}" ] || bad="$bad [${c%%:*} -> $got]"
done
is "11 bad commands get their own errno" "${bad:-none}" none
is "and change nothing in the lab" "$(lab_state)" "$before"
long=$(printf 'alloc kmalloc 8%0200d' 0)
is "a 216-byte command is refused" "$(md_lab "$long")" "Invalid argument"

if su nobody -s /bin/sh -c 'echo "free all" >/proc/memdemo' 2>/tmp/md.err; then
	not_ok "nobody cannot write to /proc/memdemo"
else
	case $(cat /tmp/md.err) in
	*"Permission denied"* | *"Operation not permitted"*) ok "nobody cannot write to /proc/memdemo: $(sed 's/.*: //' /tmp/md.err)" ;;
	*) not_ok "nobody cannot write to /proc/memdemo" "$(cat /tmp/md.err)" ;;
	esac
fi
is "nobody's attempt changed nothing" "$(lab_state)" "$before"

is "free $id_vm succeeds" "$(md_lab "free $id_vm")" ok
# (Another area may take the freed address at once; memdemo's must be gone.)
left=$(grep "^$virt_vm-" /proc/vmallocinfo | grep "\\[memdemo\\] pages=$vm_pages ")
is "the freed vmalloc block leaves /proc/vmallocinfo" "${left:-gone}" gone
n=$(grep -c '^alloc name=lab-' /proc/memdemo)
is "the lab holds the other 4 blocks" "$n" 4
# "bench loop": the benchmark's vmalloc loop alone (make bench interleaves
# it with test_vmalloc): one bench-loop line, and no vmalloc area left.
areas=$(grep -c '\[memdemo\]' /proc/vmallocinfo)
is "bench loop succeeds" "$(md_lab "bench loop")" ok
loop=$(grep '^bench-loop ' /proc/memdemo)
case $loop in
"bench-loop api=vmalloc size=$(sed -n 's/^layout page_size=//p' /proc/memdemo) loops=2000 pair_mean="[1-9]*) ok "bench loop reports its mean: $loop" ;;
*) not_ok "bench loop reports a bench-loop line with a mean" "${loop:-no line}" ;;
esac
# A count: the line says the loop ran that many times; more than
# test_vmalloc's default (1000000) is refused, and the last result stays.
is "bench loop 300 succeeds" "$(md_lab "bench loop 300")" ok
is "bench loop 300 reports 300 loops" "$(sed -n 's/^bench-loop .* loops=\([0-9]*\) .*/\1/p' /proc/memdemo)" 300
is "bench loop 1000001 is refused with E2BIG" "$(md_lab "bench loop 1000001")" "Argument list too long"
is "bench loop 0 is refused with EINVAL" "$(md_lab "bench loop 0")" "Invalid argument"
is "a refused count leaves the last result" "$(sed -n 's/^bench-loop .* loops=\([0-9]*\) .*/\1/p' /proc/memdemo)" 300
is "bench loop leaves no vmalloc area of memdemo's behind" "$(grep -c '\[memdemo\]' /proc/vmallocinfo)" "$areas"

# Every allocator the lab offers (its [apis] line's lab=, the module's own
# table): a block of it, under its name, then freed; beyond its lab_max,
# E2BIG; a gfp= it does not take ([apis] lab_gfp=), EINVAL.
MD_SNAP=/tmp/md.lab.proc # this test's own snapshot; 10-load.sh's stays
md_snapshot
bad=
n=0
for api in $(md_apis); do
	md_parse_api "$api"
	[ "$F_LAB" = none ] && continue
	n=$((n + 1))
	word=$F_LAB
	case $F_LAB_ARG in
	order) arg=order=1 over=order=$((F_LAB_MAX + 1)) ;;
	size) arg=$((3 * page + 100)) over=$((F_LAB_MAX + 1)) ;;
	*) arg='' over='' ;;
	esac
	case $F_LAB_GFP in
	none) refused=gfp=GFP_KERNEL ;;
	*__GFP_HIGHMEM*) refused= ;;
	*) refused="gfp=GFP_KERNEL|__GFP_HIGHMEM" ;;
	esac
	got=$(md_lab "alloc $word $arg")
	if [ "$got" != ok ]; then
		bad="$bad [alloc $word $arg: $got]"
		continue
	fi
	md_parse "$(last_lab)"
	[ "$F_API" = "$api" ] && [ "$F_RESERVED" -ge "$F_SIZE" ] ||
		bad="$bad [alloc $word $arg: api=$F_API size=$F_SIZE reserved=$F_RESERVED]"
	[ "$(md_lab "free ${F_NAME#lab-}")" = ok ] || bad="$bad [free $F_NAME]"
	if [ -n "$over" ]; then
		got=$(md_lab "alloc $word $over")
		[ "$got" = "Argument list too long" ] || bad="$bad [alloc $word $over: $got]"
	fi
	if [ -n "$refused" ]; then
		got=$(md_lab "alloc $word $arg $refused")
		[ "$got" = "Invalid argument" ] || bad="$bad [alloc $word $arg $refused: $got]"
	fi
done
is "each of the $n allocators the lab offers ([apis] lab=) allocates, frees, and refuses its limit and a gfp= it does not take" \
	"${bad:-none}" none
is "and the lab holds its 4 blocks again" "$(grep -c '^alloc name=lab-' /proc/memdemo)" 4

# The benchmark times each allocator at exactly the sizes its [apis] line
# gives (bench=), and the curves draw one line for each allocator timed.
is "bench succeeds" "$(md_lab bench)" ok
cat /proc/memdemo >/tmp/md.bench
bad=
timed=0
for api in $(md_apis); do
	md_parse_api "$api"
	want=$(echo "$F_BENCH" | tr ',' ' ')
	[ "$want" = none ] && want=
	[ -n "$want" ] && timed=$((timed + 1))
	got=$(sed -n "s/^bench api=$api size=\([0-9]*\) .*/\1/p" /tmp/md.bench | tr '\n' ' ')
	[ "$got" = "${want:+$want }" ] || bad="$bad $api:[$got]-not-[$want]"
done
is "the benchmark timed the $timed allocators at the sizes [apis] gives them" "${bad:-none}" none
if memdemo-plot --bench /tmp/md.bench >/tmp/md.curves.svg; then
	is "memdemo-plot draws a curve for each of the $timed allocators timed" \
		"$(grep -c '<g stroke=.* data-api=' /tmp/md.curves.svg)" "$timed"
else
	not_ok "memdemo-plot draws the benchmark's curves"
fi

# lab_max bounds what the lab really holds: every block is charged the
# bytes it holds (reserved=, a vmalloc area's vm_struct, vmap_area and page
# array, the lab's record), and the lab holds at most max_entries blocks.
# A loop of allocations stops with ENOSPC at one cap or the other, and
# MemAvailable falls by no more than the lab's total grew (plus the page
# tables the areas need, which no block owns, and the slack of partly
# used slab pages: 1/64 of it and 1 MiB). One-byte vmallocs meet the entry cap first where a
# page is small (4 and 16 KiB: 1024 blocks of about a page) and the byte
# cap where it is large (64 KiB pages: 64 MiB / 64 KiB is under 1024);
# blocks of lab_max / max_entries + 1 bytes meet the byte cap everywhere.
md_lab "free all" >/dev/null
# avail: MemAvailable in bytes, plus the pages the per-cpu lists hold
# (free pages, but not counted free while there), once two reads a moment
# apart agree within 256 KiB (RCU and the lazy vmap purge free late).
avail_now() {
	echo $(($(sed -n 's/^MemAvailable: *\([0-9]*\) kB/\1/p' /proc/meminfo) * 1024 +
		$(awk '$1 == "count:" { c += $2 } END { print c + 0 }' /proc/zoneinfo) * page))
}
avail() {
	_a=$(avail_now)
	for _t in 1 2 3 4 5; do
		sleep 1
		_b=$(avail_now)
		[ $((_a - _b)) -lt 262144 ] && [ $((_b - _a)) -lt 262144 ] && break
		_a=$_b
	done
	echo "$_b"
}
lmax=$(md_lab_field max)
emax=$(md_lab_field max_entries)
# Debugging that adds the kernel's own memory to every object or area
# (KASAN's shadow and red zones, kmemleak's records, SLUB's red zones and
# owner tracks), as the kernel shows it: memdemo charges what its blocks
# hold, not that.
debug_meta=
grep -qE ' (kasan_init|__asan_load8)$' /proc/kallsyms && debug_meta="$debug_meta KASAN"
[ -e /sys/kernel/debug/kmemleak ] && debug_meta="$debug_meta kmemleak"
# (the first kmalloc cache SLUB lists: arm64 before 6.5 has no kmalloc-64)
for c in /sys/kernel/slab/kmalloc-[0-9]*; do
	for f in store_user red_zone; do
		[ "$(cat "$c/$f" 2>/dev/null)" = 1 ] && debug_meta="$debug_meta slub:$f"
	done
	break
done
debug_meta=${debug_meta# }
# cap_loop SIZE: "alloc vmalloc SIZE" until a write fails; checks where and
# why it stopped, and what MemAvailable lost meanwhile.
cap_loop() {
	a0=$(avail)
	t0=$(md_lab_field total)
	n=0
	while got=$(md_lab "alloc vmalloc $1") && [ "$got" = ok ]; do
		n=$((n + 1))
		[ "$n" -le $((emax + 1)) ] || break
	done
	a1=$(avail)
	total=$(md_lab_field total)
	entries=$(md_lab_field entries)
	each=$(((total - t0) / (n > 0 ? n : 1)))
	fell=$((a0 - a1))
	slack=$(((total - t0) / 64 + (1 << 20)))
	diag "alloc vmalloc $1: $n blocks, $entries entries of $emax, total $total of $lmax ($each per block), MemAvailable fell $fell"
	is "alloc vmalloc $1 in a loop stops with ENOSPC" "$got" "No space left on device"
	if [ "$entries" -le "$emax" ] && [ "$total" -le "$lmax" ] &&
		{ [ "$entries" = "$emax" ] || [ $((total + each)) -gt "$lmax" ]; }; then
		ok "and stops at a cap: $entries of $emax blocks, $total of $lmax bytes, $each bytes charged a block"
	else
		not_ok "and stops at a cap" "entries $entries of $emax, total $total of $lmax, $each a block"
	fi
	if [ "$each" -ge $((($1 + page - 1) / page * page)) ]; then
		ok "a block of $1 bytes is charged at least its pages: $each bytes"
	else
		not_ok "a block of $1 bytes is charged at least its pages" "$each bytes"
	fi
	case $debug_meta in
	*KASAN*)
		# KASAN holds freed objects in its quarantine (up to 1/32 of RAM)
		# and maps shadow for every area: MemAvailable moves by more than
		# anything memdemo holds, and cannot witness the charge here.
		skip "MemAvailable falls by no more than lab_max" \
			"KASAN's quarantine and shadow: fell $fell, lab_max $lmax, charged $((total - t0))"
		return
		;;
	esac
	if [ -n "$debug_meta" ]; then
		# The kernel's own bookkeeping of each object (here: $debug_meta)
		# is more than memdemo can count: the bound is the cap itself, with
		# the same slack for page tables and partly used slab pages.
		if [ "$fell" -le $((lmax + slack)) ]; then
			ok "MemAvailable fell by $fell, no more than lab_max ($lmax, + $slack for page tables and slab pages; $((total - t0)) charged, and the kernel's $debug_meta per object)"
		else
			not_ok "MemAvailable falls by no more than lab_max" \
				"fell $fell, lab_max $lmax + $slack, charged $((total - t0)) ($debug_meta)"
		fi
	elif [ "$fell" -le $((total - t0 + slack)) ]; then
		ok "MemAvailable fell by $fell, no more than the $((total - t0)) bytes charged (+ $slack for page tables and slab pages)"
	else
		not_ok "MemAvailable falls by no more than the bytes charged" \
			"fell $fell, charged $((total - t0)), slack $slack"
	fi
}
# Both loops may fill lab_max: only where that leaves room to spare.
if [ $((4 * lmax)) -gt "$(avail)" ]; then
	skip "the lab's caps in a loop of allocations" "lab_max $lmax is over a quarter of MemAvailable"
	md_lab 'alloc vmalloc 2M' >/dev/null
	exit 0
fi
cap_loop 1
is "the lab's blocks are listed one record each: $entries lines, whole through 100-byte reads" \
	"$(dd if=/proc/memdemo bs=100 2>/dev/null | grep -c '^alloc name=lab-')" "$entries"
[ "$entries" = "$emax" ] && is "at the entry cap, a kmalloc is refused too" "$(md_lab 'alloc kmalloc 8')" \
	"No space left on device"
md_lab "free all" >/dev/null
is "free all empties the lab" "$(md_lab_field total) $(md_lab_field entries)" "0 0"
cap_loop $((lmax / emax + 1))
if [ "$entries" -lt "$emax" ]; then
	ok "blocks of $((lmax / emax + 1)) bytes stop at the byte cap ($entries blocks)"
else
	not_ok "blocks of $((lmax / emax + 1)) bytes stop at the byte cap" "$entries blocks"
fi
md_lab "free all" >/dev/null

md_lab 'alloc vmalloc 2M' >/dev/null	# 85-unload.sh checks unload frees it
