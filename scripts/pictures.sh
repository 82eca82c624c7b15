#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make pictures: boot the lanes scripts/lanes tags picture (a 32-bit
# 686-pae guest with 2 GiB: the articles' layout, highmem and all; an
# x86-64 one and an arm64 one), save their /proc/memdemo to
# docs/samples/<lane>.txt and draw each with memdemo-map --svg into
# docs/map-<lane>.svg, the pictures README shows.
#
# Environment: PICTURE_LANES (instead of the tagged lanes).
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/lib-lanes.sh
. "$(dirname "$0")/lib-lanes.sh"
cd "$MEMDEMO_TOP"
lanes=${PICTURE_LANES:-$(lane_names picture | tr '\n' ' ')}

# shellcheck disable=SC2086 # a list of lanes
scripts/deps.sh $lanes
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
make -s -C tools O="$tmp" "$tmp/memdemo-map"
mkdir -p docs/samples
for l in $lanes; do
	scripts/fetch-lane.sh "$l" >&2
	scripts/vm-run.sh --mode demo "$l" >"$tmp/$l.out" ||
		die "the demo run on $l failed"
	sed -n '/^# cat \/proc\/memdemo$/,/^# memdemo-map/p' "$tmp/$l.out" |
		sed '1d;$d' >"docs/samples/$l.txt"
	"$tmp/memdemo-map" --svg "docs/samples/$l.txt" >"docs/map-$l.svg"
	say "wrote docs/samples/$l.txt and docs/map-$l.svg"
done
