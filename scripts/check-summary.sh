#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Merge lane results (scripts/run-lane.sh) from one machine or many into one
# TAP stream: the lanes in scripts/lanes' order, their lines numbered across
# all of them ("ok 7 - 6.1-amd64: desc"), then where the time went and one
# line "N passed, N failed". A lane that a results directory asked for
# (its file "asked") but that no directory has results of is one
# "not ok", never dropped. A lane found in several directories is taken
# from the first and said so. Exit status 0 when nothing failed.
#
# usage: check-summary.sh RESULTS...   (make check-summary RESULTS="d1 d2")
set -uo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/lib-lanes.sh
. "$(dirname "$0")/lib-lanes.sh"

[ $# -gt 0 ] || die "usage: $0 RESULTS... (directories written by make check RESULTS=<dir>)"
for d in "$@"; do
	[ -d "$d" ] || die "no results directory $d"
done

# The lanes: asked for, or with results; in the table's order, then others.
mapfile -t lanes < <(
	{
		for d in "$@"; do
			cat "$d/asked" 2>/dev/null
			for s in "$d"/*/summary; do
				[ -e "$s" ] && basename "$(dirname "$s")"
			done
		done
	} | awk 'NR == FNR { order[$1] = NR; next } !seen[$1]++ {
			printf "%06d %s\n", ($1 in order) ? order[$1] : 999999, $1 }' \
		<(lane_names) - | sort -n | cut -d' ' -f2)

n=0 passed=0 failed=0 skipped=0
times=() # "seconds lane"
echo "TAP version 13"
for l in "${lanes[@]}"; do
	from=
	for d in "$@"; do
		if [ -s "$d/$l/summary" ]; then
			if [ -z "$from" ]; then
				from=$d
			else
				echo "# $l: results in $from and in $d; those of $from are used"
			fi
		fi
	done
	if [ -z "$from" ]; then
		n=$((n + 1)) failed=$((failed + 1))
		echo "not ok $n - $l: results missing (asked for, none in $*)"
		continue
	fi
	while IFS= read -r line; do
		case $line in
		"ok - "*)
			n=$((n + 1)) passed=$((passed + 1))
			case $line in *" # SKIP"*) skipped=$((skipped + 1)) ;; esac
			echo "ok $n - $l: ${line#ok - }"
			;;
		"not ok - "*)
			n=$((n + 1)) failed=$((failed + 1))
			echo "not ok $n - $l: ${line#not ok - }"
			;;
		*) echo "$line" ;;
		esac
	done <"$from/$l/tap"
	s() { sed -n "s/^$1=//p" "$from/$l/summary"; }
	echo "# $l: $(s passed) passed, $(s failed) failed, $(s skipped) skipped in $(s seconds) s ($(s kind); kernel $(s kernel), $(s arch), $(s accel))"
	times+=("$(s seconds) $l")
done

# Where the time went: the steps before the lanes (each directory's
# "steps"), each lane's time from its start, longest first (a guest slot's
# wait included: at most two guests run at once), the system lane's longest
# commands, the slowest guest scripts of all lanes.
echo "# where the time went, in seconds:"
for d in "$@"; do
	[ ! -s "$d/steps" ] || sed 's/^/#   before the lanes: /' "$d/steps"
done
printf '%s\n' "${times[@]}" | sort -rn | while read -r s l; do
	[ -n "$l" ] || continue
	printf '#   lane %s: %s\n' "$l" "$s"
	for d in "$@"; do
		if [ ! -s "$d/$l/summary" ] || ! grep -qx kind=system "$d/$l/summary"; then
			continue
		fi
		sed -n 's/^# system: /#     /p' "$d/$l/tap"
		sed -n 's/^ok - \(\$ .*\)  (as [a-z_]*, \([0-9.]*\) s[,)].*$/\2 \1/p' "$d/$l/tap" |
			sort -rn | head -n 4 | while read -r s c; do
			printf '#     command %s: %s\n' "$c" "$s"
		done
		break
	done
done
for l in "${lanes[@]}"; do
	for d in "$@"; do
		[ -s "$d/$l/tap" ] || continue
		sed -n "s/^# --- \(.*\) took \([0-9]*\) ms$/\2 \1 ($l)/p" "$d/$l/tap"
		break
	done
done | sort -rn | head -n 8 | while read -r s l; do
	printf '#   guest script %s: %d.%d\n' "$l" $((s / 1000)) $((s % 1000 / 100))
done
echo "# $skipped skipped"
echo "1..$n"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$n" -gt 0 ]
