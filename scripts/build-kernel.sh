#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the kernel of a lane that is built from source (its flavour names a
# fragment tests/kernels/<flavour>.config: the debug lane's KASAN kernel,
# the configurations other distributions use) from Debian's
# linux-source-<series> package of the lane's Debian release (fetched into
# the cache, not installed): `make tinyconfig`, then the fragments
# tests/kernels/guest.config (what the busybox guest needs),
# guest-<arch>.config and <flavour>.config, then the kernel image and
# modules; arm64 lanes with the cross compiler.
# The result goes to the per-user cache, laid out like a fetched distro lane:
#   ${XDG_CACHE_HOME:-$HOME/.cache}/memdemo/lanes/<lane>/
#     src/linux-source-<series>/  the built tree (make -C <it> M=... modules)
#     root/boot/vmlinuz-<release> the kernel qemu boots
#     root/lib/modules/<release>/ the in-tree modules (test_vmalloc.ko)
#     key       hash of source version + fragments + this recipe's version
#     versions  source package and fragments used
#     kdir      the build tree
#     release   the kernel release (written last: marks the lane usable)
# A cached build whose key matches is reused; a changed fragment or a new
# linux-source package rebuilds it (2 to 6 minutes on 2 cores).
#
# usage: build-kernel.sh [--refresh] [--print-kdir] LANE
#   --refresh     rebuild even when the cache matches
#   --print-kdir  print only the build tree on stdout
# Environment: DEBUG_KERNEL_JOBS (make -j, default: the number of CPUs)
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/lib-lanes.sh
. "$(dirname "$0")/lib-lanes.sh"
# shellcheck source=scripts/lib-apt.sh
. "$(dirname "$0")/lib-apt.sh"

# Bump when the recipe below changes in a way that needs a rebuild.
RECIPE=2

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
lane_from_source || die "$lane: flavour '$LANE_FLAVOUR' has no tests/kernels/$LANE_FLAVOUR.config"
case $LANE_ARCH/$(host_arch) in
amd64/amd64) karch=x86 image=arch/x86/boot/bzImage target=bzImage cross=() ;;
arm64/amd64)
	karch=arm64 image=arch/arm64/boot/Image target=Image
	cross=(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-)
	;;
*) die "$lane: kernels are built from source for amd64 and arm64 on amd64 hosts only" ;;
esac

pkg=linux-source-$LANE_SERIES
frags=()
for f in guest "guest-$LANE_ARCH" "$LANE_FLAVOUR"; do
	[ -f "$MEMDEMO_TOP/tests/kernels/$f.config" ] || die "no config fragment tests/kernels/$f.config"
	frags+=("$MEMDEMO_TOP/tests/kernels/$f.config")
done
srcopt=()
[ "$refresh" = 0 ] || srcopt=(--refresh)
tarball=$(debian_source "$LANE_DIST" "$LANE_SERIES" "${srcopt[@]}")
srcver=$(cat "${tarball%.tar.xz}.version")
key=$({ echo "recipe $RECIPE $LANE_ARCH $pkg $srcver"; cat "${frags[@]}"; } | sha256sum | cut -c1-16)
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
say "$lane: building a $LANE_FLAVOUR kernel from $pkg $srcver + tests/kernels/{guest,guest-$LANE_ARCH,$LANE_FLAVOUR}.config (key $key, make -j$jobs; 2 to 6 minutes on 2 cores) ..."
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
	make "${cross[@]}" tinyconfig
	ARCH=$karch scripts/kconfig/merge_config.sh -m .config "${frags[@]}"
	make "${cross[@]}" olddefconfig
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
done < <(cat "${frags[@]}")
[ ${#lost[@]} -eq 0 ] ||
	die "$lane: olddefconfig dropped these fragment lines (a dependency is missing): ${lost[*]}"

say "$lane: make -j$jobs $target modules (log: $log) ..."
make "${cross[@]}" -j"$jobs" "$target" modules >>"$log" 2>&1 &
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

rel=$(make "${cross[@]}" -s kernelrelease)
mkdir -p "$LANE_DIR/root/boot" "$LANE_DIR/root/lib/modules/$rel"
cp "$image" "$LANE_DIR/root/boot/vmlinuz-$rel"
find . -name '*.ko' -exec cp {} "$LANE_DIR/root/lib/modules/$rel/" \;
cd "$LANE_DIR"
{
	echo "$pkg=$srcver"
	for f in "${frags[@]}"; do
		echo "${f##*/}=$(sha256sum "$f" | cut -c1-16)"
	done
} >versions
echo "$kdir" >kdir
echo "$key" >key
echo "$rel" >release
report "built in $(($(date +%s) - t0)) s from source: release"
