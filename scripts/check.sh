#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: host-side checks, then build memdemo.ko (W=1, warning-free) for
# every lane, boot each lane's kernel in qemu and run tests/guest/[0-9]*.sh.
# The host tests run beside the lanes; their lines come after the lanes'.
# Prints TAP numbered across all lanes ("ok 7 - 6.1-amd64: desc") and ends
# with one line "N passed, N failed"; exits non-zero on any failure.
#
# Environment: LANES="lane ..." (default: all in scripts/lanes, and dkms:
#   dkms add/build/install/remove in a guest booting $DKMS_LANE's kernel with
#   the host's root filesystem, see tests/dkms/; small: make demo's run
#   on $SMALL_LANE with 128 MiB of RAM, memdemo loaded with its defaults;
#   and system: an installed Debian 13 in a disk image, README's commands
#   as a regular user, DKMS through a kernel upgrade, Secure Boot, see
#   scripts/system-run.sh; leave them out of LANES to skip them), NEWCOMER=0 (skip the newcomer test),
#   JOBS (guests in parallel, default 2), MEM / CPUS / CMDLINE / TIMEOUT
#   (passed to every lane; see scripts/vm-run.sh).
set -uo pipefail
shopt -s lastpipe # emit, at the end of pipelines, keeps its counts
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
cd "$MEMDEMO_TOP" || exit 1

jobs=${JOBS:-2}
DKMS_LANE=6.1-amd64 # the kernel the dkms lane boots
SMALL_LANE=6.1-686  # the kernel the small lane boots with 128 MiB (112 usable)
if [ -n "${LANES:-}" ]; then
	read -r -a lanes <<<"$LANES"
else
	mapfile -t lanes < <(lane_names)
	lanes+=(system dkms small)
fi
for l in "${lanes[@]}"; do
	case $l in dkms | small | system) ;; *) lane_load "$l" ;; esac # dies on an unknown lane
done

n=0
passed=0
failed=0
skipped=0
# emit PREFIX: number the unnumbered TAP lines read from stdin.
emit() {
	local prefix=$1 line
	while IFS= read -r line; do
		case $line in
		"ok - "*)
			n=$((n + 1)) passed=$((passed + 1))
			case $line in *" # SKIP"*) skipped=$((skipped + 1)) ;; esac
			echo "ok $n - $prefix${line#ok - }"
			;;
		"not ok - "*)
			n=$((n + 1)) failed=$((failed + 1))
			echo "not ok $n - $prefix${line#not ok - }"
			;;
		*) echo "$line" ;;
		esac
	done
}
result() { tap_result "$@"; } # STATUS DESC: one TAP line (scripts/tap.sh)
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

t_start=$(now)
steps=() # "name seconds" of the host's steps before the lanes, for the summary
t_step=$t_start
# step NAME: the time since the last step (or the start) was NAME's.
step() {
	steps+=("$1 $(elapsed "$t_step")")
	t_step=$(now)
}
echo "TAP version 13"

# --- host ---------------------------------------------------------------------
say "checking dependencies ..."
deps_lanes=()
for l in "${lanes[@]}"; do
	case $l in
	dkms) deps_lanes+=("$DKMS_LANE") ;;
	small) deps_lanes+=("$SMALL_LANE") ;;
	system) deps_lanes+=(system) ;;
	*) deps_lanes+=("$l") ;;
	esac
done
out=$(scripts/deps.sh --all "${deps_lanes[@]}" 2>&1 | tee -a /dev/stderr)
rc=$? # pipefail: deps.sh's status
{
	result "$rc" "host: dependencies installed (scripts/deps.sh --all)"
	[ "$rc" = 0 ] || printf '%s\n' "$out" | sed 's/^/# /'
} | emit ""
if [ "$rc" != 0 ]; then
	echo "1..$n"
	echo "$passed passed, $failed failed"
	exit 1
fi
step dependencies

# --- a newcomer's first command ----------------------------------------------------
# README's `make demo`, as on a fresh machine: HOME and XDG_CACHE_HOME in an
# empty directory under /tmp (nothing cached: apt lists, kernel, busybox and
# tools are fetched afresh), Debian's default PATH for users (no sbin), no
# MEMDEMO_* settings. It must end with status 0 and show memdemo's dmesg
# lines and /proc/memdemo. NEWCOMER=0 skips it.
newcomer() {
	local nh t0 rc secs rel
	nh=$(mktemp -d /tmp/memdemo-newcomer.XXXXXX)
	t0=$(now)
	env -i HOME="$nh" XDG_CACHE_HOME="$nh/.cache" PATH=/usr/local/bin:/usr/bin:/bin \
		LANG=C.UTF-8 TERM=dumb make -C "$MEMDEMO_TOP" demo </dev/null >"$nh/demo.out" 2>&1
	rc=$?
	secs=$(elapsed "$t0")
	result "$rc" "newcomer: make demo from an empty cache ($nh) ends with status 0 ($secs s)"
	[ "$rc" = 0 ] || tail -n 30 "$nh/demo.out" | sed 's/^/# /'
	result "$(grep -q '^# cat /proc/memdemo' "$nh/demo.out" &&
		grep -q '^memdemo ' "$nh/demo.out"; echo $?)" \
		"newcomer: make demo shows /proc/memdemo"
	result "$(grep -qE '\] memdemo: alloc name=kmalloc-small ' "$nh/demo.out"; echo $?)" \
		"newcomer: make demo shows memdemo's dmesg lines"
	rel=$(cat "$nh/.cache/memdemo/lanes/6.12-amd64/release" 2>/dev/null)
	result "$([ -n "$rel" ]; echo $?)" \
		"newcomer: the kernel was fetched afresh into the new cache (${rel:-none})"
	grep -E '^(apt|[0-9.a-z+-]+): |^checking' "$nh/demo.out" | head -n 12 | sed 's/^/# /'
	rm -rf "$nh"
}
# It runs first and alone: the time it prints is make demo's own, not a
# wait for a guest slot behind the lanes.
if [ "${NEWCOMER:-1}" != 0 ]; then
	say "newcomer: make demo with an empty home under /tmp ..."
	newcomer 2>&1 | emit "host: "
	step newcomer
fi

scripts/shellcheck.sh --tap | emit "host: "

# One version: memdemo.h's MEMDEMO_VERSION and dkms.conf's PACKAGE_VERSION.
if [ -f dkms.conf ] && [ -f memdemo.h ]; then
	hv=$(sed -nE 's/^#define MEMDEMO_VERSION "([^"]*)".*/\1/p' memdemo.h)
	dv=$(sed -nE 's/^PACKAGE_VERSION="?([^"]*)"?.*/\1/p' dkms.conf)
	{
		result "$([ -n "$hv" ] && [ "$hv" = "$dv" ]; echo $?)" \
			"dkms.conf PACKAGE_VERSION ($dv) matches MEMDEMO_VERSION ($hv)"
	} | emit "host: "
fi
# make dkms-install stops, naming the headers package, before changing anything.
out=$(KVER=0.0.0-memdemo-no-headers scripts/dkms.sh --dry-run install 2>&1)
rc=$?
{
	result "$([ "$rc" != 0 ] && grep -q 'linux-headers-0.0.0-memdemo-no-headers' <<<"$out" &&
		! grep -q '^+ ' <<<"$out"; echo $?)" \
		"make dkms-install without the kernel's headers stops first, naming linux-headers-<release>"
	[ "$rc" != 0 ] || printf '%s\n' "$out" | sed 's/^/# /'
} | emit "host: "

step "shellcheck and the dkms checks"

# --- fetch (sequential: it may talk to apt) ---------------------------------------
# (progress to stderr as it comes: building a debug lane's kernel takes minutes)
ready=()
nlong=0 # the lanes at the head of the queue: system, debug lanes, then dkms
for l in "${lanes[@]}"; do
	# The system lane makes its own disk image (scripts/system-image.sh)
	# when it runs, beside the other lanes; it is the longest.
	if [ "$l" = system ]; then
		ready=(system "${ready[@]}") nlong=$((nlong + 1))
		continue
	fi
	fl=$l
	[ "$l" != dkms ] || fl=$DKMS_LANE
	[ "$l" != small ] || fl=$SMALL_LANE
	if out=$(scripts/fetch-lane.sh "$fl" 2>&1 | tee -a /dev/stderr); then
		# The longest first, so that they run beside the others rather than
		# alone at the end: the debug lanes (a quarter of the whole run),
		# then the dkms lane, then the rest in file order.
		case $l in
		dkms) ready=("${ready[@]:0:$nlong}" dkms "${ready[@]:$nlong}") nlong=$((nlong + 1)) ;;
		small) ready+=("$l") ;;
		*)
			lane_load "$l"
			if [ "$LANE_FLAVOUR" = debug ]; then
				ready=("$l" "${ready[@]}") nlong=$((nlong + 1))
			else
				ready+=("$l")
			fi
			;;
		esac
		grep -E 'cached|fetched|release' <<<"$out" | sed 's/^/# /'
	else
		{
			echo "not ok - fetch the lane's Debian kernel"
			printf '%s\n' "$out" | tail -n 20 | sed 's/^/# /'
		} | emit "$l: "
	fi
done

# --- host tests: parser, fuzzer, map, checkpatch, sparse ------------------------
# They run beside the lanes (on the host's CPUs, no guest); their TAP lines
# wait in $tmp and come after the lanes'.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
say "host tests (command parser, fuzzer, memdemo-map, the report page, checkpatch, sparse), beside the lanes ..."
step "fetching the lanes' kernels (building those built here)"
{
	t0=$(now)
	scripts/host-tests.sh >"$tmp/host-tests.tap"
	elapsed "$t0" >"$tmp/host-tests.secs"
} &

# --- lanes, at most $jobs guests at a time -----------------------------------------
run_lane() {
	local l=$1 t0
	t0=$(now)
	if [ "$l" = system ]; then
		scripts/system-run.sh >"$tmp/$l.tap"
	elif [ "$l" = dkms ]; then
		scripts/vm-run.sh --mode dkms "$DKMS_LANE" >"$tmp/$l.tap"
	elif [ "$l" = small ]; then
		small_machine >"$tmp/$l.tap"
	else
		scripts/vm-run.sh "$l" >"$tmp/$l.tap"
	fi
	echo $? >"$tmp/$l.rc"
	elapsed "$t0" >"$tmp/$l.secs"
}

# small_machine: `make demo MEM=128M` on $SMALL_LANE, no parameters: the
# load must succeed (every default within its machine-sized limit), and the
# lab's cap memdemo reports must fit half of the RAM the kernel has.
small_machine() {
	local out rc=0 ram lab
	out=$(MEM=128M PARAMS='' scripts/vm-run.sh --mode demo "$SMALL_LANE" 2>&1) || rc=$?
	result "$rc" "make demo KERNEL=$SMALL_LANE MEM=128M: memdemo loads with its defaults"
	[ "$rc" = 0 ] || printf '%s\n' "$out" | grep -E 'memdemo|not ok|insmod' | tail -n 15 | sed 's/^/# /'
	ram=$(sed -nE 's/^layout ram_total=([0-9]+).*/\1/p' <<<"$out" | head -n 1)
	lab=$(sed -nE 's/^lab total=[0-9]+ max=([0-9]+).*/\1/p' <<<"$out" | head -n 1)
	result "$([ -n "$ram" ] && [ -n "$lab" ] && [ "$lab" -le $((ram / 2)) ]; echo $?)" \
		"small machine: lab_max (${lab:-?}) within half of ram_total (${ram:-?})"
}

declare -A pid_of_lane=() done_lane=()
next=0   # next lane to start
shown=0  # lanes printed so far (in lane order)
running=0
show_finished() {
	while [ "$shown" -lt ${#ready[@]} ] && [ -n "${done_lane[${ready[$shown]}]:-}" ]; do
		local l=${ready[$shown]}
		emit "$l: " <"$tmp/$l.tap"
		if [ "$l" = system ]; then
			echo "# system: $(cat "$tmp/$l.secs") s wall (disk image if not cached + 2 qemu runs, 4 boots)"
		elif [ "$l" = dkms ]; then
			echo "# dkms: $(cat "$tmp/$l.secs") s wall (boot + dkms add, build, install, remove)"
		elif [ "$l" = small ]; then
			echo "# small: $(cat "$tmp/$l.secs") s wall (build + boot with 128 MiB + demo)"
		else
			echo "# $l: $(cat "$tmp/$l.secs") s wall (build + boot + tests)"
		fi
		shown=$((shown + 1))
	done
}
while [ "$shown" -lt ${#ready[@]} ]; do
	while [ "$running" -lt "$jobs" ] && [ "$next" -lt ${#ready[@]} ]; do
		l=${ready[$next]}
		run_lane "$l" &
		pid_of_lane[$l]=$!
		next=$((next + 1)) running=$((running + 1))
	done
	if [ "$running" -gt 0 ]; then
		wait -n -p finished_pid || true
		for l in "${!pid_of_lane[@]}"; do
			if [ "${pid_of_lane[$l]}" = "${finished_pid:-}" ]; then
				done_lane[$l]=1
				unset "pid_of_lane[$l]"
				running=$((running - 1))
			fi
		done
	fi
	show_finished
done

wait # the host tests
emit "host: " <"$tmp/host-tests.tap"

# The check's own summary of where the time went: the host's steps before
# the lanes; each lane's wall time from its start (a guest slot's wait
# included: two guests at a time, and the system lane's two runs take both),
# longest first, with the system lane's parts and its longest commands; the
# slowest guest scripts of all lanes; the host tests, which ran beside the
# lanes.
where_the_time_went() {
	local l s c
	echo "# where the time went, in seconds:"
	for s in "${steps[@]}"; do
		printf '#   before the lanes: %s %s\n' "${s% *}" "${s##* }"
	done
	for l in "${ready[@]}"; do
		printf '%s %s\n' "$(cat "$tmp/$l.secs" 2>/dev/null || echo 0)" "$l"
	done | sort -rn | while read -r s l; do
		printf '#   lane %s: %s\n' "$l" "$s"
		[ "$l" = system ] || continue
		sed -n 's/^# system: /#     /p' "$tmp/system.tap"
		sed -n 's/^ok - \(\$ .*\)  (as [a-z_]*, \([0-9.]*\) s[,)].*$/\2 \1/p' "$tmp/system.tap" |
			sort -rn | head -n 4 | while read -r s c; do
			printf '#     command %s: %s\n' "$c" "$s"
		done
	done
	for l in "${ready[@]}"; do
		sed -n "s/^# --- \(.*\) took \([0-9]*\) ms$/\2 \1 ($l)/p" "$tmp/$l.tap"
	done | sort -rn | head -n 8 | while read -r s l; do
		printf '#   guest script %s: %d.%d\n' "$l" $((s / 1000)) $((s % 1000 / 100))
	done
	echo "#   host tests, beside the lanes: $(cat "$tmp/host-tests.secs" 2>/dev/null || echo '?')"
}
where_the_time_went
echo "# total $(elapsed "$t_start") s; $skipped skipped"
echo "1..$n"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
