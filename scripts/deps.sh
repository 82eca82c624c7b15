#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the host needs to build memdemo for some lanes
# and boot them in qemu, through sudo when not root; and, with --all, what
# make check's host tests and its dkms lane run too. Only what the host
# itself runs: the lanes' kernels, headers and busybox are fetched into the
# cache by scripts/fetch-lane.sh, never installed. A fast no-op (no apt-get
# update) when everything is there; one line per step, apt's own output in
# a log shown only on failure.
#
# usage: deps.sh [--check] [--all] [LANE...]   (default: every lane of
#   scripts/lanes, whatever its kind; the name deb stands for what make deb
#   builds the memdemo-dkms package with)
#   --check   only report what is missing
#   --all     also the host tests' and the dkms lane's tools (as the host
#             and dkms lanes do)
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/lib-lanes.sh
. "$(dirname "$0")/lib-lanes.sh"
# shellcheck source=scripts/lib-apt.sh
. "$(dirname "$0")/lib-apt.sh"

check_only=0
all=0
lanes=()
for a in "$@"; do
	case $a in
	--check) check_only=1 ;;
	--all) all=1 ;;
	-*) die "unknown option $a" ;;
	*) lanes+=("$a") ;;
	esac
done
[ ${#lanes[@]} -gt 0 ] || mapfile -t lanes < <(lane_names)

# package:command pairs; the command is what the scripts call (looked up in
# sbin too: lib.sh adds it to PATH).
# To build a module against a lane's headers and boot it: make, a compiler
# (the guest tools are static C programs), pahole (BTF of 6.x headers),
# cpio (the initramfs).
need=(make:make gcc:gcc libc6-dev: dwarves:pahole cpio:cpio)
for l in "${lanes[@]}"; do
	if [ "$l" = deb ]; then
		# make deb (scripts/deb.sh): dpkg-buildpackage, the package's
		# build dependencies (debian/control: debhelper, dh_dkms) and
		# lintian. (Ubuntu 22.04 has no dh-dkms: its dkms package holds
		# dh_dkms.) No fakeroot: debian/control says Rules-Requires-Root: no.
		dhd=dh-dkms
		apt-cache show dh-dkms >/dev/null 2>&1 || dhd=dkms
		need+=(dpkg-dev:dpkg-buildpackage debhelper:dh "$dhd:dh_dkms" lintian:lintian)
		continue
	fi
	lane_load "$l"
	case $LANE_KIND in
	host | dkms) all=1 ;; # the host's tests; the host's own dkms
	newcomer) lane_load "$(lane_default)" ;; # it boots the default lane
	esac
	if [ "$LANE_KIND" = system ]; then
		# The system lane (scripts/system-image.sh, system-run.sh): an
		# installed Debian made with debootstrap into a disk image (ext4 by
		# mke2fs -d, the EFI partition by mtools, GPT by sfdisk, qcow2 by
		# qemu-img), booted through OVMF's UEFI firmware, its console
		# answered by expect.
		need+=(debootstrap:debootstrap e2fsprogs:mke2fs dosfstools:mkfs.fat mtools:mcopy fdisk:sfdisk
			qemu-utils:qemu-img ovmf: expect:expect qemu-system-x86:qemu-system-x86_64)
		continue
	fi
	case $LANE_ARCH in
	amd64) need+=(qemu-system-x86:qemu-system-x86_64) ;;
	i386) need+=(qemu-system-x86:qemu-system-x86_64 libc6-dev-i386: lib32gcc-12-dev:) ;; # static 32-bit tools
	arm64) need+=(qemu-system-arm:qemu-system-aarch64 gcc-12-aarch64-linux-gnu:aarch64-linux-gnu-gcc-12 libc6-dev-arm64-cross:) ;;
	esac
	# Headers of another Debian release are used in a build root of it.
	if lane_needs_buildroot; then need+=(debootstrap:debootstrap); fi
	# A kernel built from source is built here (scripts/build-kernel.sh).
	if lane_from_source; then
		need+=(bc:bc bison:bison flex:flex libelf-dev: libssl-dev: perl:perl)
		[ "$LANE_ARCH" != arm64 ] || need+=(gcc-aarch64-linux-gnu:aarch64-linux-gnu-gcc)
	fi
done
if [ "$all" = 1 ]; then
	need+=(
		# host tests: script lint, sparse, the parser's fuzzer, the SVG check,
		# the CI workflows' lint (and npm, for their schema check, below)
		shellcheck:shellcheck sparse:sparse clang:clang libclang-rt-14-dev: python3:python3
		yamllint:yamllint
		# the report page's test: a real browser, an HTML5 checker, an XML parser
		chromium:chromium tidy:tidy libxml2-utils:xmllint
		# The dkms lane's guest runs the host's own dkms, gcc, make and kmod,
		# and openssl (dkms makes its module signing key with it); the
		# kernel's modules it loads are xz-compressed.
		dkms:dkms kmod:depmod openssl:openssl xz-utils:xz
	)
fi
# npm from Debian only where the machine has none of its own.
[ "$all" = 0 ] || command -v npm >/dev/null || need+=(npm:npm)
# Each package once, in order.
mapfile -t need < <(printf '%s\n' "${need[@]}" | awk '!seen[$0]++')

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
	apt_update
	# What apt will install with them, and how much, in one line.
	sim=$(apt-get -s -q install --no-install-recommends "${missing[@]}" 2>&1) ||
		{ printf '%s\n' "$sim" | tail -n 20 >&2; die "apt-get cannot install ${missing[*]}"; }
	mapfile -t inst < <(awk '/^Inst / { print $2 }' <<<"$sim")
	mb=$(apt-cache show --no-all-versions "${inst[@]}" 2>/dev/null |
		awk '/^Size:/ { s += $2 } /^Installed-Size:/ { i += $2 }
			END { printf "%.0f MB to download, %.0f MB installed", s / 1e6, i / 1024 }')
	log=$MEMDEMO_CACHE/apt-install.log
	say "apt: installing ${missing[*]} (${#inst[@]} packages with their dependencies, $mb; log: $log) ..."
	as_root env DEBIAN_FRONTEND=noninteractive apt-get -q -y install --no-install-recommends \
		"${missing[@]}" >"$log" 2>&1 ||
		{ tail -n 30 "$log" >&2; die "apt-get install ${missing[*]} failed (log: $log)"; }
fi

for p in "${need[@]}"; do
	c=${p#*:}
	[ -z "$c" ] || command -v "$c" >/dev/null ||
		die "'$c' is still missing after installing ${p%%:*}"
done

# The CI workflows' schema check (tests/host/workflow-test.sh), from the npm
# registry into the cache: no Debian package has one.
av=$MEMDEMO_CACHE/npm/node_modules/.bin/action-validator
if [ "$all" = 1 ] && [ ! -x "$av" ] && [ "$check_only" = 0 ]; then
	say "npm: installing @action-validator/cli into $MEMDEMO_CACHE/npm ..."
	mkdir -p "$MEMDEMO_CACHE/npm"
	npm install --prefix "$MEMDEMO_CACHE/npm" --no-audit --no-fund --loglevel=error \
		@action-validator/cli@0.6 >"$MEMDEMO_CACHE/npm/install.log" 2>&1 ||
		{ tail -n 20 "$MEMDEMO_CACHE/npm/install.log" >&2; die "npm install @action-validator/cli failed (log: $MEMDEMO_CACHE/npm/install.log)"; }
fi
