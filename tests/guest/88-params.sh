# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# Bad parameters: insmod refuses each with one dmesg line naming it and its
# range, and leaves nothing behind. Reads the layout and defaults of a load
# with no parameters (10-load.sh saves them; run alone, it makes them).
# shellcheck source=tests/guest/md.sh
. /tests/guest/md.sh

md_need_load_state || { not_ok "memdemo loads with no parameters, for the bad parameters"; exit 0; }
if memdemo_loaded; then
	unload_memdemo || { not_ok "memdemo unloads before the bad parameters"; exit 0; }
fi
kmax=$(md_layout kmalloc_max_size)
order=$(md_layout max_order)
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
cap=$(md_default total_max)
# kvmalloc_big's value over the cap: half the cap, unless kmalloc would
# serve that (KMALLOC_MAX_SIZE grows with the page size: 32 MiB on 16 KiB
# pages), then the smallest size it does not.
kvbig=$((cap / 2))
[ "$kvbig" -gt "$kmax" ] || kvbig=$((kmax + 1))
# The other values over the cap: the largest in range, but no larger than
# the cap, so that total_max one byte short of the sum stays within half
# of RAM (KMALLOC_MAX_SIZE and the largest block are 512 MiB on 64 KiB pages).
kbig=$kmax
[ "$kbig" -le "$cap" ] || kbig=$cap
obig=$order
while [ "$obig" -gt 0 ] && [ $((page << obig)) -gt "$cap" ]; do obig=$((obig - 1)); done
# Where no kvmalloc above KMALLOC_MAX_SIZE fits the cap (64 KiB pages), the
# block is left out (kvmalloc_big 0) and no value of it can be in range.
[ "$kvbig" -le "$cap" ] || kvbig=-
# The caps' largest value: half of lowmem, as the kernel counts lowmem
# (/proc/meminfo's MemTotal less HighTotal).
kb() { sed -n "s/^$1: *\([0-9]*\) kB$/\1/p" /proc/meminfo; }
half=$((($(kb MemTotal) - $(kb HighTotal | grep . || echo 0)) * 1024 / 2))
# Every sizing parameter at its default, given explicitly: given values are
# never fitted to total_max, so the sums below are exact.
explicit=$(grep -v '^total_max \|^lab_max \|^kvmalloc_big 0$' "$MD_DEFAULTS" | tr ' ' '=' | tr '\n' ' ')
# but NAME: those explicit defaults without NAME's (a later value would win).
but() {
	# shellcheck disable=SC2086 # one word per parameter
	printf '%s\n' $explicit | grep -v "^$1=" | tr '\n' ' '
}

# total_max's smallest value, from [params].
md_parse_param total_max
tm_min=$F_MIN
# asked [NAME=V]: the bytes the load asks for with NAME=V and every other
# parameter at its default, as the module sums them (md_plan_bytes(), the one
# place the sum is made): a load refused for a total_max below every
# parameter's own size names the sum in its log line.
asked() {
	_x=$tm_min
	_given=$(but "${1%%=*}")
	for _kv in $_given "$@"; do
		case $_kv in
		vmalloc_size=* | vmalloc_big=* | kvmalloc_big=*)
			[ "${_kv#*=}" -gt "$_x" ] && _x=${_kv#*=} ;;
		esac
	done
	# shellcheck disable=SC2086 # $_given is a list of words
	load_memdemo $_given "$@" total_max="$_x" </dev/null >/dev/null 2>&1 && unload_memdemo
	dmesg | sed -n "s/.*memdemo: total_max=$_x is below the \([0-9]*\) bytes.*/\1/p" | tail -n 1
}

# The sum itself, held to what a load with the defaults listed: every
# block's size in /proc/memdemo plus the mempool's reserve.
sum0=$(asked)
held=$(($(md_default pool_min) * $(md_default cache_size)))
for sz in $(md_allocs | grep -v '^alloc name=lab-' | sed -n 's/.* size=\([0-9]*\) .*/\1/p'); do
	held=$((held + sz))
done
is "the sum total_max caps, with the defaults, is what the load's blocks and the pool's reserve ask for" \
	"${sum0:-none}" "$held"
is "[layout] load_bytes, the module's own figure, is what the load's blocks and the pool's reserve ask for" \
	"$(md_layout load_bytes)" "$held"
# ... and it is the exact limit: one byte less is refused, the sum itself loads.
if [ -n "$sum0" ] && [ "$sum0" -le "$half" ]; then
	# shellcheck disable=SC2086
	if load_memdemo $explicit total_max="$sum0" </dev/null >/tmp/md.insmod 2>&1; then
		ok "the defaults with total_max=$sum0, their sum, load"
		unload_memdemo
	else
		not_ok "the defaults with total_max=$sum0, their sum, load" "$(cat /tmp/md.insmod)"
	fi
fi

# How many bad values, as the lane's row in scripts/lanes says (sweep=...),
# else by what the kernel reports. The whole sweep (every parameter zero,
# negative, overflowing, non-numeric, over its limit and over the cap: some
# 75 loads, half of a lane's time) where the limits differ most: pages
# larger than 4 KiB ([layout] page_size), a 32-bit kernel with highmem
# (/proc/meminfo HighTotal), and where the row says sweep=all. Elsewhere
# each parameter's own limit, which the lane's layout sets, and the
# refusals below the loop. memdemo checks every
# parameter before it allocates anything, so a refused load has nothing of
# its own to unwind: the debug kernel's KASAN and kmemleak watch memdemo's
# unwinding in 90-faults.sh, where each step of init fails in turn. There
# one refusal stands for them all where the row says sweep=one (each load
# of the debug kernel took 5 to 20 s: 17 refusals, 74 to 330 s).
high_kb=$(sed -n 's/^HighTotal: *\([0-9]*\) kB$/\1/p' /proc/meminfo)
sweep=$(lane_tag sweep)
if [ -z "$sweep" ]; then
	if [ "$(md_layout page_size)" -gt $((4 << 10)) ] || [ "${high_kb:-0}" -gt 0 ]; then
		sweep=all
	else
		sweep=limits
	fi
fi
# over_cap NAME MAX: a value in NAME's range whose load asks for more than
# total_max ('-': NAME sizes no block). What a parameter sizes is its
# meaning, which its range cannot say.
over_cap() {
	case $1 in
	kmalloc_size | kmalloc_big) echo "$kbig" ;;
	cache_size | kvmalloc_small | pool_min) echo "$2" ;;
	page_order) echo "$obig" ;;
	vmalloc_size) echo $((cap / 4)) ;;
	vmalloc_big) echo $((cap / 2)) ;;
	kvmalloc_big) echo "$kvbig" ;;
	*) echo - ;;
	esac
}
# The parameters and their ranges at this load: memdemo's [params] section.
while read -r p lo hi; do
	[ "$sweep" = one ] && [ "$tried" -gt 0 ] && continue
	big=$(over_cap "$p" "$hi")
	refused "$p=$((hi + 1))" "over its limit" "$p=$((hi + 1)) is out of range: allowed $lo..$hi"
	[ "$sweep" = all ] || continue
	# zero, where zero is below the range
	[ "$lo" -gt 0 ] && refused "$p=0" zero "$p=0 is out of range: allowed $lo..$hi"
	# the kernel's own parser refuses these before memdemo's init runs
	refused "$p=-1" negative "\`-1' invalid for parameter \`$p'"
	refused "$p=18446744073709551616" "overflowing unsigned long" \
		"\`18446744073709551616' invalid for parameter \`$p'"
	refused "$p=abc" non-numeric "\`abc' invalid for parameter \`$p'"
	# over the cap: a value in range whose load would ask for more than
	# total_max; total_max one byte short of the sum
	if [ "$big" != - ]; then
		sum=$(asked "$p=$big")
		# No total_max above half of lowmem is in range: where the value
		# asks for more than that in all (a size several blocks use,
		# on a small machine), half of it, until the sum fits.
		while [ "${sum:-0}" -gt "$half" ] && [ "$big" -gt "$lo" ]; do
			big=$((big / 2))
			sum=$(asked "$p=$big")
		done
		# shellcheck disable=SC2046 # but's words, one per parameter
		refused "$p=$big" "over the total_max cap" \
			"total_max=$((${sum:-1} - 1)) is below the $sum bytes these parameters ask for" \
			"total_max=$((${sum:-1} - 1))" $(but "$p")
	fi
done <<EOT
$(sed -n 's/^param name=\([a-z_0-9]*\) value=[0-9]* default=[0-9]* min=\([0-9]*\) max=\([0-9]*\) .*/\1 \2 \3/p' "$MD_SNAP")
EOT
# [params] is the kernel's own list: every parameter /sys/module/memdemo
# lists (saved in $MD_DEFAULTS) is there, so the loop above tried it; and
# the caps' largest value is half of lowmem as /proc/meminfo counts it.
missing=
while read -r n _; do
	grep -q "^param name=$n " "$MD_SNAP" || missing="$missing $n"
done <"$MD_DEFAULTS"
is "every parameter /sys/module/memdemo/parameters lists is in [params], tried above" "${missing:-none}" none
for n in total_max lab_max; do
	is "[params] gives $n's largest value as half of lowmem (/proc/meminfo)" \
		"$(sed -n "s/^param name=$n .* max=\([0-9]*\) .*/\1/p" "$MD_SNAP")" "$half"
done
if [ "$sweep" != one ]; then
	refused "kvmalloc_big=$kmax" "small enough for kmalloc" "kvmalloc_big=$kmax is out of range: allowed $((kmax + 1))"
	# All of lowmem: above half of it, and a value an unsigned long holds
	# (RAM may not, on a 32-bit kernel with more than 4 GiB).
	low=$((2 * half))
	refused "total_max=$low" "all of lowmem, above half of it" "total_max=$low is out of range"
	refused "lab_max=$low" "all of lowmem, above half of it" "lab_max=$low is out of range"
	refused kmalloc_size=12x "trailing garbage" "\`12x' invalid for parameter \`kmalloc_size'"
	if [ $((cap - (4 << 20))) -gt "$kmax" ]; then
		refused kvmalloc_big=$((cap - (4 << 20))) "the sum of several above total_max" "total_max=$cap is below" vmalloc_big=$((8 << 20))
	else
		refused vmalloc_big=$((cap - (4 << 20))) "the sum of several above total_max" "total_max=$cap is below" vmalloc_size=$((8 << 20))
	fi
fi
if [ "$sweep" = all ]; then
	diag "bad parameter values tried: $tried ($(md_params | grep -c .) parameters: zero, negative, overflowing, non-numeric, over the limit, over the total_max cap)"
elif [ "$sweep" = one ]; then
	diag "bad parameter values tried: $tried (sweep=one in the lane's row: the limits elsewhere, the whole sweep where pages are larger than 4 KiB, on highmem and where the row says sweep=all)"
else
	diag "bad parameter values tried: $tried (the parameters over their limits; the whole sweep runs where pages are larger than 4 KiB, on highmem and where the row says sweep=all)"
fi

# cache_merge=1: the kernel may hand memdemo an existing cache of the same
# size and flags.  memdemo says so from SLUB's sysfs: a mergeable cache's
# /sys/kernel/slab/<name> is a link to a directory named by SLUB's id for
# it (":0000200"), whose "aliases" counts the other caches merged into it.
# Checked here from user space: merged=1 with cache= that id when aliases
# is above 0 (and /proc/slabinfo then lists the cache under its first
# creator's name, not memdemo_obj), else merged=0 and memdemo_obj listed.
if load_memdemo cache_merge=1 </dev/null >/tmp/md.insmod 2>&1; then
	line=$(grep '^alloc name=cache-obj ' /proc/memdemo)
	md_parse "$line"
	inslab=$(awk '$1 == "memdemo_obj" { print "listed" }' /proc/slabinfo)
	if [ -L /sys/kernel/slab/memdemo_obj ]; then
		shared=$(readlink /sys/kernel/slab/memdemo_obj)
		shared=${shared##*/}
		aliases=$(cat "/sys/kernel/slab/$shared/aliases")
		aliases_of=$(for l in /sys/kernel/slab/*; do
			[ -L "$l" ] && [ "$(readlink "$l")" = "$(readlink /sys/kernel/slab/memdemo_obj)" ] && printf ' %s' "${l##*/}"
		done)
		diag "cache_merge=1: memdemo_obj is mergeable, SLUB's $shared (aliases=$aliases; names linked to it:$aliases_of)"
		if [ "${aliases:-0}" -gt 0 ]; then
			is "cache_merge=1: SLUB merged memdemo_obj into $shared, and memdemo says so" \
				"cache=$F_CACHE merged=$F_MERGED" "cache=$shared merged=1"
			is "... and /proc/slabinfo lists no memdemo_obj" "${inslab:-not listed}" "not listed"
		else
			is "cache_merge=1: memdemo_obj is mergeable but alone in $shared, and memdemo says so" \
				"cache=$F_CACHE merged=$F_MERGED" "cache=memdemo_obj merged=0"
			is "... and /proc/slabinfo lists memdemo_obj" "${inslab:-not listed}" "listed"
		fi
		is "... whose object_size is the reserved size memdemo reports" \
			"$(cat "/sys/kernel/slab/$shared/object_size")" "$F_RESERVED"
	else
		is "cache_merge=1: SLUB kept memdemo_obj apart (unmergeable here), and memdemo says so" \
			"cache=$F_CACHE merged=$F_MERGED" "cache=memdemo_obj merged=0"
	fi
	# (SLUB's alias links may outlive an unloaded cache before 6.5.)
	check "memdemo unloads after cache_merge=1" unload_memdemo
else
	not_ok "memdemo loads with cache_merge=1" "$(cat /tmp/md.insmod)"
fi
