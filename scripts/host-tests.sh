#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The host-side half of make check, printed as unnumbered TAP lines
# (scripts/check.sh numbers them):
#   - the lab's command parser: unit test (ASan/UBSan) and a bounded
#     libFuzzer run (FUZZ_SECONDS, default 20)
#   - libmemdemo's reader and the map's and curves' stages: a bounded
#     libFuzzer run (FUZZ_SECONDS) seeded with the saved /proc/memdemo
#     samples and the hostile cases (tests/host/read-fuzz.c)
#   - memdemo-map on saved /proc/memdemo samples (tests/host/map-test.sh)
#   - every tool built with ASan and UBSan on hostile input, and the report
#     page's CSP in headless Chromium (tests/host/hostile-test.sh)
#   - memdemo-plot's SVGs and memdemo-report's page, in headless Chromium
#     (tests/host/report-test.sh)
#   - kernel style: checkpatch.pl --strict from Debian's linux-source-7.3
#   - sparse (make C=2) against one fetched lane's headers (SPARSE_LANE)
# usage: host-tests.sh
set -uo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/lib-lanes.sh
. "$(dirname "$0")/lib-lanes.sh"
# shellcheck source=scripts/lib-apt.sh
. "$(dirname "$0")/lib-apt.sh"
cd "$MEMDEMO_TOP" || exit 1

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
result() { tap_result "$@"; } # STATUS DESC [OUTPUT-FILE] (scripts/tap.sh)

# --- the lab's command parser -------------------------------------------------
# The allocators the lab offers come from memdemo.h's md_lab_offers, which the
# tests include as the module does (tests/host/lab-apis.h).
if gcc -O1 -g -Wall -Wextra -Werror -fsanitize=address,undefined -I. \
	-fno-sanitize-recover=all -o "$tmp/cmd-test" tests/host/cmd-test.c >"$tmp/build.log" 2>&1; then
	"$tmp/cmd-test" >"$tmp/cmd.log" 2>&1
	rc=$?
	sed -n 's/^\(not \)\{0,1\}ok [0-9]* - /&/p' "$tmp/cmd.log" |
		sed -E 's/^(not )?ok [0-9]+ - /\1ok - command parser: /'
	result "$rc" "command parser: unit test ($(tail -n 1 "$tmp/cmd.log"))" "$tmp/cmd.log"
else
	result 1 "command parser: unit test builds" "$tmp/build.log"
fi

secs=${FUZZ_SECONDS:-20}
if clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -I. \
	-o "$tmp/cmd-fuzz" tests/host/cmd-fuzz.c >"$tmp/fbuild.log" 2>&1; then
	corpus=$MEMDEMO_CACHE/fuzz-corpus
	mkdir -p "$corpus"
	"$tmp/cmd-fuzz" -max_total_time="$secs" -max_len=256 -print_final_stats=1 \
		"$corpus" tests/host/corpus >"$tmp/fuzz.log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$tmp/fuzz.log")
	result "$rc" "command parser: libFuzzer for ${secs}s, ${runs:-?} inputs, no crash" "$tmp/fuzz.log"
else
	result 1 "command parser: fuzzer builds (clang, libclang-rt-14-dev)" "$tmp/fbuild.log"
fi

# --- the claims' verdicts: each changes when its measurement crosses the bound --
if gcc -O1 -g -Wall -Wextra -Werror -fsanitize=address,undefined -fno-sanitize-recover=all \
	-o "$tmp/verdict-test" tests/host/verdict-test.c >"$tmp/vbuild.log" 2>&1; then
	"$tmp/verdict-test" >"$tmp/verdict.log" 2>&1
	result "$?" "claims' verdicts (memdemo-verdict.h): $(tail -n 1 "$tmp/verdict.log")" "$tmp/verdict.log"
else
	result 1 "claims' verdicts: unit test builds" "$tmp/vbuild.log"
fi

# --- the reader of /proc/memdemo --------------------------------------------------
# libmemdemo's reader and the stages the tools draw with, fed from the
# samples of several lanes and the hostile cases; what it adds to the corpus
# is kept in the cache for the next run.  The tools' sources get libFuzzer's
# coverage, the target's own checks only the sanitizers: tracing each byte
# of each output they check would take most of the time.
read_fuzz() {
	local f o objs=() cf=(-g -O1 -fno-sanitize-recover=all -Wall -Wextra -Itools)

	mkdir -p "$tmp/rfuzz"
	for f in libmemdemo map-parse map-layout map-text map-svg plot-bench; do
		o=$tmp/rfuzz/$f.o
		clang "${cf[@]}" -fsanitize=fuzzer-no-link,address,undefined -c -o "$o" "tools/$f.c" || return
		objs+=("$o")
	done
	clang "${cf[@]}" -fsanitize=address,undefined -c -o "$tmp/rfuzz/read-fuzz.o" tests/host/read-fuzz.c &&
		clang -fsanitize=fuzzer,address,undefined -o "$tmp/read-fuzz" "$tmp/rfuzz/read-fuzz.o" "${objs[@]}" -lm
}
if read_fuzz >"$tmp/rbuild.log" 2>&1; then
	corpus=$MEMDEMO_CACHE/read-fuzz-corpus
	mkdir -p "$corpus"
	bash tests/host/hostile-cases.sh "$tmp/hostile"
	nseeds=$(find docs/samples tests/host/samples "$tmp/hostile" -type f | wc -l)
	# -close_fd_mask=3: the stages say on stderr what they skip; libFuzzer and
	# the sanitizers still report.  -timeout: an input that takes 10 s is a
	# finding.  -max_len: a sample's first 16 KiB (they are 10 to 30 KiB):
	# twice the inputs run in the time.
	"$tmp/read-fuzz" -max_total_time="$secs" -max_len=16384 -timeout=10 -close_fd_mask=3 \
		-dict=tests/host/read-fuzz.dict -print_final_stats=1 "$corpus" docs/samples tests/host/samples "$tmp/hostile" \
		>"$tmp/rfuzz.log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$tmp/rfuzz.log")
	result "$rc" "reader: libFuzzer for ${secs}s from $nseeds samples and hostile cases, ${runs:-?} inputs, no finding" "$tmp/rfuzz.log"
else
	result 1 "reader: fuzzer builds (clang, libclang-rt-14-dev)" "$tmp/rbuild.log"
fi

# --- memdemo-map ---------------------------------------------------------------
bash tests/host/map-test.sh 2>&1 | sed -E 's/^(not )?ok - /\1ok - memdemo-map: /'

# --- the pictures and the report page -------------------------------------------
bash tests/host/report-test.sh 2>&1 | sed -E 's/^(not )?ok - /\1ok - report: /'

# --- hostile input ------------------------------------------------------------------
bash tests/host/hostile-test.sh 2>&1 | sed -E 's/^(not )?ok - /\1ok - hostile input: /'

# --- kernel style --------------------------------------------------------------
# checkpatch.pl of the newest kernel source a lane uses (the debug lane's).
cp=$MEMDEMO_CACHE/checkpatch
src=$(debian_source "${CHECKPATCH_DIST:-trixie}" "${CHECKPATCH_SERIES:-7.3}" 2>"$tmp/cpsrc.log") || src=
if [ -n "$src" ] && [ "$(cat "$cp/source" 2>/dev/null)" != "$src $(cat "${src%.tar.xz}.version")" ]; then
	rm -rf "$cp"
	mkdir -p "$cp"
	tar xf "$src" -C "$cp" --strip-components=1 --wildcards \
		'*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
		'*/scripts/const_structs.checkpatch' 2>/dev/null
	echo "$src $(cat "${src%.tar.xz}.version")" >"$cp/source"
fi
if [ -f "$cp/scripts/checkpatch.pl" ]; then
	# The module's sources as DKMS gets them (scripts/dkms.sh files), not
	# whatever a build left beside them (memdemo.mod.c).
	mapfile -t msrc < <(scripts/dkms.sh files | grep -E '\.[ch]$')
	perl "$cp/scripts/checkpatch.pl" --no-tree --strict --terse -f "${msrc[@]}" \
		>"$tmp/cp.log" 2>&1
	n=$(grep -cE ': (ERROR|WARNING|CHECK):' "$tmp/cp.log")
	result "$([ "$n" = 0 ]; echo $?)" \
		"checkpatch.pl --strict: the module's sources (${msrc[*]}) are clean" "$tmp/cp.log"
else
	result 1 "checkpatch.pl --strict (linux-source-${CHECKPATCH_SERIES:-7.3} from Debian ${CHECKPATCH_DIST:-trixie})" "$tmp/cpsrc.log"
fi

lane=${SPARSE_LANE:-$(lane_default)}
if kdir=$(scripts/fetch-lane.sh --print-kdir "$lane" 2>"$tmp/sp.log"); then
	mkdir -p "$tmp/sparse"
	for f in $(scripts/dkms.sh files); do cp "$f" "$tmp/sparse/"; done
	make -C "$kdir" M="$tmp/sparse" C=2 modules >"$tmp/sp.log" 2>&1
	rc=$?
	# sparse reports as "file:line:col: warning|error: ..."
	n=$(grep -cE '^([^ ]*/)?(memdemo|md-)[^ /]*\.[ch]:[0-9]+:[0-9]+: (warning|error):' "$tmp/sp.log")
	result "$([ "$rc" = 0 ] && [ "$n" = 0 ]; echo $?)" \
		"sparse (make C=2) against $lane: no warnings" "$tmp/sp.log"
else
	result 1 "sparse: fetch lane $lane" "$tmp/sp.log"
fi
