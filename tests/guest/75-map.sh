# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# The [regions] section against /proc/kcore's own program headers, and
# memdemo-map drawing this kernel with every allocation inside its region.
# shellcheck source=tests/guest/md.sh
. /tests/guest/md.sh

memdemo_loaded || load_memdemo || { not_ok "memdemo loads for the map"; exit 0; }
md_snapshot

region() { # region NAME FIELD
	sed -n "s/^region name=$1 .*$2=\(0x[0-9a-f]*\).*/\1/p" "$MD_SNAP"
}

# /proc/kcore is an ELF core file: its PT_LOAD program headers are the
# kernel's own list of what it maps (RAM in the linear map, vmalloc, text).
kcore_phdrs() { # prints "vaddr memsz" (hex) of every PT_LOAD
	# The ELF header first (64 bytes hold either class's), then exactly as
	# far as its program headers reach (e_phoff + e_phnum * e_phentsize).
	dd if=/proc/kcore of=/tmp/md.kcore.head bs=64 count=1 2>/dev/null || return 1
	_rd() { od -An -tx"$2" -j "$1" -N "$2" /tmp/md.kcore.head | tr -d ' '; }
	if [ "$(_rd 4 1)" = 02 ]; then
		_end=$((0x$(_rd 32 8) + 0x$(_rd 56 2) * 0x$(_rd 54 2)))
	else
		_end=$((0x$(_rd 28 4) + 0x$(_rd 44 2) * 0x$(_rd 42 2)))
	fi
	dd if=/proc/kcore of=/tmp/md.kcore.head bs="$_end" count=1 2>/dev/null || return 1
	if [ "$(_rd 4 1)" = 02 ]; then	# ELFCLASS64: 56-byte headers
		od -An -v -tx8 -w56 -j $((0x$(_rd 32 8))) -N $((0x$(_rd 56 2) * 56)) /tmp/md.kcore.head |
			while read -r tf _ va _ _ sz _; do
				[ $((0x$tf & 0xffffffff)) = 1 ] && echo "0x$va 0x$sz"
			done
	else				# ELFCLASS32: 32-byte headers
		od -An -v -tx4 -w32 -j $((0x$(_rd 28 4))) -N $((0x$(_rd 44 2) * 32)) /tmp/md.kcore.head |
			while read -r t _ va _ _ sz _ _; do
				[ $((0x$t)) = 1 ] && echo "0x$va 0x$sz"
			done
	fi
	return 0
}
if [ -r /proc/kcore ] && kcore_phdrs >/tmp/md.kcore 2>/dev/null && [ -s /tmp/md.kcore ]; then
	vs=$(region vmalloc start)
	ve=$(region vmalloc end)
	found=
	while read -r va sz; do
		# x86-64's kcore entry is VMALLOC_END - VMALLOC_START, one byte short
		# of the region (VMALLOC_END there is the last byte, not one past).
		if [ "$(hex "$va")" = "$(hex "$vs")" ] &&
			{ [ "$(hex "$va + $sz")" = "$(hex "$ve")" ] || [ "$(hex "$va + $sz + 1")" = "$(hex "$ve")" ]; }; then
			found=1
		fi
	done </tmp/md.kcore
	is "the vmalloc region [$vs, $ve) is /proc/kcore's vmalloc segment" "${found:-no}" 1
	ls=$(region linear start)
	le=$(region linear end)
	lo=
	hi=
	while read -r va sz; do
		in_range "$va" "$ls" "$le" || continue
		[ -z "$lo" ] || u_lt "$va" "$lo" || continue
		lo=$va
	done </tmp/md.kcore
	while read -r va sz; do
		in_range "$va" "$ls" "$le" || continue
		e=$(hex "$va + $sz")
		[ -n "$hi" ] && u_le "$e" "$hi" && continue
		hi=$e
	done </tmp/md.kcore
	check "/proc/kcore's RAM segments start in the linear region ($(hex "$lo") >= $ls)" u_le "$ls" "$lo"
	is "/proc/kcore's highest lowmem RAM segment ends at the linear region's end (high_memory)" \
		"$hi" "$(hex "$le")"
	# Modules: kcore lists their area apart when it is not the vmalloc area's.
	ms=$(region modules start)
	if [ -n "$ms" ]; then
		me=$(region modules end)
		found=
		while read -r va sz; do
			[ "$(hex "$va")" = "$(hex "$ms")" ] && [ "$(hex "$va + $sz")" = "$(hex "$me")" ] && found=1
		done </tmp/md.kcore
		is "the modules region [$ms, $me) is /proc/kcore's modules segment" "${found:-no}" 1
	fi
	# The kernel's text: kcore's smallest segment holding _stext, which is
	# [_text, _end) where kcore lists the text apart (x86-64, arm64) and
	# the RAM segment on 32-bit x86.
	echo 1 >/proc/sys/kernel/kptr_restrict
	stext=$(awk '$3 == "_stext" { print "0x" $1; exit }' /proc/kallsyms)
	ts=
	tz=
	while read -r va sz; do
		in_range "$stext" "$va" "$(hex "$va + $sz")" || continue
		[ -z "$tz" ] || u_lt "$sz" "$tz" || continue
		ts=$va
		tz=$sz
	done </tmp/md.kcore
	# Where it lies: x86-64 reserves a kernel-image region, 32-bit x86 runs
	# the kernel from the linear map, and arm64 (until memdemo lists its
	# image) maps it inside the vmalloc range, as vmallocinfo's paging_init
	# entries show.
	if [ -n "$(region kernel-image start)" ]; then
		want=kernel-image
	else
		case $ARCH in
		i386) want=linear ;;
		arm64) want=vmalloc ;;
		*) want=kernel-image ;;
		esac
	fi
	rs=$(region "$want" start)
	re=$(region "$want" end)
	text_inside() {
		[ -n "$ts" ] && [ -n "$rs" ] && u_le "$rs" "$ts" && u_le "$(hex "$ts + $tz")" "$re"
	}
	check "/proc/kcore's segment holding _stext ($stext: ${ts:-none}, $(hex "${tz:-0}") bytes) lies in the $want region [$rs, $re)" \
		text_inside
else
	skip "regions against /proc/kcore" "no readable /proc/kcore"
fi

# Where memdemo.ko itself was loaded (/proc/modules, real to root with
# kptr_restrict=1): in the modules region where memdemo lists one, but on
# arm64 under KASLR (RANDOMIZE_MODULE_REGION_FULL) in a 2 GiB window around
# the kernel image, inside the vmalloc range; 32-bit x86 has no modules
# region of its own and loads modules into the vmalloc area.
echo 1 >/proc/sys/kernel/kptr_restrict
mod=$(awk '$1 == "memdemo" { print $6 }' /proc/modules)
stext=$(awk '$3 == "_stext" { print "0x" $1; exit }' /proc/kallsyms)
ms=$(region modules start)
me=$(region modules end)
vs=$(region vmalloc start)
ve=$(region vmalloc end)
if [ -n "$ms" ] && in_range "$mod" "$ms" "$me"; then
	ok "memdemo.ko ($mod in /proc/modules) lies in the modules region [$ms, $me)"
else
	case $ARCH in
	arm64)
		near_text() {
			in_range "$mod" "$vs" "$ve" &&
				in_range "$mod" "$(hex "$stext - (1 << 31)")" "$(hex "$stext + (1 << 31)")"
		}
		check "memdemo.ko ($mod in /proc/modules) lies outside the modules region [$ms, $me): in the vmalloc range within 2 GiB of _stext ($stext), arm64 KASLR's module window" \
			near_text
		;;
	i386)
		in_vmalloc() { [ -z "$ms" ] && in_range "$mod" "$vs" "$ve"; }
		check "memdemo.ko ($mod in /proc/modules) lies in the vmalloc area [$vs, $ve): no modules region" in_vmalloc
		;;
	*) not_ok "memdemo.ko ($mod in /proc/modules) lies in the modules region [$ms, $me)" ;;
	esac
fi

check "memdemo-map --check: every allocation lies in the region it is drawn in" memdemo-map --check
memdemo-map --color=never >/tmp/md.map 2>&1
rc=$?
is "memdemo-map draws this kernel without error" "$rc" 0
missing=
for n in $(sed -n 's/^region name=\([^ ]*\) .*/\1/p' "$MD_SNAP") $(md_allocs | sed 's/^alloc name=\([^ ]*\) .*/\1/'); do
	grep -q "$n" /tmp/md.map || missing="$missing $n"
done
is "the map shows every region and every allocation" "${missing:-none}" none
memdemo-map --svg >/tmp/md.svg
check "memdemo-map --svg writes a complete SVG document" \
	sh -c 'head -c 5 /tmp/md.svg | grep -q "<?xml" && tail -n 1 /tmp/md.svg | grep -q "</svg>"'
