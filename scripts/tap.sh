# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# The one TAP emitter of the host scripts (check.sh, host-tests.sh,
# vm-run.sh, shellcheck.sh, tests/host/map-test.sh): unnumbered lines
# "ok - DESC" and "not ok - DESC" with "# " diagnostics; check.sh numbers
# them. The guest's emitter is tests/guest/lib.sh, in busybox sh.
# TAP_FAILED counts the failures reported here.
TAP_FAILED=0

# tap_ok DESC
tap_ok() {
	printf 'ok - %s\n' "$1"
}

# tap_not_ok DESC [DIAGNOSTIC...]: each diagnostic may hold several lines.
tap_not_ok() {
	printf 'not ok - %s\n' "$1"
	shift
	local d
	for d in "$@"; do
		printf '%s\n' "$d" | sed 's/^/# /'
	done
	TAP_FAILED=$((TAP_FAILED + 1))
}

# tap_result STATUS DESC [FILE]: ok when STATUS is 0, else not ok with the
# last 30 lines of FILE.
tap_result() {
	if [ "$1" = 0 ]; then
		tap_ok "$2"
	elif [ -n "${3:-}" ] && [ -f "$3" ]; then
		tap_not_ok "$2" "$(tail -n 30 "$3")"
	else
		tap_not_ok "$2"
	fi
}
