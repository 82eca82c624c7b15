# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# Every fact memdemo reports, held against what the kernel says itself:
# /proc/vmallocinfo, /proc/iomem, /proc/slabinfo, /proc/meminfo.
# shellcheck source=tests/guest/md.sh
. /tests/guest/md.sh

memdemo_loaded || load_memdemo || { not_ok "memdemo loads for the address facts test"; exit 0; }
if [ $((1 << 40)) != 1099511627776 ]; then
	skip "address facts" "this busybox has no 64-bit shell arithmetic"
	exit 0
fi
md_snapshot
page_offset=$(md_layout page_offset)
high_memory=$(md_layout high_memory)
vmalloc_start=$(md_layout vmalloc_start)
vmalloc_end=$(md_layout vmalloc_end)

# --- /proc/meminfo agrees with the layout -------------------------------
meminfo() {
	sed -n "s/^$1: *\([0-9]*\) kB/\1/p" /proc/meminfo
}
is "ram_total is /proc/meminfo's MemTotal" "$(($(md_layout ram_total) / 1024))" "$(meminfo MemTotal)"
is "highmem_size is /proc/meminfo's HighTotal" \
	"$(($(md_layout highmem_size) / 1024))" "$(x=$(meminfo HighTotal) && echo "${x:-0}")"
is "vmalloc_end - vmalloc_start is /proc/meminfo's VmallocTotal" \
	"$(( (vmalloc_end - vmalloc_start) >> 10 ))" "$(meminfo VmallocTotal)"

# --- regions and the linear map -----------------------------------------
# Where RAM starts, from /proc/iomem (root sees real ranges): on arm64 the
# linear map's physical base, 0x40000000 on qemu's virt machine.
ram_start=$(sed -n 's/^\([0-9a-f]*\)-[0-9a-f]* : System RAM$/0x\1/p' /proc/iomem | head -n 1)
[ -n "$ram_start" ] || { not_ok "/proc/iomem lists System RAM"; ram_start=0; }
bad_region=
bad_linear=
bad_offset=
while read -r line; do
	md_parse "$line"
	case $F_REGION in
	linear)
		in_range "$F_VIRT" "$page_offset" "$high_memory" || bad_linear="$bad_linear $F_NAME"
		case $ARCH in
		amd64 | i386)
			[ "$(hex "$F_VIRT - page_offset")" = "$(hex "$F_PHYS")" ] ||
				bad_offset="$bad_offset $F_NAME"
			;;
		arm64)
			# arm64's linear map starts at PHYS_OFFSET (memstart_addr):
			# __pa(x) = x - PAGE_OFFSET + PHYS_OFFSET.
			[ "$(hex "$F_VIRT - page_offset + ram_start")" = "$(hex "$F_PHYS")" ] ||
				bad_offset="$bad_offset $F_NAME"
			;;
		esac
		;;
	vmalloc)
		in_range "$F_VIRT" "$vmalloc_start" "$vmalloc_end" || bad_region="$bad_region $F_NAME"
		;;
	fixmap)
		u_le "$(md_layout fixaddr_start)" "$F_VIRT" || bad_region="$bad_region $F_NAME"
		;;
	pkmap)
		in_range "$F_VIRT" "$(md_layout pkmap_base)" "$(md_layout pkmap_end)" ||
			bad_region="$bad_region $F_NAME"
		;;
	*) bad_region="$bad_region $F_NAME:$F_REGION" ;;
	esac
done <<EOT
$(md_allocs)
EOT
is "linear-map blocks lie in [PAGE_OFFSET, high_memory)" "${bad_linear:-none}" none
case $ARCH in
amd64 | i386) is "linear-map blocks have phys == virt - PAGE_OFFSET" "${bad_offset:-none}" none ;;
arm64)
	is "linear-map blocks have phys == virt - PAGE_OFFSET + $ram_start (/proc/iomem's first System RAM)" \
		"${bad_offset:-none}" none
	;;
*) not_ok "linear-map offset rule known for $ARCH" "add the architecture's __pa() rule here" ;;
esac
is "every other block lies in the region it names" "${bad_region:-none}" none

# --- /proc/vmallocinfo: every vmalloc block, with its caller and pages ---
echo 1 >/proc/sys/kernel/kptr_restrict
cp /proc/vmallocinfo /tmp/md.vmallocinfo
nv=0
bad=
while read -r line; do
	md_parse "$line"
	[ "$F_REGION" = vmalloc ] || continue
	nv=$((nv + 1))
	entry=$(grep "^$F_VIRT-" /tmp/md.vmallocinfo)
	case $entry in
	*"[memdemo]"*"pages=$F_PAGES "*) ;;
	*) bad="$bad $F_NAME(${entry:-absent})" ;;
	esac
done <<EOT
$(md_allocs)
EOT
is "all $nv vmalloc blocks are in /proc/vmallocinfo with a memdemo caller and their page count" \
	"${bad:-none}" none

# --- /proc/iomem: every physical address is System RAM -------------------
sed -n 's/^ *\([0-9a-f]*\)-\([0-9a-f]*\) : System RAM$/0x\1 0x\2/p' /proc/iomem >/tmp/md.ram
bad=
n=0
while read -r line; do
	md_parse "$line"
	n=$((n + 1))
	found=
	while read -r lo hi; do
		if u_le "$lo" "$F_PHYS" && u_le "$F_PHYS" "$hi"; then
			found=1
			break
		fi
	done </tmp/md.ram
	[ -n "$found" ] || bad="$bad $F_NAME($F_PHYS)"
done <<EOT
$(md_allocs)
EOT
is "all $n physical addresses fall in a System RAM range of /proc/iomem" "${bad:-none}" none

# --- /proc/slabinfo: the cache= of every slab object ------------------
kmax=$(md_layout kmalloc_max_cache_size)
# kfence_objects SIZE CACHE: /sys/kernel/debug/kfence/objects lists a live
# object of SIZE bytes in CACHE whose allocation stack is memdemo's.
kfence_objects() {
	awk -v size="$1" -v cache="$2" '
		function done() { if (want && ours && !freed) found = 1 }
		/^kfence-#[0-9]+: / { done(); want = ($0 ~ ", size=" size ", cache=" cache "$"); ours = freed = 0; in_alloc = 0 }
		/^allocated by task/ { in_alloc = 1; next }
		/^freed by task/ { in_alloc = 0; freed = 1 }
		in_alloc && /\[memdemo\]/ { ours = 1 }
		END { done(); exit !found }' /sys/kernel/debug/kfence/objects 2>/dev/null
}
# slab_objsize CACHE: CACHE's object size as SLUB gives it in sysfs (not
# /proc/slabinfo's column, which is the slot size, debug metadata and all),
# when /proc/slabinfo lists CACHE; else nothing.
slab_objsize() {
	awk -v c="$1" '$1 == c { found = 1 } END { exit !found }' /proc/slabinfo &&
		cat "/sys/kernel/slab/$1/object_size"
}
# slab_traces CACHE: memdemo's live objects in CACHE by SLUB's owner
# tracks, per allocating function: "FUNCTION COUNT" lines, each
# alloc_traces record (one per call site and stack) counted under the first
# of memdemo's own functions (md_*) in its stack, the one that called the
# allocator, or, where SLUB keeps no stacks, under its call site. A kernel
# header's inline function the compiler left out of line in the module
# (7.3's _kzalloc_noprof on the debug kernel) is in [memdemo] too, and is
# passed over.
# Fails, with nothing printed, where SLUB keeps no owner tracks for CACHE
# (booted without slub_debug=U) or debugfs is not there.
slab_traces() {
	[ -r "/sys/kernel/debug/slab/$1/alloc_traces" ] || return 1
	awk 'function ours(   i, f) {
			for (i = 1; i <= NF; i++)
				if ($i ~ /^md_.*\+0x/) { f = $i; sub(/\+.*/, "", f); return f }
			return ""
		}
		function flush() { if (fn == "") fn = site; if (fn != "") n[fn] += count }
		/^ *[0-9]+ / { flush(); count = $1; fn = ""; site = /\[memdemo\]/ ? ours() : ""; next }
		fn == "" && /\[memdemo\]/ { fn = ours() }
		END { flush(); for (f in n) print f, n[f] }' "/sys/kernel/debug/slab/$1/alloc_traces"
}
bad=
named=
blocks=
n=0
kfenced=0
: >/tmp/md.caches
while read -r line; do
	md_parse "$line"
	slab=0
	# Which slab cache serves the allocator, as its [apis] line says.
	md_find "api name=$F_API "
	md_field slab "$md_line"
	case $md_v/$F_REGION in
	kmalloc/linear) [ "$F_SIZE" -le "$kmax" ] && slab=kmalloc ;;
	obj/*) slab=obj ;;
	esac
	# A cache= exactly where a slab cache serves the block.
	if [ "$slab" = 0 ]; then
		[ -z "$F_CACHE" ] || named="$named $F_NAME:cache=$F_CACHE"
		continue
	fi
	[ -n "$F_CACHE" ] || { named="$named $F_NAME:no-cache="; continue; }
	[ "$slab" = kmalloc ] || continue
	n=$((n + 1))
	blocks="$blocks $F_NAME:$F_CACHE$([ "$F_KFENCE" = 1 ] && echo '(kfence)')"
	if [ "$F_KFENCE" = 1 ]; then
		# KFENCE sampled it: ksize() is the size asked, and KFENCE's
		# own list has a live object of that size in the cache memdemo
		# names, allocated by memdemo.
		kfence_objects "$F_SIZE" "$F_CACHE" ||
			bad="$bad $F_NAME:kfence-object-of-$F_SIZE-in-$F_CACHE-not-listed"
		[ "$F_RESERVED" = "$F_SIZE" ] || bad="$bad $F_NAME:kfence-ksize-$F_RESERVED"
		kfenced=$((kfenced + 1))
		continue
	fi
	md_field take "$md_line" # the [apis] line found above
	echo "$F_CACHE $md_v" >>/tmp/md.caches
	objsize=$(slab_objsize "$F_CACHE")
	[ "$objsize" = "$F_RESERVED" ] || bad="$bad $F_NAME:slabinfo-$F_CACHE-objsize-${objsize:-none}"
done <<EOT
$(md_allocs)
EOT
is "every slab-served block, and only those, names its cache (cache=)" "${named:-none}" none
diag "kmalloc-served blocks and the cache each names:$blocks"
is "all $n kmalloc-served blocks name a cache /proc/slabinfo lists, whose object size SLUB gives as their ksize ($kfenced sampled by KFENCE, found in its objects list under that cache)" \
	"${bad:-none}" none
# The census of kmalloc's call sites ([sites]): 128 sites of memdemo's, a
# function each, one block each. Each joins the witness below as a call
# site of its own (KFENCE's samples have no owner track: counted apart).
# Where the kernel keeps copies of the kmalloc caches, about one site in
# sixteen lands in the plain kmalloc-<size> (kmalloc_type(),
# include/linux/slab.h): some must, and be named so.
sites=0
sampled=0
unnamed=
: >/tmp/md.sites
while read -r line; do
	[ -n "$line" ] || continue
	md_parse "$line"
	sites=$((sites + 1))
	case $F_CACHE in '' | unknown) unnamed="$unnamed $F_TAKE" ;; esac
	if [ "$F_KFENCE" = 1 ]; then
		sampled=$((sampled + 1))
		continue
	fi
	echo "$F_CACHE $F_TAKE" >>/tmp/md.caches
	echo "$F_CACHE" >>/tmp/md.sites
done <<EOT
$(md_lines "site ")
EOT
is "[sites]: 128 call sites, each names the kmalloc cache of its block" "$sites ${unnamed:-none}" "128 none"
spread=$(sort /tmp/md.sites | uniq -c | awk '{ printf " %s:%s", $2, $1 }')
plain=$(grep -c '^kmalloc-[0-9]*$' /tmp/md.sites)
copies=$(grep -vc '^kmalloc-[0-9]*$' /tmp/md.sites)
diag "[sites]: the caches of $((sites - sampled)) call sites ($sampled sampled by KFENCE):$spread"
# Hashed per site where the sites spread over several caches; by type (7.2's
# typed partitions) all 128 land in one.
if [ "$copies" -gt 0 ] && [ "$(sort -u /tmp/md.sites | grep -c .)" -gt 1 ]; then
	# (15/16)^128: the chance that no site lands in the plain cache.
	if [ "$plain" -gt 0 ]; then
		ok "with copies of the kmalloc caches, $plain of the call sites landed in the plain cache and $copies in copies"
	else
		not_ok "some call sites land in the plain kmalloc cache beside its copies (none of 128 would happen once in 3800 boots)" \
			"$copies in copies, none plain"
	fi
fi

# The witness: SLUB's own owner tracks, per call site. memdemo's blocks in
# each cache it names, counted by the function that called the allocator
# ([apis] take=, or the site's function), must be SLUB's count of live
# objects allocated from that function in that cache, exactly: a name that
# is not where the kernel put the objects (a plain kmalloc-128 for a
# kmalloc-rnd-05-128), or a block counted under another allocator's call
# site, fails. Each cache's alloc_traces is read once, and one awk joins.
sort /tmp/md.caches | uniq -c >/tmp/md.want
: >/tmp/md.slub
: >/tmp/md.witnessed
while read -r c; do
	traces=$(slab_traces "$c") || continue
	echo "$c" >>/tmp/md.witnessed
	printf '%s\n' "$traces" | sed "s/^/$c /" >>/tmp/md.slub
done <<EOT
$(awk '{ print $2 }' /tmp/md.want | sort -u)
EOT
awk 'FILENAME == "/tmp/md.witnessed" { w[$1] = 1; next }
	FILENAME == "/tmp/md.slub" { got[$1 " " $2] = $3; next }
	w[$2] {
		k = $2 " " $3; g = got[k] + 0; n++
		if ($3 ~ /^md_site_/) sites++; else seen = seen " " $2 ":" $3 ":" g
		if (g != $1) bad = bad " " $2 ":" $3 ":memdemo-says-" $1 "-slub-tracks-" g
	}
	END { print n + 0; print sites + 0; print (bad == "" ? "none" : bad); print seen }' \
	/tmp/md.witnessed /tmp/md.slub /tmp/md.want >/tmp/md.join
witnessed=$(sed -n 1p /tmp/md.join)
if [ "$witnessed" = 0 ]; then
	skip "SLUB's owner tracks hold memdemo's kmalloc blocks in the caches memdemo names" \
		"no alloc_traces for them (boot with slub_debug=U and debugfs to witness cache=)"
else
	diag "SLUB's alloc_traces, memdemo's live objects per named cache and call site:$(sed -n 4p /tmp/md.join), and $(sed -n 2p /tmp/md.join) of the census's sites"
	is "SLUB's owner tracks (alloc_traces) hold exactly memdemo's kmalloc blocks, call site by call site, in the $witnessed cache and call-site pairs memdemo names" \
		"$(sed -n 3p /tmp/md.join)" none
fi
md_parse_alloc cache-obj
is "cache-obj comes from memdemo_obj, a cache of its own (cache_merge=0)" "$F_CACHE merged=$F_MERGED" "memdemo_obj merged=0"
check "the memdemo_obj kmem_cache exists in /sys/kernel/slab" test -e /sys/kernel/slab/memdemo_obj
check "... as a cache of its own: a directory, not a link to a merged cache" \
	test ! -L /sys/kernel/slab/memdemo_obj
objsize=$(cat /sys/kernel/slab/memdemo_obj/object_size)
is "memdemo_obj's object_size is the reserved size memdemo reports" "$objsize" "$F_RESERVED"
is "/proc/slabinfo lists memdemo_obj under its own name (object size from SLUB)" \
	"$(slab_objsize memdemo_obj)" "$F_RESERVED"
md_parse_alloc pool-obj
is "pool-obj comes from the same cache" "$F_CACHE merged=$F_MERGED" "memdemo_obj merged=0"
md_parse_alloc kmalloc-big
is "kmalloc of $F_SIZE bytes (above kmalloc_max_cache_size) comes whole from the page allocator" \
	"$F_RESERVED runs=$F_RUNS" "$F_SIZE runs=1"

# --- highmem on 32-bit with more RAM than the linear map holds -----------
# (where the kernel has a HighMem zone with pages in it: /proc/meminfo)
case $(sed -n 's/^HighTotal: *\([0-9]*\) kB$/\1/p' /proc/meminfo) in
'' | 0) ;;
*)
	for n in $(md_showing zone); do
		md_parse_alloc "$n"
		gfp_has "$F_GFP" GFP_HIGHUSER && break
	done
	is "a GFP_HIGHUSER page comes from HighMem with ${MEM} of RAM" "$F_ZONE highmem=$F_HIGHMEM" "HighMem highmem=1"
	is "the highmem page has no permanent mapping (page_address is NULL)" "$F_PAGE_ADDRESS" 0x0
	case $F_REGION in
	fixmap | pkmap) ok "kmap_local_page maps it in the $F_REGION window at $F_VIRT" ;;
	*) not_ok "kmap_local_page maps it in the fixmap or pkmap window" "region=$F_REGION" ;;
	esac
	;;
esac

# --- where memdemo itself was loaded, as /proc/modules says ---------------
mod=$(sed -n 's/^memdemo .* \(0x[0-9a-f]*\)\( (.*)\)\{0,1\}$/\1/p' /proc/modules)
is "layout this_module is memdemo's address in /proc/modules" \
	"$(hex "$(md_layout this_module)")" "$(hex "${mod:-0}")"
