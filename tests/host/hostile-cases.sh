#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Writes the hostile inputs of issue 36 into DIR, one file each, made from
# the saved samples (tests/host/samples): what a stranger's "here is my
# /proc/memdemo" may hold.  tests/host/hostile-test.sh feeds every tool
# with them; scripts/host-tests.sh seeds the reader's fuzzer with them.
#
#   tab-line.txt      the issue's one line: a tab only
#   blank-lines.txt   a sample with a tab-only and a space-only line in each section
#   numbers.txt       absurd numbers in every field a tool computes with
#   nesting.txt       2000 regions each inside the one before
#   long-lines.txt    a line of 1 MiB, one of 200 fields, a name of 8000 bytes
#   nul.txt           NUL bytes in names and values
#   utf8.txt          bytes that are not UTF-8: lone, overlong, surrogate, past U+10FFFF
#   escapes.txt       terminal escapes (ESC [ ..., OSC, 8-bit CSI, bidi override)
#   markup.txt        HTML/SVG markup appended to every string field, the title
#                     and every comment, and the issue's verdict="><script>
#   binary.txt        bytes of no text at all
#   claims.md         a claims table (memdemo-plot --claims) with markup and escapes
#
# usage: hostile-cases.sh DIR [BEACON-URL]
# BEACON-URL is what the injected markup tries to load (default
# http://127.0.0.1:9/beacon); the page test serves it to see whether it did.
set -euo pipefail

dir=$1
beacon=${2:-http://127.0.0.1:9/beacon}
samples=$(cd "$(dirname "$0")" && pwd)/samples
base=$samples/6.12-amd64.txt
bench=$samples/bench-6.12-amd64.txt
title=$(head -n 1 "$base")
mkdir -p "$dir"

printf 'memdemo 0.1.0 on 6.12 x86_64\n[layout]\n\t\n' >"$dir/tab-line.txt"

sed 's/^\[.*\]$/&\n\t\n   /' "$bench" >"$dir/blank-lines.txt"

{
	echo "$title"
	echo '[layout]'
	echo 'layout page_size=0'
	echo 'layout page_offset=0xffffffffffffffff'
	echo 'layout high_memory=0x10000000000000000'
	echo 'layout vmalloc_start=0x'
	echo 'layout vmalloc_end=0xffffffffffffffff'
	echo 'layout ram_total=18446744073709551615'
	echo 'layout lowmem_size=99999999999999999999999999'
	echo 'layout highmem_size=18446744073709551615'
	echo 'layout kmalloc_max_cache_size=18446744073709551615'
	echo '[regions]'
	echo 'region name=user start=0x0 end=0xffffffffffffffff size=0'
	echo 'region name=linear start=0xffffffffffffffff end=0x0 size=18446744073709551615'
	echo 'region name=vmalloc start=0xffff000000000000 end=0xfffe000000000000 size=1'
	echo 'region name=modules start=0x8000000000000000 end=0x0 size=-1'
	echo 'region name=fixmap start=-1 end=0x10'
	echo '[allocations]'
	echo 'alloc name=a api=kmalloc size=18446744073709551615 reserved=18446744073709551615 virt=0xffffffffffffffff highmem=99999999999999999999'
	echo 'alloc name=b api=vmalloc size=0 reserved=0 virt=0x0 region=linear'
	echo 'alloc name=c api=vmalloc size=1 reserved=18446744073709551615 virt=0x8000000000000000 region=nowhere'
	echo 'alloc name=d api=x virt=0x10000000000000000 size=-5'
	echo '[claims]'
	echo 'claim id=99999999999999999999999 verdict=holds article=1 measured=x'
	echo 'claim-words id=99999999999999999999999 article=1 # w'
	echo '[waste]'
	echo 'waste size=1 ksize=0 source=slab cache=kmalloc-8'
	echo 'waste size=18446744073709551615 ksize=1 source=page'
	echo 'waste size=-1 ksize=-1'
	echo '[rounding]'
	echo 'rounding size=18446744073709551615 order=99999 get_free_pages=0 alloc_pages_exact=-1'
	echo '[buddy]'
	echo 'buddy zone=Normal node=0 order=5 before=18446744073709551615,-9223372036854775808,99999999999999999999,x after=0,1,0,3'
	echo '[bench]'
	echo 'bench api=kmalloc size=0 pair_min=0 pair_med=0 pair_p99=0'
	echo 'bench api=kmalloc size=18446744073709551615 pair_min=18446744073709551615 pair_med=18446744073709551615 pair_p99=18446744073709551615'
	echo 'bench api=kmalloc size=1 pair_min=1 pair_med=1 pair_p99=1'
	for i in $(seq 1 40); do
		echo "bench api=api$i size=$i pair_min=1 pair_med=2 pair_p99=3"
	done
} >"$dir/numbers.txt"

{
	echo "$title"
	echo '[regions]'
	for i in $(seq 0 1999); do
		printf 'region name=r%d start=0x%x end=0x%x\n' "$i" $((0xffff800000000000 + i * 4096)) $((0xffffc00000000000 - i * 4096))
	done
	echo '[allocations]'
	echo 'alloc name=deep api=kmalloc size=64 reserved=64 virt=0xffffa00000000000'
} >"$dir/nesting.txt"

{
	cat "$base"
	printf 'alloc name=%s api=kmalloc\n' "$(head -c 1048576 /dev/zero | tr '\0' A)"
	printf 'alloc name=many'
	for i in $(seq 1 200); do printf ' k%d=%d' "$i" "$i"; done
	printf '\n'
	printf 'alloc name=%s api=kmalloc size=8 reserved=8 virt=0xff2297a900001000\n' "$(head -c 8000 /dev/zero | tr '\0' W)"
} >"$dir/long-lines.txt"

{
	head -n 1 "$base"
	printf 'layout page_\0size=4096\n'
	sed -n '2,$p' "$base"
	printf 'alloc name=nul\0hidden api=kmal\0loc size=8 reserved=8 virt=0xff2297a900002000\n'
	printf '\0\0\0\n[\0]\n\0alloc name=x\n'
} >"$dir/nul.txt"

{
	cat "$base"
	printf 'alloc name=lone\x80\xff\xfe api=over\xc0\xaf\xe0\x80\xaf size=8 reserved=8 virt=0xff2297a900003000\n'
	printf 'alloc name=surrogate\xed\xa0\x80 api=big\xf4\x90\x80\x80 size=8 reserved=8 virt=0xff2297a900004000\n'
	printf 'alloc name=cut\xe2\x82 api=k\xc3 size=8 reserved=8 virt=0xff2297a900005000 # \xff\xfe\n'
	printf 'region name=bad\xc3\x28 start=0x1000 end=0x2000\n'
} >"$dir/utf8.txt"

{
	printf '%s\033]0;pwned\007\n' "$title"
	sed -n '2,$p' "$base" | sed 's/^\(alloc name=\)\([^ ]*\) api=\([^ ]*\)/\1\2\x1b[31mRED\x1b[0m api=\3\x1b[2J\x1b[H/; s/^\(region name=\)\([^ ]*\)/\1\2\x9b31m\xc2\x9b1m\xe2\x80\xaeevil/'
	printf 'layout max_order_macro=\033[5mBLINK\033[0m\n'
	printf '[waste]\nwaste size=8 ksize=8 source=slab cache=kmalloc-8\033[2K\033[1A\n'
	printf '[bench]\nbench api=esc\033]8;;http://x\033\\link size=8 samples=1 order=0 pair_min=1 pair_med=2 pair_p99=3\n'
	printf 'claim id=1 verdict=holds\b\b\b\b\bdiffers article=1 measured=\r\n'
} >"$dir/escapes.txt"

# Markup after every value that is not a number, after the title's release
# and every comment; values hold no blanks, so neither does the markup.
m="\"'><script>document.title='pwned'</script><img/src=$beacon><svg/onload=alert(1)>"
esc_m=$(printf '%s' "$m" | sed 's/[&|\\]/\\&/g')
{
	sed -E "1s|^(memdemo [^ ]+ on [^ ]+)|\\1$esc_m|" "$bench" |
		sed -E "2,\$s|=([^ 0-9][^ ]*)|=\\1$esc_m|g; 2,\$s| # (.*)| # \\1 $esc_m|"
	echo '[claims]'
	echo 'claim id=1 verdict="><script>alert(1)</script> article=001 measured=x'
	echo '[regions]'
	echo "region name=<svg/onload=alert(1)> start=0xffffffffff800000 end=0xffffffffff900000"
} >"$dir/markup.txt"

gzip -9nc "$base" | head -c 6000 >"$dir/binary.txt"

{
	echo "Generated by \`<script>alert(1)</script>\` on a hostile day"
	echo
	printf '| claim | 6.12-amd64 | <script>x</script> | \033[31mred | "><img/src=%s> |\n' "$beacon"
	echo '|---|---|---|---|---|'
	printf '| 1 <b>bold</b> | holds | differs 2/3, holds 1/3 | <svg/onload=alert(1)> | \033]0;t\007 |\n'
	printf '| 2 \xff\xfe | not-demonstrated"><script> | inconclusive | x | y |\n'
} >"$dir/claims.md"
