#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The merge of lane results (scripts/check-summary.sh), on results
# directories written as scripts/run-lane.sh writes them: lanes from two
# directories numbered as one stream in the table's order, the totals, a
# lane asked for with no results reported missing, a lane found twice
# taken once. Unnumbered TAP lines.
set -uo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/../../scripts/lib.sh"
# shellcheck source=scripts/lib-lanes.sh
. "$(dirname "$0")/../../scripts/lib-lanes.sh"
cd "$MEMDEMO_TOP" || exit 1
result() { tap_result "$@"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# lane DIR NAME OK NOT_OK: a lane's results as run-lane.sh leaves them.
lane() {
	local i
	mkdir -p "$1/$2"
	for ((i = 0; i < $3; i++)); do echo "ok - check $i"; done >"$1/$2/tap"
	for ((i = 0; i < $4; i++)); do echo "not ok - failure $i"; done >>"$1/$2/tap"
	printf 'lane=%s\nkind=test\nkernel=k\narch=a\naccel=tcg\npassed=%s\nfailed=%s\nskipped=0\nseconds=%s\nfetched=0\n' \
		"$2" "$3" "$4" "$(($3 + 1))" >"$1/$2/summary"
	echo "$2" >>"$1/asked"
}
mapfile -t t < <(lane_names test)
a=$tmp/a b=$tmp/b
lane "$a" "${t[2]}" 3 0
lane "$b" "${t[0]}" 2 1
lane "$b" "${t[1]}" 4 0
scripts/check-summary.sh "$a" "$b" >"$tmp/out" 2>&1
rc=$?
result "$([ "$rc" != 0 ] && [ "$(tail -n 1 "$tmp/out")" = "9 passed, 1 failed" ]; echo $?)" \
	"merge: three lanes from two directories give one count, 9 passed, 1 failed, and a failing status" "$tmp/out"
result "$(grep -E '^(not )?ok [0-9]+ - ' "$tmp/out" | cut -d' ' -f1-4 | paste -sd' ' |
	grep -qx "ok 1 - ${t[0]}: ok 2 - ${t[0]}: not ok 3 - ok 4 - ${t[1]}: ok 5 - ${t[1]}: ok 6 - ${t[1]}: ok 7 - ${t[1]}: ok 8 - ${t[2]}: ok 9 - ${t[2]}: ok 10 - ${t[2]}:"; echo $?)" \
	"merge: the lines are numbered 1..10 across the directories, in the table's order" "$tmp/out"
result "$(grep -qx '1\.\.10' "$tmp/out"; echo $?)" "merge: the plan is 1..10" "$tmp/out"
# A lane asked for with no results, and one present twice.
echo "${t[3]}" >>"$a/asked"
lane "$a" "${t[1]}" 1 0
scripts/check-summary.sh "$a" "$b" >"$tmp/out2" 2>&1
result "$(grep -q "^not ok [0-9]* - ${t[3]}: results missing" "$tmp/out2" &&
	grep -q "^# ${t[1]}: results in $a and in $b; those of $a are used" "$tmp/out2" &&
	[ "$(tail -n 1 "$tmp/out2")" = "6 passed, 2 failed" ]; echo $?)" \
	"merge: a lane asked for without results is one not ok; a lane in two directories counts once" "$tmp/out2"
lane "$tmp/c" "${t[0]}" 1 0
scripts/check-summary.sh "$tmp/c" >/dev/null 2>&1
result "$?" "merge: a directory whose lanes all passed gives status 0"
