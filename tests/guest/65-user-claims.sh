# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# Claims 11, 12 and 13, measured from user space by memdemo-claims, held to
# /proc/vmallocinfo and /proc/self/maps read here independently.
# shellcheck source=tests/guest/md.sh
. /tests/guest/md.sh

if ! command -v memdemo-claims >/dev/null; then
	not_ok "memdemo-claims is in the guest"
	exit 0
fi
memdemo_loaded || load_memdemo || { not_ok "memdemo loads for the user-space claims"; exit 0; }
echo 1 >/proc/sys/kernel/kptr_restrict
memdemo-claims >/tmp/md.uclaims
su nobody -s /bin/sh -c memdemo-claims >/tmp/md.uclaims.nobody

# Its claims, in the module's format; 60-claims.sh checks that they and
# the module's number every claim once.
ids=$(sed -n 's/^claim id=\([0-9]*\) verdict=[a-z-]* article=[0-9,]* measured=[^ ]* # .*/\1/p' \
	/tmp/md.uclaims | tr '\n' ' ')
is "memdemo-claims prints its claims in the module's format, every line" \
	"$(echo "$ids" | wc -w)" "$(grep -c '^claim ' /tmp/md.uclaims)"

blocks=$(grep -c '^alloc .* region=vmalloc ' /proc/memdemo)
listed=$(grep -c '\[memdemo\]' /proc/vmallocinfo)
is "claim 11: memdemo's areas counted as /proc/vmallocinfo lists them" \
	"$(grep '^claim id=11 ' /tmp/md.uclaims | grep -o 'memdemo-areas:[0-9]*')" "memdemo-areas:$listed"
check "claim 11: each of memdemo's $blocks vmalloc blocks has an area in /proc/vmallocinfo" \
	test "$listed" -ge "$blocks"
# Where vmlist lies, read here from /proc/kallsyms (root, kptr_restrict=1):
# inside [__init_begin, __init_end) it is freed after boot (differs).
want=$(awk '$1 !~ /^0+$/ && ($3 == "vmlist" || $3 == "__init_begin" || $3 == "__init_end") { a[$3] = $1 }
	END {
		if (!("vmlist" in a) || !("__init_begin" in a) || !("__init_end" in a)) { print "not-demonstrated"; exit }
		# Same-width hex strings compare as numbers.
		print (a["vmlist"] >= a["__init_begin"] && a["vmlist"] < a["__init_end"]) ? "differs" : "holds"
	}' /proc/kallsyms)
diag "$(grep '^claim id=11 ' /tmp/md.uclaims | cut -d'#' -f1)"
is "claim 11's verdict follows where /proc/kallsyms puts vmlist (as root)" \
	"$(sed -n 's/^claim id=11 verdict=\([a-z-]*\) .*/\1/p' /tmp/md.uclaims)" "$want"
is "claim 11 as nobody, who sees no addresses: not-demonstrated" \
	"$(sed -n 's/^claim id=11 verdict=\([a-z-]*\) .*/\1/p' /tmp/md.uclaims.nobody)" not-demonstrated

# From the live file: this test may run alone (TESTS=65), with no snapshot.
page_offset=$(sed -n "s/^layout page_offset=\([^ ]*\).*/\1/p" /proc/memdemo)
for f in /tmp/md.uclaims /tmp/md.uclaims.nobody; do
	who=root
	[ "$f" = /tmp/md.uclaims ] || who=nobody
	check "claim 12 holds for $who: reading a kernel address raises SIGSEGV" \
		grep -q '^claim id=12 verdict=holds .*:SIGSEGV ' "$f"
done
check "claim 12: root probed PAGE_OFFSET as memdemo reports it ($page_offset)" \
	grep -q "^claim id=12 .*measured=read-$page_offset:" /tmp/md.uclaims
check "claim 13 holds: malloc(100) from the brk heap, malloc(1 MiB) from mmap" \
	grep -q '^claim id=13 verdict=holds article=002 measured=malloc-100:brk-heap,malloc-1MiB:mmap ' \
	/tmp/md.uclaims
