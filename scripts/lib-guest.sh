# shellcheck shell=bash
# shellcheck disable=SC2034 # variables set here are used by the sourcing scripts
# SPDX-License-Identifier: GPL-2.0
# What a guest needs on the host: qemu per architecture and its
# accelerator, the machine's guest slots, the guest's busybox and the user
# programs built for it. Source it after scripts/lib.sh; do not run it.
# Sourced once, however many parts name it.
[ -z "${MEMDEMO_LIB_GUEST:-}" ] || return 0
MEMDEMO_LIB_GUEST=1
# shellcheck source=scripts/lib-apt.sh
. "$MEMDEMO_TOP/scripts/lib-apt.sh"

# accel_pick ARCH KERNEL: the qemu accelerator for a guest of Debian
# architecture ARCH: "kvm" when KVM really works here, else "tcg";
# ACCEL=kvm or ACCEL=tcg forces one. /dev/kvm can exist while a KVM guest
# hangs (nested virtualisation): a boot sector can run under KVM and a
# kernel still hang once it leaves real mode. So KVM is proven by booting
# KERNEL itself, the lane's kernel, with no initramfs under a 20 s limit:
# it must reach the kernel's own log ("Linux version", then a panic for
# want of a root file system, which ends qemu). The answer is kept for the
# host's current boot. Tests never depend on which one ran.
accel_pick() {
	local arch=$1 kernel=$2 f bootid probe
	case ${ACCEL:-} in
	tcg) echo tcg; return 0 ;;
	kvm | '') ;;
	*) die "ACCEL=$ACCEL: use kvm or tcg" ;;
	esac
	local kvm_ok=0
	case $(uname -m)/$arch in
	x86_64/amd64 | x86_64/i386)
		bootid=$(cat /proc/sys/kernel/random/boot_id 2>/dev/null || echo unknown)
		f=$MEMDEMO_CACHE/accel-probe
		if [ "$(sed -n 1p "$f" 2>/dev/null)" = "$bootid" ]; then
			kvm_ok=$(sed -n 2p "$f")
		elif [ -r /dev/kvm ] && [ -w /dev/kvm ] && command -v qemu-system-x86_64 >/dev/null; then
			probe=$(mktemp -d "$MEMDEMO_CACHE/tmp.XXXXXX")
			say "qemu: trying KVM (a boot of $(basename "$kernel") under a 20 s limit) ..."
			# (a subshell, so that the shell's "Killed" notice goes with it)
			(timeout --signal=KILL 20 qemu-system-x86_64 -M q35 -cpu max -accel kvm \
				-nodefaults -no-user-config -no-reboot -display none -m 256M \
				-kernel "$kernel" -append "console=ttyS0 panic=-1" \
				-serial "file:$probe/serial" </dev/null >/dev/null 2>&1 || true) 2>/dev/null
			grep -q 'Linux version' "$probe/serial" 2>/dev/null && kvm_ok=1
			rm -rf "$probe"
			printf '%s\n%s\n' "$bootid" "$kvm_ok" >"$f"
		else
			printf '%s\n%s\n' "$bootid" 0 >"$f"
		fi
		;;
	esac
	if [ "$kvm_ok" = 1 ]; then
		echo kvm
	elif [ "${ACCEL:-}" = kvm ]; then
		die "ACCEL=kvm: KVM does not work here (no usable /dev/kvm, or a kernel did not boot with it within 20 s)"
	else
		echo tcg
	fi
}

# guest_slot: wait for one of the machine's guest slots and hold it (on
# file descriptor 7) until the caller exits or closes fd 7. At most
# MEMDEMO_GUESTS (default 2) guests run at once on this machine, however
# many make check, make claims or make bench runs share it, whichever
# cache each uses (the slots are per user, under /tmp).
guest_slot() {
	local n i d waited=0
	n=${MEMDEMO_GUESTS:-2}
	d=${TMPDIR:-/tmp}/memdemo-guest-slots.$(id -u)
	mkdir -p "$d"
	while :; do
		for ((i = 0; i < n; i++)); do
			exec 7>>"$d/$i"
			flock -n 7 && return 0
			exec 7>&-
		done
		[ "$waited" = 1 ] || say "waiting for a guest slot (at most $n guests run at once; MEMDEMO_GUESTS)"
		waited=1
		sleep 1
	done
}

# arch_load ARCH: how to run a guest of this Debian architecture.
# Sets QEMU_BIN, QEMU_MACHINE (array), CROSS_COMPILE, GUEST_CC (array: a C
# compiler for freestanding guest programs), RESULTS_PORT (how the results
# channel is attached: "serial", qemu's second -serial, or "pci-serial", a
# 16550 on the PCI bus).
arch_load() {
	CROSS_COMPILE=
	RESULTS_PORT=serial
	case $1 in
	amd64)
		GUEST_CC=(gcc -m64)
		QEMU_BIN=qemu-system-x86_64
		QEMU_MACHINE=(-M q35 -cpu max)
		;;
	i386)
		GUEST_CC=(gcc -m32)
		# qemu-system-x86_64, which runs 32-bit guests too: under
		# qemu-system-i386's TCG a PAE guest with RAM above 4 GiB of
		# physical addresses (4000 MiB on -M pc already) hangs once
		# /init runs, while the x86_64 binary boots it.
		QEMU_BIN=qemu-system-x86_64
		# TCG's "max" CPU says AuthenticAMD family 6, which a 32-bit
		# kernel takes for an Athlon and WARNs that it is not SMP-capable.
		# shellcheck disable=SC2054 # the comma is qemu's
		QEMU_MACHINE=(-M pc -cpu max,vendor=GenuineIntel)
		;;
	arm64)
		# virt has one PL011 (ttyAMA0, the console) and qemu 7.2 offers no
		# second one; Debian builds virtio_console as a module, but
		# SERIAL_8250_PCI in: results go to a PCI 16550 (ttyS0).
		RESULTS_PORT=pci-serial
		QEMU_BIN=qemu-system-aarch64
		# Debian's arm64 kernels sign return addresses (PTR_AUTH_KERNEL);
		# TCG's QARMA emulation of that doubles the run time, its cheap
		# implementation-defined algorithm does not (same instructions).
		# shellcheck disable=SC2054 # the comma is qemu's
		QEMU_MACHINE=(-M virt -cpu max,pauth-impdef=on)
		[ "$(host_arch)" = arm64 ] || CROSS_COMPILE=aarch64-linux-gnu-
		GUEST_CC=("${CROSS_COMPILE}gcc-12")
		;;
	*) die "unsupported architecture '$1'" ;;
	esac
}

# Path to a static busybox for Debian architecture ARCH: the host's own
# when it has one of that architecture, else busybox-static:ARCH from the
# lanes' Debian release DIST (default bookworm), unpacked into the cache.
busybox_for_arch() {
	local arch=$1 dist=${2:-bookworm} bb
	if [ "$arch" = "$(host_arch)" ] && [ -x /bin/busybox ] &&
		! readelf -l /bin/busybox 2>/dev/null | grep -q 'program interpreter'; then
		echo /bin/busybox
		return 0
	fi
	bb=$MEMDEMO_CACHE/busybox/$arch/bin/busybox
	mkdir -p "$MEMDEMO_CACHE/busybox"
	# One fetch of an architecture's busybox at a time.
	exec 6>"$MEMDEMO_CACHE/busybox/.$arch.lock"
	flock 6
	if [ ! -x "$bb" ]; then
		say "fetching busybox-static:$arch from Debian $dist ..."
		papt_ready "$dist" "$arch"
		local tmp
		tmp=$(mktemp -d "$MEMDEMO_CACHE/tmp.XXXXXX")
		(cd "$tmp" && papt "$dist" "$arch" apt-get download "busybox-static:$arch") \
			>"$tmp/download.log" 2>&1 ||
			{ tail -n 20 "$tmp/download.log" >&2; rm -rf "$tmp"; die "cannot download busybox-static:$arch"; }
		mkdir -p "$MEMDEMO_CACHE/busybox/$arch"
		dpkg-deb -x "$tmp"/busybox-static_*.deb "$MEMDEMO_CACHE/busybox/$arch" ||
			{ rm -rf "$tmp"; die "cannot unpack busybox-static:$arch"; }
		rm -rf "$tmp"
		[ -x "$bb" ] || die "busybox-static:$arch has no bin/busybox"
	fi
	exec 6>&-
	echo "$bb"
}

# guest_insmod ARCH: path to scripts/guest-insmod.c built for ARCH (cached,
# rebuilt when the source changes). Needs arch_load ARCH first.
guest_insmod() {
	local src=$MEMDEMO_TOP/scripts/guest-insmod.c sum out
	sum=$(sha256sum "$src" | cut -c1-16)
	out=$MEMDEMO_CACHE/tools/$1/guest-insmod.$sum
	if [ ! -x "$out" ]; then
		mkdir -p "${out%/*}"
		"${GUEST_CC[@]}" -Os -static -nostdlib -ffreestanding -fno-builtin \
			-fno-stack-protector -fno-pie -no-pie -fno-asynchronous-unwind-tables \
			-Wall -Wextra -Werror -s -o "$out.tmp" "$src" ||
			die "cannot build guest-insmod for $1 with ${GUEST_CC[*]}"
		mv "$out.tmp" "$out"
	fi
	echo "$out"
}

# guest_tools DIR ARCH: the user programs of DIR/tools built for the guest
# with tools/Makefile (static, so they run in the busybox initramfs, and
# -Werror), cached by the sources' hash; prints the directory holding them.
# Fails (compiler output on stderr) on an error or any warning.
# Needs arch_load ARCH first.
guest_tools() {
	local dir=$1/tools arch=$2 sum out tmp
	sum=$(cat "$dir"/* "$MEMDEMO_TOP/scripts/lib-guest.sh" | sha256sum | cut -c1-16)
	out=$MEMDEMO_CACHE/tools/$arch/tools.$sum
	if [ ! -e "$out/.built" ]; then
		mkdir -p "${out%/*}"
		tmp=$(mktemp -d "$out.XXXXXX")
		if ! make -s -C "$dir" O="$tmp" CC="${GUEST_CC[*]}" CFLAGS="-O2 -Werror" \
			LDFLAGS=-static >"$tmp/build.log" 2>&1; then
			cat "$tmp/build.log" >&2
			rm -rf "$tmp"
			return 1
		fi
		touch "$tmp/.built"
		# Another guest of this architecture may have built it meanwhile.
		mv -T "$tmp" "$out" 2>/dev/null || rm -rf "$tmp"
	fi
	echo "$out"
}

# guest_tool SRC.c ARCH: build a user program for the guest (static, so it
# runs in the busybox initramfs), cached by source hash; prints the binary's
# path. Fails (compiler output on stderr) on an error or any warning.
# Needs arch_load ARCH first.
guest_tool() {
	local src=$1 arch=$2 name sum out log
	name=$(basename "$src" .c)
	sum=$(cat "$src" "$MEMDEMO_TOP/scripts/lib-guest.sh" | sha256sum | cut -c1-16)
	out=$MEMDEMO_CACHE/tools/$arch/$name.$sum
	log=$out.log
	if [ ! -x "$out" ]; then
		mkdir -p "${out%/*}"
		if ! "${GUEST_CC[@]}" -O2 -static -Wall -Wextra -o "$out.tmp" "$src" >"$log" 2>&1 ||
			grep -qi 'warning' "$log"; then
			cat "$log" >&2
			rm -f "$out.tmp"
			return 1
		fi
		mv "$out.tmp" "$out"
	fi
	echo "$out"
}
