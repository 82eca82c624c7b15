# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# Fault injection, on kernels built with it (the debug lane; skipped where
# /sys/kernel/debug/failslab is missing). For N = 1, 2, 3, ... memdemo is
# loaded with the Nth fault-injectable call of the loading task failing
# (Documentation/fault-injection/fault-injection.rst, "fail-nth"), until a
# load runs without a fault being injected. Each N must end in
#   a clean refusal: insmod fails, and nothing of memdemo is left: no module,
#     no /proc/memdemo, no memdemo_obj cache, no vmalloc area it made; or
#   a clean load: /proc/memdemo reads, rmmod works and leaves nothing;
# and the kernel log must stay free of splats. Leaks the refusals might
# leave are kmemleak's job (99-kmemleak.sh scans after the whole suite).
#
# Settings, for failslab and fail_page_alloc alike: probability 100,
# interval 1, times -1, space 0 and task-filter Y (no task has make-it-fail
# set, so nothing fails at random; fail-nth takes precedence over all of
# these), verbose 0 (no FAULT_INJECTION lines), ignore-gfp-wait N (sleeping
# allocations may fail: nearly all of the loader's and memdemo's are);
# fail_page_alloc also ignore-gfp-highmem N and min-order 0 (its default,
# 1, would never fail a single page).
#
# The loader is /usr/bin/fail-nth-load (tests/guest/fail-nth-load.c): one
# finit_module call like load_memdemo's guest-insmod, but armed with N and
# read back in the same task, which is how one learns whether the fault was
# injected (0) or the load made fewer than N injectable calls (non-zero).
#
# Where a fault landed: memdemo's init prints "memdemo: memdemo VERSION on
# ..." before it allocates anything, and its first allocation (the
# memdemo_obj cache) is one it cannot do without. A refused load without
# that line was refused by the module loader before init; one with it, by
# init (which must then name the failed step in a pr_err of its own). A load
# that survived its fault had it tolerated: before init if N is below the
# first refusal by init, inside init (its measurements) from there up to the
# last calls of a load; in those last calls (the tail, below) it may be
# init's last steps or the loader's work after init (the KOBJ_ADD uevent):
# counted apart. The count of calls is not exact from one load to the next
# (some 3000, give or take 70: the guard pair takes a varying number of
# vmalloc calls, slab and KASAN shadow refills come and go).
#
# A failed vmalloc prints a warn_alloc report with a stack trace, a failed
# kmem_cache_create one of its own: expected here, but the host fails the
# lane on any "Call Trace" on the console. So
# while faults are injected the console shows only KERN_ERR and worse
# (console_loglevel 4); KASAN, BUG: and panics still reach it, and this test
# scans the full kernel log itself for everything the host looks for,
# accepting a stack trace only as part of an allocation-failure report.
# shellcheck source=tests/guest/md.sh
. /tests/guest/md.sh

FI=/sys/kernel/debug
if [ ! -d "$FI/failslab" ]; then
	skip "fault injection" "this kernel has no $FI/failslab (CONFIG_FAILSLAB, FAULT_INJECTION_DEBUG_FS)"
	exit 0
fi
if ! command -v fail-nth-load >/dev/null; then
	not_ok "fail-nth-load is in the guest (tests/guest/fail-nth-load.c)"
	exit 0
fi
memdemo_loaded && unload_memdemo
echo 1 >/proc/sys/kernel/kptr_restrict
# Failing kmem_cache_create's sysfs registration leaks the kobject's name:
# the kernel's own bug (CVE-2024-25740, see 99-kmemleak.sh). kmemleak's
# scanning thread would report it on the console, where the host fails the
# lane; 99-kmemleak.sh scans at the end and tells it from memdemo's leaks.
[ -w "$FI/kmemleak" ] && echo scan=off >"$FI/kmemleak"

bad_set=
fi_set() {
	echo "$2" >"$FI/$1" 2>/dev/null || bad_set="$bad_set $1=$2"
}
for d in failslab fail_page_alloc; do
	fi_set $d/probability 100
	fi_set $d/interval 1
	fi_set $d/times -1
	fi_set $d/space 0
	fi_set $d/verbose 0
	fi_set $d/task-filter Y
	fi_set $d/ignore-gfp-wait N
done
fi_set fail_page_alloc/ignore-gfp-highmem N
fi_set fail_page_alloc/min-order 0
is "failslab and fail_page_alloc configured for fail-nth" "${bad_set:-none}" none

# Splats: the one list (tests/guest/splats) but for stack traces, which
# are judged apart below (every allocation-failure report has one).
SPLAT=$(md_splats | tr '|' '\n' | grep -vx 'Call Trace' | paste -sd '|')
# Allocation-failure reports, each with a stack trace: the page allocator's
# and vmalloc's (warn_alloc), and kmem_cache_create's ("...(memdemo_obj)
# failed with error -12").
ALLOCFAIL='page allocation failure:|vmalloc error:|kmem_cache_create[a-z_]*\(.*\) failed with error'
# Vmalloc areas whose caller is a bare address: made by code that is gone,
# which is what a vmalloc area memdemo failed to free would look like.
orphans() {
	grep -cE '^0x[0-9a-f]+-0x[0-9a-f]+ +[0-9]+ 0x[0-9a-f]+ ' /proc/vmallocinfo
}
# leftover: what a refused load left behind, as words; empty when nothing.
leftover() {
	_l=
	[ -e /proc/memdemo ] && _l="$_l /proc/memdemo"
	[ -d /sys/module/memdemo ] && _l="$_l /sys/module/memdemo"
	memdemo_loaded && _l="$_l /proc/modules"
	[ -e /sys/kernel/slab/memdemo_obj ] && _l="$_l memdemo_obj"
	grep -q '\[memdemo\]' /proc/vmallocinfo && _l="$_l vmallocinfo[memdemo]"
	[ "$(orphans)" = "$orphans0" ] || _l="$_l vmallocinfo-orphans:$(orphans)/$orphans0"
	echo "$_l"
}

# Two clean loads first: how many injectable calls a load makes (the
# smaller count; the first load of a boot may make more).
dmesg -c >/dev/null
big=1000000
calls=
for _ in 1 2; do
	out=$(fail-nth-load $big "$MEMDEMO_KO" 2>&1)
	case $out in
	"injected=0 "*" result=ok")
		unload_memdemo
		r=${out#*remaining=}
		c=$((big - ${r%% *}))
		[ -n "$calls" ] && [ "$calls" -le "$c" ] || calls=$c
		counts="${counts:+$counts, }$c"
		;;
	*)
		not_ok "a load with fail-nth armed beyond its end injects nothing and loads" "$out"
		memdemo_loaded && unload_memdemo
		exit 0
		;;
	esac
done
ok "two loads with fail-nth armed beyond their end inject nothing and load ($counts injectable calls)"
orphans0=$(orphans)

read -r cl_old _ </proc/sys/kernel/printk
echo 4 >/proc/sys/kernel/printk
dmesg -c >/dev/null

injected=0 refused=0 loaded=0 tried=0
first_init_refusal=0 last_init_refusal=0
init_refusals=0 allocfail=0 traces=0
unnamed=''
dirty=''
bad_loads=''
splats=''
orphan_traces=''
errnos=''
clean_n=''
log=/tmp/md.faults.log
: >/tmp/md.faults.loaded
: >/tmp/md.faults.splats
: >/tmp/md.faults.unnamed
: >/tmp/md.faults.traces

# attempt N: one load with the Nth call failing, checked; sets outcome to
# clean (no fault injected), refused, init-refused or loaded.
attempt() {
	tried=$((tried + 1))
	out=$(fail-nth-load "$1" "$MEMDEMO_KO" 2>&1)
	rc=$?
	dmesg -c >"$log"
	case $out in
	"injected=1 "*) ;;
	"injected=0 "*) outcome=clean ;;
	*)
		outcome=broken
		return
		;;
	esac
	# One pass over this attempt's kernel log: splats, allocation-failure
	# reports, stack traces, memdemo's init starting, memdemo naming a step.
	read -r sp a t started named <<EOT
$(awk -v splat="$SPLAT" -v af="$ALLOCFAIL" '
	$0 ~ splat { s++ }
	$0 ~ af { a++ }
	/Call Trace/ { t++ }
	/memdemo: memdemo .* on / { st = 1 }
	/memdemo: (.* failed$|cannot create)/ { nm = 1 }
	END { print s + 0, a + 0, t + 0, st + 0, nm + 0 }' "$log")
EOT
	if [ "$sp" != 0 ]; then
		splats="$splats $1"
		grep -E "$SPLAT" "$log" | head -n 5 >>/tmp/md.faults.splats
	fi
	allocfail=$((allocfail + a))
	traces=$((traces + t))
	if [ "$t" -gt "$a" ]; then
		orphan_traces="$orphan_traces $1"
		grep -B 8 'Call Trace' "$log" | sed 's/^\[[^]]*\] //' | head -n 20 >>/tmp/md.faults.traces
	fi
	[ "$outcome" != clean ] || return 0
	injected=$((injected + 1))
	if [ "$rc" = 0 ]; then
		# Loaded although a call failed: the loader and memdemo's
		# measurements tolerate some failures.
		outcome=loaded
		loaded=$((loaded + 1))
		echo "$1 $phase" >>/tmp/md.faults.loaded
		head -n 1 /proc/memdemo 2>/dev/null | grep -q '^memdemo .* on ' ||
			bad_loads="$bad_loads $1:unreadable"
		unload_memdemo 2>/dev/null || bad_loads="$bad_loads $1:rmmod"
		dmesg -c >>"$log"
		l=$(leftover)
		[ -z "$l" ] || bad_loads="$bad_loads $1:left:${l# }"
		grep -q 'memdemo: freed [0-9]* allocations' "$log" || bad_loads="$bad_loads $1:no-freed-line"
		return 0
	fi
	outcome=refused
	refused=$((refused + 1))
	e=${out##*finit_module: }
	case "|$errnos|" in *"|$e|"*) ;; *) errnos="${errnos:+$errnos|}$e" ;; esac
	l=$(leftover)
	[ -z "$l" ] || dirty="$dirty $1:${l# }"
	[ "$started" = 1 ] || return 0
	outcome=init-refused
	init_refusals=$((init_refusals + 1))
	[ "$first_init_refusal" != 0 ] || first_init_refusal=$1
	last_init_refusal=$1
	if [ "$named" != 1 ]; then
		unnamed="$unnamed $1"
		sed -n 's/^\[[^]]*\] //; /memdemo/p' "$log" | tail -n 3 >>/tmp/md.faults.unnamed
	fi
}

# Which N: every N would take hours under TCG with KASAN (a load makes
# some 3000 injectable calls: about 400 in the module loader, 150 in the
# allocations memdemo's init cannot do without, 2500 in its measurements,
# which tolerate failures, and a few for /proc/memdemo and after init; an
# attempt takes 1 to 3 s), so the N are chosen in phases:
#   loader   every 8th N, until memdemo's init refuses a load; then each N
#            skipped since the last one tried, and
#   init     every N, until 30 loads in a row survive their fault (the
#            longest run inside the allocations init needs is some 20: an
#            8 MiB vmalloc's internals tolerate failures), which means the
#            measurements have begun, so
#   measure  25 N spread over them, up to 60 calls before the clean load's
#            count (a refusal by init here would send it back to init), and
#   tail     every N: the end of init (/proc/memdemo, when the count's
#            variation puts it there) and the loader after init, until a
#            load injects nothing.
# FAULTS=every (make check LANES=debug-7.3 FAULTS=every TIMEOUT=7200)
# tries every N instead: about an hour under TCG.
STEP_LOADER=8 RUN_MEASURE=30 SAMPLES_MEASURE=25 TAIL=60
every=
if [ "${FAULTS:-}" = every ]; then
	every=1 STEP_LOADER=1
fi
tail_from=$((calls - TAIL))
limit=$((calls * 2 + 100))
phase=loader n=0 prev=0 run=0 step=$STEP_LOADER
phases=
while [ "$n" -lt "$limit" ]; do
	case $phase in
	loader) n=$((n + STEP_LOADER)) ;;
	init | tail) n=$((n + 1)) ;;
	measure)
		n=$((n + step))
		if [ "$n" -ge "$tail_from" ]; then
			n=$tail_from
			[ "$n" -gt "$prev" ] || n=$((prev + 1))
			phase='tail'
			phases="$phases tail@$n"
		fi
		;;
	esac
	attempt "$n"
	case $outcome in
	clean)
		clean_n=$n
		break
		;;
	broken)
		not_ok "fail-nth-load $n runs" "$out"
		break
		;;
	esac
	if [ "$phase" = loader ] && [ "$outcome" = init-refused ]; then
		# Init began somewhere after the last N tried: go through each.
		phase=init run=0
		phases="$phases init@$((prev + 1))"
		done_n=$n
		n=$prev
		while [ $((n + 1)) -lt "$done_n" ]; do
			n=$((n + 1))
			attempt "$n"
			prev=$n
		done
		n=$done_n
	elif [ "$phase" = init ]; then
		if [ "$outcome" = loaded ]; then
			run=$((run + 1))
		else
			run=0
		fi
		if [ "$run" -ge "$RUN_MEASURE" ]; then
			phase=measure
			step=$(((tail_from - n) / SAMPLES_MEASURE))
			[ "$step" -ge 1 ] && [ -z "$every" ] || step=1
			phases="$phases measure@$((n + 1))/$step"
		fi
	elif [ "$phase" = measure ] && [ "$outcome" = init-refused ]; then
		phase=init run=0
		phases="$phases init@$((n + 1))"
	fi
	prev=$n
done
echo "$cl_old" >/proc/sys/kernel/printk
for d in failslab fail_page_alloc; do
	echo 0 >"$FI/$d/probability"
done

# Where the faults landed (see the top).
before_init=$((refused - init_refusals)) in_init=$init_refusals at_end=0
while read -r m ph; do
	if [ "$first_init_refusal" = 0 ] || [ "$m" -lt "$first_init_refusal" ]; then
		before_init=$((before_init + 1))
	elif [ "$ph" = tail ]; then
		at_end=$((at_end + 1))
	else
		in_init=$((in_init + 1))
	fi
done </tmp/md.faults.loaded

if [ -n "$clean_n" ]; then
	ok "N=$clean_n: the first load with no fault injected loads ($tried loads tried)"
	check "it reads /proc/memdemo" sh -c 'head -n 1 /proc/memdemo | grep -q "^memdemo .* on "'
	check "and unloads" unload_memdemo
else
	not_ok "a load with no fault injected came by N=$n ($tried loads tried)"
	memdemo_loaded && unload_memdemo
fi
is "every refused load ($refused) left nothing of memdemo behind" "${dirty:-none}" none
is "every load that survived a fault ($loaded) read /proc/memdemo and unloaded cleanly" \
	"${bad_loads:-none}" none
if [ -n "$unnamed" ]; then
	not_ok "every refusal by memdemo's init ($init_refusals) names the failed step" \
		"N without a naming line:$unnamed" "$(cat /tmp/md.faults.unnamed)"
else
	ok "every refusal by memdemo's init ($init_refusals) names the failed step"
fi
if [ -n "$splats" ]; then
	not_ok "no BUG/WARNING/KASAN/lockdep splat in the kernel log while injecting" \
		"at N:$splats" "$(head -n 20 /tmp/md.faults.splats)"
else
	ok "no BUG/WARNING/KASAN/lockdep splat in the kernel log while injecting"
fi
if [ -n "$orphan_traces" ]; then
	not_ok "every stack trace in the log belongs to an allocation-failure report ($allocfail reports, $traces traces)" \
		"other traces at N:$orphan_traces" "$(head -n 40 /tmp/md.faults.traces)"
else
	ok "every stack trace in the log belongs to an allocation-failure report ($allocfail reports, $traces traces)"
fi
diag "fault injection: $calls injectable calls in a clean load; N tried: loader every $STEP_LOADER,$phases; memdemo's init refused loads at N=$first_init_refusal..$last_init_refusal"
diag "faults injected: $injected, of which $in_init landed inside memdemo's own init ($init_refusals refused by init, $((init_refusals - $(echo "$unnamed" | wc -w))) naming the step; $((in_init - init_refusals)) tolerated by its measurements); $before_init in the module loader before init; $at_end tolerated in a load's last $TAIL calls (init's last steps or the loader after init)"
diag "loads with a fault: $refused refused cleanly (errors: ${errnos:-none}), $loaded loaded; allocation-failure reports in the log: $allocfail"
