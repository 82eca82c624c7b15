# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# Why vmalloc (README's "Why vmalloc: free memory in pieces"), run as README
# gives it: "fragment order=<n>" leaves no free block of order n that an
# allocation without reclaim may take, while the memory stays free in
# smaller blocks; then the page allocator's request for such a block fails
# and vmalloc of the same size succeeds.  README's commands are run in its
# words, but for the order and size, which are this kernel's where its
# pages are not 4 KiB or the lab cannot hold README's block.  Witnesses:
# /proc/pagetypeinfo and /proc/buddyinfo (the free blocks by order, zone
# and migrate type), /proc/vmallocinfo.  Leaves pages kept, for
# 85-unload.sh to show that unloading gives them back.
# shellcheck source=tests/guest/md.sh
. /tests/guest/md.sh

memdemo_loaded || load_memdemo || { not_ok "memdemo loads for the fragment test"; exit 0; }
echo 1 >/proc/sys/kernel/kptr_restrict
md_snapshot

page=$(sed -n 's/^layout page_size=//p' /proc/memdemo)
frag_line() {
	grep '^fragment ' /proc/memdemo
}

# free_at_or_above ORDER ZONES: free blocks of ORDER and above in ZONES
# ("DMA32 Normal"), of the migrate types an unmovable request without
# __GFP_HIGH can take (its own and the two it falls back to, fallbacks[] in
# mm/page_alloc.c; not HighAtomic, kept for __GFP_HIGH, nor CMA), from
# /proc/pagetypeinfo; "Node 0, zone DMA32, type Unmovable c0 c1 ...", one
# count per order from field 7.
free_at_or_above() {
	awk -v o="$1" -v zones=" $2 " '
		$1 == "Node" && $5 == "type" {
			z = $4; sub(/,$/, "", z)
			if (index(zones, " " z " ") == 0) next
			if ($6 !~ /^(Unmovable|Movable|Reclaimable)$/) next
			for (i = 7 + o; i <= NF; i++) n += $i
		}
		END { print n + 0 }' /proc/pagetypeinfo
}
# free_pages_below ORDER ZONES FILE: the free pages in blocks below ORDER
# in ZONES, from FILE, a copy of /proc/buddyinfo ("Node 0, zone DMA32 c0
# c1 ...").
free_pages_below() {
	awk -v o="$1" -v zones=" $2 " '
		$1 == "Node" && index(zones, " " $4 " ") {
			p = 1	# busybox awk may lack ^ (no libm)
			for (i = 5; i < 5 + o && i <= NF; i++) { n += $i * p; p *= 2 }
		}
		END { printf "%d\n", n }' "$3"
}

# The order: the largest that the lab takes ([apis]' pages line), of which
# lab_max holds two blocks (README's vmalloc, and the block a round may
# find) beside what the lab already holds, and of which some zone has a
# free block: README's order 10 where pages are 4 KiB.
pages_api=$(md_apis_with lab=pages)
md_parse "$(md_api "$pages_api")"
max_order=$F_LAB_MAX
lmax=$(cat /sys/module/memdemo/parameters/lab_max)
held=$(md_lab_field total)
all_zones=$(awk '$1 == "Node" { z = $4; sub(/,$/, "", z); if (z != "HighMem" && z != "Movable") print z }' \
	/proc/pagetypeinfo | sort -u | tr '\n' ' ')
n=$max_order
while [ "$n" -gt 0 ]; do
	if [ $((2 * (page << n) + page + held)) -le "$lmax" ] && [ "$(free_at_or_above "$n" "$all_zones")" -gt 0 ]; then
		break
	fi
	n=$((n - 1))
done
if [ "$n" -lt 1 ]; then
	skip "fragmentation" "no free block of order 1 to $max_order that lab_max ($lmax, $held held) leaves room for"
	exit 0
fi
block=$((page << n))
diag "order $n: blocks of $block bytes ($page-byte pages, the lab takes up to order $max_order; lab_max $lmax, $held held)"

# Compaction held off while the witnesses look: at vm.extfrag_threshold=1000
# compaction_suitable() (mm/compaction.c) declines every order above 3 that
# failed for want of a block, so the failed request's wake-up of kcompactd
# (wakeup_kswapd(), mm/vmscan.c) builds no block behind the test's back;
# proactive compaction off too. Both as they were at the end.
thr=$(cat /proc/sys/vm/extfrag_threshold 2>/dev/null)
pro=$(cat /proc/sys/vm/compaction_proactiveness 2>/dev/null)
[ -z "$thr" ] || echo 1000 >/proc/sys/vm/extfrag_threshold
[ -z "$pro" ] || echo 0 >/proc/sys/vm/compaction_proactiveness
compaction_back() {
	[ -z "$thr" ] || echo "$thr" >/proc/sys/vm/extfrag_threshold
	[ -z "$pro" ] || echo "$pro" >/proc/sys/vm/compaction_proactiveness
}
if [ -n "$thr" ]; then
	diag "compaction held off: vm.extfrag_threshold $thr -> 1000, vm.compaction_proactiveness ${pro:-(none)} -> 0"
else
	diag "no compaction on this kernel (no vm.extfrag_threshold: built without CONFIG_COMPACTION)"
fi

# README's block, its words for this kernel: "sudo" dropped (the guest
# runs as root), README's order 10 and 4M made this kernel's.
awk '
	/^## / { sec = ($0 == "## Why vmalloc: free memory in pieces") }
	sec && /^```sh$/ { blk = 1; next }
	blk && /^```/ { exit }
	blk { print }' /tests/README.md |
	sed -e 's/sudo //g' -e "s/order=10/order=$n/g" -e "s/ 4M'/ $block'/" >/tmp/md.readme
is "README's section has its six commands" "$(grep -c . /tmp/md.readme)" 6
i=0
while IFS= read -r c; do
	i=$((i + 1))
	rc=0
	sh -c "$c" >"/tmp/md.readme.$i" 2>&1 </dev/null || rc=$?
	echo "$rc" >"/tmp/md.readme.$i.rc"
	diag "\$ $c  (exit $rc)"
	case $c in *fragment* | "cat "*) ;; *) sed 's/^/#   /' "/tmp/md.readme.$i" | head -n 5 ;; esac
	if [ "$i" = 1 ]; then
		# What fragment left, looked at before README's request.
		md_parse "$(frag_line)"
		zones=$(echo "$F_ZONES" | sed 's/:[0-9]*//g; s/,/ /g')
		left=$(free_at_or_above "$n" "$zones")
	fi
	[ "$i" = 5 ] && break	# the last, free all, once the witnesses have looked
done </tmp/md.readme
out() { cat "/tmp/md.readme.$1" 2>/dev/null; }
rc() { cat "/tmp/md.readme.$1.rc" 2>/dev/null; }

is "README's 'fragment order=$n' succeeds" "$(rc 1)" 0
md_parse "$(frag_line)"
if [ "$F_ORDER $F_BLOCK $F_STOPPED" = "$n $block no-block" ] && [ "${F_PINNED:-0}" -ge 1 ] &&
	[ "$F_HELD" = $((F_PINNED * page)) ]; then
	ok "[lab] shows it kept $F_PINNED pages of order-$n blocks, in $F_ZONES, and stopped for want of a block"
else
	not_ok "[lab] shows the pages kept, one per block of order $n, until no block was left" "$(frag_line)"
fi

# Right after fragment, /proc/pagetypeinfo has no block of order n that
# the request may take, and README's request fails; its errno is asked
# again at once. A block of order n may form again from pages freed
# meanwhile, or from pages that waited on the per-CPU lists, free but not
# in the buddy lists, and were drained into them: then the blocks the
# request got are freed, "fragment" is given again, which takes what is
# free, and both are looked at again, at most three rounds.
if [ "$(rc 2)" = 0 ]; then
	diag "README's alloc pages order=$n gfp=GFP_NOWAIT succeeded: a block formed between the two commands (README says it may)"
	got=ok
else
	got=$(md_lab "alloc pages order=$n gfp=GFP_NOWAIT")
fi
rounds=1
while { [ "$got" = ok ] || [ "$left" != 0 ]; } && [ "$rounds" -lt 3 ]; do
	diag "round $rounds: $left free blocks of order $n after fragment, the request: $got; again"
	grep "^alloc name=lab-[0-9]* api=$pages_api " /proc/memdemo |
		sed 's/^alloc name=lab-\([0-9]*\) .*/free \1/' >/tmp/md.found
	while read -r f; do
		md_lab "$f" >/dev/null
	done </tmp/md.found
	md_lab "fragment order=$n" >/dev/null
	left=$(free_at_or_above "$n" "$zones")
	rounds=$((rounds + 1))
	got=$(md_lab "alloc pages order=$n gfp=GFP_NOWAIT")
done
is "/proc/pagetypeinfo after fragment: no free block of order $n or above that such a request may take, in $zones (round $rounds of at most 3)" \
	"$left" 0
is "then alloc pages order=$n gfp=GFP_NOWAIT fails with ENOMEM" "$got" "Cannot allocate memory"
below=$(free_pages_below "$n" "$zones" /tmp/md.readme.5)
if [ "$below" -ge $((2 << n)) ]; then
	ok "README's cat /proc/buddyinfo: $below pages free in $zones in blocks below order $n, $((below >> n)) times the block"
else
	not_ok "README's cat /proc/buddyinfo: at least two blocks' worth of pages free in smaller blocks" "$below pages"
fi

is "README's 'alloc vmalloc $block' succeeds" "$(rc 3)" 0
md_parse "$(out 4 | grep '^alloc name=lab-' | tail -n 1)"
is "README's grep shows the vmalloc block of $block bytes, $((block / page)) pages" \
	"$F_API $F_SIZE $F_PAGES" "vmalloc $block $((block / page))"
check "and /proc/vmallocinfo has it, $((block / page)) pages" \
	grep -q "^$F_VIRT-.*\[memdemo\] pages=$((block / page)) " /proc/vmallocinfo
diag "its pages lie in $F_RUNS physically contiguous runs"
check "README's grep shows the fragment line" grep -q '^fragment order=' /tmp/md.readme.4

# README's last command, free all: the pages come back, and a request that
# may reclaim and compact (GFP_KERNEL) gets a block of order n again.
compaction_back
c=$(sed -n 6p /tmp/md.readme)
is "README's last command is free all" "$c" "echo 'free all' | tee /proc/memdemo"
sh -c "$c" >/dev/null 2>&1
is "after free all, no fragment line and nothing held" "$(frag_line)$(md_lab_field total)" 0
# The kept pages went back to the per-CPU lists, where they merge into no
# block until drained: compaction drains them and moves what is in the way.
# Without it, a request that reclaims nothing (nothing to reclaim here)
# drains nothing (__alloc_pages_direct_reclaim(), mm/page_alloc.c).
if [ -n "$thr" ]; then
	is "alloc pages order=$n (GFP_KERNEL, which may compact) succeeds again" \
		"$(md_lab "alloc pages order=$n")" ok
	md_lab "free all" >/dev/null
else
	skip "alloc pages order=$n (GFP_KERNEL) succeeds again" "no compaction on this kernel"
fi

# Again, and left so: 85-unload.sh unloads with the pages kept.
is "fragment order=$n again" "$(md_lab "fragment order=$n")" ok
other=$((n > 1 ? n - 1 : n + 1))
is "fragment at another order (order $other) waits for free all: EBUSY" \
	"$(md_lab "fragment order=$other")" "Device or resource busy"
is "fragment order=0 is refused" "$(md_lab "fragment order=0")" "Invalid argument"
is "alloc vmalloc 2M beside the kept pages" "$(md_lab 'alloc vmalloc 2M')" ok
