#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo: install what is missing, fetch a Debian kernel, build memdemo.ko
# for it, boot it in qemu, load the module, show its dmesg lines and
# /proc/memdemo, unload it.
#
# Environment: KERNEL=<lane> (default 6.12-amd64; see scripts/lanes),
#   MEM=<size> CPUS=<n> PARAMS="param=value ..." CMDLINE="..." TIMEOUT=<s>
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

lane=${KERNEL:-6.12-amd64}
lane_load "$lane"
say "checking dependencies ..."
"$MEMDEMO_TOP/scripts/deps.sh" "$lane"
"$MEMDEMO_TOP/scripts/fetch-lane.sh" "$lane"
rc=0
"$MEMDEMO_TOP/scripts/vm-run.sh" --mode demo "$lane" || rc=$?
[ "$rc" = 0 ] || say "demo failed on $lane"
exit "$rc"
