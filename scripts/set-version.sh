#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Change memdemo's version in its two homes: MEMDEMO_VERSION in memdemo.h
# (which feeds MODULE_VERSION, the load line and /proc/memdemo) and
# PACKAGE_VERSION in dkms.conf.  usage: scripts/set-version.sh 1.2.3
set -euo pipefail
cd "$(dirname "$0")/.."
v=${1:-}
if ! [[ $v =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
	echo "usage: $0 MAJOR.MINOR.PATCH" >&2
	exit 2
fi
sed -i "s/^#define MEMDEMO_VERSION \".*\"/#define MEMDEMO_VERSION \"$v\"/" memdemo.h
sed -i "s/^PACKAGE_VERSION=\".*\"/PACKAGE_VERSION=\"$v\"/" dkms.conf
grep -H "MEMDEMO_VERSION \"\|^PACKAGE_VERSION" memdemo.h dkms.conf
