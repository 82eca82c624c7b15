# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# Helpers for the guest tests (busybox sh, POSIX). The guest's /init sources
# this file once, then runs every tests/guest/[0-9]*.sh in its own subshell.
#
# Results are unnumbered TAP lines; the host numbers them across all lanes
# and prefixes the lane name ("ok 7 - 6.1-amd64: desc"):
#   ok "desc"                   ok - desc
#   not_ok "desc" [diag...]     not ok - desc   (each diag as "# diag")
#   skip "desc" "reason"        ok - desc # SKIP reason
#   check "desc" cmd [args...]  ok when cmd succeeds; else not ok plus cmd's
#                               output as diagnostics; returns cmd's status
#   is "desc" got expected      ok when the two strings are equal; returns 0/1
#   diag "msg"                  # msg
#   load_memdemo [param=value...]  insmod /memdemo.ko with those parameters
#                               (one finit_module call, see below)
#   unload_memdemo              rmmod memdemo
#   memdemo_loaded              true when memdemo is in /proc/modules
#   dmesg_mark / dmesg_since    kernel log lines printed after the mark
#   uptime_cs                   centiseconds since boot (for $(( )): no leading zero)
#   lane_tag NAME [DEFAULT]     NAME=value from the lane's tags (scripts/lanes)
#
# Environment (from /lane.env): LANE ARCH RELEASE MEM CPUS MODE PARAMS TESTS TAGS LIMIT
# (ARCH is the Debian architecture: amd64, i386, ...; MEM as given to qemu,
# e.g. 512M or 2G). The module is /memdemo.ko; tests may write under /tmp.
# Anything else a test prints reaches the host as a "# " diagnostic.
#
# busybox's insmod retries a failed finit_module with init_module, so a
# refused load runs the module's init twice (two log lines). load_memdemo
# uses /bin/guest-insmod (scripts/guest-insmod.c), which tries once; prefer
# it to calling insmod directly.

MEMDEMO_KO=${MEMDEMO_KO:-/memdemo.ko}

diag() {
	printf '# %s\n' "$*"
}

ok() {
	printf 'ok - %s\n' "$1"
}

not_ok() {
	printf 'not ok - %s\n' "$1"
	shift
	for _d in "$@"; do
		printf '%s\n' "$_d" | sed 's/^/# /'
	done
	return 0
}

skip() {
	printf 'ok - %s # SKIP %s\n' "$1" "${2:-no reason given}"
}

check() {
	_desc=$1
	shift
	if _out=$("$@" 2>&1); then
		ok "$_desc"
		return 0
	else
		_rc=$?
		not_ok "$_desc" "command failed (exit $_rc): $*" ${_out:+"$_out"}
		return "$_rc"
	fi
}

is() {
	if [ "$2" = "$3" ]; then
		ok "$1"
		return 0
	fi
	not_ok "$1" "got:      '$2'" "expected: '$3'"
	return 1
}

load_memdemo() {
	if [ -x /bin/guest-insmod ]; then
		/bin/guest-insmod "$MEMDEMO_KO" "$@"
	else
		insmod "$MEMDEMO_KO" "$@"
	fi
}

unload_memdemo() {
	rmmod memdemo
}

memdemo_loaded() {
	grep -q '^memdemo ' /proc/modules
}

dmesg_mark() {
	_dmesg_mark=$(dmesg | wc -l)
}

dmesg_since() {
	dmesg | tail -n +"$((${_dmesg_mark:-0} + 1))"
}

# md_splats: the splat patterns (tests/guest/splats) as one extended
# regular expression.
md_splats() {
	grep -vE '^(#|$)' /tests/guest/splats | paste -sd '|'
}

# tap_plan_at_exit FILE: when this shell exits, however the script ends
# (its last line or an exit of its own), print the TAP plan "1..N", N the
# results FILE (this shell's output) holds. A shell that is killed prints
# none: tests/guest/init tells a script that stopped early by that.
tap_plan_at_exit() {
	_tap_file=$1
	trap '_tap_plan' EXIT
}
_tap_plan() {
	echo "1..$(grep -cE '^(not )?ok - ' "$_tap_file")"
}

# lane_tag NAME [DEFAULT]: the value of NAME=value among the lane's tags
# (its row in scripts/lanes: how deep the tests go there), else DEFAULT.
lane_tag() {
	_v=$2
	_ifs=$IFS
	IFS=,
	for _t in $TAGS; do
		case $_t in "$1="*) _v=${_t#*=} ;; esac
	done
	IFS=$_ifs
	echo "$_v"
}

# Centiseconds since boot.
uptime_cs() {
	read -r _up _ </proc/uptime
	_cs=${_up%.*}${_up#*.}
	# Leading zeros would make it octal to $(( )) (a guest up for 0.90 s:
	# "090", a syntax error); kernels that boot in under a second have them.
	while [ "${#_cs}" -gt 1 ] && [ "${_cs#0}" != "$_cs" ]; do _cs=${_cs#0}; done
	echo "$_cs"
}
