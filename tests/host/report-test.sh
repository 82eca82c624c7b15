#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host test of the pictures and the page: memdemo-plot's cost curves and
# claims grid, and memdemo-report's HTML, made from the saved
# /proc/memdemo samples (tests/host/samples, bench-*.txt with a benchmark)
# and docs/claims.md.  The SVGs must parse as XML, the page must pass tidy
# (HTML5) with no warning, and in headless Chromium it must load without a
# console message, have every section, and draw the map and the curves at
# a nonzero size; a screenshot of each page is kept (REPORT_SHOTS, default
# $XDG_CACHE_HOME/memdemo/report-shots).
#
# usage: bash tests/host/report-test.sh
# Prints unnumbered TAP lines; exits 1 when one failed.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
samples=$top/tests/host/samples
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
shots=${REPORT_SHOTS:-${XDG_CACHE_HOME:-$HOME/.cache}/memdemo/report-shots}
# shellcheck source=scripts/tap.sh
. "$top/scripts/tap.sh"

if make -s -C "$top/tools" O="$tmp" CFLAGS="-O2 -Werror" >"$tmp/cc" 2>&1; then
	tap_ok "tools build (memdemo-plot, memdemo-report)"
else
	tap_not_ok "tools build (memdemo-plot, memdemo-report)" "$(cat "$tmp/cc")"
	exit 1
fi

# svg_ok FILE DESC: FILE is a whole SVG document that parses as XML.
svg_ok() {
	if xmllint --noout "$1" 2>"$tmp/xml" && grep -q '^<svg ' "$1" && tail -n 1 "$1" | grep -q '^</svg>$'; then
		tap_ok "$2"
	else
		tap_not_ok "$2" "$(head -n 5 "$tmp/xml")"
	fi
}

bench=
for f in "$samples"/bench-*.txt; do [ -e "$f" ] && bench=$f; done
if [ -n "$bench" ]; then
	"$tmp/memdemo-plot" --bench --note "emulated CPU" "$bench" >"$tmp/curves.svg"
	tap_result $? "memdemo-plot --bench draws $(basename "$bench")"
	svg_ok "$tmp/curves.svg" "... an SVG document that parses as XML"
	n=$(grep -c '<g stroke=.* data-api=' "$tmp/curves.svg")
	want=$(sed -n 's/^bench api=\([^ ]*\) .*/\1/p' "$bench" | sort -u | wc -l)
	if [ "$n" = "$want" ]; then
		tap_ok "... with a curve for each of the $want allocators benchmarked"
	else
		tap_not_ok "... with a curve for each of the $want allocators benchmarked" "curves: $n"
	fi
	for m in PAGE_SIZE KMALLOC_MAX_CACHE_SIZE; do
		if grep -q ">$m</text>" "$tmp/curves.svg"; then
			tap_ok "... and $m marked"
		else
			tap_not_ok "... and $m marked"
		fi
	done
else
	tap_not_ok "a benchmark sample (tests/host/samples/bench-*.txt) to draw the curves from"
fi
"$tmp/memdemo-plot" --bench "$samples/6.1-arm64.txt" >/dev/null 2>"$tmp/err"
rc=$?
if [ "$rc" = 1 ] && grep -q 'no \[bench\] cells' "$tmp/err"; then
	tap_ok "memdemo-plot --bench on a report without a benchmark says so and exits 1"
else
	tap_not_ok "memdemo-plot --bench on a report without a benchmark says so and exits 1" "exit $rc: $(cat "$tmp/err")"
fi
"$tmp/memdemo-plot" --claims "$top/docs/claims.md" >"$tmp/claims.svg"
tap_result $? "memdemo-plot --claims draws docs/claims.md"
svg_ok "$tmp/claims.svg" "... an SVG document that parses as XML"
rows=$(grep -c '^| [0-9]' "$top/docs/claims.md")
cols=$(grep -m1 '^| claim |' "$top/docs/claims.md" | tr -cd '|' | wc -c)
cells=$(grep -c 'class="cell"' "$tmp/claims.svg")
if [ "$cells" = $((rows * (cols - 2))) ]; then
	tap_ok "... one cell for each of its $rows claims by $((cols - 2)) runs"
else
	tap_not_ok "... one cell for each of its $rows claims by $((cols - 2)) runs" "cells: $cells"
fi

command -v chromium >/dev/null || tap_not_ok "chromium is installed (scripts/deps.sh --all)"
command -v tidy >/dev/null || tap_not_ok "tidy is installed (scripts/deps.sh --all)"
mkdir -p "$shots"
for f in "$samples"/*.txt; do
	n=$(basename "$f" .txt)
	html=$tmp/$n.html
	if ! "$tmp/memdemo-report" --note "a saved sample" "$f" >"$html" 2>"$tmp/err"; then
		tap_not_ok "memdemo-report writes a page from $n" "$(cat "$tmp/err")"
		continue
	fi
	tap_ok "memdemo-report writes a page from $n ($(wc -c <"$html") bytes)"
	if grep -Eq '<(script|link|img|iframe)[^>]* (src|href)="(https?:)?//' "$html"; then
		tap_not_ok "... self-contained: nothing fetched from the network"
	else
		tap_ok "... self-contained: nothing fetched from the network"
	fi
	if command -v tidy >/dev/null; then
		tidy -q -e "$html" >"$tmp/tidy" 2>&1
		rc=$?
		if [ "$rc" = 0 ]; then
			tap_ok "... valid HTML: tidy finds no error and no warning"
		else
			tap_not_ok "... valid HTML: tidy finds no error and no warning" "$(head -n 10 "$tmp/tidy")"
		fi
	fi
	command -v chromium >/dev/null || continue
	timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--user-data-dir="$tmp/profile" --enable-logging=stderr --v=0 --window-size=1280,2000 \
		--virtual-time-budget=5000 --dump-dom "file://$html" >"$tmp/dom" 2>"$tmp/chromium.log"
	if grep -q 'data-ready="yes"' "$tmp/dom"; then
		tap_ok "... loads in headless Chromium and runs its script"
	else
		tap_not_ok "... loads in headless Chromium and runs its script" "$(tail -n 5 "$tmp/chromium.log")"
		continue
	fi
	if grep -q 'CONSOLE' "$tmp/chromium.log"; then
		tap_not_ok "... with no console message" "$(grep CONSOLE "$tmp/chromium.log" | head -n 5)"
	else
		tap_ok "... with no console message"
	fi
	missing=
	for s in kernel map-section allocations-section claims-section tables-section bench-section layout-section; do
		grep -q "id=\"$s\"" "$tmp/dom" || missing="$missing $s"
	done
	if [ -z "$missing" ]; then
		tap_ok "... with every section: kernel, map, allocations, claims, tables, cost curves, layout"
	else
		tap_not_ok "... with every section" "missing:$missing"
	fi
	# The allocators, where the sample lists them ([apis]): a row each.
	want=$(grep -c '^api ' "$f")
	if [ "$want" -gt 0 ]; then
		got=$(sed -n '/id="apis-table"/,/<\/table>/p' "$html" | grep -c '^<tr><td')
		if [ "$got" = "$want" ]; then
			tap_ok "... with a row for each of the $want allocators of [apis]"
		else
			tap_not_ok "... with a row for each of the $want allocators of [apis]" "rows: $got"
		fi
	fi
	# Each figure's drawn size, as the page's script recorded it:
	# "naturalWxH shownWxH".
	for fig in map-figure bench-figure; do
		size=$(grep -o "id=\"$fig\"[^>]*data-rendered=\"[^\"]*\"" "$tmp/dom" | sed 's/.*data-rendered="\([^"]*\)"/\1/')
		case $fig/$n in bench-figure/bench-* | map-figure/*) ;; *) continue ;; esac
		case $size in
		[1-9]*x[1-9]*" "[1-9]*x[1-9]*) tap_ok "... draws its ${fig%-figure} at a nonzero size ($size)" ;;
		*) tap_not_ok "... draws its ${fig%-figure} at a nonzero size" "data-rendered: ${size:-none}" ;;
		esac
	done
	timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--user-data-dir="$tmp/profile" --window-size=1280,1800 \
		--screenshot="$shots/$n.png" "file://$html" >/dev/null 2>&1
	if [ -s "$shots/$n.png" ]; then
		tap_ok "... screenshot saved: $shots/$n.png"
	else
		tap_not_ok "... screenshot saved"
	fi
done
exit $((TAP_FAILED > 0))
