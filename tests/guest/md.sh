# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# Readers of memdemo's output for the guest tests (busybox sh): a snapshot
# of /proc/memdemo, its key=value fields, and unsigned 64-bit address
# comparisons (busybox's shell arithmetic is signed 64-bit).
#
# The readers work on the snapshot held in a shell variable (read once per
# test and snapshot), split into lines by the shell: no grep or sed started
# for each look-up (on the debug kernel every program started costs a good
# part of a second, and 10-load.sh started some 400: 278 s), and no shell
# "while read" over the file either (busybox's read takes a byte per
# system call). md_parse_alloc and md_parse_api do not even fork.

MD_SNAP=/tmp/md.proc
MD_SIGN=$((1 << 63))

# md_snapshot: copies /proc/memdemo into $MD_SNAP.
md_snapshot() {
	_md_of=
	cat /proc/memdemo >"$MD_SNAP" && _md_read
}

# The default parameters, as the module loaded with none shows them
# (/sys/module/memdemo/parameters, saved by 10-load.sh): "NAME VALUE" lines.
MD_DEFAULTS=/tmp/md.defaults

# md_save_defaults: saves the values in effect of a load with no parameters.
md_save_defaults() {
	_md_defs_of=
	for _f in /sys/module/memdemo/parameters/*; do
		echo "${_f##*/} $(cat "$_f")"
	done >"$MD_DEFAULTS"
}

# md_need_load_state: the snapshot and the defaults of a load with no
# parameters, which 10-load.sh saves; a test run alone (TESTS=88) makes
# them itself and leaves memdemo as it found it.
md_need_load_state() {
	[ -s "$MD_SNAP" ] && [ -s "$MD_DEFAULTS" ] && return 0
	if memdemo_loaded; then
		md_snapshot && md_save_defaults
	else
		load_memdemo </dev/null || return 1
		md_snapshot && md_save_defaults
		unload_memdemo
	fi
}

# _md_lines_on / _md_lines_off: around a "for _l in $_md" loop: fields are
# lines, and no line is taken for a file name pattern ([layout] would be).
_md_lines_on() {
	_md_ifs=$IFS
	IFS='
'
	case $- in
	*f*) _md_glob= ;;
	*) _md_glob=1 && set -f ;;
	esac
}

_md_lines_off() {
	IFS=$_md_ifs
	[ -z "$_md_glob" ] || set +f
}

# _md_read: $_md holds the lines of $MD_SNAP (read again after md_snapshot
# or when MD_SNAP names another file), $_md_defs those of $MD_DEFAULTS.
_md_read() {
	if [ "$_md_of" != "$MD_SNAP" ]; then
		_md=$(cat "$MD_SNAP")
		_md_of=$MD_SNAP
	fi
}

# A test's readers start with the snapshot the tests before it left.
[ ! -s "$MD_SNAP" ] || _md_read

# md_default NAME: the default value of parameter NAME.
md_default() {
	if [ "$_md_defs_of" != "$MD_DEFAULTS" ]; then
		_md_defs=$(cat "$MD_DEFAULTS")
		_md_defs_of=$MD_DEFAULTS
	fi
	_md_scan "$_md_defs" "$1 " && echo "${md_line#"$1 "}"
}

# _md_scan LINES PREFIX: sets md_line to the first of LINES that starts
# with PREFIX (empty, and status 1, if none).
_md_scan() {
	md_line=
	_md_lines_on
	for _l in $1; do
		case $_l in "$2"*)
			md_line=$_l
			_md_lines_off
			return 0
			;;
		esac
	done
	_md_lines_off
	return 1
}

# md_find PREFIX: sets md_line to the snapshot's first line that starts
# with PREFIX (empty, and status 1, if none).
md_find() {
	_md_read
	_md_scan "$_md" "$1"
}

# md_field KEY LINE: sets md_v to the value of LINE's field KEY=value (up
# to its "# note"; empty, and status 1, if it has none).
md_field() {
	md_v=" ${2%% # *} "
	case $md_v in *" $1="*) ;; *)
		md_v=
		return 1
		;;
	esac
	md_v=${md_v#* "$1"=}
	md_v=${md_v%% *}
}

# md_lines PREFIX: the snapshot's lines that start with PREFIX.
md_lines() {
	_md_read
	_md_lines_on
	for _l in $_md; do
		case $_l in "$1"*) echo "$_l" ;; esac
	done
	_md_lines_off
}

# md_count PREFIX: sets md_n to the number of the snapshot's lines that
# start with PREFIX and go on after it.
md_count() {
	_md_read
	md_n=0
	_md_lines_on
	for _l in $_md; do
		case $_l in "$1"?*) md_n=$((md_n + 1)) ;; esac
	done
	_md_lines_off
}

# md_layout NAME: the value of "layout NAME=value" in the snapshot.
md_layout() {
	md_find "layout $1=" || return 1
	_v=${md_line#layout "$1"=}
	echo "${_v%% *}"
}

# md_apis: the names of the allocators the module drives, one per line of
# its [apis] section, in the module's order: the one list of allocators the
# tests use. md_apis_with KEY=VALUE ...: those whose line has every field given.
md_apis() {
	md_apis_with
}

# shellcheck disable=SC2120 # md_apis passes none: every allocator
md_apis_with() {
	_md_read
	_md_lines_on
	for _l in $_md; do
		case $_l in "api name="*) ;; *) continue ;; esac
		for _w in "$@"; do
			case " $_l " in *" $_w "*) ;; *) continue 2 ;; esac
		done
		_l=${_l#api name=}
		echo "${_l%% *}"
	done
	_md_lines_off
}

# md_api NAME: the [apis] line of allocator NAME.
md_api() {
	md_find "api name=$1 " && echo "$md_line"
}

# md_allocs: the snapshot's allocation lines.
md_allocs() {
	md_lines "alloc "
}

# md_alloc NAME: the allocation line called NAME.
md_alloc() {
	md_find "alloc name=$1 " && echo "$md_line"
}

# md_parse_alloc NAME, md_parse_api NAME: md_parse of allocation NAME's
# line, of allocator NAME's [apis] line (every F_ empty if there is none),
# in the calling shell.
md_parse_alloc() {
	md_find "alloc name=$1 "
	md_parse "$md_line"
}

md_parse_api() {
	md_find "api name=$1 "
	md_parse "$md_line"
}

# md_showing WHAT: the blocks whose line says shows=WHAT (context, zone,
# guard), by name, in the order of /proc/memdemo.
md_showing() {
	md_lines "alloc " | sed -n "s/^alloc name=\([^ ]*\) .* shows=$1\( .*\)\{0,1\}$/\1/p"
}

# md_parse_param NAME: md_parse of parameter NAME's [params] line.
md_parse_param() {
	md_find "param name=$1 "
	md_parse "$md_line"
}

# md_params: the parameters [params] lists, one name per line.
md_params() {
	md_lines "param " | sed 's/^param name=\([^ ]*\) .*/\1/'
}

# md_parse LINE: sets F_KEY (KEY in capitals) to the value of every
# KEY=value field of a line of memdemo's (up to its "# comment"), whatever
# fields it has: a field the module adds is readable at once, with no list
# here to keep. The fields the previous call set are emptied first; F_KFENCE
# is 0 unless the line says. Capitals, because md_parse sets them by eval,
# which shellcheck cannot follow, and shellcheck takes a name in capitals as
# set from outside (a lowercase one would need an exception in every test).
# shellcheck disable=SC2034 # the F_ variables are read by the tests
md_parse() {
	for _k in $_md_keys; do
		eval "F_$_k="
	done
	_md_keys=
	F_KFENCE=0
	for _kv in $1; do
		case $_kv in
		'#'*) break ;;
		*=*) ;;
		*) continue ;;
		esac
		_k=${_kv%%=*}
		case $_k in
		'' | [!a-z]* | *[!a-z0-9_]*) continue ;;
		esac
		# Each key is put in capitals once (tr is a fork); later lines
		# find it in _md_uc_<key>.
		eval "_K=\${_md_uc_$_k-}"
		if [ -z "$_K" ]; then
			# shellcheck disable=SC2018,SC2019 # keys are [a-z0-9_]
			_K=$(echo "$_k" | tr a-z A-Z)
			eval "_md_uc_$_k=\$_K"
		fi
		eval "F_$_K=\${_kv#*=}"
		_md_keys="$_md_keys $_K"
	done
}

# md_lab CMD: writes the lab command CMD to /proc/memdemo as root; prints
# the error text ("ok" on success).
md_lab() {
	if echo "$1" >/proc/memdemo 2>/tmp/md.err; then
		echo ok
	else
		sed -n 's/.*write error: //p' /tmp/md.err
	fi
}

# md_lab_field KEY: the value of KEY in [lab]'s first line, read now.
md_lab_field() {
	grep '^lab total=' /proc/memdemo | tr ' ' '\n' | sed -n "s/^$1=//p"
}

# md_words LIST: a comma-separated field's items (load=a,b,c), separated
# by spaces, split in the shell itself (no echo | tr pipeline to start).
md_words() {
	_mw=$1
	_mo=
	while :; do
		case $_mw in
		*,*)
			_mo="$_mo ${_mw%%,*}"
			_mw=${_mw#*,}
			;;
		*)
			echo "$_mo $_mw"
			return
			;;
		esac
	done
}

# gfp_has FLAGS FLAG: FLAG is one of the flags of a gfp= field (%pGg's
# "A|B|C"). gfp_same A B: A and B hold the same flags, in whatever order.
# %pGg's order is not stable (7.x prints the single flags in bit order:
# GFP_KERNEL|__GFP_ZERO|__GFP_NOWARN where 6.x printed
# GFP_KERNEL|__GFP_NOWARN|__GFP_ZERO): compare sets, never strings. Both in
# the shell itself, with no process started: on the debug kernel each
# process costs a good part of a second.
gfp_has() {
	case "|$1|" in *"|$2|"*) return 0 ;; esac
	return 1
}

gfp_same() {
	_gs_ifs=$IFS
	IFS='|'
	for _g in $1; do
		case "|$2|" in *"|$_g|"*) ;; *) IFS=$_gs_ifs; return 1 ;; esac
	done
	for _g in $2; do
		case "|$1|" in *"|$_g|"*) ;; *) IFS=$_gs_ifs; return 1 ;; esac
	done
	IFS=$_gs_ifs
}

# u_lt A B / u_le A B: unsigned A < B, A <= B (hex or decimal).
u_lt() {
	[ $(( ($1 ^ MD_SIGN) < ($2 ^ MD_SIGN) )) -eq 1 ]
}

u_le() {
	[ $(( ($1 ^ MD_SIGN) <= ($2 ^ MD_SIGN) )) -eq 1 ]
}

# in_range X LO HI: LO <= X < HI, unsigned.
in_range() {
	u_le "$2" "$1" && u_lt "$1" "$3"
}

# hex N: N as 0x-prefixed hex.
hex() {
	printf '0x%x' "$(($1))"
}

# md_dmesg_clean: the kernel log without timestamps.
md_dmesg_clean() {
	dmesg | sed 's/^\[[^]]*\] //'
}
