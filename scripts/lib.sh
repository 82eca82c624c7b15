# shellcheck shell=bash
# shellcheck disable=SC2034 # variables set here are used by the sourcing scripts
# SPDX-License-Identifier: GPL-2.0
# Helpers shared by the host scripts (bash). Source it; do not run it.

MEMDEMO_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MEMDEMO_CACHE=${MEMDEMO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/memdemo}
MEMDEMO_LANES_FILE=${MEMDEMO_LANES_FILE:-$MEMDEMO_TOP/scripts/lanes}
export MEMDEMO_TOP MEMDEMO_CACHE

# Progress and errors go to stderr so stdout stays machine-readable.
# shellcheck source=scripts/tap.sh
. "$(dirname "${BASH_SOURCE[0]}")/tap.sh"
say() { printf '%s\n' "$*" >&2; }
die() { printf '%s: error: %s\n' "${0##*/}" "$*" >&2; exit 1; }

# The cache exists before anything writes into it, wherever it is
# (HOME or XDG_CACHE_HOME may point anywhere, /tmp included).
mkdir -p "$MEMDEMO_CACHE" || die "cannot create the cache directory $MEMDEMO_CACHE"

# Tools that live in sbin (debootstrap, chroot, dpkg's helpers) are found
# where they live: Debian's default PATH for users has no sbin directories.
for d in /usr/local/sbin /usr/sbin /sbin; do
	case ":$PATH:" in *":$d:"*) ;; *) PATH=$PATH:$d ;; esac
done
export PATH

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

# lane_names [KIND|TAG...]: lane names in file order; with arguments, only
# the lanes whose kind or one of whose tags is among them
# (lane_names test: the booted test lanes; lane_names quick: the quick tier).
lane_names() {
	awk -v want="$*" 'BEGIN { n = split(want, w, " "); for (i = 1; i <= n; i++) keep[w[i]] = 1 }
		!/^[[:space:]]*(#|$)/ {
			if (n == 0 || ($2 in keep)) { print $1; next }
			m = split($3, t, ",")
			for (i = 1; i <= m; i++) if (t[i] in keep) { print $1; next }
		}' "$MEMDEMO_LANES_FILE"
}

# lane_default: the lane marked default (make demo, bench and report boot
# it unless KERNEL= names another).
lane_default() {
	local d
	d=$(lane_names default)
	[ "$(printf '%s\n' "$d" | grep -c .)" = 1 ] ||
		die "exactly one lane must carry the tag default in $MEMDEMO_LANES_FILE (found: ${d:-none})"
	echo "$d"
}

# Debian architectures used by the booted lanes.
lane_arches() {
	awk '!/^[[:space:]]*(#|$)/ && $4 != "-" { print $4 }' "$MEMDEMO_LANES_FILE" | sort -u
}

# lane_load NAME: sets LANE_NAME LANE_KIND LANE_TAGS LANE_ARCH LANE_DIST
# LANE_SERIES LANE_FLAVOUR LANE_MEM LANE_CPUS LANE_LIMIT LANE_CONSOLE
# LANE_RESULTS LANE_CMDLINE LANE_DIR, or dies listing the lanes. '-' columns
# come back empty.
lane_load() {
	local line
	line=$(awk -v n="$1" '!/^[[:space:]]*#/ && $1 == n { print; exit }' "$MEMDEMO_LANES_FILE")
	if [ -z "$line" ]; then
		die "unknown lane '$1'; lanes are: $(lane_names | tr '\n' ' ')"
	fi
	local rest v
	read -r LANE_NAME LANE_KIND LANE_TAGS LANE_ARCH LANE_DIST LANE_SERIES LANE_FLAVOUR \
		LANE_MEM LANE_CPUS LANE_LIMIT LANE_CONSOLE LANE_RESULTS rest <<<"$line"
	[ -n "$LANE_RESULTS" ] || die "lane '$1': too few columns in $MEMDEMO_LANES_FILE"
	rest=${rest%%#*}
	rest=$(echo "$rest" | sed 's/^[[:space:]]*//; s/[[:space:]]*$//')
	LANE_CMDLINE=$rest
	for v in LANE_TAGS LANE_ARCH LANE_DIST LANE_SERIES LANE_FLAVOUR LANE_MEM LANE_CPUS \
		LANE_LIMIT LANE_CONSOLE LANE_RESULTS LANE_CMDLINE; do
		[ "${!v}" != - ] || printf -v "$v" '%s' ''
	done
	LANE_DIR=$MEMDEMO_CACHE/lanes/$(lane_base "$LANE_NAME")
}

# lane_tagged TAG: whether the loaded lane carries TAG.
lane_tagged() {
	case ,$LANE_TAGS, in *",$1,"*) return 0 ;; esac
	return 1
}

# lane_boots: whether the loaded lane boots one of the table's kernels (its
# kernel is fetched or built by scripts/fetch-lane.sh).
lane_boots() {
	case $LANE_KIND in test | demo | dkms) return 0 ;; esac
	return 1
}

# The Debian release the host runs (bookworm on Debian 12).
host_dist() {
	(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
}

# Whether the loaded lane's kernel is built here from Debian's source
# package (scripts/build-kernel.sh) rather than fetched: its flavour names a
# configuration fragment tests/kernels/<flavour>.config.
lane_from_source() {
	[ -f "$MEMDEMO_TOP/tests/kernels/$LANE_FLAVOUR.config" ]
}

# Whether the loaded lane's headers must be used inside a build root of the
# lane's own Debian release: their kbuild programs are linked against that
# release's C library and they call its compiler (Debian 13's need glibc
# 2.38 and gcc-14; Debian 11's call gcc-10). Kernels built from source are
# built, and built against, here.
lane_needs_buildroot() {
	! lane_from_source && [ "$LANE_DIST" != "$(host_dist)" ]
}

# The loaded lane's build directory as the host sees it.
lane_kdir_host() {
	local k
	k=$(cat "$LANE_DIR/kdir" 2>/dev/null) || return 1
	if [ -s "$LANE_DIR/buildroot" ]; then
		echo "$(cat "$LANE_DIR/buildroot")$k"
	else
		echo "$k"
	fi
}

# buildroot_ready DIST ARCH: path of a minimal Debian DIST system (make,
# gcc, libc6-dev, libelf, pahole; and a cross compiler when ARCH is not the
# host's) in the cache, made with debootstrap on first use (about a minute,
# some 500 MB; needs root, through sudo). Progress on stderr, apt's and
# debootstrap's output in logs beside it.
buildroot_ready() {
	local dist=$1 arch=$2 root pkgs extra=() log
	root=$MEMDEMO_CACHE/roots/$dist-$(host_arch)
	log=$root.log
	mkdir -p "$MEMDEMO_CACHE/roots"
	# A root that cannot run its own programs (say, half removed) is made again.
	if [ -e "$root/.memdemo-ready" ] && ! as_root chroot "$root" /usr/bin/env true 2>/dev/null; then
		say "buildroot: $root cannot run its programs; making it again"
		as_root rm -f "$root/.memdemo-ready"
	fi
	if [ ! -e "$root/.memdemo-ready" ]; then
		command -v debootstrap >/dev/null ||
			die "building for Debian $dist needs debootstrap (scripts/deps.sh installs it)"
		case $dist in
		bullseye) pkgs=make,gcc,libc6-dev,libelf1,dwarves ;;
		*) pkgs=make,gcc,libc6-dev,libelf1t64,pahole ;;
		esac
		say "buildroot: debootstrap Debian $dist (minbase + $pkgs) into $root (about a minute; log: $log) ..."
		as_root rm -rf "$root"
		as_root debootstrap --variant=minbase --include="$pkgs" "$dist" "$root" "$MEMDEMO_MIRROR" \
			>"$log" 2>&1 || { tail -n 20 "$log" >&2; die "debootstrap of Debian $dist failed (log: $log)"; }
		as_root touch "$root/.memdemo-ready"
	fi
	if [ "$arch" != "$(host_arch)" ]; then
		case $arch in
		arm64) extra=(gcc-aarch64-linux-gnu) ;;
		*) die "no cross compiler known for $arch in a Debian $dist build root" ;;
		esac
		if [ ! -e "$root/.memdemo-cross-$arch" ]; then
			say "buildroot: installing ${extra[*]} into the Debian $dist build root (log: $log) ..."
			in_chroot "$root" sh -c "apt-get -q update && apt-get -q -y install --no-install-recommends ${extra[*]}" \
				>>"$log" 2>&1 || { tail -n 20 "$log" >&2; die "cannot install ${extra[*]} in $root (log: $log)"; }
			as_root touch "$root/.memdemo-cross-$arch"
		fi
	fi
	echo "$root"
}

# in_chroot ROOT CMD...: run CMD as root chrooted in ROOT (a build root, the
# system lane's image), with a clean environment and, in a private mount
# namespace, mounted for CMD alone, the /proc, /sys and /dev that objtool,
# apt, dpkg's triggers and dkms read.
in_chroot() {
	local root=$1
	shift
	# shellcheck disable=SC2016 # expanded by that sh
	as_root unshare -m sh -c 'r=$1; shift
		mount -t proc proc "$r/proc" && mount -t sysfs sys "$r/sys" &&
		mount --bind /dev "$r/dev" &&
		exec chroot "$r" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
			DEBIAN_FRONTEND=noninteractive "$@"' sh "$root" "$@"
}

# lane_make DIR [MAKE-ARGS...]: build the external module in DIR for the
# loaded lane (lane_load, arch_load first): make -C <kdir> M=DIR modules,
# on the host or, for a lane with a build root, chrooted in it (a copy of
# DIR is built there and the results copied back).
lane_make() {
	local dir=$1 kdir root b rc=0
	shift
	kdir=$(cat "$LANE_DIR/kdir")
	if [ ! -s "$LANE_DIR/buildroot" ]; then
		# A source tree, unlike Debian's headers, does not know its ARCH.
		make -C "$kdir" M="$dir" ${CROSS_COMPILE:+ARCH=$LANE_ARCH CROSS_COMPILE=$CROSS_COMPILE} "$@" modules
		return
	fi
	root=$(cat "$LANE_DIR/buildroot")
	local cross=()
	[ "$LANE_ARCH" = "$(host_arch)" ] || cross=(CROSS_COMPILE=aarch64-linux-gnu-)
	b=/build/$(basename "$dir").$$
	as_root mkdir -p "$root$b"
	tar -C "$dir" -cf - . | as_root tar -C "$root$b" -xf -
	in_chroot "$root" make -C "$kdir" M="$b" "${cross[@]}" "$@" modules || rc=$?
	as_root tar -C "$root$b" -cf - . | tar -C "$dir" -xf - --no-same-owner
	as_root rm -rf "$root$b"
	return "$rc"
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
	echo "$bb"
}

# --- Debian's archive through a private apt configuration ---------------------
# Lane kernels come from several Debian releases (the lanes' dist column:
# bullseye, bookworm, trixie) and architectures. Each release and
# architecture gets its own apt state in the cache (sources list, package
# lists, downloads: $MEMDEMO_CACHE/apt/<dist>-<arch>/), read and written
# without root; the machine's own apt setup and dpkg architectures are never
# changed. MEMDEMO_MIRROR and MEMDEMO_SECURITY_MIRROR name other mirrors.
MEMDEMO_MIRROR=${MEMDEMO_MIRROR:-http://deb.debian.org/debian}
MEMDEMO_SECURITY_MIRROR=${MEMDEMO_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
DEBIAN_KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

# The suites of a Debian release: "<archive> <suite>" per line.
papt_suites() {
	case $1 in
	bullseye) printf '%s\n' "main bullseye" "main bullseye-updates" "security bullseye-security" ;;
	bookworm) printf '%s\n' "main bookworm" "main bookworm-updates" "security bookworm-security" ;;
	trixie) printf '%s\n' "main trixie" "main trixie-updates" "main trixie-backports" "security trixie-security" ;;
	*) die "unknown Debian release '$1' (bullseye, bookworm, trixie)" ;;
	esac
}

# papt DIST ARCH CMD ARGS...: run apt-get/apt-cache CMD on DIST's packages
# for ARCH (and the host's architecture, whose build tools the lanes use).
papt() {
	local dist=$1 arch=$2 cmd=$3 d
	shift 3
	d=$MEMDEMO_CACHE/apt/$dist-$arch
	local opts=(-o "Dir::Etc::SourceList=$d/sources.list" -o "Dir::Etc::SourceParts=$d/empty"
		-o "Dir::Etc::Preferences=$d/empty/none" -o "Dir::Etc::PreferencesParts=$d/empty"
		-o "Dir::State::Lists=$d/lists" -o "Dir::Cache=$d/cache" -o "Dir::State::status=$d/status"
		-o "APT::Architecture=$(host_arch)" -o "APT::Architectures::=$(host_arch)"
		-o "APT::Architectures::=$arch" -o "Debug::NoLocking=1")
	# As root apt downloads as the user _apt, who cannot write into a
	# private cache.
	[ "$(id -u)" -ne 0 ] || opts+=(-o APT::Sandbox::User=root)
	"$cmd" -q "${opts[@]}" "$@"
}

# papt_update DIST ARCH: read DIST's package lists afresh (one line of
# progress; apt's own output goes to a log shown only on failure). Exit 100
# ("some index files failed": a security suite may lack an architecture's
# index) is tolerated; callers check that what they need is there.
papt_update() {
	local dist=$1 arch=$2 d rc=0 archive suite
	d=$MEMDEMO_CACHE/apt/$dist-$arch
	mkdir -p "$d/lists/partial" "$d/cache/archives/partial" "$d/empty"
	: >"$d/status"
	while read -r archive suite; do
		case $archive in
		main) echo "deb [signed-by=$DEBIAN_KEYRING] $MEMDEMO_MIRROR $suite main" ;;
		security) echo "deb [signed-by=$DEBIAN_KEYRING] $MEMDEMO_SECURITY_MIRROR $suite main" ;;
		esac
	done < <(papt_suites "$dist") >"$d/sources.list"
	say "apt: reading Debian $dist's package lists for $arch ($(papt_suites "$dist" | awk '{ printf "%s%s", s, $2; s = " " }')) ..."
	papt "$dist" "$arch" apt-get update >"$d/update.log" 2>&1 || rc=$?
	case $rc in
	0 | 100) date +%s >"$d/updated" ;;
	*) tail -n 20 "$d/update.log" >&2; die "apt-get update for Debian $dist ($arch) failed (exit $rc; log: $d/update.log)" ;;
	esac
}

# papt_ready DIST ARCH: make sure DIST's lists for ARCH have been read.
papt_ready() {
	[ -s "$MEMDEMO_CACHE/apt/$1-$2/updated" ] || papt_update "$1" "$2"
}

# debian_source DIST SERIES [--refresh]: path of linux-source-SERIES's
# tarball from Debian DIST, downloaded into the cache on first use (not
# installed; its version in <tarball without .tar.xz>.version).
debian_source() {
	local dist=$1 pkg=linux-source-$2 dir deb
	dir=$MEMDEMO_CACHE/sources/$dist
	local tarball=$dir/usr/src/$pkg.tar.xz
	if [ ! -f "$tarball" ] || [ ! -s "$dir/usr/src/$pkg.version" ] || [ "${3:-}" = --refresh ]; then
		papt_update "$dist" "$(host_arch)"
		mkdir -p "$dir/debs"
		rm -f "$dir"/debs/*.deb
		(cd "$dir/debs" && papt "$dist" "$(host_arch)" apt-get download "$pkg") \
			>"$dir/download.log" 2>&1 ||
			{ tail -n 20 "$dir/download.log" >&2; die "cannot download $pkg from Debian $dist"; }
		deb=$(find "$dir/debs" -name "${pkg}_*.deb" | head -n 1)
		say "fetched $(basename "$deb") ($(du -m "$deb" | cut -f1) MB)"
		dpkg-deb -x "$deb" "$dir" || die "cannot unpack $deb"
		dpkg-deb -f "$deb" Version >"$dir/usr/src/$pkg.version"
		rm -f "$deb"
	fi
	[ -f "$tarball" ] || die "$pkg from Debian $dist has no $tarball"
	echo "$tarball"
}

# Host packages: apt-get update on the machine's own apt, through sudo when
# not root (its output in a log, shown only on failure).
apt_update() {
	local rc=0 log=$MEMDEMO_CACHE/apt-update.log
	say "apt: updating the machine's package lists (sudo apt-get update) ..."
	as_root apt-get -q update >"$log" 2>&1 || rc=$?
	case $rc in
	0) ;;
	100) say "apt: apt-get update exited 100 (some index files failed; see $log); continuing" ;;
	*) tail -n 20 "$log" >&2; die "apt-get update failed (exit $rc; log: $log)" ;;
	esac
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
	sum=$(cat "$dir"/* "$MEMDEMO_TOP/scripts/lib.sh" | sha256sum | cut -c1-16)
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
