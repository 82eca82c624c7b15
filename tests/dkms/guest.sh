#!/bin/sh
# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# The DKMS test, run as PID 1 in the guest that tests/dkms/init switch_roots
# into: the host's root filesystem (read-only) under a tmpfs overlay, so the
# dkms, gcc, make and kmod here are the host's real ones and nothing on the
# host changes. Every step is one unnumbered TAP line on /dev/$RESULTS;
# scripts/check.sh numbers them. A failing DKMS step shows DKMS's make.log.
# Reads /run/memdemo/lane.env (RELEASE, VERSION, RESULTS); the sources DKMS
# gets are in /run/memdemo/src, with scripts/dkms.sh, which lists them.
# Ends with "MEMDEMO-DONE <status>", then powers the guest off.

here=/run/memdemo
# shellcheck source=/dev/null # written by scripts/vm-run.sh
. "$here/lane.env"
ver=$VERSION
rel=$RELEASE
exec >"/dev/$RESULTS" 2>&1
# dkms and make run in a plain environment, as from a user's shell (lane.env
# exports LANE, ARCH, ..., which make would take for its own variables).
unset LANE ARCH RELEASE MEM CPUS MODE PARAMS TESTS RESULTS VERSION KDIR
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LC_ALL=C.UTF-8
mv=memdemo/$ver
makelog=/var/lib/dkms/memdemo/$ver/build/make.log
failed=0
out=/tmp/step.out

ok() { printf 'ok - %s\n' "$1"; }
not_ok() { printf 'not ok - %s\n' "$1"; failed=1; }
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }
now() { cut -d' ' -f1 /proc/uptime; }
secs() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# step DESC CMD...: run CMD, output to $out; one TAP line; on failure the
# command's output and, when DKMS left one, its make.log.
step() {
	_desc=$1
	shift
	_t0=$(now)
	_rc=0
	"$@" >"$out" 2>&1 || _rc=$?
	_t=$(secs "$_t0")
	if [ "$_rc" -eq 0 ]; then
		ok "$_desc"
		diag "$* took $_t s"
		return 0
	fi
	not_ok "$_desc"
	diag "$* exited with status $_rc after $_t s:"
	tail -n 40 "$out" | sed 's/^/#   /'
	if [ -f "$makelog" ]; then
		diag "--- $makelog (last 60 lines)"
		tail -n 60 "$makelog" | sed 's/^/#   /'
	fi
	return "$_rc"
}

# is DESC GOT EXPECTED
is() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1"
		diag "got:      '$2'" "expected: '$3'"
	fi
}

# excluded DESC KERNEL: dkms build for KERNEL must stop with DKMS's
# BUILD_EXCLUSIVE message (exit 77), not try to compile.
excluded() {
	_rc=0
	_t0=$(now)
	dkms build "$mv" -k "$2" >"$out" 2>&1 || _rc=$?
	_t=$(secs "$_t0")
	if [ "$_rc" -eq 77 ] && grep -q 'BUILD_EXCLUSIVE directive which does not match this kernel' "$out" &&
		! grep -q 'Building module' "$out" && [ ! -e "/var/lib/dkms/memdemo/$ver/$2" ]; then
		ok "$1"
	else
		not_ok "$1"
	fi
	diag "dkms build $mv -k $2 (exit $_rc, $_t s) says:"
	sed 's/^/#   /' "$out"
}

finish() {
	echo "MEMDEMO-DONE $failed"
	exec >/dev/null 2>&1
	"$here/busybox" poweroff -f
	# If that failed: the kernel's own power-off, waited for without
	# starting a program (the host's / over 9p goes away during it, an exec
	# would fail and init's exit would panic the kernel).
	echo o >/proc/sysrq-trigger
	while :; do :; done
}

t_all=$(now)
diag "dkms $(dkms --version 2>&1 | head -n1), $(gcc --version | head -n1), kernel $(uname -r)"

# make dkms-install's script, dry: on a kernel with headers it goes ahead,
# with the same dkms commands as below.
"$here/src/scripts/dkms.sh" --dry-run install >"$out" 2>&1
if grep -qx "+ dkms add $mv" "$out" && grep -qx "+ dkms build $mv -k $rel" "$out" &&
	grep -qx "+ dkms install $mv -k $rel" "$out"; then
	ok "scripts/dkms.sh --dry-run install (make dkms-install) would dkms add, build, install for $rel"
else
	not_ok "scripts/dkms.sh --dry-run install (make dkms-install) would dkms add, build, install for $rel"
	sed 's/^/#   /' "$out"
fi

if ! step "copy the sources to /usr/src/memdemo-$ver" \
	sh -c "mkdir -p /usr/src/memdemo-$ver && cd $here/src && cp \$(scripts/dkms.sh files) /usr/src/memdemo-$ver/"; then
	finish
fi
step "dkms add $mv" dkms add "$mv" || finish
if ! step "dkms build $mv -k $rel" dkms build "$mv" -k "$rel"; then
	dkms remove "$mv" --all >/dev/null 2>&1
	finish
fi
sed -n '/Signing\|Sign command\|Certificate/p' "$out" | sed 's/^/#   /'
if step "dkms install $mv -k $rel" dkms install "$mv" -k "$rel"; then
	step "modprobe memdemo" modprobe memdemo
	is "modinfo -n memdemo is DKMS's install path" \
		"$(modinfo -n memdemo 2>&1)" "/lib/modules/$rel/updates/dkms/memdemo.ko"
	is "modinfo -F version memdemo is $ver" "$(modinfo -F version memdemo 2>&1)" "$ver"
	is "memdemo.ko is signed with DKMS's MOK key" \
		"$(modinfo -F signer memdemo 2>&1)" "DKMS module signing key"
	if cat /proc/memdemo >/tmp/proc.memdemo 2>&1 &&
		grep -q '^alloc name=kmalloc-small ' /tmp/proc.memdemo; then
		ok "/proc/memdemo reads and has an alloc name=kmalloc-small line"
	else
		not_ok "/proc/memdemo reads and has an alloc name=kmalloc-small line"
		head -n 20 /tmp/proc.memdemo | sed 's/^/#   /'
	fi
	step "modprobe -r memdemo" modprobe -r memdemo
	if grep -q '^memdemo ' /proc/modules; then
		not_ok "memdemo is unloaded after modprobe -r"
	else
		ok "memdemo is unloaded after modprobe -r"
	fi
fi

# BUILD_EXCLUSIVE, 1: a kernel before 5.10 (the release alone decides).
excluded "dkms refuses to build for a kernel before 5.10 (BUILD_EXCLUSIVE_KERNEL)" 4.19.0-memdemo-old

step "dkms remove $mv --all" dkms remove "$mv" --all
if [ -e "/lib/modules/$rel/updates/dkms/memdemo.ko" ] || [ -e /var/lib/dkms/memdemo ]; then
	not_ok "dkms remove took memdemo.ko and /var/lib/dkms/memdemo away"
	find "/lib/modules/$rel/updates/dkms" /var/lib/dkms/memdemo 2>&1 | sed 's/^/#   /'
else
	ok "dkms remove took memdemo.ko and /var/lib/dkms/memdemo away"
fi
if modinfo -n memdemo >/dev/null 2>&1; then
	not_ok "modinfo no longer finds memdemo after dkms remove"
else
	ok "modinfo no longer finds memdemo after dkms remove"
fi

# BUILD_EXCLUSIVE, 2, through make dkms-install itself: a 6.1 kernel whose
# .config lacks CONFIG_PROC_FS (a fake kernel tree: dkms reads its .config
# before anything else). Its headers are there, so the script goes ahead,
# copies and adds; DKMS refuses to build; the script says why and exits 77.
# Then make dkms-remove takes away what it added.
fake=6.1.0-memdemo-noproc
mkdir -p "/lib/modules/$fake/build"
grep -v '^CONFIG_PROC_FS=' "/lib/modules/$rel/build/.config" >"/lib/modules/$fake/build/.config"
printf 'all modules:\n\t@echo "fake kernel tree: nothing to build"; false\n' >"/lib/modules/$fake/build/Makefile"
_rc=0
make -s -C "$here/src" dkms-install KVER="$fake" >"$out" 2>&1 || _rc=$?
if [ "$_rc" -ne 0 ] && grep -q 'BUILD_EXCLUSIVE directive which does not match this kernel' "$out" &&
	grep -q 'Error 77' "$out" && grep -q 'memdemo needs' "$out" && ! grep -q 'Building module' "$out" &&
	[ -f "/usr/src/memdemo-$ver/dkms.conf" ]; then
	ok "make dkms-install for a kernel without CONFIG_PROC_FS: DKMS refuses (BUILD_EXCLUSIVE_CONFIG), the script says why"
else
	not_ok "make dkms-install for a kernel without CONFIG_PROC_FS: DKMS refuses (BUILD_EXCLUSIVE_CONFIG), the script says why"
fi
diag "make dkms-install KVER=$fake (exit $_rc) says:"
sed 's/^/#   /' "$out"
step "make dkms-remove" make -s -C "$here/src" dkms-remove
if [ -e "/usr/src/memdemo-$ver" ] || [ -e /var/lib/dkms/memdemo ]; then
	not_ok "make dkms-remove took /usr/src/memdemo-$ver and /var/lib/dkms/memdemo away"
else
	ok "make dkms-remove took /usr/src/memdemo-$ver and /var/lib/dkms/memdemo away"
fi
rm -rf "/lib/modules/$fake"
diag "DKMS steps took $(secs "$t_all") s in all"
finish
