# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# Loading memdemo with default parameters: what dmesg and /proc/memdemo say.
# Leaves memdemo loaded for the tests after it; 85-unload.sh unloads it.
# shellcheck source=tests/guest/md.sh
. /tests/guest/md.sh

dmesg_mark
if ! check "memdemo loads with default parameters" load_memdemo; then
	exit 0
fi
dmesg_since | sed 's/^\[[^]]*\] //' >/tmp/md.load.dmesg
check "/proc/memdemo is readable" md_snapshot
md_save_defaults

# The defaults follow the machine: the caps are 64 MiB or half of lowmem
# (the memory kmalloc and the page allocator's mapped blocks come from) if
# less, every default lies in its own range, and a default that was fitted
# says so in the log. Lowmem as the kernel counts it: /proc/meminfo's
# MemTotal less HighTotal.
page=$(md_layout page_size)
kb() { sed -n "s/^$1: *\([0-9]*\) kB$/\1/p" /proc/meminfo; }
half=$((($(kb MemTotal) - $(kb HighTotal | grep . || echo 0)) * 1024 / 2))
for p in total_max lab_max; do
	md_parse_param $p
	want=$F_DEFAULT
	[ "$half" -lt "$want" ] && want=$half
	is "$p defaults to the smaller of its declared default ($F_DEFAULT, [params]) and half of lowmem ($half, $MEM of RAM)" \
		"$(md_default $p)" "$want"
done
kmax=$(md_layout kmalloc_max_size)
tm=$(md_default total_max)
bad=
# kvmalloc_big lies above KMALLOC_MAX_SIZE, so that kvmalloc falls back to
# vmalloc; where nothing above it fits total_max (64 KiB pages: 512 MiB),
# it is 0 and the block is left out, and dmesg says why.
kvbig=$(md_default kvmalloc_big)
if [ $((kmax + 1)) -gt "$tm" ]; then
	[ "$kvbig" = 0 ] && grep -q "memdemo: kvmalloc-big: skipped: kvmalloc falls back to vmalloc only above KMALLOC_MAX_SIZE ($kmax bytes" \
		/tmp/md.load.dmesg || bad="$bad kvmalloc_big=$kvbig-not-skipped"
else
	[ "$kvbig" -gt "$kmax" ] && [ "$kvbig" -le "$tm" ] || bad="$bad kvmalloc_big"
fi
for p in vmalloc_size vmalloc_big; do
	[ "$(md_default $p)" -ge 1 ] && [ "$(md_default $p)" -le "$tm" ] || bad="$bad $p"
done
is "every default lies in its own range" "${bad:-none}" none
# A value in effect (/sys/module/memdemo/parameters) other than the
# declared default ([params] default=) was fitted, and dmesg says so.
bad=
fitted=
for p in $(md_params); do
	md_parse_param "$p"
	v=$(md_default "$p")
	if [ "$v" != "$F_DEFAULT" ]; then
		fitted="$fitted $p"
		grep -qF "memdemo: $p=$v: the default $F_DEFAULT does not fit this machine" \
			/tmp/md.load.dmesg || bad="$bad $p=$v"
	elif grep -qF "memdemo: $p=" /tmp/md.load.dmesg; then
		bad="$bad $p:logged-unfitted"
	fi
done
is "dmesg names every default fitted to this machine, and only those:${fitted:- none}" "${bad:-none}" none
# What the load holds stays within total_max: the blocks it lists plus the
# mempool's reserve (pool_min objects of the cache).
held=$(($(md_default pool_min) * $(md_default cache_size)))
for sz in $(md_allocs | grep -v '^alloc name=lab-' | sed -n 's/.* size=\([0-9]*\) .*/\1/p'); do
	held=$((held + sz))
done
check "the load asked for $held bytes, within total_max=$tm" test "$held" -le "$tm"

modver=$(cat /sys/module/memdemo/version)
ver=$(sed -n '1s/^memdemo \([^ ]*\) on .*/\1/p' "$MD_SNAP")
is "/proc/memdemo names the module's MODULE_VERSION" "$ver" "$modver"
check "dmesg has the load line with version and release" \
	grep -qxF "memdemo: memdemo $modver on $(uname -r) $(uname -m)" /tmp/md.load.dmesg
check "dmesg warns once that addresses defeat KASLR" \
	test "$(grep -c 'memdemo: .*reveal the KASLR offset' /tmp/md.load.dmesg)" = 1
# (Other parts of the kernel may log during the load; memdemo's lines all
# start with its prefix.)
check "every memdemo line in dmesg goes through pr_fmt" \
	test "$(grep 'memdemo\|alloc name=\|^layout \|^region ' /tmp/md.load.dmesg | grep -vc '^memdemo: ')" = 0

# dmesg and /proc/memdemo come from one formatter: every line matches
# (grep -vxF -f: the lines of the first not in dmesg, whole lines).
grep -E '^(alloc|layout) ' "$MD_SNAP" | sed 's/^/memdemo: /' >/tmp/md.load.lines
lines=$(wc -l </tmp/md.load.lines)
missing=$(grep -vxF -f /tmp/md.load.dmesg /tmp/md.load.lines | sed 's/^memdemo: //; s/ api=.*//' | tr '\n' ' ')
is "all $lines layout and allocation lines of /proc/memdemo are in dmesg too" "${missing:-none}" none

# The allocators are the module's table, which [apis] lists one line each
# (tests/guest/md.sh md_apis): every one made its blocks at load, each
# block listed under that allocator's name. The blocks besides those say
# what they show (shows=: a context, a zone or the guard page); nothing
# else is there.
bad=
apis=0
blocks=
for api in $(md_apis); do
	apis=$((apis + 1))
	md_parse_api "$api"
	[ "$F_LOAD" = none ] && bad="$bad $api:no-block-at-load"
	for n in $(md_words "$F_LOAD"); do
		[ "$n" = none ] && continue
		blocks="$blocks $n"
		md_parse_alloc "$n"
		[ "$F_API" = "$api" ] || bad="$bad $n:api=${F_API:-missing}"
		[ -z "$F_SHOWS" ] || bad="$bad $n:shows=$F_SHOWS"
	done
done
is "each of the $apis allocators in [apis] made its blocks at load, under its own name" "${bad:-none}" none
bad=
context=
zonepages=
while read -r line; do
	md_parse "$line"
	case $F_NAME in lab-*) continue ;; esac
	case " $blocks " in *" $F_NAME "*) continue ;; esac
	case $F_SHOWS in
	context) context="$context $F_NAME" ;;
	zone) zonepages="$zonepages $F_NAME" ;;
	guard) ;;
	*) bad="$bad $F_NAME:shows=${F_SHOWS:-nothing}" ;;
	esac
done <<EOT
$(md_allocs)
EOT
is "every block at load is an allocator's own (load= in [apis]) or shows a context, a zone or the guard page" "${bad:-none}" none
case " $blocks " in
*" kvmalloc-big "*) is "kvmalloc-big made where kvmalloc_big is not 0" "$kvbig" "$(md_default kvmalloc_big)" ;;
*) is "no kvmalloc-big: kvmalloc_big is 0 on this machine" "$kvbig" 0 ;;
esac

# Each zone page exists exactly when /proc/zoneinfo lists the zone: one
# page asked of each zone a driver names by a flag (GFP_DMA, GFP_DMA32,
# __GFP_HIGHMEM; include/linux/gfp.h), the zone read from its gfp=.
zones=$(sed -n 's/^Node [0-9]*, zone *\([A-Za-z0-9]*\)$/\1/p' /proc/zoneinfo | sort -u)
# Zones with pages present (arm64 lists DMA32 empty when ZONE_DMA, sized
# to the DMA limit, already holds all RAM below 4 GiB).
populated=$(awk '$1 == "Node" { z = $4 } $1 == "present" && $2 > 0 { print z }' /proc/zoneinfo | sort -u)
asked=
for name in $zonepages; do
	md_parse_alloc "$name"
	if gfp_has "$F_GFP" GFP_DMA; then
		zone=DMA
	elif gfp_has "$F_GFP" GFP_DMA32; then
		zone=DMA32
	elif gfp_has "$F_GFP" GFP_HIGHUSER || gfp_has "$F_GFP" __GFP_HIGHMEM; then
		zone=HighMem
	else
		not_ok "$name asks a zone by its flags" "gfp=$F_GFP"
		continue
	fi
	asked="$asked $zone"
	if ! printf '%s\n' "$zones" | grep -qx "$zone"; then
		not_ok "$name asks zone $zone, which /proc/zoneinfo lists" "zones: $(echo "$zones" | tr '\n' ' ')"
	elif [ "$zone" = DMA32 ] && ! printf '%s\n' "$populated" | grep -qx DMA32; then
		# GFP_DMA32 falls back only to ZONE_DMA; the page is still below 4 GiB.
		is "$name came from zone DMA: /proc/zoneinfo's DMA32 has no pages present" \
			"${F_ZONE:-none} below-4GiB=$(u_lt "$F_PHYS" 0x100000000 && echo yes || echo no)" \
			"DMA below-4GiB=yes"
	elif [ "$zone" = HighMem ] && [ "${F_HIGHMEM:-}" != 1 ]; then
		# GFP_HIGHUSER may be served from lowmem when highmem is short.
		is "$name came from a zone HighMem may fall back to" \
			"$(printf '%s\n' "$zones" | grep -cx "${F_ZONE:-none}")" 1
	else
		is "$name came from zone $zone, which /proc/zoneinfo lists" "${F_ZONE:-none}" "$zone"
	fi
done
bad=
for zone in DMA DMA32 HighMem; do
	printf '%s\n' "$zones" | grep -qx "$zone" || continue
	case " $asked " in *" $zone "*) ;; *) bad="$bad $zone" ;; esac
done
is "a page of every zone /proc/zoneinfo lists of DMA, DMA32 and HighMem:$asked" "${bad:-none}" none

# An allocator that tries kmalloc first and falls back to vmalloc (family
# kvmalloc in [apis]; kvmalloc_node() in 6.1's mm/util.c,
# kmalloc_gfp_adjust() in 6.12's mm/util.c and 7.3's mm/slub.c): up to a
# page kmalloc tries as hard as it would alone, so the block is kmalloc's;
# above a page kmalloc is told not to retry (__GFP_NORETRY) and any failure
# falls back to vmalloc, so either may serve it, but the path printed must
# be where the block is; above KMALLOC_MAX_SIZE kmalloc cannot serve it at
# all, so vmalloc does.
bad=
seen=
for api in $(md_apis_with family=kvmalloc); do
	md_parse_api "$api"
	for n in $(md_words "$F_LOAD"); do
		[ "$n" = none ] && continue
		md_parse_alloc "$n"
		if [ "$F_SIZE" -le "$page" ]; then
			want=kmalloc/linear
		elif [ "$F_SIZE" -gt "$kmax" ]; then
			want=vmalloc/vmalloc
		else
			case $F_PATH/$F_REGION in
			kmalloc/linear | vmalloc/vmalloc) want=$F_PATH/$F_REGION ;;
			*) want="kmalloc/linear or vmalloc/vmalloc" ;;
			esac
		fi
		seen="$seen $n:$F_SIZE:$F_PATH"
		[ "$F_PATH/$F_REGION" = "$want" ] || bad="$bad $n:$F_PATH/$F_REGION-not-$want"
	done
done
is "kvmalloc's family serves up to a page ($page) from kmalloc, above KMALLOC_MAX_SIZE ($kmax) from vmalloc, between them from either, as its path says:$seen" \
	"${bad:-none}" none
if [ "$kvbig" = 0 ]; then
	is "no kvmalloc-big: KMALLOC_MAX_SIZE ($kmax) + 1 exceeds total_max ($tm)" "$(md_alloc kvmalloc-big)" ""
fi

for n in $context; do
	md_parse_alloc "$n"
	is "$n ran in the timer callback, in softirq context" \
		"$F_CTX in_softirq=$F_IN_SOFTIRQ" "timer in_softirq=1"
	if gfp_has "$F_GFP" GFP_ATOMIC; then
		ok "$n used GFP_ATOMIC ($F_GFP)"
	else
		not_ok "$n used GFP_ATOMIC" "gfp=$F_GFP"
	fi
done
bad=
for n in $blocks; do
	md_parse_alloc "$n"
	[ "$F_CTX in_interrupt=$F_IN_INTERRUPT" = "process in_interrupt=0" ] || bad="$bad $n:$F_CTX"
done
is "the allocators' own blocks ran in process context, outside interrupt context" "${bad:-none}" none

# Each allocator's blocks were asked with the flags its row gives ([apis]
# gfp=), compared as sets.
bad=
for api in $(md_apis); do
	md_parse_api "$api"
	want=$F_GFP
	for n in $(md_words "$F_LOAD"); do
		[ "$n" = none ] && continue
		md_parse_alloc "$n"
		gfp_same "$F_GFP" "$want" || bad="$bad $n:$F_GFP-not-$want"
	done
done
is "every block at load carries its allocator's gfp= from [apis]" "${bad:-none}" none

# The memory each API promises zeroed (__GFP_ZERO in its flags) came back zeroed.
zeroing=
bad=
while read -r line; do
	md_parse "$line"
	gfp_has "$F_GFP" __GFP_ZERO || continue
	zeroing="$zeroing $F_NAME"
	[ "$F_ZEROED" = 1 ] || bad="$bad $F_NAME"
done <<EOT
$(md_allocs)
EOT
is "every block asked with __GFP_ZERO came back zeroed:$zeroing" "${bad:-none}" none

# Pages for a size (family pages, no order: alloc_pages_exact): whole
# pages, the size rounded up to a page and no more, one physical run.
bad=
seen=
for api in $(md_apis_with family=pages paged=0); do
	md_parse_api "$api"
	for n in $(md_words "$F_LOAD"); do
		[ "$n" = none ] && continue
		md_parse_alloc "$n"
		seen="$seen $n"
		[ "$F_RESERVED $F_RUNS $F_REGION" = "$(( (F_SIZE + page - 1) / page * page )) 1 linear" ] ||
			bad="$bad $n:$F_SIZE:$F_RESERVED:$F_RUNS:$F_REGION"
	done
done
is "pages for a size reserve the size rounded up to whole pages, one run:${seen:- none here}" "${bad:-none}" none

# Sizes: reserved never below requested; page blocks are whole pages.
bad=
while read -r line; do
	md_parse "$line"
	[ "$F_RESERVED" -ge "$F_SIZE" ] || bad="$bad $F_NAME"
	[ "$F_PAGES" -ge 1 ] && [ "$F_RUNS" -ge 1 ] && [ "$F_RUNS" -le "$F_PAGES" ] || bad="$bad $F_NAME"
done <<EOT
$(md_allocs)
EOT
is "every block reserves at least what was asked, runs within pages" "${bad:-none}" none
# Page allocator calls (order= on their line): PAGE_SIZE << order.
bad=
seen=
while read -r line; do
	md_parse "$line"
	[ -n "$F_ORDER" ] || continue
	seen="$seen $F_NAME:$F_ORDER"
	[ "$F_RESERVED" = $((page << F_ORDER)) ] || bad="$bad $F_NAME:$F_RESERVED"
done <<EOT
$(md_allocs)
EOT
is "every page allocator call reserved PAGE_SIZE << order:$seen" "${bad:-none}" none
