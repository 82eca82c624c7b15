# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# Bad parameters: insmod refuses each with one dmesg line naming it and its
# range, and leaves nothing behind. Needs the layout 10-load.sh saved (runs after 85-unload.sh).
# shellcheck source=tests/guest/md.sh
. /tests/guest/md.sh

if [ ! -s "$MD_SNAP" ] || [ ! -s "$MD_DEFAULTS" ]; then
	skip "bad parameters" "no /proc/memdemo snapshot or default parameters from a successful load"
	exit 0
fi
kmax=$(md_layout kmalloc_max_size)
kcache=$(md_layout kmalloc_max_cache_size)
order=$(md_layout max_order)
ram=$(md_layout ram_total)
echo 1 >/proc/sys/kernel/kptr_restrict

# refused PARAM=VALUE WHY EXPECTED-LOG-TEXT [more params]
refused() {
	_p=$1
	_why=$2
	_text=$3
	shift 3
	dmesg_mark
	if load_memdemo "$_p" "$@" </dev/null 2>/tmp/md.insmod; then
		not_ok "insmod refuses $_p ($_why)" "it loaded"
		unload_memdemo
		return
	fi
	_log=$(dmesg_since | grep 'memdemo' | sed 's/^\[[^]]*\] //')
	_left=
	[ -e /proc/memdemo ] && _left="$_left /proc/memdemo"
	memdemo_loaded && _left="$_left module"
	grep -q '\[memdemo\]' /proc/vmallocinfo && _left="$_left vmalloc"
	# /proc/slabinfo, not /sys/kernel/slab: SLUB's sysfs entries (and alias
	# links of merged caches, before 6.5) may outlive the cache.
	grep -q '^memdemo_obj ' /proc/slabinfo && _left="$_left cache"
	# busybox insmod tries finit_module, then init_module: same line twice.
	_log=$(printf "%s\n" "$_log" | sort -u)
	if [ "$(printf '%s\n' "$_log" | grep -c .)" != 1 ]; then
		not_ok "insmod refuses $_p ($_why) with one log line" "$_log"
	elif ! printf '%s\n' "$_log" | grep -qF "$_text"; then
		not_ok "insmod refuses $_p ($_why) naming it" "log: $_log" "want: $_text"
	elif [ -n "$_left" ]; then
		not_ok "insmod refuses $_p ($_why) leaving nothing behind" "left:$_left"
	else
		ok "insmod refuses $_p ($_why): $(printf '%s' "$_log" | cut -c1-100)"
	fi
	tried=$((tried + 1))
}

tried=0
page=$(md_layout page_size)
# The load's sum, as README gives it: 2 x kmalloc_size + kmalloc_big +
# (pool_min + 1) x cache_size + (2^page_order + 10) pages + 2 x vmalloc_size
# + vmalloc_big + kvmalloc_small + kvmalloc_big. asked NAME V: the sum with
# NAME=V and every other parameter at its default.
asked() {
	_set=$1 _to=$2
	echo $((2 * $(with kmalloc_size) + $(with kmalloc_big) +
		($(with pool_min) + 1) * $(with cache_size) +
		((1 << $(with page_order)) + 10) * page +
		2 * $(with vmalloc_size) + $(with vmalloc_big) +
		$(with kvmalloc_small) + $(with kvmalloc_big)))
}
# with NAME: the value asked() gives NAME: $_to for $_set, else the default.
with() {
	if [ "$1" = "$_set" ]; then echo "$_to"; else md_default "$1"; fi
}
cap=$(md_default total_max)
pages=$((ram / page))
half=$(((pages >> 1) * page)) # (totalram_pages() / 2) << PAGE_SHIFT
# PARAM MIN MAX-ALLOWED OVER-CAP-VALUE (within its own range, '-' for none)
while read -r p lo hi big; do
	# zero, where zero is below the range
	[ "$lo" -gt 0 ] && refused "$p=0" zero "$p=0 is out of range: allowed $lo..$hi"
	# the kernel's own parser refuses these before memdemo's init runs
	refused "$p=-1" negative "\`-1' invalid for parameter \`$p'"
	refused "$p=18446744073709551616" "overflowing unsigned long" \
		"\`18446744073709551616' invalid for parameter \`$p'"
	refused "$p=abc" non-numeric "\`abc' invalid for parameter \`$p'"
	refused "$p=$((hi + 1))" "over its limit" "$p=$((hi + 1)) is out of range: allowed $lo..$hi"
	# over the cap: a value in range whose load would ask for more than
	# total_max; total_max one byte short of the sum
	if [ "$big" != - ]; then
		sum=$(asked "$p" "$big")
		refused "$p=$big" "over the total_max cap" \
			"total_max=$((sum - 1)) is below the $sum bytes these parameters ask for" \
			"total_max=$((sum - 1))"
	fi
done <<EOT
kmalloc_size	1	$kmax	$kmax
kmalloc_big	1	$kmax	$kmax
cache_size	1	$kcache	$kcache
pool_min	1	64	64
page_order	0	$order	$order
vmalloc_size	1	$cap	$((32 << 20))
vmalloc_big	1	$cap	$((32 << 20))
kvmalloc_small	1	$kcache	$kcache
kvmalloc_big	$((kmax + 1))	$cap	$((32 << 20))
total_max	1048576	$half	-
lab_max	1048576	$half	-
EOT
refused "kvmalloc_big=$kmax" "small enough for kmalloc" "kvmalloc_big=$kmax is out of range: allowed $((kmax + 1))"
refused "total_max=$ram" "above half of RAM" "total_max=$ram is out of range"
refused "lab_max=$ram" "above half of RAM" "lab_max=$ram is out of range"
refused kmalloc_size=12x "trailing garbage" "\`12x' invalid for parameter \`kmalloc_size'"
refused kvmalloc_big=$((60 << 20)) "the sum of several above total_max" "total_max=$cap is below" vmalloc_big=$((8 << 20))
diag "bad parameter values tried: $tried (11 parameters: zero, negative, overflowing, non-numeric, over the limit, over the total_max cap)"
