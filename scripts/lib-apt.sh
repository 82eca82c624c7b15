# shellcheck shell=bash
# shellcheck disable=SC2034 # variables set here are used by the sourcing scripts
# SPDX-License-Identifier: GPL-2.0
# Debian's archive through apt configurations private to the cache, and the
# machine's own apt for host packages. Source it after scripts/lib.sh; do
# not run it.
# Sourced once, however many parts name it.
[ -z "${MEMDEMO_LIB_APT:-}" ] || return 0
MEMDEMO_LIB_APT=1

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
	mkdir -p "$dir"
	# One download of a release's kernel source at a time (two kernels
	# built from one source may be fetched side by side).
	exec 6>"$dir.lock"
	flock 6
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
	exec 6>&-
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
