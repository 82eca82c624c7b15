# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# An unprivileged reader sees no real address; root with CAP_SYSLOG does.
# shellcheck source=tests/guest/md.sh
. /tests/guest/md.sh

memdemo_loaded || load_memdemo || { not_ok "memdemo loads for the privilege test"; exit 0; }
md_snapshot
# Every address-valued field, one per line.
addrs() {
	grep -oE '(virt|phys|page_address)=0x[0-9a-f]+|^layout [a-z_]+=0x[0-9a-f]+' "$1" |
		sed 's/.*=//'
}
nonzero() {
	addrs "$1" | grep -cv '^0x0*$'
}
check "root sees real addresses" test "$(nonzero "$MD_SNAP")" -gt 0
su nobody -s /bin/sh -c 'cat /proc/memdemo' >/tmp/md.nobody 2>&1
check "nobody can read /proc/memdemo" grep -q '^alloc name=kmalloc-small ' /tmp/md.nobody
is "nobody reads no nonzero address" "$(nonzero /tmp/md.nobody)" 0
is "nobody sees as many address fields as root" \
	"$(addrs /tmp/md.nobody | wc -l)" "$(addrs "$MD_SNAP" | wc -l)"
check "nobody is told why" grep -q 'addresses hidden' /tmp/md.nobody
if [ "$(cat /proc/sys/kernel/dmesg_restrict)" = 1 ]; then
	if su nobody -s /bin/sh -c dmesg >/dev/null 2>&1; then
		not_ok "dmesg_restrict=1 keeps memdemo's log lines from nobody"
	else
		ok "dmesg_restrict=1 keeps memdemo's log lines from nobody"
	fi
fi
