#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host test of memdemo's one version: MEMDEMO_VERSION in memdemo.h (which
# MODULE_VERSION, the load line and /proc/memdemo print) is the source;
# dkms.conf's PACKAGE_VERSION (the /usr/src/memdemo-<version> DKMS looks
# in), debian/changelog's version (the package's, and the directory
# dh_dkms installs into) and the package file README tells users to
# install must say the same. scripts/set-version.sh changes them all.
#
# usage: tests/host/version-test.sh    (from anywhere)
# Prints unnumbered TAP lines (ok - desc / not ok - desc); exits 0 even
# when one is not ok (the caller counts them), 2 when it cannot run.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=scripts/tap.sh
. "$top/scripts/tap.sh"

hv=$(sed -nE 's/^#define MEMDEMO_VERSION "([^"]*)".*/\1/p' "$top/memdemo.h")
dv=$(sed -nE 's/^PACKAGE_VERSION="?([^"]*)"?.*/\1/p' "$top/dkms.conf")
# The version of debian/changelog's first entry: "memdemo (<version>) ...".
cv=$(sed -nE '1s/^[^ ]+ \(([^)]*)\).*/\1/p' "$top/debian/changelog")

tap_result "$([ -n "$hv" ]; echo $?)" "memdemo.h defines MEMDEMO_VERSION (${hv:-none})"
tap_result "$(grep -q '^MODULE_VERSION(MEMDEMO_VERSION);' "$top/memdemo.c"; echo $?)" \
	"memdemo.c's MODULE_VERSION is MEMDEMO_VERSION"
tap_result "$([ -n "$hv" ] && [ "$dv" = "$hv" ]; echo $?)" \
	"dkms.conf PACKAGE_VERSION (${dv:-none}) matches MEMDEMO_VERSION (${hv:-none})"
tap_result "$([ -n "$hv" ] && [ "$cv" = "$hv" ]; echo $?)" \
	"debian/changelog's version (${cv:-none}) matches MEMDEMO_VERSION (${hv:-none}; a native package: no Debian revision)"
# Every memdemo-dkms_<version>_all.deb README names (the commands of its
# "Install the package" section, which the system lane runs as written).
bad=$(grep -oE 'memdemo-dkms_[^_ ]*_all\.deb' "$top/README.md" | grep -vxF "memdemo-dkms_${hv}_all.deb" | sort -u | tr '\n' ' ')
n=$(grep -cE 'memdemo-dkms_[^_ ]*_all\.deb' "$top/README.md")
tap_result "$([ -z "$bad" ] && [ "$n" -gt 0 ]; echo $?)" \
	"README's package file is memdemo-dkms_${hv:-?}_all.deb (${n} mentions${bad:+; others: $bad})"
exit 0
