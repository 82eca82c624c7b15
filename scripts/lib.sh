# shellcheck shell=bash
# shellcheck disable=SC2034 # variables set here are used by the sourcing scripts
# SPDX-License-Identifier: GPL-2.0
# What every host script needs (bash): the cache, messages, root. Source
# it; do not run it. The rest is in parts, each sourced by the scripts
# that use it: lib-lanes.sh (the lane table), lib-apt.sh (Debian's archive
# through private apt), lib-buildroot.sh (build roots), lib-guest.sh (what
# a guest needs on the host).

MEMDEMO_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MEMDEMO_CACHE=${MEMDEMO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/memdemo}
MEMDEMO_LANES_FILE=${MEMDEMO_LANES_FILE:-$MEMDEMO_TOP/scripts/lanes}
export MEMDEMO_TOP MEMDEMO_CACHE

# Progress and errors go to stderr so stdout stays machine-readable.
# shellcheck source=scripts/tap.sh
. "$(dirname "${BASH_SOURCE[0]}")/tap.sh"
say() { printf '%s\n' "$*" >&2; }
die() { printf '%s: error: %s\n' "${0##*/}" "$*" >&2; exit 1; }

# The cache exists before anything writes into it, wherever it is
# (HOME or XDG_CACHE_HOME may point anywhere, /tmp included).
mkdir -p "$MEMDEMO_CACHE" || die "cannot create the cache directory $MEMDEMO_CACHE"

# Tools that live in sbin (debootstrap, chroot, dpkg's helpers) are found
# where they live: Debian's default PATH for users has no sbin directories.
for d in /usr/local/sbin /usr/sbin /sbin; do
	case ":$PATH:" in *":$d:"*) ;; *) PATH=$PATH:$d ;; esac
done
export PATH

host_arch() {
	if command -v dpkg >/dev/null 2>&1; then
		dpkg --print-architecture
	else
		case $(uname -m) in
		x86_64) echo amd64 ;;
		i?86) echo i386 ;;
		aarch64) echo arm64 ;;
		*) uname -m ;;
		esac
	fi
}

# Run a command as root: directly when we are root, else through sudo.
as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		die "need root for: $* (not root and no sudo)"
	fi
}

