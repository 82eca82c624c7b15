#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run one lane of scripts/lanes, whatever its kind, and keep what it found in
# a results directory: the unit that make check runs, that one machine runs
# alone, and that CI spreads over many machines.
#
#   RESULTS/<lane>/tap       unnumbered TAP lines ("ok - ...", "not ok - ...",
#                            "# ..."); scripts/check-summary.sh numbers them
#   RESULTS/<lane>/summary   one "key=value" per line: lane kind kernel arch
#                            accel passed failed skipped seconds fetched
#   RESULTS/<lane>/*.log     the lane's logs (fetch, console, results channel)
#
# The summary is written last: a lane without one has no results (it was
# stopped, or its machine died), and the merge reports it as missing.
#
# usage: run-lane.sh LANE RESULTS
set -uo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/lib-lanes.sh
. "$(dirname "$0")/lib-lanes.sh"
cd "$MEMDEMO_TOP" || exit 1

[ $# = 2 ] || die "usage: $0 LANE RESULTS"
lane=$1
lane_load "$lane"
out=$2/$lane
rm -rf "$out"
mkdir -p "$out" || die "cannot create $out"
t0=$(date +%s.%N)
fetched=0
result() { tap_result "$@"; }

# fetch_kernel: the lane's kernel, fetched or built here (a fresh machine
# spends its first minutes on it); a failure is the lane's one result.
fetch_kernel() {
	if scripts/fetch-lane.sh "$lane" >"$out/fetch.log" 2>&1; then
		grep -E 'cached|fetched|built' "$out/fetch.log" | sed 's/^/# /'
		! grep -qE ': (fetched|built) ' "$out/fetch.log" || fetched=1
		return 0
	fi
	tap_not_ok "fetch the lane's Debian kernel" "$(tail -n 20 "$out/fetch.log")"
	return 1
}

# The newcomer: README's `make demo`, as on a fresh machine: HOME and
# XDG_CACHE_HOME in an empty directory under /tmp (nothing cached: apt
# lists, kernel, busybox and tools are fetched afresh), Debian's default
# PATH for users (no sbin), no MEMDEMO_* settings. It must end with status 0
# and show memdemo's dmesg lines and /proc/memdemo.
newcomer() {
	local nh t rc secs rel def
	def=$(lane_default)
	nh=$(mktemp -d /tmp/memdemo-newcomer.XXXXXX)
	t=$(date +%s.%N)
	env -i HOME="$nh" XDG_CACHE_HOME="$nh/.cache" PATH=/usr/local/bin:/usr/bin:/bin \
		LANG=C.UTF-8 TERM=dumb make -C "$MEMDEMO_TOP" demo </dev/null >"$nh/demo.out" 2>&1
	rc=$?
	secs=$(awk -v a="$t" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
	cp "$nh/demo.out" "$out/demo.log"
	result "$rc" "make demo from an empty cache ($nh) ends with status 0 ($secs s)" "$nh/demo.out"
	result "$(grep -q '^# cat /proc/memdemo' "$nh/demo.out" &&
		grep -q '^memdemo ' "$nh/demo.out"; echo $?)" \
		"make demo shows /proc/memdemo"
	result "$(grep -qE '\] memdemo: alloc name=[^ ]+ api=' "$nh/demo.out"; echo $?)" \
		"make demo shows memdemo's dmesg lines"
	rel=$(cat "$nh/.cache/memdemo/lanes/$def/release" 2>/dev/null)
	result "$([ -n "$rel" ]; echo $?)" \
		"the default lane's kernel ($def) was fetched afresh into the new cache (${rel:-none})"
	grep -E '^(apt|[0-9.a-z+-]+): |^checking' "$nh/demo.out" | head -n 12 | sed 's/^/# /'
	rm -rf "$nh"
}

# The host's own tests: scripts, versions, make dkms-install's first check,
# the CI workflow, then scripts/host-tests.sh (parser, fuzzer, tools,
# page, checkpatch, sparse).
host() {
	scripts/shellcheck.sh --tap
	# One version: memdemo.h's MEMDEMO_VERSION, dkms.conf and the package.
	if [ -x tests/host/version-test.sh ]; then
		tests/host/version-test.sh
	else
		local hv dv
		hv=$(sed -nE 's/^#define MEMDEMO_VERSION "([^"]*)".*/\1/p' memdemo.h)
		dv=$(sed -nE 's/^PACKAGE_VERSION="?([^"]*)"?.*/\1/p' dkms.conf)
		result "$([ -n "$hv" ] && [ "$hv" = "$dv" ]; echo $?)" \
			"dkms.conf PACKAGE_VERSION ($dv) matches MEMDEMO_VERSION ($hv)"
	fi
	# make dkms-install stops, naming the headers package, before changing anything.
	local o rc
	o=$(KVER=0.0.0-memdemo-no-headers scripts/dkms.sh --dry-run install 2>&1)
	rc=$?
	result "$([ "$rc" != 0 ] && grep -q 'linux-headers-0.0.0-memdemo-no-headers' <<<"$o" &&
		! grep -q '^+ ' <<<"$o"; echo $?)" \
		"make dkms-install without the kernel's headers stops first, naming linux-headers-<release>"
	[ "$rc" != 0 ] || printf '%s\n' "$o" | sed 's/^/# /'
	tests/host/workflow-test.sh
	tests/host/summary-test.sh
	scripts/host-tests.sh
}

# A small machine: make demo with the lane's mem and no parameters. The load
# must succeed (every default within its machine-sized limit), and the
# lab's cap memdemo reports must fit half of the RAM the kernel has (half
# of lowmem, its real bound, is no more than that).
small_machine() {
	local o rc=0 ram lab
	o=$(RUN_OUT=$out PARAMS='' scripts/vm-run.sh --mode demo "$lane" 2>&1) || rc=$?
	printf '%s\n' "$o" >"$out/demo.log"
	result "$rc" "make demo KERNEL=$(lane_base "$lane") MEM=$LANE_MEM: memdemo loads with its defaults"
	[ "$rc" = 0 ] || printf '%s\n' "$o" | grep -E 'memdemo|not ok|insmod' | tail -n 15 | sed 's/^/# /'
	ram=$(sed -nE 's/^layout ram_total=([0-9]+).*/\1/p' <<<"$o" | head -n 1)
	lab=$(sed -nE 's/^lab total=[0-9]+ max=([0-9]+).*/\1/p' <<<"$o" | head -n 1)
	result "$([ -n "$ram" ] && [ -n "$lab" ] && [ "$lab" -le $((ram / 2)) ]; echo $?)" \
		"small machine: lab_max (${lab:-?}) within half of ram_total (${ram:-?})"
}

case $LANE_KIND in
test) fetch_kernel && RUN_OUT=$out scripts/vm-run.sh "$lane" ;;
demo) fetch_kernel && small_machine ;;
dkms) fetch_kernel && RUN_OUT=$out scripts/vm-run.sh --mode dkms "$lane" ;;
newcomer) newcomer ;;
host) host ;;
system) scripts/system-run.sh ;;
*) tap_not_ok "lane kind '$LANE_KIND' is one run-lane.sh knows (scripts/lanes)" ;;
esac >"$out/tap" 2>"$out/stderr.log"

secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
kernel=$(sed -n 's/^kernel=//p' "$out/boot" 2>/dev/null)
accel=$(sed -n 's/^accel=//p' "$out/boot" 2>/dev/null)
{
	echo "lane=$lane"
	echo "kind=$LANE_KIND"
	echo "kernel=${kernel:-${LANE_SERIES:--}}"
	echo "arch=${LANE_ARCH:-$(host_arch)}"
	echo "accel=${accel:--}"
	echo "passed=$(grep -c '^ok - ' "$out/tap")"
	echo "failed=$(grep -c '^not ok - ' "$out/tap")"
	echo "skipped=$(grep -c '^ok - .* # SKIP' "$out/tap")"
	echo "seconds=$secs"
	echo "fetched=$fetched"
} >"$out/summary.tmp"
mv "$out/summary.tmp" "$out/summary"
# The lane's time, for the order of the next run (the longest first).
mkdir -p "$MEMDEMO_CACHE/lane-seconds"
echo "$secs" >"$MEMDEMO_CACHE/lane-seconds/$lane"
! grep -q '^not ok - ' "$out/tap"
