#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install memdemo with DKMS on this machine, or remove it (make dkms-install,
# make dkms-remove). Through sudo when not root.
#
# usage: dkms.sh [--dry-run] install | remove | version | files
#   install   copy the sources to /usr/src/memdemo-<version>, then dkms add,
#             build and install for the running kernel (KVER=<release> for
#             another installed kernel); stops before touching anything when
#             that kernel's headers (/lib/modules/<release>/build) are missing
#   remove    dkms remove memdemo/<version> --all, remove /usr/src/memdemo-<version>
#   version   print the version (dkms.conf's PACKAGE_VERSION)
#   files     print the files DKMS gets, one per line
#   --dry-run print the commands that would change the system instead of
#             running them
# install and remove stop, changing nothing, while the Debian package
# memdemo-dkms is installed: the package wins (README, "Install the package").
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

# What /usr/src/memdemo-<version> holds: what DKMS's build needs (Kbuild,
# the sources, dkms.conf) and the Makefile, which Kbuild does not need but
# which lets a user build by hand there.
# The module's sources are the top level's *.c and *.h (memdemo.c, the
# parts it includes, md-*.c, and the headers), not what a build leaves
# there (kbuild's memdemo.mod.c). debian/rules installs the same list into
# the package, and make deb checks that they agree.
mapfile -t DKMS_FILES < <(cd "$MEMDEMO_TOP" && printf '%s\n' Kbuild Makefile ./*.c ./*.h dkms.conf |
	sed 's|^\./||' | grep -v '\.mod\.c$')

dry=0
[ "${1:-}" = --dry-run ] && { dry=1; shift; }
action=${1:-}

# The one version: dkms.conf's PACKAGE_VERSION, which `make check` holds
# equal to memdemo.h's MEMDEMO_VERSION (scripts/set-version.sh sets both).
ver=$(sed -nE 's/^PACKAGE_VERSION="?([^"]*)"?.*/\1/p' "$MEMDEMO_TOP/dkms.conf")
hver=$(sed -nE 's/^#define MEMDEMO_VERSION "([^"]*)".*/\1/p' "$MEMDEMO_TOP/memdemo.h")
[ -n "$ver" ] || die "no PACKAGE_VERSION in $MEMDEMO_TOP/dkms.conf"
[ "$ver" = "$hver" ] ||
	die "dkms.conf PACKAGE_VERSION ($ver) differs from memdemo.h MEMDEMO_VERSION ($hver); fix with scripts/set-version.sh"

dest=/usr/src/memdemo-$ver
kver=${KVER:-$(uname -r)}

# run CMD...: as root, or only print it with --dry-run.
run() {
	if [ "$dry" = 1 ]; then
		printf '+ %s\n' "$*"
	else
		as_root "$@"
	fi
}

# Whether memdemo/<ver> is in DKMS's tree (added, built or installed).
registered() {
	[ -d "/var/lib/dkms/memdemo/$ver" ]
}

# The version of the Debian package memdemo-dkms when it is installed
# (unpacked or further; README: "Install the package"), else nothing.
package_version() {
	local s
	command -v dpkg-query >/dev/null || return 0
	s=$(dpkg-query -W -f='${db:Status-Abbrev} ${Version}' memdemo-dkms 2>/dev/null) || return 0
	case ${s:1:1} in
	'' | n | c) ;;
	*) echo "${s##* }" ;;
	esac
}

# The package wins: while it is installed it owns memdemo in DKMS and its
# files in /usr/src, and make dkms-install or make dkms-remove would
# replace or delete files dpkg owns, or register a second memdemo.ko beside
# the package's. They stop, saying so, before changing anything. (The
# package's preinst, for its part, takes over a make dkms-install.)
refuse_if_packaged() {
	local pv
	pv=$(package_version)
	[ -n "$pv" ] || return 0
	say "memdemo: the Debian package memdemo-dkms $pv is installed; it owns memdemo in DKMS"
	say "(/usr/src/memdemo-$pv, /var/lib/dkms/memdemo), and the package wins: make dkms-$1"
	if [ "$1" = install ]; then
		say "leaves it alone. To use this working tree with DKMS instead, remove the package first:"
	else
		say "leaves it alone. Remove memdemo by purging the package:"
	fi
	say "    sudo apt purge memdemo-dkms"
	say "Nothing was changed."
	exit 1
}

# How to install the headers of kernel $1, by distribution.
headers_hint() {
	local id=
	[ -r /etc/os-release ] && id=$(. /etc/os-release && echo "${ID:-} ${ID_LIKE:-}")
	case " $id " in
	*" debian "* | *" ubuntu "*) echo "sudo apt install linux-headers-$1" ;;
	*" fedora "* | *" rhel "*) echo "sudo dnf install kernel-devel-$1" ;;
	*) echo "install the package with the headers of kernel $1 (Debian, Ubuntu: linux-headers-$1; Fedora: kernel-devel-$1)" ;;
	esac
}

case $action in
version)
	echo "$ver"
	;;
files)
	printf '%s\n' "${DKMS_FILES[@]}"
	;;
install)
	# Everything that can stop the install is checked before anything changes.
	command -v dkms >/dev/null ||
		die "dkms not found; install it first (Debian, Ubuntu, Fedora: package dkms)"
	refuse_if_packaged install
	if [ ! -f "/lib/modules/$kver/build/Makefile" ]; then
		say "memdemo: no headers for kernel $kver (/lib/modules/$kver/build is missing)."
		say "Install them first, then run make dkms-install again:"
		say "    $(headers_hint "$kver")"
		say "Nothing was changed."
		exit 1
	fi
	for f in "${DKMS_FILES[@]}"; do
		[ -f "$MEMDEMO_TOP/$f" ] || die "missing $MEMDEMO_TOP/$f"
	done
	if registered; then
		say "memdemo $ver is already in DKMS; removing it first (reinstall)"
		run dkms remove "memdemo/$ver" --all
	fi
	say "copying the sources to $dest"
	run rm -rf "$dest"
	run mkdir -p "$dest"
	# One install for all of them: through sudo, a command per file took
	# half a minute on an emulated machine.
	run install -m 0644 -t "$dest" "${DKMS_FILES[@]/#/$MEMDEMO_TOP/}"
	run dkms add "memdemo/$ver"
	rc=0
	run dkms build "memdemo/$ver" -k "$kver" || rc=$?
	if [ "$rc" = 77 ]; then
		# dkms has printed its own BUILD_EXCLUSIVE message.
		say "memdemo: DKMS will not build memdemo $ver for $kver: memdemo needs"
		say "Linux 6.1 or later with CONFIG_PROC_FS and CONFIG_MODULES."
		say "memdemo/$ver stays added; make dkms-remove takes it away."
		exit 77
	elif [ "$rc" != 0 ]; then
		say "memdemo: dkms build failed; the compiler's output is in"
		say "    /var/lib/dkms/memdemo/$ver/build/make.log"
		exit "$rc"
	fi
	run dkms install "memdemo/$ver" -k "$kver"
	say "memdemo $ver is installed for $kver; load it with: sudo modprobe memdemo"
	;;
remove)
	refuse_if_packaged remove
	if registered; then
		run dkms remove "memdemo/$ver" --all
	else
		say "memdemo $ver is not in DKMS's tree"
	fi
	if [ -e "$dest" ]; then
		run rm -rf "$dest"
	fi
	;;
*)
	die "usage: $0 [--dry-run] install | remove | version | files"
	;;
esac
