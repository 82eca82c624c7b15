// SPDX-License-Identifier: GPL-2.0
/*
 * memdemo-claims: the claims about user space that the kernel module
 * cannot measure (11, 12, 13), measured from user space and printed in
 * /proc/memdemo's claim format:
 *
 *   claim id=N verdict=holds|differs|not-demonstrated article=A measured=k:v,... # note
 *
 * Each verdict comes after its row: "claim-words id=N article=A # words"
 * and "claim-how id=N # what is measured", as the module prints its own.
 *
 * Built static so it runs in the busybox test guests.  Reads /proc/memdemo
 * and /proc/vmallocinfo when it can (root, memdemo loaded).
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libmemdemo.h"
#include "../memdemo-verdict.h"

/*
 * The claims measured here, one row each, as the module's md_claim_cases:
 * the number, the articles that make it, the claim in a few words, what is
 * measured to decide it.  Each claim prints its row before its verdict.
 */
static const struct claim_row {
	int id;
	const char *article, *words, *how;
} claim_rows[] = {
	{ 11, "001", "vmalloc's areas listed by walking vmlist (show_vmalloc())",
	  "where the symbol vmlist lies: inside the init sections, freed after boot, or not; beside it, memdemo's areas in /proc/vmallocinfo" },
	{ 12, "002", "user space cannot touch kernel addresses",
	  "a user-mode read of PAGE_OFFSET: SIGSEGV" },
	{ 13, "002", "malloc uses brk for small, mmap for large blocks",
	  "where malloc(100) and malloc(1 MiB) land in /proc/self/maps" },
};

static const char * const verdict_names[] = {
	[MD_HOLDS] = "holds",
	[MD_DIFFERS] = "differs",
	[MD_NOT_DEMONSTRATED] = "not-demonstrated",
	[MD_INCONCLUSIVE] = "inconclusive",
};

static void claim(int id, enum md_verdict v, const char *measured, const char *note)
{
	const char *verdict = verdict_names[v];
	const struct claim_row *r = NULL;

	for (size_t i = 0; i < sizeof(claim_rows) / sizeof(claim_rows[0]); i++)
		if (claim_rows[i].id == id)
			r = &claim_rows[i];
	if (!r)
		md_die(2, "claim %d has no row", id);
	printf("claim-words id=%d article=%s # %s\n", id, r->article, r->words);
	printf("claim-how id=%d # %s\n", id, r->how);
	printf("claim id=%d verdict=%s article=%s measured=%s # %s\n",
	       id, verdict, r->article, measured, note);
}

/* memdemo's report, when it can be read (empty otherwise). */
static struct md_report rep;

static void read_memdemo(void)
{
	FILE *f = fopen(MD_PROC_PATH, "r");

	if (f) {
		md_read(f, &rep);
		md_say_problems(&rep, MD_PROC_PATH);
		fclose(f);
	}
}

/* The value of "layout NAME=0x..." in /proc/memdemo, or 0. */
static uintptr_t memdemo_layout(const char *name)
{
	uint64_t v;
	const char *s = md_layout(&rep, name);

	return s && md_parse_u64(s, &v) ? (uintptr_t)v : 0;
}

/*
 * The addresses of the symbols NAMES[0..N) in a file of "address type
 * name" lines (/proc/kallsyms, System.map), into VALS; how many were found
 * with an address other than zero (kallsyms shows zeros to whom
 * kptr_restrict hides them).
 */
static unsigned int symbols_find(const char *path, const char *const *names, uint64_t *vals,
				 unsigned int n)
{
	char line[512], name[256], type;
	unsigned int found = 0, i;
	uint64_t addr;
	FILE *f = fopen(path, "r");

	if (!f)
		return 0;
	while (found < n && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%" SCNx64 " %c %255s", &addr, &type, name) != 3 || !addr)
			continue;
		for (i = 0; i < n; i++)
			if (!vals[i] && !strcmp(name, names[i])) {
				vals[i] = addr;
				found++;
			}
	}
	fclose(f);
	return found;
}

/*
 * Claim 11: vmalloc's areas listed by walking vmlist.  Where vmlist lies,
 * from /proc/kallsyms (data symbols need CONFIG_KALLSYMS_ALL, addresses
 * need root; Debian's /boot/System.map is a stub pointing to the -dbg
 * package); beside it the walk that replaced it, /proc/vmallocinfo,
 * counted for memdemo's areas.
 */
static void claim_vmlist(void)
{
	static const char *const names[] = { "vmlist", "__init_begin", "__init_end" };
	uint64_t at[3] = { 0 };
	char line[512], measured[256];
	unsigned int ours = 0, blocks = 0, found;
	const struct md_line *a;
	enum md_verdict v;
	FILE *f;

	found = symbols_find("/proc/kallsyms", names, at, 3);
	for (a = md_next(&rep, NULL, "alloc"); a; a = md_next(&rep, a, "alloc")) {
		const char *region = md_get(a, "region");

		blocks += region && !strcmp(region, "vmalloc");
	}
	f = fopen("/proc/vmallocinfo", "r");
	if (f) {
		while (fgets(line, sizeof(line), f))
			ours += strstr(line, "[memdemo]") != NULL;
		fclose(f);
	}
	v = md_verdict_vmlist(found == 3, at[0], at[1], at[2]);
	if (found == 3)
		snprintf(measured, sizeof(measured),
			 "vmlist:%s,memdemo-areas:%u,memdemo-vmalloc-blocks:%u",
			 v == MD_DIFFERS ? "init-data" : "kept-data", ours, blocks);
	else
		snprintf(measured, sizeof(measured),
			 "vmlist:unknown,memdemo-areas:%u,memdemo-vmalloc-blocks:%u", ours, blocks);
	claim(11, v, measured,
	      v == MD_DIFFERS ? "vmlist is __initdata since 3.10 (mm/vmalloc.c): vmalloc_init() moves its areas into the vmap_area tree and the list is freed with init memory; /proc/vmallocinfo walks the tree instead" :
	      v == MD_HOLDS ? "vmlist lies outside the init sections here: the list outlives the boot" :
	      "no address for vmlist in /proc/kallsyms: it lists data symbols only with CONFIG_KALLSYMS_ALL, and their addresses only to root");
}

static sigjmp_buf fault_jmp;
static volatile sig_atomic_t fault_sig;

static void on_fault(int sig)
{
	fault_sig = sig;
	siglongjmp(fault_jmp, 1);
}

/* Claim 12: user space cannot touch kernel addresses. */
static uintptr_t probe_addr;	/* global: survives siglongjmp */

static void claim_kernel_read(void)
{
	struct sigaction sa = { .sa_handler = on_fault };
	uintptr_t addr;
	char measured[128];
	volatile unsigned char c = 0;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	if (!sigsetjmp(fault_jmp, 1))
		c = *(volatile unsigned char *)probe_addr;
	addr = probe_addr;
	signal(SIGSEGV, SIG_DFL);
	signal(SIGBUS, SIG_DFL);
	snprintf(measured, sizeof(measured), "read-0x%" PRIxPTR ":%s", addr,
		 fault_sig == SIGSEGV ? "SIGSEGV" : fault_sig == SIGBUS ? "SIGBUS" : "succeeded");
	claim(12, md_verdict_user_read(fault_sig != 0), measured,
	      fault_sig ? "the CPU refused a user-mode read of the kernel's linear map" :
			  "a user-mode read of a kernel address succeeded");
	(void)c;
}

/* What /proc/self/maps says lies at p: "heap", "anon" (no file) or "other". */
static const char *mapping_of(uintptr_t p)
{
	char line[512], path[256];
	const char *kind = "other";
	unsigned long lo, hi;
	FILE *f = fopen("/proc/self/maps", "r");

	if (!f)
		return kind;
	while (fgets(line, sizeof(line), f)) {
		path[0] = 0;
		if (sscanf(line, "%lx-%lx %*s %*s %*s %*s %255s", &lo, &hi, path) < 2)
			continue;
		if (p >= lo && p < hi)
			kind = !strcmp(path, "[heap]") ? "heap" : path[0] ? "other" : "anon";
	}
	fclose(f);
	return kind;
}

/* Claim 13: malloc uses brk for small blocks and mmap for large ones. */
static void claim_malloc(void)
{
	char *small = malloc(100);
	char *large = malloc(1 << 20);
	const char *s = small ? mapping_of((uintptr_t)small) : "failed";
	const char *l = large ? mapping_of((uintptr_t)large) : "failed";
	char measured[160];

	snprintf(measured, sizeof(measured), "malloc-100:%s,malloc-1MiB:%s",
		 !strcmp(s, "heap") ? "brk-heap" : s, !strcmp(l, "anon") ? "mmap" : l);
	claim(13, md_verdict_malloc(!strcmp(s, "heap"), !strcmp(l, "anon")), measured,
	      "glibc: below M_MMAP_THRESHOLD (128 KiB by default) from the brk heap, above it from a fresh mmap");
	free(large);
	free(small);
}

int main(void)
{
	md_prog = "memdemo-claims";
	setvbuf(stdout, NULL, _IOLBF, 0);
	read_memdemo();
	claim_vmlist();
	/* Without memdemo's layout (not loaded, or hidden): a top-half address. */
	probe_addr = memdemo_layout("page_offset");
	if (!probe_addr)
		probe_addr = sizeof(void *) == 8 ? (uintptr_t)0xffff888000000000ULL : 0xc0000000UL;
	claim_kernel_read();
	claim_malloc();
	return 0;
}
