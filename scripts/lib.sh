# shellcheck shell=bash
# shellcheck disable=SC2034 # variables set here are used by the sourcing scripts
# SPDX-License-Identifier: GPL-2.0
# Helpers shared by the host scripts (bash). Source it; do not run it.

MEMDEMO_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MEMDEMO_CACHE=${MEMDEMO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/memdemo}
MEMDEMO_LANES_FILE=${MEMDEMO_LANES_FILE:-$MEMDEMO_TOP/scripts/lanes}
export MEMDEMO_TOP MEMDEMO_CACHE

# Progress and errors go to stderr so stdout stays machine-readable.
say() { printf '%s\n' "$*" >&2; }
die() { printf '%s: error: %s\n' "${0##*/}" "$*" >&2; exit 1; }

host_arch() {
	if command -v dpkg >/dev/null 2>&1; then
		dpkg --print-architecture
	else
		case $(uname -m) in
		x86_64) echo amd64 ;;
		i?86) echo i386 ;;
		aarch64) echo arm64 ;;
		*) uname -m ;;
		esac
	fi
}

# Run a command as root: directly when we are root, else through sudo.
as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		die "need root for: $* (not root and no sudo)"
	fi
}

# Lane names, in file order.
lane_names() {
	awk '!/^[[:space:]]*(#|$)/ { print $1 }' "$MEMDEMO_LANES_FILE"
}

# Debian architectures used by the lanes.
lane_arches() {
	awk '!/^[[:space:]]*(#|$)/ { print $2 }' "$MEMDEMO_LANES_FILE" | sort -u
}

# lane_load NAME: sets LANE_NAME LANE_ARCH LANE_SERIES LANE_FLAVOUR LANE_MEM
# LANE_CPUS LANE_CONSOLE LANE_RESULTS LANE_CMDLINE, or dies listing the lanes.
lane_load() {
	local line
	line=$(awk -v n="$1" '!/^[[:space:]]*#/ && $1 == n { print; exit }' "$MEMDEMO_LANES_FILE")
	if [ -z "$line" ]; then
		die "unknown lane '$1'; lanes are: $(lane_names | tr '\n' ' ')"
	fi
	local rest
	read -r LANE_NAME LANE_ARCH LANE_SERIES LANE_FLAVOUR LANE_MEM LANE_CPUS \
		LANE_CONSOLE LANE_RESULTS rest <<<"$line"
	rest=${rest%%#*}
	rest=$(echo "$rest" | sed 's/^[[:space:]]*//; s/[[:space:]]*$//')
	[ "$rest" = "-" ] && rest=
	LANE_CMDLINE=$rest
	[ -n "$LANE_RESULTS" ] || die "lane '$1': too few columns in $MEMDEMO_LANES_FILE"
	LANE_DIR=$MEMDEMO_CACHE/lanes/$(lane_base "$LANE_NAME")
}

# lane_base NAME: the lane whose kernel NAME boots. A variant "BASE+WHAT"
# (same kernel, other CPUs or command line) shares BASE's fetched kernel.
lane_base() {
	echo "${1%%+*}"
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
		QEMU_BIN=qemu-system-i386
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

# Release string of a fetched lane (empty when not fetched).
lane_release() {
	cat "$MEMDEMO_CACHE/lanes/$(lane_base "$1")/release" 2>/dev/null || true
}

# Path to a static busybox for Debian architecture ARCH, fetching it into
# the cache when it is not the host's own.
busybox_for_arch() {
	local arch=$1 bb
	if [ "$arch" = "$(host_arch)" ] && [ -x /bin/busybox ] &&
		file -L /bin/busybox 2>/dev/null | grep -q 'statically linked'; then
		echo /bin/busybox
		return 0
	fi
	bb=$MEMDEMO_CACHE/busybox/$arch/bin/busybox
	if [ ! -x "$bb" ]; then
		say "fetching busybox-static:$arch ..."
		apt_ensure_arch "$arch"
		local tmp
		tmp=$(mktemp -d "$MEMDEMO_CACHE/tmp.XXXXXX")
		(cd "$tmp" && apt_download "busybox-static:$arch") ||
			{ rm -rf "$tmp"; die "cannot download busybox-static:$arch"; }
		mkdir -p "$MEMDEMO_CACHE/busybox/$arch"
		dpkg-deb -x "$tmp"/busybox-static_*.deb "$MEMDEMO_CACHE/busybox/$arch" ||
			{ rm -rf "$tmp"; die "cannot unpack busybox-static:$arch"; }
		rm -rf "$tmp"
		[ -x "$bb" ] || die "busybox-static:$arch has no bin/busybox"
	fi
	echo "$bb"
}

# apt-get download into the current directory. As root, apt would try to
# drop privileges to _apt, which cannot write into a private cache.
apt_download() {
	local opts=()
	[ "$(id -u)" -eq 0 ] && opts=(-o APT::Sandbox::User=root)
	apt-get -q "${opts[@]}" download "$@"
}

# apt-get update, tolerating exit 100: with a foreign architecture added, the
# security suite may lack that architecture's index while the main suite's
# packages still arrive. Callers check afterwards that what they need is there.
apt_update() {
	say "apt-get update ..."
	local rc=0
	as_root apt-get -q update >"$MEMDEMO_CACHE/apt-update.log" 2>&1 || rc=$?
	case $rc in
	0) ;;
	100) say "apt-get update exited 100 (some index files failed; see $MEMDEMO_CACHE/apt-update.log); continuing" ;;
	*) cat "$MEMDEMO_CACHE/apt-update.log" >&2; die "apt-get update failed (exit $rc)" ;;
	esac
}

# Make sure dpkg knows architecture ARCH, so its packages can be downloaded.
apt_ensure_arch() {
	local arch=$1
	[ "$arch" = "$(host_arch)" ] && return 0
	if ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
		say "adding dpkg architecture $arch ..."
		as_root dpkg --add-architecture "$arch"
		apt_update
	fi
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

# guest_tool SRC.c ARCH: build a user program for the guest (static, so it
# runs in the busybox initramfs), cached by source hash; prints the binary's
# path. Fails (compiler output on stderr) on an error or any warning.
# Needs arch_load ARCH first.
guest_tool() {
	local src=$1 arch=$2 name sum out log
	name=$(basename "$src" .c)
	sum=$(cat "$src" "$MEMDEMO_TOP/scripts/lib.sh" | sha256sum | cut -c1-16)
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
