# shellcheck shell=bash
# shellcheck disable=SC2034 # variables set here are used by the sourcing scripts
# SPDX-License-Identifier: GPL-2.0
# The lane table (scripts/lanes): its rows, each lane's kind, tags and
# kernel, and where a lane's kernel lives in the cache. Source it after
# scripts/lib.sh; do not run it.
# Sourced once, however many parts name it.
[ -z "${MEMDEMO_LIB_LANES:-}" ] || return 0
MEMDEMO_LIB_LANES=1

# lane_names [KIND|TAG...]: lane names in file order; with arguments, only
# the lanes whose kind or one of whose tags is among them
# (lane_names test: the booted test lanes; lane_names quick: the quick tier).
lane_names() {
	awk -v want="$*" 'BEGIN { n = split(want, w, " "); for (i = 1; i <= n; i++) keep[w[i]] = 1 }
		!/^[[:space:]]*(#|$)/ {
			if (n == 0 || ($2 in keep)) { print $1; next }
			m = split($3, t, ",")
			for (i = 1; i <= m; i++) if (t[i] in keep) { print $1; next }
		}' "$MEMDEMO_LANES_FILE"
}

# lane_default: the lane marked default (make demo, bench and report boot
# it unless KERNEL= names another).
lane_default() {
	local d
	d=$(lane_names default)
	[ "$(printf '%s\n' "$d" | grep -c .)" = 1 ] ||
		die "exactly one lane must carry the tag default in $MEMDEMO_LANES_FILE (found: ${d:-none})"
	echo "$d"
}

# Debian architectures used by the booted lanes.
lane_arches() {
	awk '!/^[[:space:]]*(#|$)/ && $4 != "-" { print $4 }' "$MEMDEMO_LANES_FILE" | sort -u
}

# lane_load NAME: sets LANE_NAME LANE_KIND LANE_TAGS LANE_ARCH LANE_DIST
# LANE_SERIES LANE_FLAVOUR LANE_MEM LANE_CPUS LANE_LIMIT LANE_CONSOLE
# LANE_RESULTS LANE_CMDLINE LANE_DIR, or dies listing the lanes. '-' columns
# come back empty.
lane_load() {
	local line
	line=$(awk -v n="$1" '!/^[[:space:]]*#/ && $1 == n { print; exit }' "$MEMDEMO_LANES_FILE")
	if [ -z "$line" ]; then
		die "unknown lane '$1'; lanes are: $(lane_names | tr '\n' ' ')"
	fi
	local rest v
	read -r LANE_NAME LANE_KIND LANE_TAGS LANE_ARCH LANE_DIST LANE_SERIES LANE_FLAVOUR \
		LANE_MEM LANE_CPUS LANE_LIMIT LANE_CONSOLE LANE_RESULTS rest <<<"$line"
	[ -n "$LANE_RESULTS" ] || die "lane '$1': too few columns in $MEMDEMO_LANES_FILE"
	rest=${rest%%#*}
	rest=$(echo "$rest" | sed 's/^[[:space:]]*//; s/[[:space:]]*$//')
	LANE_CMDLINE=$rest
	for v in LANE_TAGS LANE_ARCH LANE_DIST LANE_SERIES LANE_FLAVOUR LANE_MEM LANE_CPUS \
		LANE_LIMIT LANE_CONSOLE LANE_RESULTS LANE_CMDLINE; do
		[ "${!v}" != - ] || printf -v "$v" '%s' ''
	done
	LANE_DIR=$MEMDEMO_CACHE/lanes/$(lane_base "$LANE_NAME")
}

# lane_tagged TAG: whether the loaded lane carries TAG.
lane_tagged() {
	case ,$LANE_TAGS, in *",$1,"*) return 0 ;; esac
	return 1
}

# lane_boots: whether the loaded lane boots one of the table's kernels (its
# kernel is fetched or built by scripts/fetch-lane.sh).
lane_boots() {
	case $LANE_KIND in test | demo | dkms) return 0 ;; esac
	return 1
}

# The Debian release the host runs (bookworm on Debian 12).
host_dist() {
	(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
}

# Whether the loaded lane's kernel is built here from Debian's source
# package (scripts/build-kernel.sh) rather than fetched: its flavour names a
# configuration fragment tests/kernels/<flavour>.config.
lane_from_source() {
	[ -f "$MEMDEMO_TOP/tests/kernels/$LANE_FLAVOUR.config" ]
}

# Whether the loaded lane's headers must be used inside a build root of the
# lane's own Debian release: their kbuild programs are linked against that
# release's C library and they call its compiler (Debian 13's need glibc
# 2.38 and gcc-14; Debian 11's call gcc-10). Kernels built from source are
# built, and built against, here.
lane_needs_buildroot() {
	! lane_from_source && [ "$LANE_DIST" != "$(host_dist)" ]
}

# The loaded lane's build directory as the host sees it.
lane_kdir_host() {
	local k
	k=$(cat "$LANE_DIR/kdir" 2>/dev/null) || return 1
	if [ -s "$LANE_DIR/buildroot" ]; then
		echo "$(cat "$LANE_DIR/buildroot")$k"
	else
		echo "$k"
	fi
}

# lane_base NAME: the lane whose kernel NAME boots. A variant "BASE+WHAT"
# (same kernel, other CPUs or command line) shares BASE's fetched kernel.
lane_base() {
	echo "${1%%+*}"
}

# Release string of a fetched lane (empty when not fetched).
lane_release() {
	cat "$MEMDEMO_CACHE/lanes/$(lane_base "$1")/release" 2>/dev/null || true
}
