#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build memdemo.ko for a lane, boot that lane's kernel in qemu with a
# busybox initramfs, run the guest side, and report unnumbered TAP lines on
# stdout ("ok - desc", "not ok - desc", "# diag"); scripts/check.sh numbers
# them. Exit status 0 when everything passed.
#
# usage: vm-run.sh [options] LANE
#   --mode M       test (default): run tests/guest/[0-9]*.sh
#                  demo: load, show dmesg, /proc/memdemo, the map and tables
#                  bench: load, run the benchmark, print its lines
#                  claims: load, print the claim lines (kernel and user space)
#                  bare: power off at once (no module; boot-time baseline)
#                  shell: interactive busybox shell on the console
#                  dkms: dkms add/build/install/remove of the sources in a
#                  guest running the host's / (read-only, 9p, tmpfs overlay):
#                  tests/dkms/init and tests/dkms/guest.sh
#   --mem SIZE     guest RAM (default: the lane's; env MEM)
#   --cpus N       guest CPUs (default: the lane's; env CPUS)
#   --cmdline STR  extra kernel command line (env CMDLINE)
#   --params STR   module parameters for demo mode (env PARAMS)
#   --tests "P..."  run only the guest tests whose names start with one of
#                  these words, e.g. "00 50" (env TESTS)
#   --timeout S    hard limit for qemu in seconds (default 240; a test run
#                  twice its lane's script limit, a dkms run its lane's
#                  limit: scripts/lanes; env TIMEOUT)
#   --keep         keep the run directory (build, initramfs, logs)
# Environment also: ACCEL=kvm|tcg forces qemu's accelerator (default: KVM
#   when the lane's kernel boots with it, else TCG; lib.sh accel_pick).
# Environment also: CLOCK=icount, under TCG, makes the guest's clock count
#   instructions: single-threaded TCG with qemu's -icount shift=0 (one
#   nanosecond per instruction executed, the host's speed and load out of
#   it), so what the guest times with ktime is the instructions its kernel
#   ran. Ignored under KVM, whose clock is the real CPU's (the boot line
#   says which).
# Environment also: SCRIPT_LIMIT=<s> overrides the lane's limit of one guest
#   test script; RUN_OUT=<dir> keeps the console, the results channel and
#   the boot's kernel, accelerator and clock there (scripts/run-lane.sh).
# Environment also: FAULTS=every makes tests/guest/90-faults.sh try every N
#   (about an hour on debug-7.3; give it TIMEOUT=7200).
# Run directories live in ${XDG_CACHE_HOME:-$HOME/.cache}/memdemo/runs/ and
# are removed after a passing run unless --keep is given.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/lib-lanes.sh
. "$(dirname "$0")/lib-lanes.sh"
# shellcheck source=scripts/lib-buildroot.sh
. "$(dirname "$0")/lib-buildroot.sh"
# shellcheck source=scripts/lib-guest.sh
. "$(dirname "$0")/lib-guest.sh"

mode="test"
mem=${MEM:-}
cpus=${CPUS:-}
cmdline=${CMDLINE:-}
params=${PARAMS:-}
tests=${TESTS:-}
tmo=${TIMEOUT:-}
keep=0
lane=
while [ $# -gt 0 ]; do
	case $1 in
	--mode) mode=$2; shift ;;
	--mem) mem=$2; shift ;;
	--cpus) cpus=$2; shift ;;
	--cmdline) cmdline=$2; shift ;;
	--params) params=$2; shift ;;
	--tests) tests=$2; shift ;;
	--timeout) tmo=$2; shift ;;
	--keep) keep=1 ;;
	-h | --help) sed -n '/^# Build memdemo/,/^# are removed/s/^# \{0,1\}//p' "$0"; exit 0 ;;
	-*) die "unknown option $1" ;;
	*) [ -z "$lane" ] || die "one lane at a time"; lane=$1 ;;
	esac
	shift
done
[ -n "$lane" ] || die "usage: $0 [options] LANE (lanes: $(lane_names | tr '\n' ' '))"
case $mode in test | demo | bench | claims | bare | shell | dkms) ;; *) die "unknown mode '$mode'" ;; esac

lane_load "$lane"
arch_load "$LANE_ARCH"
mem=${mem:-$LANE_MEM}
cpus=${cpus:-$LANE_CPUS}
# Time limits catch a guest that hangs; they are no target. The lane's
# row gives the limit of one guest test script (tests/guest/init kills a
# script that passes it and goes on with the next); a whole test run may
# take twice that: the suite's own time plus one hung script. A dkms run's
# limit is its row's whole; the other modes run no suite.
lane_limit=${LANE_LIMIT:-300}
script_limit=${SCRIPT_LIMIT:-$lane_limit}
if [ -z "$tmo" ]; then
	case $mode in
	test) tmo=$((lane_limit * 2)) ;;
	dkms) tmo=$lane_limit ;;
	*) tmo=240 ;;
	esac
fi
"$MEMDEMO_TOP/scripts/fetch-lane.sh" "$lane" 2>/dev/null ||
	"$MEMDEMO_TOP/scripts/fetch-lane.sh" "$lane" >&2 ||
	die "$lane: cannot fetch the kernel"
rel=$(lane_release "$lane")
kdir=$(cat "$LANE_DIR/kdir") # inside the lane's build root, if it has one
vmlinuz=$LANE_DIR/root/boot/vmlinuz-$rel
command -v "$QEMU_BIN" >/dev/null || die "$QEMU_BIN not found (Debian package qemu-system-x86 / qemu-system-arm; run scripts/deps.sh)"

mkdir -p "$MEMDEMO_CACHE/runs"
# Failed runs are kept for inspection; forget them after a day.
find "$MEMDEMO_CACHE/runs" -mindepth 1 -maxdepth 1 -type d -mmin +1440 -exec rm -rf {} + 2>/dev/null || true
run=$(mktemp -d "$MEMDEMO_CACHE/runs/$lane.XXXXXX")
failed=0
pass() { tap_ok "$*"; }
fail() { tap_not_ok "$*"; failed=1; }
finish() {
	if [ "$failed" = 0 ] && [ "$keep" = 0 ]; then
		rm -rf "$run"
	else
		echo "# run directory kept: $run"
	fi
	exit "$failed"
}

# --- build: always W=1; any warning fails the lane -------------------------
# The module's sources: the repository's Kbuild and top-level *.c / *.h
# (MEMDEMO_SRC points elsewhere, e.g. to try the harness on another module).
src=${MEMDEMO_SRC:-$MEMDEMO_TOP}
if [ "$mode" != bare ] && [ "$mode" != dkms ] && { [ "$mode" != shell ] || [ -e "$src/memdemo.c" ]; }; then
	say "$lane: building memdemo.ko against $rel ..."
	mkdir "$run/build"
	cp "$src/Kbuild" "$run/build/"
	find "$src" -maxdepth 1 -name '*.[ch]' -exec cp {} "$run/build/" \;
	brc=0
	lane_make "$run/build" W=1 >"$run/build.log" 2>&1 || brc=$?
	if [ "$brc" -ne 0 ]; then
		fail "build against $rel"
		sed 's/^/# /' "$run/build.log" | tail -n 40
		finish
	fi
	# modpost says WARNING:, the compiler warning:
	if grep -qi 'warning' "$run/build.log"; then
		fail "build against $rel is warning-free with W=1"
		grep -i -B2 -A3 'warning' "$run/build.log" | sed 's/^/# /' | head -n 60
	else
		pass "build against $rel is warning-free with W=1"
	fi
fi

# --- initramfs ----------------------------------------------------------------
bb=$(busybox_for_arch "$LANE_ARCH")
ird=$run/initramfs
mkdir -p "$ird"/{bin,etc,tests/guest,root}
cp "$bb" "$ird/bin/busybox"
cp "$(guest_insmod "$LANE_ARCH")" "$ird/bin/guest-insmod"
install -m 0755 "$MEMDEMO_TOP/tests/guest/init" "$ird/init"
if [ "$mode" != bare ] && [ "$mode" != dkms ]; then
	if [ -e "$run/build/memdemo.ko" ]; then
		# Stripped of debug info as modules_install INSTALL_MOD_STRIP=1 and
		# Debian's own modules are: 1/6 the size, and each insmod under
		# TCG reads and checks the whole file.
		"${CROSS_COMPILE}strip" --strip-debug -o "$ird/memdemo.ko" "$run/build/memdemo.ko"
	fi
	cp "$MEMDEMO_TOP"/tests/guest/*.sh "$MEMDEMO_TOP/tests/guest/splats" "$ird/tests/guest/" 2>/dev/null || true
	# README's own commands, which tests run as README gives them.
	cp "$MEMDEMO_TOP/README.md" "$ird/tests/README.md"
	# The kernel's own vmalloc test, where the lane built it (debug lanes):
	# make bench compares memdemo's figure with test_vmalloc's.
	tv=$({ find "$LANE_DIR/root/lib/modules/$rel" -name 'test_vmalloc.ko*' 2>/dev/null || true; } | head -n 1)
	if [ "$mode" = bench ] && [ -n "$tv" ]; then
		case $tv in
		*.xz) xz -dc "$tv" >"$ird/test_vmalloc.ko" ;;
		*) cp "$tv" "$ird/test_vmalloc.ko" ;;
		esac
	fi
	# User programs of tools/, built by tools/Makefile static for the
	# lane's architecture, go to /usr/bin in the guest.
	mkdir -p "$ird/usr/bin"
	if tdir=$(guest_tools "$src" "$LANE_ARCH" 2>"$run/tool.log"); then
		for bin in "$tdir"/*; do
			case $bin in *.o | */build.log) continue ;; esac
			cp "$bin" "$ird/usr/bin/"
			pass "tools/${bin##*/} builds for $LANE_ARCH (make -C tools: static, -Wall -Wextra -Werror)"
		done
	else
		fail "tools/ builds for $LANE_ARCH (make -C tools: static, -Wall -Wextra -Werror)"
		head -n 30 "$run/tool.log" | sed 's/^/# /'
	fi
	# Helper programs of the guest tests (tests/guest/*.c), the same way.
	for c in "$MEMDEMO_TOP"/tests/guest/*.c; do
		[ -e "$c" ] || continue
		name=$(basename "$c" .c)
		if bin=$(guest_tool "$c" "$LANE_ARCH" 2>"$run/tool.log"); then
			cp "$bin" "$ird/usr/bin/$name"
		else
			fail "tests/guest/$name.c builds for $LANE_ARCH (static, -Wall -Wextra, no warnings)"
			head -n 30 "$run/tool.log" | sed 's/^/# /'
		fi
	done
fi
printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'nobody:x:65534:65534:nobody:/nonexistent:/bin/sh' >"$ird/etc/passwd"
printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' >"$ird/etc/group"
q() { printf "%s='%s'\n" "$1" "${2//\'/\'\\\'\'}"; }
{
	q LANE "$lane"
	q ARCH "$LANE_ARCH"
	q RELEASE "$rel"
	q MEM "$mem"
	q CPUS "$cpus"
	q MODE "$mode"
	q PARAMS "$params"
	q TESTS "$tests"
	q TAGS "$LANE_TAGS"
	q LIMIT "$script_limit"
	q RESULTS "$LANE_RESULTS"
	q FAULTS "${FAULTS:-}"
	q BENCH "${BENCH:-}"
	q LOOPS "${LOOPS:-}"
	q ROUNDS "${ROUNDS:-}"
	echo "export LANE ARCH RELEASE MEM CPUS MODE PARAMS TESTS TAGS LIMIT RESULTS FAULTS BENCH LOOPS ROUNDS"
} >"$ird/lane.env"

# --- dkms mode: tests/dkms/init mounts the host's / and runs tests/dkms/guest.sh
if [ "$mode" = dkms ]; then
	install -m 0755 "$MEMDEMO_TOP/tests/dkms/init" "$ird/init"
	# The guest's /lib/modules/<release>: only the modules that mounting the
	# host's / needs (in load order: Debian builds them as modules), so that
	# each depmod dkms runs reads 11 modules, not 4000 over 9p (50-115 s).
	lm=lib/modules/$rel
	mkdir -p "$ird/$lm"
	for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci \
		netfs fscache 9pnet 9pnet_virtio 9p overlay; do
		ko=$(cd "$LANE_DIR/root/$lm" && find kernel -name "$m.ko*" | head -n1)
		[ -n "$ko" ] || die "$lane: no $m.ko in $rel's modules"
		mkdir -p "$ird/$lm/${ko%/*}"
		case $ko in
		*.xz) xz -dc "$LANE_DIR/root/$lm/$ko" >"$ird/$lm/${ko%.xz}" ;;
		*) cp "$LANE_DIR/root/$lm/$ko" "$ird/$lm/$ko" ;;
		esac
		echo "${ko%.xz}" >>"$ird/$lm/load-order"
	done
	cp "$LANE_DIR/root/$lm"/modules.{builtin,builtin.modinfo,order} "$ird/$lm/"
	# The files DKMS gets, and scripts/dkms.sh (make dkms-install) beside them.
	mkdir -p "$ird/dkms/src/scripts"
	install -m 0755 "$MEMDEMO_TOP/tests/dkms/guest.sh" "$ird/dkms/"
	for f in $("$MEMDEMO_TOP/scripts/dkms.sh" files); do cp "$src/$f" "$ird/dkms/src/"; done
	cp "$MEMDEMO_TOP/scripts/dkms.sh" "$MEMDEMO_TOP/scripts/lib.sh" "$MEMDEMO_TOP/scripts/tap.sh" "$ird/dkms/src/scripts/"
	{
		q VERSION "$("$MEMDEMO_TOP/scripts/dkms.sh" version)"
		q KDIR "$kdir"
		q LANEDIR "$LANE_DIR"
	} >>"$ird/lane.env"
fi
(cd "$ird" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$run/initramfs.cpio"

# --- boot ---------------------------------------------------------------------
# Harness defaults, for speed under TCG; later words (the lane's, CMDLINE)
# override them, e.g. CMDLINE="rcupdate.rcu_expedited=0":
#   cryptomgr.notests         skip the crypto self-tests (2 s on 6.1 i386)
#   rcupdate.rcu_expedited=1  fast RCU grace periods (each insmod/rmmod waits
#                             for several; halves the guest test time)
# and, so that a broken kernel ends the run at once instead of at the timeout:
#   oops=panic panic=-1       an oops panics, the panic reboots, qemu exits
BASE_CMDLINE="cryptomgr.notests rcupdate.rcu_expedited=1 oops=panic"
# The slot first: the KVM probe (accel_pick) is a guest too.
guest_slot
accel=$(accel_pick "$LANE_ARCH" "$vmlinuz")
clock=wall
if [ "${CLOCK:-wall}" = icount ] && [ "$accel" = tcg ]; then
	clock=icount
	# icount runs only on single-threaded TCG; sleep=off: an idle guest's
	# clock does not jump ahead by the host's time either.
	accel=tcg,thread=single
fi
qemu=("$QEMU_BIN" "${QEMU_MACHINE[@]}" -accel "$accel" -nodefaults -no-reboot -no-user-config
	-display none -m "$mem" -smp "$cpus"
	-kernel "$vmlinuz" -initrd "$run/initramfs.cpio"
	-append "console=$LANE_CONSOLE panic=-1 $BASE_CMDLINE $LANE_CMDLINE $cmdline")
case $LANE_ARCH in
amd64 | i386)
	[ -e /usr/share/qemu/qboot.rom ] && qemu+=(-bios /usr/share/qemu/qboot.rom)
	;;
esac
# shellcheck disable=SC2054 # the commas are qemu's
[ "$clock" = wall ] || qemu+=(-icount shift=0,align=off,sleep=off)
if [ "$mode" = dkms ]; then
	# The host's whole /, read-only; the guest writes to a tmpfs overlay.
	# shellcheck disable=SC2054 # the commas are qemu's
	qemu+=(-fsdev local,id=root,path=/,security_model=none,readonly=on,multidevs=remap
		-device virtio-9p-pci,fsdev=root,mount_tag=hostroot)
fi
# The results channel: a second serial port, or a PCI one (arch_load).
# shellcheck disable=SC2054 # the commas are qemu's
case $RESULTS_PORT in
serial) results=(-serial "file:$run/results.raw") ;;
pci-serial) results=(-chardev "file,id=results,path=$run/results.raw" -device pci-serial,chardev=results) ;;
esac
if [ "$mode" = shell ]; then
	# Interactive: console on this terminal, results to a file.
	say "$lane: booting $rel (shell; leave with poweroff -f or Ctrl-A X) ..."
	"${qemu[@]}" -serial mon:stdio "${results[@]}"
	keep=1
	finish
fi
qemu+=(-serial "file:$run/console.raw" "${results[@]}")
say "$lane: booting $rel ($mode, ${mem} RAM, $cpus CPUs, qemu $accel$([ "$accel" = kvm ] || echo ': KVM unavailable or not asked for, emulated CPU')$([ "$clock" = wall ] || echo '; clock: instructions (icount)')) ..."
t0=$(date +%s.%N)
# A kernel can crash while booting under qemu's multi-threaded TCG, long
# before anything of memdemo runs (seen on 6.12: "Oops: int3" in
# sched_clock_cpu, qemu's code translation meeting the kernel's live code
# patching). That crash leaves the results port empty. It is told apart from
# memdemo's failures by exactly that, said, and the guest booted once more
# with single-threaded TCG, which does not show it.
for attempt in 1 2; do
	qrc=0
	timeout --foreground --signal=KILL "$tmo" "${qemu[@]}" </dev/null >"$run/qemu.out" 2>&1 || qrc=$?
	if [ "$attempt" = 1 ] && [ "$accel" = tcg ] && [ ! -s "$run/results.raw" ] &&
		grep -qaE 'Kernel panic|Oops:' "$run/console.raw"; then
		mv "$run/console.raw" "$run/console-crashed-boot.raw"
		echo "# $lane: the kernel crashed while booting, before the guest's first line ($(grep -aoE -m1 'Oops: [^[]*|Kernel panic - [^\r]*' "$run/console-crashed-boot.raw" | head -n1)); booting once more with single-threaded TCG (first console kept as console-crashed-boot.raw)"
		for i in "${!qemu[@]}"; do
			[ "${qemu[$i]}" = -accel ] && qemu[i + 1]=tcg,thread=single
		done
		: >"$run/results.raw"
		continue
	fi
	break
done
exec 7>&-
t1=$(date +%s.%N)
secs=$(echo "$t1 $t0" | awk '{ printf "%.1f", $1 - $2 }')
echo "$secs" >"$run/seconds"
tr -d '\r' <"$run/console.raw" >"$run/console.log"
tr -d '\r' <"$run/results.raw" >"$run/results.log"
# A lane's results directory (scripts/run-lane.sh) keeps the logs and what
# the boot was, whatever the outcome.
if [ -n "${RUN_OUT:-}" ]; then
	mkdir -p "$RUN_OUT"
	cp "$run/console.log" "$run/results.log" "$run/qemu.out" "$RUN_OUT/" 2>/dev/null || true
	[ ! -e "$run/build.log" ] || cp "$run/build.log" "$RUN_OUT/"
	printf 'kernel=%s\naccel=%s\nclock=%s\nqemu_seconds=%s\n' "$rel" "${accel%%,*}" "$clock" "$secs" >"$RUN_OUT/boot"
fi

done_line=$(grep -m1 '^MEMDEMO-DONE' "$run/results.log" || true)

# --- results ------------------------------------------------------------------
case $mode in
test | dkms)
	# Guest lines go through as they are; anything that is not a TAP result
	# becomes a diagnostic.
	{ grep -v '^MEMDEMO-DONE' "$run/results.log" || true; } |
		sed -E '/^(ok|not ok) - /!{/^#/!s/^/# /}' | tee "$run/tap"
	grep -q '^not ok' "$run/tap" && failed=1
	if [ -n "$done_line" ] && ! grep -qE '^(ok|not ok) - ' "$run/tap"; then
		fail "guest reported test results (none came${tests:+; TESTS=\"$tests\"})"
	fi
	;;
demo | bench | claims | bare)
	{ grep -v '^MEMDEMO-DONE' "$run/results.log" || true; }
	;;
esac

if [ "$qrc" -eq 137 ] || [ "$qrc" -eq 124 ]; then
	fail "guest finished within ${tmo}s (killed by timeout; last test started: $(grep '^# --- ' "$run/results.log" | tail -n1 | cut -c7-))"
elif [ -z "$done_line" ]; then
	fail "guest reported completion (no MEMDEMO-DONE; qemu exit $qrc)"
	sed 's/^/# qemu: /' "$run/qemu.out"
elif [ "$done_line" != "MEMDEMO-DONE" ] && [ "$done_line" != "MEMDEMO-DONE 0" ]; then
	fail "guest $mode run succeeded (${done_line#MEMDEMO-DONE })"
else
	pass "guest $mode run finished in ${secs}s"
fi

# Splats anywhere on the kernel console fail the lane: the patterns of
# tests/guest/splats, the one list every log scan reads.
bad=$(grep -vE '^(#|$)' "$MEMDEMO_TOP/tests/guest/splats" | paste -sd '|')
[ -n "$bad" ] || die "no splat patterns in tests/guest/splats"
if grep -qE "$bad" "$run/console.log"; then
	fail "kernel console free of splats (BUG, WARNING, Oops, Call Trace, KASAN, lockdep, ...: tests/guest/splats)"
	grep -nE "$bad" "$run/console.log" | head -n 10 | sed 's/^/# /'
fi
if [ "$failed" != 0 ]; then
	echo "# --- last 40 lines of the kernel console ($run/console.log)"
	tail -n 40 "$run/console.log" | sed 's/^/# /'
fi
[ "$failed" != 0 ] || pass "kernel console free of splats (BUG, WARNING, Oops, Call Trace, KASAN, lockdep, ...: tests/guest/splats)"
finish
