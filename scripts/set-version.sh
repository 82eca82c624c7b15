#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Change memdemo's version everywhere it is written: MEMDEMO_VERSION in
# memdemo.h, the source (it feeds MODULE_VERSION, the load line and
# /proc/memdemo); PACKAGE_VERSION in dkms.conf; debian/changelog, which
# gets a new entry (the package's version; a native package, so no Debian
# revision); and README's commands that name it (the package file, the
# DKMS paths). tests/host/version-test.sh fails when they differ.
#
# usage: scripts/set-version.sh MAJOR.MINOR.PATCH ["what changed"]
set -euo pipefail
cd "$(dirname "$0")/.."
v=${1:-}
if ! [[ $v =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
	echo "usage: $0 MAJOR.MINOR.PATCH [\"what changed\"]" >&2
	exit 2
fi
what=${2:-"memdemo $v."}
sed -i "s/^#define MEMDEMO_VERSION \".*\"/#define MEMDEMO_VERSION \"$v\"/" memdemo.h
sed -i "s/^PACKAGE_VERSION=\".*\"/PACKAGE_VERSION=\"$v\"/" dkms.conf
# A new changelog entry unless the newest already has this version; its
# signature is the package's Maintainer (debian/control).
cur=$(sed -nE '1s/^[^ ]+ \(([^)]*)\).*/\1/p' debian/changelog)
if [ "$cur" != "$v" ]; then
	maint=$(sed -n 's/^Maintainer: //p' debian/control)
	tmp=$(mktemp debian/changelog.XXXXXX)
	{
		printf 'memdemo (%s) unstable; urgency=medium\n\n  * %s\n\n -- %s  %s\n\n' \
			"$v" "$what" "$maint" "$(date -R)"
		cat debian/changelog
	} >"$tmp"
	chmod 0644 "$tmp"
	mv "$tmp" debian/changelog
fi
# README's commands: the package file, and the DKMS paths and names
# (/usr/src/memdemo-<version>, memdemo/<version>). Sample output quoted in
# README keeps the version it was captured with.
sed -i -E "s/memdemo-dkms_[0-9]+\.[0-9]+\.[0-9]+_all\.deb/memdemo-dkms_${v}_all.deb/g;
	s|/usr/src/memdemo-[0-9]+\.[0-9]+\.[0-9]+|/usr/src/memdemo-$v|g;
	s|memdemo/[0-9]+\.[0-9]+\.[0-9]+|memdemo/$v|g" README.md
grep -H "MEMDEMO_VERSION \"\|^PACKAGE_VERSION" memdemo.h dkms.conf
head -n 1 debian/changelog | sed 's/^/debian\/changelog: /'
