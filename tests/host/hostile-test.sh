#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host test of the tools on hostile input (issue 36).  Every tool is built
# with ASan and UBSan (gcc, -fno-sanitize-recover=all) and fed each case of
# tests/host/hostile-cases.sh.  For each case:
#   - no tool crashes or trips a sanitizer: each exits 0, 1 or 2;
#   - text output and every message hold no control character but newline
#     and tab, nothing but UTF-8 (memdemo-map --color=always: nothing but its
#     own colours), SVGs only the elements the tools write, the page only
#     its own elements and script, its CSP first (tests/host/output-check.py);
#   - a line a tool cannot use is named by its number on stderr.
# Then markup.txt's page in headless Chromium, whose injected markup tries
# to set document.title and to load from a local server: its own script
# runs, the title stays, the server hears nothing, and no console message.
# The same page with markup injected past the escaping (as a missed escape
# would) runs none of it and loads nothing, the CSP refusing; without the
# CSP the same page does both (the control: the test can see a script run
# and a load).
#
# usage: bash tests/host/hostile-test.sh
# Prints unnumbered TAP lines; exits 1 when one failed.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
server=
trap '[ -z "$server" ] || kill "$server" 2>/dev/null; rm -rf "$tmp"' EXIT
# shellcheck source=scripts/tap.sh
. "$top/scripts/tap.sh"
check=$top/tests/host/output-check.py
asan=$tmp/asan

san="-O1 -g -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all -fno-omit-frame-pointer"
if make -s -j2 -C "$top/tools" O="$asan" CC=gcc CFLAGS="$san -Werror" >"$tmp/cc" 2>&1; then
	tap_ok "tools build with ASan and UBSan (gcc $san)"
else
	tap_not_ok "tools build with ASan and UBSan (gcc $san)" "$(tail -n 20 "$tmp/cc")"
	exit 1
fi
# The tools free nothing at exit: leaks are not what is looked for here.
export ASAN_OPTIONS=detect_leaks=0:exitcode=86
export UBSAN_OPTIONS=halt_on_error=1:exitcode=86:print_stacktrace=1

# A local server that notes every request: what a page must never reach.
python3 -u -c '
import http.server
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        print("GET", self.path, flush=True)
        self.send_response(204)
        self.end_headers()
    def log_message(self, *args):
        pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
print("port", s.server_port, flush=True)
s.serve_forever()
' >>"$tmp/beacon.log" 2>&1 &
server=$!
port=
for _ in $(seq 50); do
	port=$(sed -n 's/^port //p' "$tmp/beacon.log")
	[ -n "$port" ] && break
	sleep 0.1
done
beacon=http://127.0.0.1:${port:-9}/beacon
cases=$tmp/cases
bash "$top/tests/host/hostile-cases.sh" "$cases" "$beacon"

# run OUT CMD...: a tool, stdout to OUT, stderr to OUT.err; a crash, a
# sanitizer's report or a hang goes to the array bad.
run() {
	local out=$1 rc
	shift
	timeout 120 "$@" >"$out" 2>"$out.err"
	rc=$?
	case $rc in
	0 | 1 | 2) ;;
	*) bad+=("${*#"$asan/"}: exit status $rc" "$(grep -m 5 -E 'ERROR|runtime error|SUMMARY' "$out.err")") ;;
	esac
	if grep -qE 'runtime error|Sanitizer' "$out.err"; then
		bad+=("${*#"$asan/"}: a sanitizer's report" "$(grep -m 5 -E 'runtime error|Sanitizer' "$out.err")")
	fi
}

# says FILE TEXT DESC: ok when FILE holds TEXT.
says() {
	if grep -qF -- "$2" "$1"; then
		tap_ok "$3"
	else
		tap_not_ok "$3" "$(head -n 5 "$1")"
	fi
}

for f in "$cases"/*.txt "$cases"/claims.md; do
	n=$(basename "$f")
	o=$tmp/out-$n
	bad=()
	run "$o.map" "$asan/memdemo-map" "$f"
	run "$o.color" "$asan/memdemo-map" --color=always --unicode "$f"
	run "$o.check" "$asan/memdemo-map" --check "$f"
	run "$o.map.svg" "$asan/memdemo-map" --svg "$f"
	run "$o.tables" "$asan/memdemo-tables" "$f"
	run "$o.csv" "$asan/memdemo-tables" --csv "$f"
	run "$o.bench.svg" "$asan/memdemo-plot" --bench "$f"
	run "$o.claims.svg" "$asan/memdemo-plot" --claims "$f"
	run "$o.html" "$asan/memdemo-report" "$f"
	if [ ${#bad[@]} = 0 ]; then
		tap_ok "$n: memdemo-map (text, colour, --check, --svg), memdemo-tables (text, --csv), memdemo-plot (--bench, --claims), memdemo-report: no crash, no sanitizer report"
	else
		tap_not_ok "$n: every tool exits 0, 1 or 2 with no sanitizer report" "${bad[@]}"
	fi

	args=()
	for x in map check tables csv; do args+=("text:$o.$x"); done
	for x in "$o".*.err; do args+=("text:$x"); done
	args+=("sgr:$o.color")
	for x in "$o".*.svg; do [ -s "$x" ] && args+=("svg:$x"); done
	[ -s "$o.html" ] && args+=("html:$o.html")
	if python3 "$check" "${args[@]}" >"$tmp/check.log" 2>&1; then
		tap_ok "$n: no control character, escape or bad UTF-8 in text or messages, no markup of its own in $(find "$o".*.svg "$o.html" -size +0 2>/dev/null | wc -l) SVGs and pages"
	else
		tap_not_ok "$n: output free of control characters, escapes and markup" "$(head -n 10 "$tmp/check.log")"
	fi
done

o=$tmp/out
says "$o-tab-line.txt.tables.err" "tab-line.txt, line 3: only blanks: skipped" \
	"tab-line.txt: memdemo-tables names line 3, of blanks only, and skips it"
for t in map html bench.svg; do
	says "$o-tab-line.txt.$t.err" "line 3: only blanks: skipped" \
		"tab-line.txt: so does ${t%%.*}'s tool"
done
says "$o-blank-lines.txt.map.err" "line 4: only blanks: skipped" \
	"blank-lines.txt: a line of spaces is named and skipped too"
says "$o-nesting.txt.map.err" "lies inside 16 others, deeper than the map draws: left out" \
	"nesting.txt: memdemo-map draws 16 levels and says what it left out"
says "$o-long-lines.txt.map.err" "longer than 8192 bytes: skipped" \
	"long-lines.txt: a line of 1 MiB is named and skipped"
says "$o-long-lines.txt.map.err" "more than 64 fields: skipped" \
	"long-lines.txt: a line of 200 fields is named and skipped"
says "$o-nul.txt.map.err" "control character(s), NUL(s) or bytes not UTF-8 read as '?'" \
	"nul.txt: NULs are named and read as '?'"
says "$o-utf8.txt.map.err" "line 70: 8 control character(s), NUL(s) or bytes not UTF-8 read as '?'" \
	"utf8.txt: bytes not UTF-8 are counted and read as '?'"
says "$o-escapes.txt.map" "kmalloc-small?[31mRED?[0m" \
	"escapes.txt: an escape in a name is drawn as ?[31m"
says "$o-binary.txt.html.err" "is not memdemo output" \
	"binary.txt: memdemo-report says it is not memdemo output"
says "$o-markup.txt.html" "&lt;script&gt;alert(1)&lt;/script&gt;" \
	"markup.txt: the issue's verdict=\"><script>alert(1)</script> is shown as text"
if tidy -q -e "$o-markup.txt.html" >"$tmp/tidy" 2>&1; then
	tap_ok "markup.txt: the page passes tidy with no error and no warning"
else
	tap_not_ok "markup.txt: the page passes tidy with no error and no warning" "$(head -n 10 "$tmp/tidy")"
fi
says "$o-markup.txt.bench.svg" 'data-api="kmalloc&quot;' \
	"markup.txt: memdemo-plot's api= is escaped in its attribute"
says "$o-claims.md.claims.svg" "claim 1 &lt;b&gt;bold&lt;/b&gt;, 6.12-amd64: holds" \
	"claims.md: memdemo-plot --claims escapes its labels"
says "$o-numbers.txt.tables" "     0 18446744073709551615          0 -18446744073709551615" \
	"numbers.txt: the buddy table's change from 2^64 - 1 free blocks to 0 is computed without overflow"

# --- the page in Chromium -------------------------------------------------------
if ! command -v chromium >/dev/null; then
	tap_not_ok "chromium is installed (scripts/deps.sh --all)"
	exit 1
fi
if [ -z "$port" ]; then
	tap_not_ok "a local server to see the page's requests" "$(cat "$tmp/beacon.log")"
	exit 1
fi

# open PAGE: PAGE's DOM once loaded into PAGE.dom, the console into PAGE.log;
# the server's log so far into PAGE.hits.
open_page() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--user-data-dir="$tmp/profile" --enable-logging=stderr --v=0 --window-size=1280,2000 \
		--virtual-time-budget=5000 --dump-dom "file://$1" >"$1.dom" 2>"$1.log"
	grep '^GET' "$tmp/beacon.log" >"$1.hits"
	: >"$tmp/beacon.log"
}

# title PAGE: the document's title once its scripts ran.
title() {
	sed -n 's/.*<title>\([^<]*\)<\/title>.*/\1/p' "$1.dom" | head -n 1
}

page=$tmp/markup.html
cp "$o-markup.txt.html" "$page"
open_page "$page"
if grep -q 'data-ready="yes"' "$page.dom"; then
	tap_ok "markup.txt's page: its own script runs under its CSP"
else
	tap_not_ok "markup.txt's page: its own script runs under its CSP" "$(tail -n 5 "$page.log")"
fi
case $(title "$page") in
"memdemo: memdemo 0.1.0 on "*) tap_ok "... the injected script does not run: the title stays" ;;
*) tap_not_ok "... the injected script does not run: the title stays" "title: $(title "$page")" ;;
esac
if [ -s "$page.hits" ]; then
	tap_not_ok "... and nothing is loaded" "$(head -n 5 "$page.hits")"
else
	tap_ok "... and nothing is loaded: the local server heard no request"
fi
if grep -q CONSOLE "$page.log"; then
	tap_not_ok "... no console message (no CSP violation: nothing tried)" "$(grep CONSOLE "$page.log" | head -n 5)"
else
	tap_ok "... no console message (no CSP violation: nothing tried)"
fi

# A missed escape, made by hand: markup past the escaping, right in <body>.
inject="<script>document.title='pwned';fetch('$beacon/script')</script><img src=\"$beacon/img\"><link rel=\"stylesheet\" href=\"$beacon/css\">"
sed "s|^<body>\$|<body>$inject|" "$o-markup.txt.html" >"$tmp/missed.html"
sed '/Content-Security-Policy/d' "$tmp/missed.html" >"$tmp/nocsp.html"
open_page "$tmp/missed.html"
open_page "$tmp/nocsp.html"
page=$tmp/missed.html
if grep -qF "$inject" "$page" && [ "$(title "$page")" != pwned ] && [ ! -s "$page.hits" ] &&
	grep -q 'data-ready="yes"' "$page.dom"; then
	tap_ok "a missed escape (script, image, style sheet in <body>): its own script runs, none of the injected runs or loads"
else
	tap_not_ok "a missed escape (script, image, style sheet in <body>): its own script runs, none of the injected runs or loads" \
		"title: $(title "$page")" "requests: $(cat "$page.hits")"
fi
n=$(grep -c 'CONSOLE.*Content Security Policy' "$page.log")
if [ "$n" -ge 3 ]; then
	tap_ok "... the CSP refused each: $n console messages"
else
	tap_not_ok "... the CSP refused each" "$(grep CONSOLE "$page.log" | head -n 5)"
fi
page=$tmp/nocsp.html
if [ "$(title "$page")" = pwned ] && grep -q "GET /beacon/img" "$page.hits"; then
	tap_ok "... the control, the same page without the CSP: the script runs and the image loads"
else
	tap_not_ok "... the control, the same page without the CSP: the script runs and the image loads" \
		"title: $(title "$page")" "requests: $(cat "$page.hits")"
fi
exit $((TAP_FAILED > 0))
