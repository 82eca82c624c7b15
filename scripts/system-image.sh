#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The system lane's machine: a Debian 13 installation on a disk image, made
# once into the cache and reused (a new version of this script, which holds
# everything the image is made from, makes a new one). Prints the image's
# directory: disk.qcow2 (GPT: an EFI system partition with Debian's signed
# shim, grub and MOK manager; an ext4 root), and upgrade.list (the .deb files
# of the newer kernel waiting in the image).
#
# What is on it, as on a learner's machine: systemd, sudo, kmod, dkms,
# build-essential, mokutil, Debian 13's kernel (linux-image-amd64) with its
# headers (linux-headers-amd64), initramfs-tools with what it recommends
# and Debian's installer installs with it (zstd, which compresses the
# initramfs: without it mkinitramfs falls back to gzip and says so;
# busybox), and a regular user "learner" in group sudo (NOPASSWD: the test
# has no one to type a password). apparmor, which the kernel recommends,
# comes with the upgrade below. The guest has no network, so the newer
# kernel a later `apt upgrade` would bring (the newest amd64 kernel in
# trixie-backports when the image is made, image and headers, with what
# they depend on and recommend, as apt installs them by default) waits in
# /var/cache/memdemo-upgrade/ for the test to install with apt. A unit, memdemo-system-test.service, runs
# tests/system/guest.sh from a second drive at every boot when that drive
# is there.
#
# Made with debootstrap as root (6 to 10 minutes, some 1.4 GB), no loop
# devices: the root file system is written by mke2fs -d, the EFI partition
# by mtools. The image is made again when what it is made of changes: the
# lists below, or IMAGE_FORMAT, which a change to the steps that configure
# it must raise. Its directory's name also carries the upgrade kernel's
# release, picked when the image is made (packages leave trixie-backports
# as newer ones come, so no release is written here): an image made from
# the same lists is reused, whichever kernel it waits with, without asking
# apt anything, as fetch-lane.sh reuses a fetched lane; --refresh picks
# again and makes a new image when trixie-backports has moved on.
#
# usage: system-image.sh [--refresh]   make it if needed; print its directory
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/lib-apt.sh
. "$(dirname "$0")/lib-apt.sh"
# shellcheck source=scripts/lib-buildroot.sh
. "$(dirname "$0")/lib-buildroot.sh"

refresh=0
[ "${1:-}" != --refresh ] || refresh=1
DIST=trixie
PKGS=systemd-sysv,udev,dbus,sudo,kmod,dkms,build-essential,initramfs-tools,zstd,busybox,linux-image-amd64,linux-headers-amd64,mokutil,shim-signed,grub-efi-amd64-signed,grub-efi-amd64-bin,grub2-common,openssl,login,passwd,e2fsprogs,dosfstools,procps,less
# The upgrade: linux-image-<release> and linux-headers-<release> of the
# newest kernel of this flavour in $DIST-backports (upgrade_pick), and the
# linux-base those need.
UPGRADE_FLAVOUR=amd64
USER_NAME=learner
ROOT_MB=6144
ESP_MB=64
IMAGE_FORMAT=3

key=$(printf '%s\n' "$IMAGE_FORMAT" "$DIST" "$PKGS" "$UPGRADE_FLAVOUR" "$USER_NAME" "$ROOT_MB" "$ESP_MB" |
	sha256sum | cut -c1-16)
# An image of these lists, whichever upgrade kernel it waits with.
if [ "$refresh" = 0 ]; then
	for d in "$MEMDEMO_CACHE/system/$key"-*/; do
		if [ -e "$d/ready" ]; then
			echo "${d%/}"
			exit 0
		fi
	done
fi

# upgrade_pick: the release of the newest $UPGRADE_FLAVOUR kernel of
# $DIST-backports whose image and headers packages are both there, read
# from the archive now (a private apt configuration: lib.sh, papt).
upgrade_pick() {
	local rel
	papt_update "$DIST" amd64
	papt "$DIST" amd64 apt-cache pkgnames linux-image- 2>/dev/null |
		sed -nE "s/^linux-image-([0-9]+\.[0-9.]+(-[0-9]+)?(\+deb[0-9]+)?-$UPGRADE_FLAVOUR)$/\1/p" | sort -uVr |
		while read -r rel; do
			papt "$DIST" amd64 apt-cache madison "linux-image-$rel" | grep -q " $DIST-backports/" || continue
			papt "$DIST" amd64 apt-cache madison "linux-headers-$rel" | grep -q " $DIST-backports/" || continue
			echo "$rel"
			break
		done
}
say "system: looking for the newest $UPGRADE_FLAVOUR kernel in Debian $DIST-backports (the upgrade the image waits with) ..."
upgrade_rel=$(upgrade_pick)
[ -n "$upgrade_rel" ] || die "no linux-image-*-$UPGRADE_FLAVOUR with its headers in Debian $DIST-backports"
UPGRADE="linux-image-$upgrade_rel linux-headers-$upgrade_rel linux-base/$DIST-backports"
dir=$MEMDEMO_CACHE/system/$key-$upgrade_rel
if [ -e "$dir/ready" ]; then
	echo "$dir"
	exit 0
fi
for c in debootstrap mke2fs mkfs.fat mcopy sfdisk qemu-img; do
	command -v "$c" >/dev/null || die "the system image needs $c (scripts/deps.sh system installs it)"
done
mkdir -p "$MEMDEMO_CACHE/system"
# Older images go: each is some 1.4 GB.
for old in "$MEMDEMO_CACHE"/system/*/; do
	[ ! -d "$old" ] || [ "${old%/}" = "$dir" ] || as_root rm -rf "$old"
done
rm -rf "$dir"
mkdir -p "$dir"
root=$dir/root
log=$dir/build.log
t0=$(date +%s)

say "system: debootstrap Debian $DIST with systemd, dkms, build-essential and its kernel into $root (3 to 10 minutes, with the machine idle or busy; log: $log) ..."
as_root debootstrap --variant=minbase --include="$PKGS" "$DIST" "$root" "$MEMDEMO_MIRROR" >"$log" 2>&1 ||
	{ tail -n 20 "$log" >&2; die "debootstrap of Debian $DIST failed (log: $log)"; }

uuid_root=$(cat /proc/sys/kernel/random/uuid)
esp_id=$(od -An -N4 -tx4 /dev/urandom | tr -d ' ' | tr a-f A-F)
esp_uuid="${esp_id:0:4}-${esp_id:4:4}"
release=
for m in "$root"/lib/modules/*/; do release=$(basename "$m"); done

say "system: configuring the installation (user $USER_NAME, fstab, grub, the test unit) ..."
# shellcheck disable=SC2129 # one file each
{
	echo "memdemo-vm" >"$root/etc/hostname"
	# As Debian's installer leaves it (pam_env reads it at every login).
	echo "LANG=C.UTF-8" >"$root/etc/default/locale"
	printf '127.0.0.1\tlocalhost\n127.0.1.1\tmemdemo-vm\n' >"$root/etc/hosts"
	printf 'UUID=%s\t/\text4\terrors=remount-ro\t0 1\nUUID=%s\t/boot/efi\tvfat\tumask=0077\t0 1\n' \
		"$uuid_root" "$esp_uuid" >"$root/etc/fstab"
	mkdir -p "$root/boot/efi"
	echo "$USER_NAME ALL=(ALL:ALL) NOPASSWD: ALL" >"$root/etc/sudoers.d/$USER_NAME"
	chmod 0440 "$root/etc/sudoers.d/$USER_NAME"
	# The kernel command line update-grub writes when a kernel is installed.
	cat >>"$root/etc/default/grub" <<-EOF
		GRUB_TIMEOUT=0
		GRUB_CMDLINE_LINUX_DEFAULT=""
		GRUB_CMDLINE_LINUX="console=ttyS0,115200"
		GRUB_DISABLE_OS_PROBER=true
	EOF
	# Until update-grub first runs (in the guest, when a kernel is
	# installed): the installed kernel, as Debian's installer leaves it.
	mkdir -p "$root/boot/grub"
	cat >"$root/boot/grub/grub.cfg" <<-EOF
		set timeout=0
		menuentry 'Debian GNU/Linux' {
		    search --no-floppy --fs-uuid --set=root $uuid_root
		    linux /boot/vmlinuz-$release root=UUID=$uuid_root ro console=ttyS0,115200
		    initrd /boot/initrd.img-$release
		}
	EOF
	# The test: tests/system/guest.sh from the drive whose serial is
	# memdemo-payload (a tar of the clone), as root, at every boot.
	cat >"$root/etc/systemd/system/memdemo-system-test.service" <<-'EOF'
		[Unit]
		Description=memdemo's system test (tests/system/guest.sh from the payload drive)
		ConditionPathExists=/dev/disk/by-id/virtio-memdemo-payload
		After=multi-user.target
		[Service]
		Type=oneshot
		StandardOutput=journal+console
		ExecStart=/bin/sh -c 'rm -rf /run/memdemo && mkdir -p /run/memdemo && tar -xf /dev/disk/by-id/virtio-memdemo-payload -C /run/memdemo && exec /bin/sh /run/memdemo/tests/system/guest.sh'
		[Install]
		WantedBy=multi-user.target
	EOF
	mkdir -p "$root/etc/systemd/system/multi-user.target.wants"
	ln -sf ../memdemo-system-test.service "$root/etc/systemd/system/multi-user.target.wants/"
} 2>>"$log"
in_chroot "$root" useradd -m -s /bin/bash -G sudo "$USER_NAME" >>"$log" 2>&1
in_chroot "$root" passwd -d "$USER_NAME" >>"$log" 2>&1
in_chroot "$root" systemctl mask apt-daily.timer apt-daily-upgrade.timer man-db.timer e2scrub_all.timer fstrim.timer >>"$log" 2>&1 || true

say "system: downloading the upgrade (${UPGRADE// linux-base*/}) from $DIST-backports into the image ..."
echo "deb $MEMDEMO_MIRROR $DIST-backports main" >"$root/etc/apt/sources.list.d/backports.list"
# shellcheck disable=SC2086 # a list of packages
in_chroot "$root" sh -c "apt-get -q update && apt-get -q -y clean && apt-get -q -y install --download-only $UPGRADE" \
	>>"$log" 2>&1 || { tail -n 20 "$log" >&2; die "cannot download the upgrade kernel (log: $log)"; }
mkdir -p "$root/var/cache/memdemo-upgrade"
mv "$root"/var/cache/apt/archives/*.deb "$root/var/cache/memdemo-upgrade/"
rm -f "$root/etc/apt/sources.list.d/backports.list"
in_chroot "$root" apt-get -q update >>"$log" 2>&1 || true
(cd "$root/var/cache/memdemo-upgrade" && ls) >"$dir/upgrade.list"

say "system: the EFI system partition (shim, grub, MOK manager: Debian's signed binaries) ..."
esp=$dir/esp.img
rm -f "$esp"
mkfs.fat -C -F 32 -i "$esp_id" -n EFI "$esp" $((ESP_MB * 1024)) >>"$log" 2>&1
cat >"$dir/grub-esp.cfg" <<-EOF
	search.fs_uuid $uuid_root root
	set prefix=(\$root)/boot/grub
	configfile \$prefix/grub.cfg
EOF
export MTOOLS_SKIP_CHECK=1
mmd -i "$esp" ::/EFI ::/EFI/BOOT ::/EFI/debian
for d in BOOT debian; do
	b=shimx64.efi
	[ "$d" != BOOT ] || b=BOOTX64.EFI
	mcopy -i "$esp" "$root/usr/lib/shim/shimx64.efi.signed" "::/EFI/$d/$b"
	mcopy -i "$esp" "$root/usr/lib/shim/mmx64.efi.signed" "::/EFI/$d/mmx64.efi"
	mcopy -i "$esp" "$root/usr/lib/grub/x86_64-efi-signed/grubx64.efi.signed" "::/EFI/$d/grubx64.efi"
	mcopy -i "$esp" "$dir/grub-esp.cfg" "::/EFI/$d/grub.cfg"
done

say "system: the root file system (ext4, ${ROOT_MB} MiB, mke2fs -d) ..."
as_root mke2fs -q -t ext4 -U "$uuid_root" -L root -d "$root" "$dir/root.img" "${ROOT_MB}M" >>"$log" 2>&1 ||
	{ tail -n 20 "$log" >&2; die "mke2fs -d failed (log: $log)"; }

say "system: the disk (GPT) ..."
raw=$dir/disk.raw
rm -f "$raw"
truncate -s $((1 + ESP_MB + ROOT_MB + 1))M "$raw"
sfdisk -q "$raw" >>"$log" 2>&1 <<-EOF
	label: gpt
	start=1MiB, size=${ESP_MB}MiB, type=uefi, name=EFI
	start=$((1 + ESP_MB))MiB, size=${ROOT_MB}MiB, type=linux, name=root
EOF
dd if="$esp" of="$raw" bs=1M seek=1 conv=notrunc,sparse status=none
dd if="$dir/root.img" of="$raw" bs=1M seek=$((1 + ESP_MB)) conv=notrunc,sparse status=none
qemu-img convert -O qcow2 "$raw" "$dir/disk.qcow2"
rm -f "$raw" "$esp" "$dir/root.img"
as_root rm -rf "$root"
echo "$release" >"$dir/release"
echo "$upgrade_rel" >"$dir/upgrade-release"
touch "$dir/ready"
say "system: image ready in $(($(date +%s) - t0)) s: $dir/disk.qcow2 ($(du -h "$dir/disk.qcow2" | cut -f1), installed kernel $release)"
echo "$dir"
