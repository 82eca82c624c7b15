#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host test of tools/memdemo-map: builds tools/ (tools/Makefile) for this
# machine and runs memdemo-map on every tests/host/samples/*.txt (saved /proc/memdemo outputs), and on
# variants made from them: addresses hidden as an unprivileged reader sees
# them, and one allocation moved out of every region.
#
# usage: bash tests/host/map-test.sh     (CC=... to pick the compiler)
# Prints unnumbered TAP lines (ok - desc / not ok - desc); exits 1 when one
# failed.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
samples=$top/tests/host/samples
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
map=$tmp/memdemo-map
failed=0
passed=0

# shellcheck source=scripts/tap.sh
. "$(dirname "$0")/../../scripts/tap.sh"
ok() {
	tap_ok "$1"
	passed=$((passed + 1))
}

not_ok() {
	tap_not_ok "$@"
	failed=$((failed + 1))
}

# check DESC CMD...: ok when CMD succeeds.
check() {
	local desc=$1
	shift
	if "$@"; then
		ok "$desc"
	else
		not_ok "$desc"
	fi
}

# status DESC WANT CMD...: ok when CMD exits with status WANT; its stdout and
# stderr go to $tmp/out and $tmp/err.
status() {
	local desc=$1 want=$2 got
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" = "$want" ]; then
		ok "$desc"
	else
		not_ok "$desc" "exit status $got, want $want" "$(head -n 20 "$tmp/err")"
	fi
}

has() {
	grep -qF -- "$2" "$1"
}

no_escapes() {
	! grep -q $'\033' "$1"
}

# svg_parts SVG SAMPLE: boxes, a label and the sample's first line as title.
svg_parts() {
	grep -q '<rect' "$1" && grep -q 'PAGE_OFFSET' "$1" &&
		grep -qF "<title>$(head -n1 "$2")</title>" "$1"
}

# names KIND FILE: the name= of each KIND line (region, alloc), one a line.
names() {
	sed -n "s/^$1 name=\([^ ]*\) .*/\1/p" "$2"
}

# The first address of a 32-bit sample that no region covers: the end of
# some region that no other region holds.
uncovered32() {
	local e s2 e2 inside
	while read -r _ e; do
		inside=0
		while read -r s2 e2; do
			if ((e >= s2 && e < e2)); then
				inside=1
			fi
		done < <(regions "$1")
		if [ "$inside" = 0 ] && ((e < 0x100000000)); then
			printf '0x%x\n' "$e"
			return
		fi
	done < <(regions "$1")
}

# "start end" of each region line, as numbers bash can compare.
regions() {
	sed -n 's/^region .* start=\(0x[0-9a-f]*\) end=\(0x[0-9a-f]*\).*/\1 \2/p' "$1"
}

if make -s -C "$top/tools" O="$tmp" CC="${CC:-gcc}" CFLAGS="-O2 -Werror" >"$tmp/cc" 2>&1; then
	ok "tools build with make -C tools, ${CC:-gcc} -std=c11 -Wall -Wextra -Werror"
else
	not_ok "tools build with make -C tools, ${CC:-gcc} -std=c11 -Wall -Wextra -Werror" "$(cat "$tmp/cc")"
	exit 1
fi

status "--help exits 0" 0 "$map" --help
check "--help says what it does" has "$tmp/out" "usage: memdemo-map"
status "an unknown option exits 2" 2 "$map" --no-such-option

nsamples=0
for f in "$samples"/*.txt; do
	[ -e "$f" ] || continue
	nsamples=$((nsamples + 1))
	n=$(basename "$f" .txt)

	status "$n: draws the map" 0 "$map" "$f"
	cp "$tmp/out" "$tmp/map.txt"
	missing=()
	while read -r r; do
		grep -qE "^ *\| $r " "$tmp/map.txt" || missing+=("region $r")
	done < <(names region "$f")
	while read -r a; do
		grep -qE "^ *0x[0-9a-f]+ \|.* \* $a \(" "$tmp/map.txt" || missing+=("allocation $a")
	done < <(names alloc "$f")
	if [ ${#missing[@]} = 0 ]; then
		ok "$n: a box for each region, a line for each allocation"
	else
		not_ok "$n: a box for each region, a line for each allocation" "missing: ${missing[*]}"
	fi
	check "$n: PAGE_OFFSET labelled" has "$tmp/map.txt" "<-- PAGE_OFFSET"
	check "$n: VMALLOC_START labelled" has "$tmp/map.txt" "<-- VMALLOC_START"
	check "$n: a legend says how size maps to height" has "$tmp/map.txt" "box height is logarithmic"
	check "$n: no colour when stdout is not a terminal" no_escapes "$tmp/map.txt"
	"$map" --color=always "$f" >"$tmp/color.txt" 2>/dev/null
	check "$n: --color=always colours" grep -q $'\033\\[' "$tmp/color.txt"
	"$map" - <"$f" >"$tmp/stdin.txt" 2>/dev/null
	check "$n: reads standard input given -" cmp -s "$tmp/map.txt" "$tmp/stdin.txt"

	status "$n: --check finds every allocation in its region" 0 "$map" --check "$f"
	check "$n: --check says ok" grep -q '^ok' "$tmp/out"

	status "$n: --svg exits 0" 0 "$map" --svg "$f"
	cp "$tmp/out" "$tmp/map.svg"
	check "$n: --svg is well-formed XML" \
		python3 -c 'import sys,xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$tmp/map.svg"
	check "$n: --svg has boxes, labels and the title" svg_parts "$tmp/map.svg" "$f"

	# What a reader without CAP_SYSLOG gets: memdemo's "# addresses hidden"
	# line and every address 0x0 but the user region's; and a bare variant,
	# every address 0x0 and no such line.
	sed -E '/^region name=user /!s/=0x[0-9a-f]+/=0x0/g; 1a\
# addresses hidden: reading them needs CAP_SYSLOG' "$f" >"$tmp/hidden2.txt"
	sed -E 's/=0x[0-9a-f]+/=0x0/g; /^# addresses hidden/d' "$f" >"$tmp/hidden.txt"
	status "$n: addresses all 0x0: cannot draw, exit 2" 2 "$map" "$tmp/hidden.txt"
	check "$n: ... and says why" grep -q 'cannot draw.*hides its addresses' "$tmp/err"
	status "$n: unprivileged view: cannot draw, exit 2" 2 "$map" "$tmp/hidden2.txt"
	check "$n: ... and says why" grep -q 'CAP_SYSLOG' "$tmp/err"
	status "$n: unprivileged view: --check exits 2 too" 2 "$map" --check "$tmp/hidden2.txt"

	# One allocation moved to an address outside every region.
	first=$(names alloc "$f" | head -n1)
	if grep -qE '^region .* end=0x[0-9a-f]{9,}' "$f"; then
		away=0x8000000000000000		# non-canonical on every 64-bit machine
	else
		away=$(uncovered32 "$f")
	fi
	if [ -z "$away" ]; then
		not_ok "$n: an address outside every region to move $first to" "the regions cover it all"
		continue
	fi
	sed -E "/^alloc name=$first /s/virt=0x[0-9a-f]+/virt=$away/" "$f" >"$tmp/moved.txt"
	status "$n: $first moved to $away: --check exits 1" 1 "$map" --check "$tmp/moved.txt"
	check "$n: ... and names it" grep -q "allocation $first .*$away.* no region" "$tmp/out"
	status "$n: $first moved: the map is drawn, exit 1" 1 "$map" "$tmp/moved.txt"
	check "$n: ... with a warning" grep -q "warning: allocation $first " "$tmp/err"
	check "$n: ... and the block marked in the map" grep -qE "^ *$away \| ! $first \(" "$tmp/out"
done

if [ "$nsamples" = 0 ]; then
	not_ok "samples in $samples"
fi
printf '# %d passed, %d failed\n' "$passed" "$failed"
[ "$failed" = 0 ]
