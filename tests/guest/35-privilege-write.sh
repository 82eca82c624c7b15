# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# Privilege, beyond 30-privilege.sh (reads) and 80-lab.sh (nobody cannot
# open /proc/memdemo for writing: EACCES from the file mode):
#   - the module's own check: a write through a descriptor that root opened
#     and handed to nobody reaches memdemo's write handler, which must refuse
#     it with EPERM because the writer lacks CAP_SYS_ADMIN (the file mode
#     cannot stop this one);
#   - every lab command, bench included, is refused to nobody and changes
#     nothing;
#   - the lab's own lines show nobody no address either.
# Leaves memdemo loaded with an empty lab, as it found it.
# shellcheck source=tests/guest/md.sh
. /tests/guest/md.sh

memdemo_loaded || load_memdemo || { not_ok "memdemo loads for the write privilege test"; exit 0; }
# The lab's blocks and total (next_id moves on with every alloc).
lab_state() {
	sed -n '/^\[lab\]$/,/^\[bench\]$/p' /proc/memdemo | sed 's/ next_id=[0-9]*//'
}
before=$(lab_state)

# nobody_write CMD: CMD written by nobody through a descriptor root opened.
nobody_write() {
	# shellcheck disable=SC2016 # expands in nobody's shell
	su nobody -s /bin/sh -c 'echo "$1" >&5' sh "$1" 5>>/proc/memdemo 2>/tmp/md.pw.err
}
tried=0
bad=
for c in "alloc kmalloc 4096" "alloc vmalloc 1M" "alloc pages order=0" "free all" "free 1" bench "bench loop"; do
	tried=$((tried + 1))
	if nobody_write "$c"; then
		bad="$bad [$c: accepted]"
	elif ! grep -q 'Operation not permitted' /tmp/md.pw.err; then
		bad="$bad [$c: $(cat /tmp/md.pw.err)]"
	fi
done
is "$tried lab commands nobody writes through root's descriptor fail with EPERM" "${bad:-none}" none
is "and change nothing in the lab" "$(lab_state)" "$before"
bad=
for c in "alloc kmalloc 64" bench "free all"; do
	if su nobody -s /bin/sh -c "echo '$c' >/proc/memdemo" 2>/tmp/md.pw.err; then
		bad="$bad [$c: accepted]"
	elif ! grep -qE 'Permission denied|Operation not permitted' /tmp/md.pw.err; then
		bad="$bad [$c: $(cat /tmp/md.pw.err)]"
	fi
done
is "nobody opening /proc/memdemo to write alloc, bench or free all is refused (EACCES/EPERM)" "${bad:-none}" none
tried=$((tried + 3))

# The lab's lines: root sees the block's address, nobody sees 0x0.
if echo "alloc kmalloc 4096" >/proc/memdemo; then
	root_lab=$(grep '^alloc name=lab-' /proc/memdemo | tail -n 1)
	nobody_lab=$(su nobody -s /bin/sh -c 'cat /proc/memdemo' | grep '^alloc name=lab-' | tail -n 1)
	addrs() {
		printf '%s\n' "$1" | grep -oE '(virt|phys|page_address)=0x[0-9a-f]+' | sed 's/.*=//'
	}
	n_root=$(addrs "$root_lab" | grep -cv '^0x0*$')
	n_nobody=$(addrs "$nobody_lab" | grep -c '^0x0*$')
	if [ "$n_root" -gt 0 ] && [ "$n_nobody" = "$(addrs "$nobody_lab" | wc -l)" ] && [ "$n_nobody" -gt 0 ]; then
		ok "a lab block's $n_root addresses show to root, to nobody as 0x0"
	else
		not_ok "a lab block's addresses show to root, to nobody as 0x0" "root:   $root_lab" "nobody: $nobody_lab"
	fi
	echo "free all" >/proc/memdemo
else
	not_ok "root can alloc in the lab"
fi
is "the lab is empty again" "$(lab_state)" "$before"
diag "unprivileged writes tried: $tried"
