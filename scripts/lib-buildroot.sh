# shellcheck shell=bash
# shellcheck disable=SC2034 # variables set here are used by the sourcing scripts
# SPDX-License-Identifier: GPL-2.0
# Build roots: minimal systems of another Debian release, made with
# debootstrap in the cache, and building memdemo for a lane in one. Source
# it after scripts/lib.sh; do not run it.
# Sourced once, however many parts name it.
[ -z "${MEMDEMO_LIB_BUILDROOT:-}" ] || return 0
MEMDEMO_LIB_BUILDROOT=1
# shellcheck source=scripts/lib-lanes.sh
. "$MEMDEMO_TOP/scripts/lib-lanes.sh"
# shellcheck source=scripts/lib-apt.sh
. "$MEMDEMO_TOP/scripts/lib-apt.sh"

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
	# One lane at a time makes or checks a root (lanes fetch side by side);
	# the lock goes when this subshell ends.
	(
	flock 7
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
	) 7>"$root.lock" || exit 1
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
