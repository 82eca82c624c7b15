# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# The waste, rounding and buddy tables, held to /proc/slabinfo,
# /proc/buddyinfo and /proc/zoneinfo.
# shellcheck source=tests/guest/md.sh
. /tests/guest/md.sh

memdemo_loaded || load_memdemo || { not_ok "memdemo loads for the tables"; exit 0; }
md_snapshot
page=$(md_layout page_size)
kcache=$(md_layout kmalloc_max_cache_size)

# Waste: slab requests land in a kmalloc-N cache of their ksize, bigger ones
# take whole pages: PAGE_SIZE << get_order(size).
bad=
n=0
while read -r _ size ksize source cache; do
	size=${size#size=}
	ksize=${ksize#ksize=}
	source=${source#source=}
	cache=${cache#cache=}
	n=$((n + 1))
	[ "$ksize" -ge "$size" ] || bad="$bad $size<$ksize"
	# Up to KMALLOC_MAX_CACHE_SIZE kmalloc is served by a slab, whatever
	# page of a multi-page slab the object lies on (7.x's PageSlab() sees
	# only the page it is given, so a tail page needs its head).
	[ "$size" -le "$kcache" ] && [ "$source" != slab ] && bad="$bad $size:$source-not-slab"
	if [ "$source" = slab ]; then
		[ "$size" -le "$kcache" ] || bad="$bad $size:slab-above-max"
		# The cache memdemo names, as the object's slab said (a plain
		# kmalloc-N, or one of its random or partitioned copies): one of
		# kmalloc's, which /proc/slabinfo lists with that object size.
		# (The object size from SLUB's sysfs: slabinfo's column is the
		# slot, debug metadata included.)
		case $cache in
		*kmalloc-*) ;;
		*) bad="$bad $size:cache=$cache-not-a-kmalloc-cache" ;;
		esac
		o=
		awk -v c="$cache" '$1 == c { f = 1 } END { exit !f }' /proc/slabinfo &&
			o=$(cat "/sys/kernel/slab/$cache/object_size")
		[ "$o" = "$ksize" ] || bad="$bad $size:slabinfo-$cache-objsize-${o:-none}"
	else
		[ -z "$cache" ] || bad="$bad $size:pages-with-cache=$cache"
		p=$page
		while [ "$p" -lt "$size" ]; do p=$((p * 2)); done
		[ "$ksize" = "$p" ] || bad="$bad $size:pages-$ksize-not-$p"
	fi
done <<EOT
$(grep '^waste ' "$MD_SNAP")
EOT
is "slab waste: $n requests match /proc/slabinfo's kmalloc caches (the cache= each names) or whole pages" "${bad:-none}" none
# Which of those caches are multi-page slabs (where an object can lie on a
# tail page), from /sys/kernel/slab/<cache>/order.
multi=$(grep '^waste .* source=slab' "$MD_SNAP" | sed -n 's/.* cache=\([^ ]*\).*/\1/p' |
	sort -u | while read -r c; do
		o=$(cat "/sys/kernel/slab/$c/order" 2>/dev/null)
		[ "${o:-0}" -gt 0 ] && printf ' %s:order-%s' "$c" "$o"
	done)
diag "multi-page kmalloc slabs the waste ladder used:${multi:- none}"

# Rounding: __get_free_pages rounds to a power of two pages, alloc_pages_exact to a page.
bad=
n=0
while read -r _ size order gfp exact okf; do
	n=$((n + 1))
	size=${size#size=}
	order=${order#order=}
	[ "${gfp#get_free_pages=}" = $((page << order)) ] || bad="$bad $size:$gfp"
	[ $((page << order)) -ge "$size" ] && [ $((page << order)) -lt $((2 * size + page)) ] ||
		bad="$bad $size:order-$order"
	[ "${exact#alloc_pages_exact=}" = $(( (size + page - 1) / page * page )) ] || bad="$bad $size:$exact"
	[ "$okf" = ok=1 ] || bad="$bad $size:failed"
done <<EOT
$(grep '^rounding ' "$MD_SNAP")
EOT
is "page rounding: $n sizes, order and exact rounding as the page size says" "${bad:-none}" none

# Buddy: an order-5 allocation takes exactly 32 pages off the zone's free lists.
pages_free() {
	_s=0
	_o=0
	for _n in $(md_words "$1"); do
		_s=$((_s + (_n << _o)))
		_o=$((_o + 1))
	done
	echo "$_s"
}
# Other CPUs allocate and free meanwhile: memdemo measures a disturbed
# window again, and says how many it took (tries=).
md_parse "$(grep '^buddy ' "$MD_SNAP")"
is "buddy: the order-$F_ORDER block left the zone's free lists (before - after in pages; window $F_TRIES)" \
	"$(($(pages_free "$F_BEFORE") - $(pages_free "$F_AFTER")))" $((1 << F_ORDER))

# Zones: live free counts are /proc/buddyinfo's, read back to back (retried:
# per-cpu list refills may move a block between the two reads). Reading
# /proc/memdemo itself allocates and frees pages, and pages of order 0 to
# PAGE_ALLOC_COSTLY_ORDER (3) are freed to and refilled from per-cpu lists:
# on a guest with several CPUs each CPU's lists refill on their own, so the
# test pins itself to CPU 0 first. Should the counts still not settle: the
# orders above 3 equal, and orders 0 to 3 apart by no more pages than the
# per-cpu lists may hold (the sum over CPUs of the zone's pcp high mark,
# high_max where the kernel has it, from /proc/zoneinfo).
read -r self _ </proc/self/stat
taskset -p 1 "$self" >/dev/null 2>&1 || diag "taskset could not pin the test to CPU 0"
zones_of_memdemo() {
	sed -n 's/^zone node=\([0-9]*\) name=\([^ ]*\) .* free=\([0-9,]*\)$/\1 \2 \3/p' /proc/memdemo
}
zones_of_buddyinfo() {
	awk '{ printf "%s %s", substr($2, 1, length($2) - 1), $4
		for (i = 5; i <= NF; i++) printf "%s%s", (i == 5 ? " " : ","), $i
		print "" }' /proc/buddyinfo
}
# pcp_high: "node zone pages" per zone, the per-cpu lists' summed high mark.
pcp_high() {
	awk '$1 == "Node" { z = substr($2, 1, length($2) - 1) " " $4; hm = 0 }
		$1 == "high:" && z != "" { h[z] += $2; last = $2 }
		$1 == "high_max:" && z != "" { h[z] += $2 - last }
		END { for (k in h) print k, h[k] }' /proc/zoneinfo
}
# near A B HIGH [EXTRA]: orders above 3 equal, orders 0 to 3 within the pcp
# marks; or, with EXTRA, every zone's free pages (all orders, weighted) at
# most HIGH + EXTRA more in B than in A, whatever the orders.
near() {
	awk -v a="$1" -v b="$2" -v high="$3" -v extra="${4:-}" 'BEGIN {
		na = split(a, la, "\n"); nb = split(b, lb, "\n")
		if (na != nb) exit 1
		n = split(high, lh, "\n")
		for (i = 1; i <= n; i++) { split(lh[i], f, " "); hi[f[1] " " f[2]] = f[3] }
		for (i = 1; i <= na; i++) {
			split(la[i], x, " "); split(lb[i], y, " ")
			if (x[1] != y[1] || x[2] != y[2]) exit 1
			no = split(x[3], ca, ","); if (split(y[3], cb, ",") != no) exit 1
			d = 0; w = 1; pa = 0; pb = 0
			for (o = 0; o < no; o++) {
				if (extra == "" && o > 3 && ca[o + 1] != cb[o + 1]) exit 1
				e = ca[o + 1] - cb[o + 1]; if (e < 0) e = -e
				if (o <= 3) d += e * w
				pa += ca[o + 1] * w; pb += cb[o + 1] * w
				w *= 2
			}
			if (extra == "" && d > hi[x[1] " " x[2]] + 0) exit 1
			if (extra != "" && (pb - pa < -(hi[x[1] " " x[2]] + 0) ||
				pb - pa > hi[x[1] " " x[2]] + extra)) exit 1
		}
	}'
}
same=
for _try in 1 2 3 4 5; do
	a=$(zones_of_memdemo)
	b=$(zones_of_buddyinfo)
	[ "$a" = "$b" ] && same=exactly && break
done
if [ -z "$same" ]; then
	high=$(pcp_high)
	near "$a" "$b" "$high" && same="orders above 3; orders 0-3 within the per-cpu lists' high marks"
fi
# memdemo counts while its own read buffer is held: seq_file's, grown by
# doubling to hold the whole text (kvmalloc), freed before /proc/buddyinfo
# is read. Before 5.15 the per-cpu lists keep order 0 only, so that buffer
# comes straight off the free lists, splitting a larger block. Then each
# zone may have up to that buffer's pages fewer free in memdemo's count.
if [ -z "$same" ]; then
	len=$(wc -c </proc/memdemo)
	bufpages=1
	while [ $((bufpages * page)) -lt "$len" ]; do bufpages=$((bufpages * 2)); done
	near "$a" "$b" "$high" "$bufpages" &&
		same="free pages per zone within memdemo's own read buffer ($bufpages pages) and the per-cpu lists' high marks"
fi
if [ -n "$same" ]; then
	ok "zones: free blocks per order match /proc/buddyinfo ($(echo "$a" | wc -l) zones, $same)"
else
	not_ok "zones: free blocks per order match /proc/buddyinfo" "memdemo:   $a" "buddyinfo: $b" \
		"pcp high:  ${high:-}"
fi
bad=
while read -r node name start end; do
	zi=$(awk -v n="$node" -v z="$name" '$1 == "Node" { on = ($2 == n "," && $4 == z) }
		on && $1 == "spanned" { s = $2 } on && $1 == "start_pfn:" { p = $2 }
		END { print p, p + s }' /proc/zoneinfo)
	[ "$zi" = "$start $end" ] || bad="$bad $name:$start-$end/$zi"
done <<EOT
$(sed -n 's/^zone node=\([0-9]*\) name=\([^ ]*\) start_pfn=\([0-9]*\) end_pfn=\([0-9]*\) .*/\1 \2 \3 \4/p' "$MD_SNAP")
EOT
is "zones: pfn spans match /proc/zoneinfo's start_pfn and spanned" "${bad:-none}" none

# Watermarks: min, low and high per zone, as /proc/zoneinfo prints them
# (min_wmark_pages() and the others, boost included), read back to back
# from the live file: kswapd's boost can move them between two reads.
wmarks_of_memdemo() {
	sed -n 's/^zone node=\([0-9]*\) name=\([^ ]*\) .* min=\([0-9]*\) low=\([0-9]*\) high=\([0-9]*\) .*/\1 \2 \3 \4 \5/p' /proc/memdemo
}
wmarks_of_zoneinfo() {
	awk '$1 == "Node" { if (z != "") print z, mn, lo, hi; z = substr($2, 1, length($2) - 1) " " $4; mn = lo = hi = "" }
		$1 == "min" && mn == "" { mn = $2 } $1 == "low" && lo == "" { lo = $2 }
		$1 == "high" && hi == "" { hi = $2 }
		END { if (z != "") print z, mn, lo, hi }' /proc/zoneinfo
}
for _ in 1 2 3; do
	m=$(wmarks_of_memdemo)
	zi=$(wmarks_of_zoneinfo)
	# memdemo lists populated zones only; zoneinfo lists them all.
	want=$(printf '%s\n' "$m" | while read -r node name _; do
		printf '%s\n' "$zi" | awk -v n="$node" -v z="$name" '$1 == n && $2 == z'
	done)
	[ "$m" = "$want" ] && break
done
is "zones: min, low and high watermarks are /proc/zoneinfo's ($(printf '%s\n' "$m" | awk '{ printf "%s%s:%s/%s/%s", NR > 1 ? " " : "", $2, $3, $4, $5 }'))" \
	"$m" "$want"
