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
check "nobody can read /proc/memdemo" grep -q '^alloc name=[^ ]* api=' /tmp/md.nobody
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

# What follows from the addresses is hidden with them: nothing nobody reads
# may change with the boot's randomized layout (x86-64's memory
# randomization, arm64's KASLR, which moves the linear map). The distances
# between addresses read 0 or hidden, the random kmalloc copy "xx".
derived() {
	sed -En 's/^layout (linear_map_size=[0-9]+)$/\1/p
		s/^region name=([a-z-]+) .* (size=[0-9]+)$/\1:\2/p
		s/^claim id=(8|10) .* (measured=[^ ]*) .*/claim-\1:\2/p' "$1" | tr '\n' ' '
}
diag "root's derived values this boot: $(derived "$MD_SNAP")"
diag "nobody's: $(derived /tmp/md.nobody)"
is "nobody reads linear_map_size as 0" "$(sed -n 's/^layout linear_map_size=//p' /tmp/md.nobody)" 0
is "nobody reads every region's size as 0 but user's" \
	"$(grep '^region ' /tmp/md.nobody | grep -v '^region name=user ' | grep -cv ' size=0$')" 0
is "nobody reads claims 8 and 10 measured=hidden" \
	"$(grep -cE '^claim id=(8|10) .* measured=hidden ' /tmp/md.nobody)" 2
is "nobody reads no random kmalloc cache's copy number" \
	"$(grep -cE 'cache=kmalloc-(rnd|part)-[0-9]' /tmp/md.nobody)" 0
# A boot's unprivileged view, less what moves while it runs (live zone
# counts, the lab, the benchmark): nothing in it is an address, or follows
# from one, but the load's own measures.
nonzero_derived=$(derived /tmp/md.nobody | tr ' ' '\n' | grep -E '=[1-9]|measured=[^h]' | grep -v '^user:')
is "nobody's derived fields are all 0 or hidden" "${nonzero_derived:-none}" none

# kptr_restrict, as %pK honours it, decided at open with the opener's
# credentials: 2 hides the addresses from root too; 1 shows them to root.
kr=$(cat /proc/sys/kernel/kptr_restrict)
echo 2 >/proc/sys/kernel/kptr_restrict
cat /proc/memdemo >/tmp/md.kr2
echo 1 >/proc/sys/kernel/kptr_restrict
cat /proc/memdemo >/tmp/md.kr1
echo "$kr" >/proc/sys/kernel/kptr_restrict
is "kptr_restrict=2: root reads no nonzero address" "$(nonzero /tmp/md.kr2)" 0
check "kptr_restrict=2: root is told why" grep -q '^# addresses hidden' /tmp/md.kr2
is "kptr_restrict=2: root reads linear_map_size as 0" \
	"$(sed -n 's/^layout linear_map_size=//p' /tmp/md.kr2)" 0
check "kptr_restrict=1: root reads real addresses" test "$(nonzero /tmp/md.kr1)" -gt 0
# Decided at open: a descriptor root opened under kptr_restrict=1 keeps
# showing addresses to nobody, one nobody opened shows none to root's reads.
n_fd=$(su nobody -s /bin/sh -c 'cat <&6' 6</proc/memdemo | grep -oE 'virt=0x[0-9a-f]+' | grep -cv '=0x0*$')
check "a descriptor root opened shows addresses to nobody reading it (decided at open)" test "$n_fd" -gt 0
