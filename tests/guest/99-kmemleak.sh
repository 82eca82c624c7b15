# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# Last: after the whole suite (hundreds of loads, refused loads under fault
# injection, lab work, unloads), kmemleak must suspect nothing of memdemo's.
# Kernels without CONFIG_DEBUG_KMEMLEAK skip this.
#
# kmemleak reports an object only once it has been unreferenced, unchanged,
# for two scans and is older than 5 s: hence two scans with a pause between
# them. The debug kernel leaks nothing at boot, so every report counts, with
# one exception, the kernel's own known leak (CVE-2024-25740, fixed upstream
# by 2420baa8e046 "mm/slab: Allow cache creation to proceed even if sysfs
# registration fails", not in Debian's 6.12.117): when kobject_init_and_add
# fails inside kmem_cache_create, sysfs_slab_add does not free the kobject's
# name. 90-faults.sh reaches that path whenever it fails an allocation of
# kmem_cache_create("memdemo_obj"); such reports (a 16-byte "memdemo_obj"
# allocated by kstrdup from kobject_set_name_vargs from sysfs_slab_add) are
# counted and shown, not held against memdemo. kmemleak's "N new suspected
# memory leaks" line is kept off the console while scanning (this test
# judges the reports; the host would fail the lane on the line itself).
KL=/sys/kernel/debug/kmemleak
if [ ! -e "$KL" ]; then
	skip "kmemleak finds no leak after the suite" "no $KL (CONFIG_DEBUG_KMEMLEAK)"
	exit 0
fi
memdemo_loaded && unload_memdemo
read -r cl_old _ </proc/sys/kernel/printk
echo 4 >/proc/sys/kernel/printk
scans=0
sleep 5
echo scan >"$KL" && scans=$((scans + 1))
sleep 5
echo scan >"$KL" && scans=$((scans + 1))
echo "$cl_old" >/proc/sys/kernel/printk
# kmemleak turns itself off when it runs out of memory for its metadata
# (fault injection works it hard); a scan is refused then.
is "kmemleak is still on and scans twice" "$scans" 2
cat "$KL" >/tmp/md.kmemleak
# Split the reports: the kernel's known sysfs_slab_add leak, and the rest.
: >/tmp/md.kmemleak.other
read -r total known <<EOT
$(awk '
	function flush() {
		if (!n)
			return
		if (buf ~ /sysfs_slab_add/ && buf ~ /kobject_set_name_vargs/)
			k++
		else
			printf "%s", buf >>"/tmp/md.kmemleak.other"
	}
	/^unreferenced object/ { flush(); n++; buf = "" }
	{ buf = buf $0 "\n" }
	END { flush(); print n + 0, k + 0 }' /tmp/md.kmemleak)
EOT
other=$((total - known))
if [ "$other" = 0 ]; then
	ok "kmemleak finds no leak after the suite and memdemo's unload (two scans)"
else
	not_ok "kmemleak finds no leak after the suite and memdemo's unload (two scans)" \
		"$other reports besides the kernel's known one:" "$(head -n 60 /tmp/md.kmemleak.other)"
fi
if [ "$known" != 0 ]; then
	diag "the kernel's own sysfs_slab_add leak (CVE-2024-25740), reached by fault injection, first report:"
	awk '/^unreferenced object/ { n++ } n == 1' /tmp/md.kmemleak | head -n 20 | sed 's/^/#   /'
fi
diag "kmemleak reports: $total; $other held against memdemo, $known the kernel's known sysfs_slab_add leak"
