#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make deb: build the memdemo-dkms Debian package (binary and source) from
# the working tree's files (those git tracks or would, not those it
# ignores), as root or as a regular user (debian/control says
# Rules-Requires-Root: no, so no step needs root or fakeroot), in a copy
# outside the working tree: the tree is left as it was. Installs what it
# needs through scripts/deps.sh deb (dpkg-dev, debhelper, dh-dkms, lintian),
# then runs lintian on the .changes (the .deb and the .dsc with it) and
# fails on any error or warning.
#
# usage: deb.sh [--no-lintian]
# Environment: DEB_OUT (default: build/deb in the working tree, which git
#   ignores) receives memdemo-dkms_<version>_all.deb, memdemo_<version>.dsc,
#   memdemo_<version>.tar.xz, the .changes and the .buildinfo; the files
#   of an earlier make deb go first.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

lint=1
[ "${1:-}" != --no-lintian ] || lint=0
cd "$MEMDEMO_TOP"
"$MEMDEMO_TOP/scripts/deps.sh" deb

# One version (tests/host/version-test.sh): memdemo.h's MEMDEMO_VERSION,
# dkms.conf's PACKAGE_VERSION and debian/changelog's must agree, or the
# package would put the sources under a name DKMS does not look for.
ver=$(sed -nE 's/^#define MEMDEMO_VERSION "([^"]*)".*/\1/p' memdemo.h)
dver=$(sed -nE 's/^PACKAGE_VERSION="?([^"]*)"?.*/\1/p' dkms.conf)
cver=$(dpkg-parsechangelog -l debian/changelog -S Version)
if [ -z "$ver" ] || [ "$ver" != "$dver" ] || [ "$ver" != "$cver" ]; then
	die "versions differ: memdemo.h $ver, dkms.conf $dver, debian/changelog $cver (scripts/set-version.sh sets all three)"
fi

out=${DEB_OUT:-$MEMDEMO_TOP/build/deb}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d "$out/.work.XXXXXX")
trap 'rm -rf "$work"' EXIT
src=$work/memdemo-$ver

# The source: the files of the working tree that git tracks or would track
# (a new file not yet added counts; build products, which .gitignore names,
# do not), as they are now; every file when this is not a git checkout.
mkdir "$src"
if git rev-parse --git-dir >/dev/null 2>&1; then
	git ls-files -z --cached --others --exclude-standard |
		while IFS= read -r -d '' f; do [ ! -f "$f" ] || printf '%s\0' "$f"; done
else
	find . -path ./.git -prune -o -path ./build -prune -o -type f -print0
fi | tar --null -T - -cf - | tar -C "$src" -xf -

log=$out/build.log
say "deb: dpkg-buildpackage -us -uc in $src (log: $log) ..."
(cd "$src" && dpkg-buildpackage -us -uc) >"$log" 2>&1 ||
	{ tail -n 30 "$log" >&2; die "dpkg-buildpackage failed (log: $log)"; }

# What the package puts in /usr/src/memdemo-<version> is what make
# dkms-install copies there (scripts/dkms.sh files).
deb=memdemo-dkms_${ver}_all.deb
got=$(dpkg-deb -c "$work/$deb" | awk -v d="./usr/src/memdemo-$ver/" 'index($6, d) == 1 && $6 != d { print substr($6, length(d) + 1) }' | sort)
want=$("$MEMDEMO_TOP/scripts/dkms.sh" files | sort)
[ "$got" = "$want" ] ||
	die "$deb's /usr/src/memdemo-$ver differs from make dkms-install's files: $(diff <(echo "$want") <(echo "$got") | grep '^[<>]' | tr '\n' ' ')"

rm -f "$out"/memdemo-dkms_*.deb "$out"/memdemo_*.dsc "$out"/memdemo_*.tar.* \
	"$out"/memdemo_*.changes "$out"/memdemo_*.buildinfo
mv "$work"/*.deb "$work"/*.dsc "$work"/*.tar.* "$work"/*.changes "$work"/*.buildinfo "$out/"

if [ "$lint" = 1 ]; then
	changes=$(find "$out" -maxdepth 1 -name "memdemo_${ver}_*.changes" | head -n 1)
	say "deb: lintian $(basename "$changes") (with the .dsc and the .deb) ..."
	# lintian's exit status counts errors only: warnings fail here too.
	lout=$(lintian --info --display-experimental --pedantic "$changes" 2>&1 | grep -v 'running with root privileges') || true
	[ -z "$lout" ] || printf '%s\n' "$lout" | grep -E '^[EWIPX]: ' | sed 's/^/  /' >&2
	! grep -qE '^[EW]: ' <<<"$lout" || die "lintian reports errors or warnings (above)"
	say "deb: lintian: no error, no warning ($(grep -cE '^[IPX]: ' <<<"$lout" || true) info, pedantic or experimental tags)"
fi
say "deb: built memdemo-dkms $ver in $out:"
(cd "$out" && ls -1 ./*"$ver"*) | sed "s|^\./|  $out/|" >&2
say "install it with: sudo apt install $out/$deb"
