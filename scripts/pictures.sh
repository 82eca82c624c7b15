#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make pictures: boot a 32-bit 686-pae guest with 2 GiB (the articles'
# layout, highmem and all), an x86-64 one and an arm64 one, save their
# /proc/memdemo to docs/samples/<lane>.txt and draw each with memdemo-map
# --svg into docs/map-<lane>.svg, the pictures README shows.
#
# Environment: PICTURE_LANES (default "6.1-686-pae 6.12-amd64 6.1-arm64").
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
cd "$MEMDEMO_TOP"

# shellcheck disable=SC2086 # a list of lanes
scripts/deps.sh ${PICTURE_LANES:-6.1-686-pae 6.12-amd64 6.1-arm64}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
make -s -C tools O="$tmp" "$tmp/memdemo-map"
mkdir -p docs/samples
for l in ${PICTURE_LANES:-6.1-686-pae 6.12-amd64 6.1-arm64}; do
	scripts/fetch-lane.sh "$l" >&2
	mem=()
	case $l in *686-pae*) mem=(--mem 2G) ;; esac
	scripts/vm-run.sh --mode demo "${mem[@]}" "$l" >"$tmp/$l.out" ||
		die "the demo run on $l failed"
	sed -n '/^# cat \/proc\/memdemo$/,/^# memdemo-map/p' "$tmp/$l.out" |
		sed '1d;$d' >"docs/samples/$l.txt"
	"$tmp/memdemo-map" --svg "docs/samples/$l.txt" >"docs/map-$l.svg"
	say "wrote docs/samples/$l.txt and docs/map-$l.svg"
done
