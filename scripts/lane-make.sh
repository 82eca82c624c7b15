#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make LANE=<lane> [W=1] [C=2]: build memdemo.ko in the source tree for a
# fetched test lane's kernel (fetching it first), on the host or, for a lane
# of another Debian release, in that release's build root (lib.sh lane_make).
#
# usage: lane-make.sh LANE [kbuild arguments, e.g. W=1]
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/lib-lanes.sh
. "$(dirname "$0")/lib-lanes.sh"
# shellcheck source=scripts/lib-buildroot.sh
. "$(dirname "$0")/lib-buildroot.sh"
# shellcheck source=scripts/lib-guest.sh
. "$(dirname "$0")/lib-guest.sh"

[ $# -ge 1 ] || die "usage: $0 LANE [kbuild arguments]"
lane=$1
shift
lane_load "$lane"
arch_load "$LANE_ARCH"
"$MEMDEMO_TOP/scripts/fetch-lane.sh" "$lane"
lane_make "$MEMDEMO_TOP" "$@"
