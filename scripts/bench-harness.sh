#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench-harness: what the test run costs on top of booting. For each
# lane, one guest at a time: a bare boot (init powers off at once, no module)
# and a full test run; prints the qemu wall times and their difference.
#
# Environment: LANES="lane ..." (default: all), REPEAT=<n> (default 1;
#   the figures are then the medians), MEM / CPUS / CMDLINE as for vm-run.sh.
set -uo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/lib-lanes.sh
. "$(dirname "$0")/lib-lanes.sh"
cd "$MEMDEMO_TOP" || exit 1

if [ -n "${LANES:-}" ]; then
	read -r -a lanes <<<"$LANES"
else
	mapfile -t lanes < <(lane_names test)
fi
repeat=${REPEAT:-1}
scripts/deps.sh "${lanes[@]}" || exit 1
for l in "${lanes[@]}"; do
	scripts/fetch-lane.sh "$l" || exit 1
done

# secs MODE LANE: qemu wall time of one run, from vm-run's summary line.
# Failing tests still give a time (their count goes to stderr); a guest
# that did not finish gives FAIL.
secs() {
	local out s
	out=$(scripts/vm-run.sh --mode "$1" "$2")
	s=$(sed -nE "s/^ok - guest $1 run finished in ([0-9.]+)s$/\\1/p" <<<"$out")
	if [ -z "$s" ]; then
		printf '%s\n' "$out" | grep -v '^ok' | tail -n 20 >&2
		echo FAIL
		return
	fi
	if grep -q '^not ok' <<<"$out"; then
		say "# $2 ($1): $(grep -c '^not ok' <<<"$out") tests failed (timing kept)"
	fi
	echo "$s"
}
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{ if ($1 == "FAIL") f = 1; a[NR] = $1 } END { if (NR == 0 || f) print "FAIL"; else print a[int((NR + 1) / 2)] }'; }

rows=()
for l in "${lanes[@]}"; do
	b=() t=()
	for _ in $(seq "$repeat"); do
		b+=("$(secs bare "$l")")
		t+=("$(secs test "$l")")
	done
	rows+=("$l $(echo "${b[*]}" | median) $(echo "${t[*]}" | median)")
done

rc=0
printf '%-16s %8s %8s %8s\n' lane bare_s test_s diff_s
for r in "${rows[@]}"; do
	read -r l b t <<<"$r"
	if [ "$b" = FAIL ] || [ "$t" = FAIL ]; then
		printf '%-16s %8s %8s %8s\n' "$l" "$b" "$t" "-"
		rc=1
		continue
	fi
	d=$(awk -v b="$b" -v t="$t" 'BEGIN { printf "%.1f", t - b }')
	note=
	awk -v d="$d" 'BEGIN { exit !(d > 3) }' && note="  (over the 3 s target)"
	printf '%-16s %8s %8s %8s%s\n' "$l" "$b" "$t" "$d" "$note"
done
exit "$rc"
