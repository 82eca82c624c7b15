#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fetch the Debian kernel of a lane (image + headers + kbuild tools) and
# unpack it into the per-user cache, outside the repository (lanes of
# flavours with a fragment tests/kernels/<flavour>.config are built from source by scripts/build-kernel.sh;
# a variant lane BASE+WHAT uses BASE's kernel and cache):
#   ${XDG_CACHE_HOME:-$HOME/.cache}/memdemo/lanes/<lane>/
#     root/      the unpacked packages (boot/vmlinuz-*, usr/src/linux-headers-*)
#     release    the kernel release string (written last: marks the lane usable)
#     versions   the exact packages and versions used
#     kdir       the directory to build modules against (make -C <kdir> M=...)
#     buildroot  only for lanes of another Debian release than the host's:
#                the build root (debootstrap) whose compiler and C library
#                the headers need; kdir is then a path inside it, and the
#                headers are unpacked there (scripts/lane-make.sh builds)
# Packages come from the lane's Debian release (the lanes' dist column)
# through a private apt configuration in the cache (lib.sh: papt). A lane
# already in the cache is reused without asking apt anything. Nothing is
# installed; host /boot and /lib/modules are never touched.
#
# usage: fetch-lane.sh [--refresh] [--print-kdir] LANE... | --all | --list
#   --refresh     resolve and fetch again even when cached
#   --print-kdir  print only the build directory of each lane on stdout
#   --all         every lane in scripts/lanes that boots one of its kernels
#   --list        list the lanes and what is cached for each
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/lib-lanes.sh
. "$(dirname "$0")/lib-lanes.sh"
# shellcheck source=scripts/lib-apt.sh
. "$(dirname "$0")/lib-apt.sh"
# shellcheck source=scripts/lib-buildroot.sh
. "$(dirname "$0")/lib-buildroot.sh"
# shellcheck source=scripts/lib-guest.sh
. "$(dirname "$0")/lib-guest.sh"

refresh=0
print_kdir=0
lanes=()
for a in "$@"; do
	case $a in
	--refresh) refresh=1 ;;
	--print-kdir) print_kdir=1 ;;
	--all) mapfile -t -O "${#lanes[@]}" lanes < <(lane_names test demo dkms) ;;
	--list)
		grep -E '^# +name +kind' "$MEMDEMO_LANES_FILE" | sed 's/^# *//; s/$/  (cached release)/'
		for l in $(lane_names test demo dkms); do
			printf '%s  (%s)\n' "$(awk -v n="$l" '$1 == n' "$MEMDEMO_LANES_FILE")" \
				"$(lane_release "$l" | grep . || echo 'not fetched')"
		done
		exit 0
		;;
	-h | --help)
		sed -n '/^# Fetch the/,/^#   --list/s/^# \{0,1\}//p' "$0"
		exit 0
		;;
	-*) die "unknown option $a" ;;
	*) lanes+=("$a") ;;
	esac
done
[ ${#lanes[@]} -gt 0 ] || die "usage: $0 [--refresh] [--print-kdir] LANE... (lanes: $(lane_names | tr '\n' ' '))"

# apt on the lane's Debian release and architecture (lib.sh: papt).
lapt() { papt "$LANE_DIST" "$LANE_ARCH" "$@"; }

# Versions of PKG (may carry :arch) that apt knows about.
versions_of() {
	lapt apt-cache madison "$1" 2>/dev/null | awk -F'|' '{ gsub(/ /, "", $2); print $2 }' | sort -u
}

has_version() { versions_of "$1" | grep -qxF "$2"; }

candidate_of() {
	lapt apt-cache policy "$1" 2>/dev/null | awk '$1 == "Candidate:" && $2 != "(none)" { print $2; exit }'
}

# resolve: pick the newest ABI of $LANE_SERIES/$LANE_FLAVOUR in Debian
# $LANE_DIST for which image, headers, common headers and the host's kbuild
# tools exist in one version. Sets REL PKGS (array of pkg:arch=version;
# the image first).
resolve() {
	local series_re flavour_re abis abi rel img hdr common kbuild v why p
	series_re=${LANE_SERIES//./\\.}
	flavour_re=${LANE_FLAVOUR//./\\.}
	# linux-image-<rel> up to 6.x; 7.x splits it into a small dependency
	# package and linux-binary-<rel> (the kernel) and linux-modules-<rel>.
	abis=$(lapt apt-cache pkgnames "linux-" 2>/dev/null |
		sed -nE "s/^linux-(image|binary)-(${series_re}\.[0-9]+(-[0-9]+)?(\+deb[0-9]+)?)-${flavour_re}(-unsigned)?$/\2/p" |
		sort -uVr)
	[ -n "$abis" ] || return 1
	for abi in $abis; do
		rel=$abi-$LANE_FLAVOUR
		hdr=linux-headers-$rel:$LANE_ARCH
		v=$(candidate_of "$hdr")
		if [ -z "$v" ]; then
			say "  $rel: skipped, $hdr has no candidate"
			continue
		fi
		img=
		for p in "linux-binary-$rel:$LANE_ARCH" "linux-image-$rel-unsigned:$LANE_ARCH" "linux-image-$rel:$LANE_ARCH"; do
			if has_version "$p" "$v"; then img=$p; break; fi
		done
		# PREEMPT_RT flavours had their own common headers up to 6.x.
		common=linux-headers-$abi-common
		case $LANE_FLAVOUR in
		rt-*) [ -z "$(versions_of "$common-rt")" ] || common=$common-rt ;;
		esac
		# 6.1.0-N uses linux-kbuild-6.1; 6.12.X+deb12 uses linux-kbuild-6.12.X+deb12.
		kbuild=linux-kbuild-$abi:$HOST_ARCH
		[ -n "$(versions_of "$kbuild")" ] || kbuild=linux-kbuild-$LANE_SERIES:$HOST_ARCH
		why=
		[ -n "$img" ] || why="no linux-binary-$rel or linux-image-$rel(-unsigned) $v"
		has_version "$common" "$v" || why="${why:+$why, }no $common $v"
		has_version "$kbuild" "$v" || why="${why:+$why, }no ${kbuild%:*} $v for $HOST_ARCH (have: $(versions_of "$kbuild" | tr '\n' ' '))"
		if [ -n "$why" ]; then
			say "  $rel: skipped, $why"
			continue
		fi
		REL=$rel
		PKGS=("$img=$v" "$hdr=$v" "$common=$v" "$kbuild=$v")
		return 0
	done
	return 1
}

# download DIR: the lane's packages into DIR, apt's output into DIR/../download.log.
download() {
	(cd "$1" && lapt apt-get download "${PKGS[@]}") >"$1/../download.log" 2>&1
}

fetch_one() {
	lane_load "$1"
	if lane_from_source; then
		# Built from Debian's linux-source package, not fetched.
		local opts=()
		[ "$refresh" = 0 ] || opts+=(--refresh)
		[ "$print_kdir" = 0 ] || opts+=(--print-kdir)
		"$MEMDEMO_TOP/scripts/build-kernel.sh" "${opts[@]}" "$1"
		return
	fi
	if [ "$refresh" = 0 ] && [ -s "$LANE_DIR/release" ] && [ -s "$LANE_DIR/kdir" ] &&
		[ -d "$(lane_kdir_host)" ]; then
		if [ "$print_kdir" = 1 ]; then
			lane_kdir_host
		else
			say "$LANE_NAME: cached $(cat "$LANE_DIR/release") ($(paste -sd" " "$LANE_DIR/versions"))"
		fi
		return 0
	fi
	if ! command -v apt-get >/dev/null || ! command -v dpkg-deb >/dev/null; then
		die "$LANE_NAME: cannot fetch: needs apt-get and dpkg-deb (a Debian host)"
	fi
	# One fetch of a lane at a time (make check and vm-run.sh may both ask).
	mkdir -p "$MEMDEMO_CACHE/lanes"
	exec 9>"$MEMDEMO_CACHE/lanes/.$(lane_base "$LANE_NAME").lock"
	flock 9
	if [ "$refresh" = 0 ] && [ -s "$LANE_DIR/release" ] && [ -d "$(lane_kdir_host)" ]; then
		exec 9>&-
		fetch_one "$1"
		return
	fi
	say "$LANE_NAME: looking for the newest Debian $LANE_DIST $LANE_SERIES $LANE_FLAVOUR kernel ($LANE_ARCH) ..."
	# One lane at a time reads and uses a release's lists for an
	# architecture: lanes fetch side by side (scripts/check.sh).
	mkdir -p "$MEMDEMO_CACHE/apt"
	exec 8>"$MEMDEMO_CACHE/apt/.$LANE_DIST-$LANE_ARCH.lock"
	flock 8
	# Always read the lists afresh: the newest ABI at fetch time.
	papt_update "$LANE_DIST" "$LANE_ARCH"
	resolve || die "$LANE_NAME: cannot fetch: no linux-image-$LANE_SERIES.*-$LANE_FLAVOUR (or linux-binary-) for $LANE_ARCH with matching headers, -common and linux-kbuild in Debian $LANE_DIST"

	local tmp
	tmp=$(mktemp -d "$MEMDEMO_CACHE/lanes/.$LANE_NAME.XXXXXX")
	# shellcheck disable=SC2064 # expand now: tmp is local
	trap "rm -rf '$tmp'" EXIT
	mkdir "$tmp/debs" "$tmp/root"
	download "$tmp/debs" || {
		tail -n 20 "$tmp/download.log" >&2
		die "$LANE_NAME: cannot fetch: apt-get download ${PKGS[*]} failed"
	}
	exec 8>&-
	say "$LANE_NAME: fetched $REL: $(find "$tmp/debs" -name '*.deb' | wc -l) packages, $(du -sm "$tmp/debs" | cut -f1) MB (${PKGS[*]%%=*})"
	local deb img_deb=
	img_deb=$(find "$tmp/debs" -name "${PKGS[0]%%[:=]*}_*.deb")
	dpkg-deb -x "$img_deb" "$tmp/root" || die "$LANE_NAME: cannot unpack $img_deb"
	# 7.x's linux-binary keeps the kernel at /usr/lib/modules/<rel>/vmlinuz.
	if [ ! -e "$tmp/root/boot/vmlinuz-$REL" ] && [ -e "$tmp/root/usr/lib/modules/$REL/vmlinuz" ]; then
		mkdir -p "$tmp/root/boot"
		ln -s "../usr/lib/modules/$REL/vmlinuz" "$tmp/root/boot/vmlinuz-$REL"
	fi
	[ -e "$tmp/root/boot/vmlinuz-$REL" ] ||
		die "$LANE_NAME: the image package has no /boot/vmlinuz-$REL"

	local final=$LANE_DIR kdir
	if lane_needs_buildroot; then
		# Headers whose build tools need another Debian release's C library
		# and compiler: unpacked at their own paths into a build root of
		# that release (lib.sh: buildroot_ready), where kbuild runs chrooted.
		local broot
		broot=$(buildroot_ready "$LANE_DIST" "$LANE_ARCH")
		# Only their /usr: unpacked over a merged-/usr root, a package's
		# /lib (5.10's /lib/modules/<release>/build) would replace the
		# root's /lib symlink with a directory.
		mkdir "$tmp/hdr"
		for deb in "$tmp"/debs/*.deb; do
			[ "$deb" = "$img_deb" ] && continue
			dpkg-deb -x "$deb" "$tmp/hdr" || die "$LANE_NAME: cannot unpack $deb"
		done
		as_root cp -a "$tmp/hdr/usr/." "$broot/usr/" || die "$LANE_NAME: cannot copy the headers into $broot"
		rm -rf "$tmp/hdr"
		kdir=/usr/src/linux-headers-$REL
		[ -x "$broot$kdir/scripts/basic/fixdep" ] ||
			die "$LANE_NAME: $broot$kdir lacks scripts/basic/fixdep (kbuild tools missing?)"
		echo "$broot" >"$tmp/buildroot"
	else
		for deb in "$tmp"/debs/*.deb; do
			[ "$deb" = "$img_deb" ] && continue
			dpkg-deb -x "$deb" "$tmp/root" || die "$LANE_NAME: cannot unpack $deb"
		done
		kdir=$final/root/usr/src/linux-headers-$REL
		local mk=$tmp/root/usr/src/linux-headers-$REL/Makefile
		[ -f "$mk" ] || die "$LANE_NAME: $REL headers have no Makefile"
		# The arch headers include the common headers by absolute path.
		grep -q '^include /usr/src/' "$mk" ||
			die "$LANE_NAME: no 'include /usr/src/...' line in $mk to rewrite"
		sed -i "s|^include /usr/src/|include $final/root/usr/src/|" "$mk"
		[ -x "$tmp/root/usr/src/linux-headers-$REL/scripts/basic/fixdep" ] ||
			die "$LANE_NAME: headers lack scripts/basic/fixdep (kbuild tools missing?)"
	fi

	printf '%s\n' "${PKGS[@]}" >"$tmp/versions"
	echo "$kdir" >"$tmp/kdir"
	rm -rf "$tmp/debs"
	rm -rf "$final"
	mv "$tmp" "$final"
	trap - EXIT
	echo "$REL" >"$final/release"
	busybox_for_arch "$LANE_ARCH" >/dev/null
	exec 9>&-
	if [ "$print_kdir" = 1 ]; then
		lane_kdir_host
	else
		say "$LANE_NAME: ready: $REL in $final"
	fi
}

HOST_ARCH=$(host_arch)
for l in "${lanes[@]}"; do
	fetch_one "$l"
done
