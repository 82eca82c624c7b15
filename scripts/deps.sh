#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages that make demo / make check need, through sudo
# when not root. A fast no-op (no apt-get update) when everything is there.
# Busybox for foreign lane architectures (e.g. i386) is downloaded into the
# cache rather than installed.
#
# usage: deps.sh [--check]    (--check: only report what is missing)
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

check_only=0
[ "${1:-}" = --check ] && check_only=1

# package:command pairs; the command is what the scripts call.
need=(
	make:make gcc:gcc libc6-dev:
	qemu-system-x86:qemu-system-x86_64
	busybox-static:
	cpio:cpio kmod:insmod dwarves:pahole xz-utils:xz
	shellcheck:shellcheck sparse:sparse dkms:dkms file:file
	clang:clang libclang-rt-14-dev: linux-source-6.12: python3:python3
	# The dkms lane's guest runs the host's own dkms, gcc, make, kmod (above)
	# and openssl (dkms makes its module signing key with it); the kernel
	# headers come from the lane cache, not from packages.
	openssl:openssl
	# the debug lane's kernel (scripts/build-debug-kernel.sh)
	bc:bc bison:bison flex:flex libelf-dev: libssl-dev: perl:perl
)
# Lanes of other architectures need their qemu and, for arm64, a cross compiler.
for a in $(lane_arches); do
	case $a in
	i386) need+=(libc6-dev-i386: lib32gcc-12-dev:) ;; # static 32-bit tools/*.c
	arm64) need+=(qemu-system-arm:qemu-system-aarch64 gcc-12-aarch64-linux-gnu:aarch64-linux-gnu-gcc-12 libc6-dev-arm64-cross:) ;;
	esac
done

if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
	say "This is not a Debian-like host (no apt-get/dpkg-query). Install the equivalents of"
	say "these Debian packages: $(for p in "${need[@]}"; do printf '%s ' "${p%%:*}"; done)"
	say "and make sure these commands are on PATH: $(for p in "${need[@]}"; do printf '%s ' "${p#*:}"; done)"
	for p in "${need[@]}"; do
		c=${p#*:}
		[ -z "$c" ] || command -v "$c" >/dev/null || say "missing: $c"
	done
	die "cannot install dependencies automatically without apt-get"
fi

missing=()
for p in "${need[@]}"; do
	pkg=${p%%:*}
	if ! dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null | grep -q '^install ok installed$'; then
		missing+=("$pkg")
	fi
done

if [ ${#missing[@]} -gt 0 ]; then
	if [ "$check_only" = 1 ]; then
		die "missing packages: ${missing[*]}"
	fi
	say "installing: ${missing[*]}"
	apt_update
	as_root env DEBIAN_FRONTEND=noninteractive apt-get -q -y install --no-install-recommends "${missing[@]}" >&2 ||
		die "apt-get install ${missing[*]} failed"
fi

for p in "${need[@]}"; do
	c=${p#*:}
	[ -z "$c" ] || command -v "$c" >/dev/null ||
		die "'$c' is still missing after installing ${p%%:*}"
done

# Static busybox for each lane architecture (the host's own comes from
# busybox-static; others go to the cache).
if [ "$check_only" = 0 ]; then
	mkdir -p "$MEMDEMO_CACHE"
	for a in $(lane_arches); do
		busybox_for_arch "$a" >/dev/null
	done
fi
