#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The system lane: memdemo used the way its users use it, on an installed
# Debian 13 system (scripts/system-image.sh) booted in qemu through UEFI
# firmware (OVMF), Debian's shim and grub, its own initramfs and systemd.
# tests/system/guest.sh, started by systemd at each boot, runs README's
# commands as a regular user and reports on the second serial port; this
# script boots, collects and prints unnumbered TAP (scripts/check.sh numbers
# it). Each boot starts from a copy-on-write layer over the cached image, so
# the image itself never changes; the layer is thrown away afterwards, so
# qemu does not pass the guest's flushes on to the host's disk
# (cache=unsafe: dpkg syncs every file it unpacks). The two qemu runs below
# are independent and run side by side, each in a guest slot of its own.
#
#   run 1, Secure Boot off: README's build-from-sources and DKMS commands;
#     then its package commands: the memdemo-dkms package (make deb, run
#     here on the host and shipped in the payload) installed over make
#     dkms-install's memdemo; the newer kernel installed with apt (DKMS
#     builds the package's memdemo for it by itself); reboot into it (the
#     same qemu): modprobe loads that build, dkms status lists both
#     kernels, make dkms-install and dkms-remove refuse to touch the
#     package's memdemo, apt purge leaves nothing.
#   run 2, Secure Boot on (OVMF's secure-boot build with Microsoft's keys,
#     which trust Debian's shim): the unsigned module is refused with
#     README's message, DKMS's signed build too until its key is enrolled;
#     mokutil --import; reboot into the MOK manager, which
#     scripts/system-console.exp answers on the console; then DKMS's build
#     loads, make dkms-remove removes it, the package's build (signed with
#     the same key) loads, and Debian's own DKMS test passes on the package.
#
# usage: system-run.sh [--keep]
# Environment: SYSTEM_TIMEOUT (seconds for each qemu run; default 4500 for
#   the first, whose two boots run three builds and a kernel upgrade, 2700
#   for the second: some one and a half times the longest each has taken
#   on a slow day beside other guests, docs/measurements.md). A hang
#   detector, not a target. Each command's TAP line is followed by the
#   lines of its output that a wait of 15 s or more followed, with the
#   wait: where the time of a slow step went.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/lib-guest.sh
. "$(dirname "$0")/lib-guest.sh"
# shellcheck source=scripts/tap.sh
. "$(dirname "$0")/tap.sh"

keep=0
[ "${1:-}" != --keep ] || keep=1
OVMF=/usr/share/OVMF
[ -r "$OVMF/OVMF_CODE_4M.secboot.fd" ] || die "the system lane needs OVMF's firmware ($OVMF: Debian package ovmf; scripts/deps.sh system)"

t_img=$(date +%s)
img=$(scripts/system-image.sh) || die "no system image"
t_img=$(($(date +%s) - t_img))
run=$MEMDEMO_CACHE/runs/system.$$
mkdir -p "$run"
cleanup() { [ "$keep" = 1 ] || rm -rf "$run"; }
trap cleanup EXIT

# The payload drive: the clone's files (what git would check out), as a tar
# the guest reads from /dev/disk/by-id/virtio-memdemo-payload.
files() {
	cd "$MEMDEMO_TOP" || return 1
	if git rev-parse --git-dir >/dev/null 2>&1; then
		git ls-files -z
	else
		find . -path ./.git -prune -o -type f -print0
	fi
}
files | (cd "$MEMDEMO_TOP" && tar --null -T - -cf "$run/payload.tar")
# And the package, where make deb leaves it in a clone (build/deb/): README
# installs it from there, and the guest, which has no network, cannot run
# make deb itself.
t_deb=$(date +%s)
DEB_OUT=$run/deb/build/deb "$MEMDEMO_TOP/scripts/deb.sh" --no-lintian 2>"$run/deb.log" ||
	{ cat "$run/deb.log" >&2; die "make deb failed"; }
t_deb=$(($(date +%s) - t_deb))
tar -C "$run/deb" -rf "$run/payload.tar" build/deb

# boot NAME plain|secure: one qemu run from a fresh layer over the image,
# until the guest powers off; the results (second serial port) to
# $run/NAME.tap, the console (a terminal scripts/system-console.exp
# watches and answers) to $run/NAME.console. Secure Boot: OVMF's
# secure-boot build (it needs SMM) with Microsoft's keys enrolled.
# shellcheck disable=SC2054 # qemu options hold commas
boot() {
	local name=$1 rc=0 t0 q tmo
	tmo=${SYSTEM_TIMEOUT:-$([ "$2" = secure ] && echo 2700 || echo 4500)}
	qemu-img create -q -f qcow2 -b "$img/disk.qcow2" -F qcow2 "$run/$name.qcow2"
	q=(qemu-system-x86_64 -accel tcg -m 1G -smp 2 -nodefaults -display none -no-user-config)
	if [ "$2" = secure ]; then
		cp "$OVMF/OVMF_VARS_4M.ms.fd" "$run/$name.vars"
		q+=(-machine q35,smm=on -global driver=cfi.pflash01,property=secure,value=on
			-drive if=pflash,format=raw,unit=0,readonly=on,file="$OVMF/OVMF_CODE_4M.secboot.fd")
	else
		cp "$OVMF/OVMF_VARS_4M.fd" "$run/$name.vars"
		q+=(-machine q35 -drive if=pflash,format=raw,unit=0,readonly=on,file="$OVMF/OVMF_CODE_4M.fd")
	fi
	q+=(-drive if=pflash,format=raw,unit=1,file="$run/$name.vars"
		-drive file="$run/$name.qcow2",if=none,id=disk,format=qcow2,cache=unsafe
		-device virtio-blk-pci,drive=disk,bootindex=0
		-drive file="$run/payload.tar",if=none,id=payload,format=raw,readonly=on
		-device virtio-blk-pci,drive=payload,serial=memdemo-payload)
	: >"$run/$name.console"
	: >"$run/$name.tap"
	t0=$(date +%s)
	guest_slot
	CONSOLE_LOG=$run/$name.console MOK_PASSWORD=memdemo \
		timeout "$tmo" expect -f "$MEMDEMO_TOP/scripts/system-console.exp" \
		"${q[@]}" -serial stdio -serial file:"$run/$name.tap" </dev/null >"$run/$name.qemu" 2>&1 || rc=$?
	exec 7>&-
	echo "$(($(date +%s) - t0))" >"$run/$name.secs"
	return "$rc"
}

# report NAME PART...: the boot's TAP lines, and a failure for each PART
# that did not run to its end and pass.
report() {
	local name=$1 part
	shift
	tr -d '\r' <"$run/$name.tap" | grep -E '^(ok|not ok|#) ' || true
	for part in "$@"; do
		tr -d '\r' <"$run/$name.tap" | grep -q "^MEMDEMO-PART $part 0" ||
			tap_not_ok "part $part ran to its end and passed" \
				"$(tr -d '\r' <"$run/$name.console" | sed 's/\x1b\[[0-9;?]*[A-Za-z]//g' | grep -iE 'memdemo|error|fail|panic' | tail -n 20)"
	done
}

# The two runs are independent (each from its own layer over the image):
# they run side by side, each in a guest slot of its own.
for name in plain secure; do
	(
		rc=0
		boot "$name" "$name" || rc=$?
		echo "$rc" >"$run/$name.rc"
	) &
done
wait
for name in plain secure; do
	rc=$(cat "$run/$name.rc" 2>/dev/null || echo 1)
	[ "$rc" = 0 ] || tap_not_ok "$name boot: qemu ended with status $rc (124: the guest did not power off in time, SYSTEM_TIMEOUT; 4: the test's unit failed to start)" \
		"$(tr -d '\r' <"$run/$name.console" | tail -n 30)"
	if [ "$name" = plain ]; then
		report plain readme upgraded
		echo "# system: installed kernel, then the upgrade and a reboot: $(cat "$run/plain.secs") s"
	else
		report secure secure enrolled
		echo "# system: Secure Boot, the MOK manager and a reboot: $(cat "$run/secure.secs") s"
	fi
done
echo "# system: image $(du -h "$img/disk.qcow2" | cut -f1) ($img; $t_img s to make or find it)"
echo "# system: the memdemo-dkms package built on the host in $t_deb s ($(cd "$run/deb/build/deb" && echo ./*.deb))"
if [ "$TAP_FAILED" != 0 ] || cat "$run"/*.tap | grep -q '^not ok'; then
	keep=1
	say "system: run kept in $run"
	exit 1
fi
