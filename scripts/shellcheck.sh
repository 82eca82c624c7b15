#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run shellcheck on every shell script in the repository. Guest scripts
# (tests/guest/) run under busybox sh and are checked with -s sh.
#
# usage: shellcheck.sh [--tap]   (--tap: one unnumbered TAP line per file)
set -uo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
cd "$MEMDEMO_TOP" || exit 1
tap=0
[ "${1:-}" = --tap ] && tap=1
command -v shellcheck >/dev/null || die "shellcheck not found (Debian package shellcheck; run scripts/deps.sh)"

# Shell scripts: *.sh, and files whose first line names a shell.
files=()
while IFS= read -r -d '' f; do
	f=${f#./}
	case $f in
	*.sh) files+=("$f") ;;
	*)
		if head -n1 "$f" 2>/dev/null | grep -qE '^#!.*(/|env )(ba|da|busybox )?sh( |$)'; then
			files+=("$f")
		fi
		;;
	esac
done < <(find . -path ./.git -prune -o -type f ! -name '*.ko' ! -name '*.o' -print0 | sort -z)

rc=0
# Two runs of shellcheck, one per dialect, side by side (one process per
# file spent most of its time starting and reading the sourced files
# again); each finding names its file (-f gcc), and each file gets its line.
guest=() host=()
for f in "${files[@]}"; do
	case $f in
	tests/guest/*) guest+=("$f") ;;
	*) host+=("$f") ;;
	esac
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ ${#guest[@]} = 0 ] || shellcheck -x -s sh -f gcc "${guest[@]}" >"$tmp/guest" 2>&1 &
[ ${#host[@]} = 0 ] || shellcheck -x -f gcc "${host[@]}" >"$tmp/host" 2>&1 &
wait
cat "$tmp/guest" "$tmp/host" 2>/dev/null >"$tmp/all"
for f in "${files[@]}"; do
	if out=$(grep -F -- "$f:" "$tmp/all" | grep -E "^$(printf '%s' "$f" | sed 's/[.[\*^$]/\\&/g'):[0-9]+:"); then
		rc=1
		if [ "$tap" = 1 ]; then
			tap_not_ok "shellcheck $f" "$out"
		else
			printf '%s\n' "$out"
		fi
	else
		[ "$tap" = 1 ] && tap_ok "shellcheck $f"
	fi
done
[ "$tap" = 1 ] || [ "$rc" != 0 ] || echo "shellcheck: ${#files[@]} scripts clean"
exit "$rc"
