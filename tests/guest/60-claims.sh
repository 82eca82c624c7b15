# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# The articles' claims: memdemo's verdicts held to evidence the kernel gives
# independently (/proc/buddyinfo, /proc/zoneinfo, /proc/kpageflags,
# /proc/vmallocinfo, /proc/self/maps, dmesg, /proc/kallsyms and /proc/iomem).
# shellcheck source=tests/guest/md.sh
. /tests/guest/md.sh

memdemo_loaded || load_memdemo || { not_ok "memdemo loads for the claims"; exit 0; }
md_snapshot
page=$(md_layout page_size) # 4, 16 or 64 KiB

# claim_field ID KEY: field KEY of claim ID's line (before its note);
# md_measured ID KEY: one measured value (KEY may be a pattern:
# kmalloc-[0-9]*-on-slab-page); verdict ID. In the shell, no program started.
claim_field() {
	md_find "claim id=$1 " && md_field "$2" "$md_line" && echo "$md_v"
	return 0
}
md_measured() {
	_m=$(claim_field "$1" measured)
	_o=$IFS
	IFS=,
	set -f
	for _kv in $_m; do
		# shellcheck disable=SC2254 # KEY is a pattern
		case $_kv in $2:*) echo "${_kv#*:}" ;; esac
	done
	set +f
	IFS=$_o
}
verdict() {
	claim_field "$1" verdict
}

# The claims are the module's rows (md_claim_cases) and memdemo-claims'
# (11 to 13, user space): their ids, read from what each prints, in
# ascending order, none twice, and together every number from 1 to the
# last, none missing.
ids=$(sed -n 's/^claim id=\([0-9]*\) .*/\1/p' "$MD_SNAP")
n=$(echo "$ids" | grep -c .)
is "the kernel's $n claims come in ascending order of id, none twice" \
	"$(echo "$ids" | tr '\n' ' ')" "$(echo "$ids" | sort -nu | tr '\n' ' ')"
if command -v memdemo-claims >/dev/null; then
	all=$({ echo "$ids"; memdemo-claims | sed -n 's/^claim id=\([0-9]*\) .*/\1/p'; } | sort -n)
	last=$(echo "$all" | tail -n 1)
	is "with memdemo-claims' they number every claim from 1 to $last once" \
		"$(echo "$all" | tr '\n' ' ')" "$(seq 1 "$last" | tr '\n' ' ')"
fi
# Each claim's row comes before its verdict: its words, with the articles
# the verdict line names, and what is measured.
bad=
for id in $ids; do
	art=$(claim_field "$id" article)
	md_count "claim-words id=$id article=$art # "
	[ "$md_n" = 1 ] || bad="$bad $id:words"
	md_count "claim-how id=$id # "
	[ "$md_n" = 1 ] || bad="$bad $id:how"
done
is "every claim's row is printed before it: its words, articles and what it measures" "${bad:-none}" none
bad=$(grep '^claim ' "$MD_SNAP" | grep -vcE ' verdict=(holds|differs|not-demonstrated|inconclusive) article=[0-9,]+ measured=[^ ]+ # .+')
is "every claim line has a verdict, an article, measurements and a note" "$bad" 0
if [ -s /tmp/md.load.dmesg ]; then
	is "dmesg summarised the $n claims in one line at load" \
		"$(grep -c "^memdemo: claims: $n measured: " /tmp/md.load.dmesg)" 1
fi

# Each verdict with what decided it, into the log (the snapshot is not kept).
for id in $ids; do
	diag "claim $id: $(verdict "$id") $(claim_field "$id" measured)"
done

# Claim 3: the largest order is the last column of /proc/buddyinfo.
cols=$(head -n 1 /proc/buddyinfo | awk '{ print NF - 5 }')
is "claim 3: largest order matches /proc/buddyinfo's $((cols + 1)) order columns" \
	"$(md_measured 3 largest-order)" "$cols"

# Claim 4: where user space ends, from /proc/self/maps.
top=$(awk '{ split($1, r, "-"); e = r[2] } END { print e }' /proc/self/maps)
if [ "$(verdict 4)" = holds ]; then
	check "claim 4 holds: user space (top 0x$top) ends at or below 3 GiB" u_le "0x$top" 0xc0000000
	# The kernel text's virtual minus physical address is PAGE_OFFSET on i386.
	text=$(awk '$3 == "_text" { print $1 }' /proc/kallsyms)
	code=$(sed -n 's/^ *\([0-9a-f]*\)-[0-9a-f]* : Kernel code$/\1/p' /proc/iomem)
	is "claim 4: _text (/proc/kallsyms) - Kernel code (/proc/iomem) is 0xc0000000" \
		"$(hex "0x$text - 0x$code")" 0xc0000000
else
	check "claim 4 differs: user space reaches 0x$top, past 3 GiB" u_lt 0xc0000000 "0x$top"
fi

# Claim 5 reads each linear-map block's frames from the kernel page tables:
# where it could, they agree with virt_to_phys() for every block it counted.
if [ "$(verdict 5)" != not-demonstrated ]; then
	is "claim 5: the page tables' physical address agrees with virt_to_phys for every block" \
		"$(md_measured 5 agrees-with-virt_to_phys)" "$(md_measured 5 blocks)"
fi

# Claim 6, from the vmalloc blocks' own lines (whose pages 20-facts holds to
# /proc/vmallocinfo) and the runs of claim 6's own block of 25 pages
# (odd-block-runs): any block in several physical runs shows vmalloc's
# scattered pages (holds); where every block is one run the claim, which
# says vmalloc need not be contiguous, is not demonstrated. Contiguity
# never refutes it, so there is no differs from runs (only from a block
# outside the vmalloc area, which 20-facts checks). Blocks of
# large-min-pages or more that are one run starting at a pfn aligned to
# their largest order are counted, as high-order-aligned, not judged.
maxo=$(md_layout max_order)
# "large": as many pages as the threshold claim 6 prints with its count.
min=$(md_measured 6 large-min-pages)
check "claim 6 prints the size from which a block counts as large ($min pages)" test "${min:-0}" -ge 1
odd=$(md_measured 6 odd-block-runs)
check "claim 6's own 25-page block was made and walked (odd-block-runs $odd)" test "${odd:-0}" -ge 1
c6=$(md_allocs | grep -v '^alloc name=lab-' | grep ' region=vmalloc ' |
	while read -r l; do
		md_parse "$l"
		echo "$F_RUNS"
	done | awk -v odd="${odd:-0}" '
		$1 > 1 { s++ } END { if (s || odd > 1) print "holds"; else print "not-demonstrated" }')
is "claim 6: the verdict follows from the vmalloc blocks' runs" "$(verdict 6)" "$c6"
al=$(md_allocs | grep -v '^alloc name=lab-' | grep ' region=vmalloc ' |
	while read -r l; do
		md_parse "$l"
		[ "$F_PAGES" -ge "$min" ] || continue
		k=0
		while [ $((1 << (k + 1))) -le "$F_PAGES" ] && [ "$k" -lt "$maxo" ]; do k=$((k + 1)); done
		[ "$F_RUNS" = 1 ] && [ $((F_PHYS / page % (1 << k))) = 0 ] && echo 1
	done | grep -c 1)
is "claim 6: high-order-aligned large blocks counted as memdemo's lines show them" \
	"$(md_measured 6 high-order-aligned)" "$al"
is "claim 6: large vmalloc blocks counted as memdemo's lines show them" \
	"$(md_measured 6 large-blocks)" \
	"$(md_allocs | grep -v '^alloc name=lab-' | grep ' region=vmalloc ' |
		sed -n 's/.* pages=\([0-9]*\) .*/\1/p' | awk -v min="$min" '$1 >= min { n++ } END { print n + 0 }')"

# Claim 9: a read past the first area faulted (copy_from_kernel_nofault),
# as the page after it is unmapped, whenever the claim holds.
if [ "$(verdict 9)" = holds ]; then
	is "claim 9 holds: the byte past the area faulted and its page is unmapped" \
		"$(md_measured 9 overrun-read-faulted) $(md_measured 9 page-after-area-mapped)" "yes no"
fi

# Claim 9: the closest pair's spacing is the distance in /proc/vmallocinfo,
# whose size column (which counts the guard page) equals it too.
echo 1 >/proc/sys/kernel/kptr_restrict
# shellcheck disable=SC2046 # block names, one word each
set -- $(md_showing guard)
md_parse_alloc "$1"
a=$F_VIRT
md_parse_alloc "$2"
b=$F_VIRT
ea=$(grep "^$a-" /proc/vmallocinfo)
eb=$(grep "^$b-" /proc/vmallocinfo)
size_a=$(echo "$ea" | awk '{ print $2 }')
is "claim 9: spacing equals the distance between the two areas in /proc/vmallocinfo" \
	"$(md_measured 9 apart)" "$(( ${eb%%-*} - ${ea%%-*} ))"
is "claim 9: spacing equals the first block's vmallocinfo size, guard page included" \
	"$(md_measured 9 apart)" "$size_a"

# Claim 10: the verdict from its measurements and the windows it prints,
# each measurement held to a witness: highmem to /proc/meminfo's HighTotal
# (whose line exists only on kernels built with highmem), lowmem to
# high_memory - PAGE_OFFSET and to LowTotal, which fits in it, the room
# kept to the vmalloc region's end less high_memory ([layout], [regions]).
low=$(sed -n 's/^LowTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo)
hightotal=$(sed -n 's/^HighTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo)
lowmem=$(md_measured 10 lowmem)
kept=$(md_measured 10 vmalloc-kept)
is "claim 10: highmem is /proc/meminfo's HighTotal" "$(md_measured 10 highmem)" "$((${hightotal:-0} * 1024))"
is "claim 10: lowmem span is high_memory - PAGE_OFFSET" "$lowmem" \
	"$(($(md_layout high_memory) - $(md_layout page_offset)))"
[ -n "$low" ] && check "claim 10: LowTotal ($low kB) fits in the lowmem span $lowmem" u_le "$((low * 1024))" "$lowmem"
vend=$(sed -n 's/^region name=vmalloc start=[^ ]* end=\(0x[0-9a-f]*\) .*/\1/p' "$MD_SNAP")
# (x86-64's VMALLOC_END is the area's last byte, arch/x86/include/asm/
# pgtable_64_types.h; x86-32's is one past it. [regions] gives ends one
# past the last byte.)
if [ -n "$vend" ]; then
	k=$((vend - $(md_layout high_memory)))
	[ "$kept" = $((k - 1)) ] && k=$kept
	is "claim 10: the room kept for vmalloc is the vmalloc region's end less high_memory" "$kept" "$k"
fi
if [ -z "$hightotal" ]; then
	want=differs
elif [ "$hightotal" = 0 ]; then
	want=not-demonstrated
elif u_le "$(md_measured 10 lowmem-min)" "$lowmem" && u_le "$lowmem" "$(md_measured 10 lowmem-max)" &&
	u_le "$(md_measured 10 kept-min)" "$kept" && u_le "$kept" "$(md_measured 10 kept-max)"; then
	want=holds
else
	want=differs
fi
is "claim 10's verdict follows HighTotal, lowmem and the room kept against the windows it prints" \
	"$(verdict 10)" "$want"

# Claim 14: /proc/kpageflags' SLAB bit (7) for the two kmalloc blocks.
kpf() {
	dd if=/proc/kpageflags bs=8 skip="$(($1 / page))" count=1 2>/dev/null |
		od -An -tu8 | tr -d ' '
}
if [ -r /proc/kpageflags ]; then
	md_parse_api kmalloc
	# shellcheck disable=SC2046 # block names, one word each
	set -- $(md_words "$F_LOAD")
	md_parse_alloc "$1"
	small=$(( ($(kpf "$F_PHYS") >> 7) & 1 ))
	md_parse_alloc "$2"
	big=$(( ($(kpf "$F_PHYS") >> 7) & 1 ))
	yn() { [ "$1" = 1 ] && echo yes || echo no; }
	is "claim 14: /proc/kpageflags agrees which kmalloc blocks sit on slab pages" \
		"$(yn $small),$(yn $big)" \
		"$(md_measured 14 "kmalloc-[0-9]*-on-slab-page" | tr '\n' ',' | sed 's/,$//')"
else
	skip "claim 14 against /proc/kpageflags" "no /proc/kpageflags"
fi

# Claim 15: init_on_alloc as the boot log's "mem auto-init" line says.
auto=$(dmesg | sed -n 's/.*mem auto-init:.*heap alloc:\(o[nf]*\).*/\1/p' | head -n 1)
case $auto in
on) want=1 ;;
off) want=0 ;;
*) want=unknown ;;
esac
is "claim 15: init_on_alloc matches the boot log (heap alloc:$auto)" "$(md_measured 15 init_on_alloc)" "$want"
if [ "$want" = 1 ]; then
	is "claim 15 differs when every page is zeroed at allocation" "$(verdict 15)" differs
fi

# Claim 16: the verdict follows from the batches' ratios and the threshold
# it prints with them ("far": far-x100), with inconclusive when they
# straddle it, and not-demonstrated when a batch's page allocator cost
# could not be told from the page zeroing taken out of it (ratio 0: under
# a wall clock in an emulator, where a batch of page clears can take longer
# than a batch of allocations that each clear a page). When every batch
# was measured, the overall ratio (of the sums) lies between the batches'
# smallest and largest.
lo=$(md_measured 16 batch-ratio-x100-min)
hi=$(md_measured 16 batch-ratio-x100-max)
all=$(md_measured 16 ratio-x100)
far=$(md_measured 16 far-x100)
if [ -n "$lo" ] && [ -n "$hi" ]; then
	check "claim 16 prints its threshold with the ratios (far-x100=$far)" test "${far:-0}" -ge 1
	if [ "$lo" = 0 ]; then
		want=not-demonstrated
	elif [ "$lo" -ge "${far:-0}" ]; then
		want=holds
	elif [ "$hi" -lt "${far:-0}" ]; then
		want=differs
	else
		want=inconclusive
	fi
	is "claim 16: the verdict follows from batch ratios x100 $lo..$hi against $far" "$(verdict 16)" "$want"
	if [ "$lo" != 0 ]; then
		check "claim 16: the overall ratio x100 ($all) is at least the batches' smallest ($lo)" u_le "$lo" "$all"
		check "claim 16: the overall ratio x100 ($all) is at most the batches' largest ($hi, +1 for rounding)" \
			u_le "$all" "$((hi + 1))"
	fi
	diag "claim 16: vmalloc/get_free_page cost ratio x100 $all, batches $lo..$hi, zeroing counted apart: $(md_measured 16 zeroing-counted-apart): $(verdict 16)"
else
	is "claim 16: not measured only when an allocation failed" "$(verdict 16)" not-demonstrated
fi

# Claim 17: where this kernel's __vmalloc() takes GFP_ATOMIC (6.19 and later:
# /proc/kallsyms has memalloc_apply_gfp_scope, which came with it) the
# verdict comes from a measurement: a __vmalloc(GFP_ATOMIC) made holding a
# spinlock, served from the vmalloc area with every page mapped (differs);
# on PREEMPT_RT a spinlock is not atomic context (not demonstrated). Where
# it does not, vmalloc in atomic context stays a bug not committed.
if grep -q ' memalloc_apply_gfp_scope$' /proc/kallsyms; then
	if uname -v | grep -q PREEMPT_RT; then
		want="not-demonstrated yes no ok"
	else
		want="differs yes yes ok"
	fi
	is "claim 17: __vmalloc(GFP_ATOMIC) under a spinlock measured on this kernel" \
		"$(verdict 17) $(md_measured 17 nonblocking-vmalloc) $(md_measured 17 atomic) $(md_measured 17 vmalloc-GFP_ATOMIC)" \
		"$want"
	if [ "$(md_measured 17 vmalloc-GFP_ATOMIC)" = ok ]; then
		is "claim 17: the atomic vmalloc block was in the vmalloc area, all its pages mapped" \
			"$(md_measured 17 region) $(md_measured 17 mapped)" "vmalloc $(md_measured 17 pages)"
	fi
else
	is "claim 17: no non-blocking vmalloc in this kernel (no memalloc_apply_gfp_scope), not committed" \
		"$(verdict 17) $(md_measured 17 nonblocking-vmalloc)" "not-demonstrated no"
fi

# Claim 18: the reserve is the pool_min parameter.
is "claim 18: the mempool reserve is pool_min" "$(md_measured 18 reserve)" \
	"$(cat /sys/module/memdemo/parameters/pool_min)"
is "claim 18: with its allocator failing, a pool serves exactly its reserve" \
	"$(md_measured 18 failing-served)" "$(md_measured 18 failing-min_nr)"

# Claim 19: the DMA zone's end from /proc/zoneinfo: the DMA zone of the
# node the GFP_DMA page came from (each node lists its own zones).
dma_node=
for n in $(md_showing zone); do
	md_parse_alloc "$n"
	gfp_has "$F_GFP" GFP_DMA && dma_node=$F_NODE
done
zi=$(awk -v node="${dma_node:-none}" '$1 == "Node" { z = ($2 == node "," && $4 == "DMA"); next }
	z && $1 == "spanned" { s = $2 } z && $1 == "start_pfn:" { p = $2 }
	END { if (s != "") printf "0x%x", (p + s) * page }' page="$page" /proc/zoneinfo)
if [ -n "$zi" ]; then
	is "claim 19: the DMA zone of node $dma_node ends where /proc/zoneinfo says" "$(md_measured 19 dma-zone-end)" "$zi"
else
	is "claim 19: no DMA zone in /proc/zoneinfo, none measured" "$(md_measured 19 dma-zone-end)" 0x0
fi
