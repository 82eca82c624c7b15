# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# Bad parameters: insmod refuses each with one dmesg line naming it and its
# range, and leaves nothing behind. Needs the layout 10-load.sh saved (runs after 85-unload.sh).
# shellcheck source=tests/guest/md.sh
. /tests/guest/md.sh

if [ ! -s "$MD_SNAP" ]; then
	skip "bad parameters" "no /proc/memdemo snapshot from a successful load"
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
	if load_memdemo "$_p" "$@" 2>/tmp/md.insmod; then
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
refused kmalloc_size=0 zero "kmalloc_size=0 is out of range: allowed 1..$kmax"
refused kmalloc_size=$((kmax + 1)) "above KMALLOC_MAX_SIZE" "kmalloc_size=$((kmax + 1)) is out of range"
refused kmalloc_big=0 zero "kmalloc_big=0 is out of range"
refused cache_size=$((kcache + 1)) "above KMALLOC_MAX_CACHE_SIZE" "cache_size=$((kcache + 1)) is out of range"
refused pool_min=0 zero "pool_min=0 is out of range: allowed 1..64"
refused page_order=$((order + 1)) "above the largest order" "page_order=$((order + 1)) is out of range: allowed 0..$order"
refused vmalloc_size=0 zero "vmalloc_size=0 is out of range"
refused vmalloc_big=$((65 << 20)) "above total_max" "vmalloc_big=$((65 << 20)) is out of range"
refused kvmalloc_small=$((kcache + 1)) "above KMALLOC_MAX_CACHE_SIZE" "kvmalloc_small=$((kcache + 1)) is out of range"
refused kvmalloc_big=4096 "small enough for kmalloc" "kvmalloc_big=4096 is out of range: allowed $((kmax + 1))"
refused total_max=1 "below 1 MiB" "total_max=1 is out of range"
refused "total_max=$ram" "above half of RAM" "total_max=$ram is out of range"
refused kvmalloc_big=$((60 << 20)) "sum above total_max" "total_max=$((64 << 20)) is below" vmalloc_big=$((8 << 20))
refused kmalloc_size=-1 negative "kmalloc_size"
refused kmalloc_size=abc "not a number" "kmalloc_size"
refused page_order=99999999999999999999999 overflow "page_order"
refused kmalloc_size=12x "trailing garbage" "kmalloc_size"
diag "bad parameter values tried: $tried"
