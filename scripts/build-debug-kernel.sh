#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the kernel of a "debug" lane (flavour column 'debug' in scripts/lanes)
# from Debian's linux-source-<series> package of the lane's Debian release
# (fetched into the cache, not installed): `make tinyconfig`, then the
# fragment tests/debug/debug.config (KASAN, KMEMLEAK, KFENCE, lockdep, fault
# injection, ... and what the busybox guest needs), then bzImage and modules.
# The result goes to the per-user cache, laid out like a fetched distro lane:
#   ${XDG_CACHE_HOME:-$HOME/.cache}/memdemo/lanes/<lane>/
#     src/linux-source-<series>/  the built tree (make -C <it> M=... modules)
#     root/boot/vmlinuz-<release> the kernel qemu boots
#     root/lib/modules/<release>/ the in-tree modules (test_vmalloc.ko)
#     key       hash of source version + fragment + this recipe's version
#     versions  source package and fragment used
#     kdir      the build tree
#     release   the kernel release (written last: marks the lane usable)
# A cached build whose key matches is reused; a changed fragment or a new
# linux-source package rebuilds it (about 6 minutes on 2 cores).
#
# usage: build-debug-kernel.sh [--refresh] [--print-kdir] LANE
#   --refresh     rebuild even when the cache matches
#   --print-kdir  print only the build tree on stdout
# Environment: DEBUG_KERNEL_JOBS (make -j, default: the number of CPUs)
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

# Bump when the recipe below changes in a way that needs a rebuild.
RECIPE=1

refresh=0
print_kdir=0
lane=
for a in "$@"; do
	case $a in
	--refresh) refresh=1 ;;
	--print-kdir) print_kdir=1 ;;
	-h | --help) sed -n '/^# Build the kernel/,/^# Environment/s/^# \{0,1\}//p' "$0"; exit 0 ;;
	-*) die "unknown option $a" ;;
	*) [ -z "$lane" ] || die "one lane at a time"; lane=$a ;;
	esac
done
[ -n "$lane" ] || die "usage: $0 [--refresh] [--print-kdir] LANE"
lane_load "$lane"
[ "$LANE_FLAVOUR" = debug ] || die "$lane: flavour is '$LANE_FLAVOUR', not 'debug'"
if [ "$LANE_ARCH" != amd64 ] || [ "$(host_arch)" != amd64 ]; then
	die "$lane: debug kernels are built for amd64 on amd64 hosts only"
fi

pkg=linux-source-$LANE_SERIES
frag=$MEMDEMO_TOP/tests/debug/debug.config
[ -f "$frag" ] || die "no config fragment $frag"
srcopt=()
[ "$refresh" = 0 ] || srcopt=(--refresh)
tarball=$(debian_source "$LANE_DIST" "$LANE_SERIES" "${srcopt[@]}")
srcver=$(cat "${tarball%.tar.xz}.version")
key=$({ echo "recipe $RECIPE $LANE_ARCH $pkg $srcver"; cat "$frag"; } | sha256sum | cut -c1-16)
kdir=$LANE_DIR/src/$pkg

cached() {
	[ "$(cat "$LANE_DIR/key" 2>/dev/null)" = "$key" ] && [ -s "$LANE_DIR/release" ] &&
		[ -f "$kdir/Module.symvers" ] &&
		[ -f "$LANE_DIR/root/boot/vmlinuz-$(cat "$LANE_DIR/release")" ]
}
# report WHAT: the line scripts/check.sh shows ("cached" or "built ... release").
report() {
	if [ "$print_kdir" = 1 ]; then
		echo "$kdir"
	else
		say "$lane: $1 $(cat "$LANE_DIR/release") ($(paste -sd" " "$LANE_DIR/versions"))"
	fi
}

if [ "$refresh" = 0 ] && cached; then
	report cached
	exit 0
fi

# One build at a time (vm-run.sh and check.sh may both ask for the lane).
mkdir -p "$MEMDEMO_CACHE/lanes"
exec 9>"$MEMDEMO_CACHE/lanes/.$(lane_base "$lane").lock"
flock 9
if [ "$refresh" = 0 ] && cached; then
	report cached
	exit 0
fi

for t in make gcc bc bison flex perl; do
	command -v "$t" >/dev/null || die "$lane: '$t' missing (run scripts/deps.sh)"
done
[ -f /usr/include/libelf.h ] || die "$lane: libelf-dev missing (run scripts/deps.sh)"
[ -f /usr/include/openssl/ssl.h ] || die "$lane: libssl-dev missing (run scripts/deps.sh)"

jobs=${DEBUG_KERNEL_JOBS:-$(nproc)}
say "$lane: building a debug kernel from $pkg $srcver + ${frag#"$MEMDEMO_TOP"/} (key $key, make -j$jobs; about 6 minutes on 2 cores) ..."
t0=$(date +%s)
rm -rf "$LANE_DIR"
mkdir -p "$LANE_DIR/src"
log=$LANE_DIR/build.log
say "$lane: unpacking $tarball ..."
tar -C "$LANE_DIR/src" -xf "$tarball"
[ -f "$kdir/Makefile" ] || die "$lane: $tarball did not unpack to $kdir"
cd "$kdir"

say "$lane: configuring (tinyconfig + fragment) ..."
{
	make tinyconfig
	scripts/kconfig/merge_config.sh -m .config "$frag"
	make olddefconfig
} >"$log" 2>&1 || { tail -n 30 "$log" >&2; die "$lane: configuration failed (log: $log)"; }
# Every line of the fragment must have survived olddefconfig: a missing
# dependency silently drops an option otherwise.
lost=()
while IFS= read -r line; do
	case $line in
	CONFIG_*=*) grep -qxF "$line" .config || lost+=("$line") ;;
	"# CONFIG_"*" is not set")
		opt=${line#"# "}
		opt=${opt%% *}
		grep -q "^$opt=" .config && lost+=("$line")
		;;
	esac
done <"$frag"
[ ${#lost[@]} -eq 0 ] ||
	die "$lane: olddefconfig dropped these fragment lines (a dependency is missing): ${lost[*]}"

say "$lane: make -j$jobs bzImage modules (log: $log) ..."
make -j"$jobs" bzImage modules >>"$log" 2>&1 &
mpid=$!
# Progress every 30 s: objects compiled so far and the newest one.
while kill -0 "$mpid" 2>/dev/null; do
	for _ in $(seq 30); do
		kill -0 "$mpid" 2>/dev/null || break
		sleep 1
	done
	kill -0 "$mpid" 2>/dev/null || break
	say "$lane: $(($(date +%s) - t0)) s, $(grep -c '^  CC ' "$log") objects compiled, last: $(grep '^  [A-Z]' "$log" | tail -n1 | sed 's/^ *//')"
done
brc=0
wait "$mpid" || brc=$?
if [ "$brc" -ne 0 ]; then
	grep -E 'error|Error' "$log" | head -n 20 >&2 || true
	tail -n 20 "$log" >&2
	die "$lane: kernel build failed (exit $brc; log: $log)"
fi

rel=$(make -s kernelrelease)
mkdir -p "$LANE_DIR/root/boot" "$LANE_DIR/root/lib/modules/$rel"
cp arch/x86/boot/bzImage "$LANE_DIR/root/boot/vmlinuz-$rel"
find . -name '*.ko' -exec cp {} "$LANE_DIR/root/lib/modules/$rel/" \;
cd "$LANE_DIR"
printf '%s\n' "$pkg=$srcver" "debug.config=$(sha256sum "$frag" | cut -c1-16)" >versions
echo "$kdir" >kdir
echo "$key" >key
echo "$rel" >release
report "built in $(($(date +%s) - t0)) s from source: release"
