# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# Harness self-test: the guest environment the other tests rely on.

check "proc is mounted" test -r /proc/meminfo
check "debugfs is mounted" grep -q "^debugfs /sys/kernel/debug debugfs " /proc/mounts
is "lane.env names the running kernel" "$(uname -r)" "$RELEASE"
# shellcheck disable=SC2016 # expands in the shell run as nobody
check "nobody can run commands" su nobody -s /bin/sh -c 'test "$(id -u)" = 65534'
if check "memdemo.ko loads" load_memdemo; then
	check "/proc/memdemo appears" test -e /proc/memdemo
	check "memdemo unloads" unload_memdemo
	check "/proc/memdemo is gone" test ! -e /proc/memdemo
fi
