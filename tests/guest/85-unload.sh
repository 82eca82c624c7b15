# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# Unloading frees everything, the lab's blocks too: nothing of memdemo stays
# behind.
# shellcheck source=tests/guest/md.sh
. /tests/guest/md.sh

memdemo_loaded || load_memdemo || { not_ok "memdemo loads for the unload test"; exit 0; }
md_snapshot
nallocs=$(md_allocs | grep -vc '^alloc name=lab-')
nlab=$(md_allocs | grep -c '^alloc name=lab-')
# The pages "fragment" keeps (81-fragment.sh leaves them).
kept=$(sed -n 's/^fragment .* pinned=\([0-9]*\) .*/\1/p' /proc/memdemo)
# Before 6.5 (no SLAB_NO_MERGE) SLUB may merge memdemo_obj into another
# cache; the alias link it leaves in /sys/kernel/slab outlives the cache.
merged=$(readlink /sys/kernel/slab/memdemo_obj)
dmesg_mark
check "memdemo unloads" unload_memdemo
check "/proc/memdemo is gone" test ! -e /proc/memdemo
freed_line() {
	dmesg_since | grep -q "memdemo: freed $nallocs allocations"
}
check "dmesg says all $nallocs allocations were freed" freed_line
echo 1 >/proc/sys/kernel/kptr_restrict
is "/proc/vmallocinfo has no memdemo entry" "$(grep -c '\[memdemo\]' /proc/vmallocinfo)" 0
if [ -n "$merged" ]; then
	skip "the memdemo_obj cache is destroyed" "SLUB merged it into $merged"
else
	is "the memdemo_obj cache is gone from /proc/slabinfo" "$(grep -c '^memdemo_obj ' /proc/slabinfo)" 0
fi
if [ "$nlab" -gt 0 ] || [ -n "$kept" ]; then
	check "dmesg says the lab's $nlab blocks${kept:+ and the $kept pages fragment kept} were freed" \
		sh -c "dmesg | grep -q 'memdemo: freed the lab'"
fi
