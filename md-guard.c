// SPDX-License-Identifier: GPL-2.0
/*
 * memdemo: the guard page probe: vmalloc(100) in a row until two lie side by side (claim 9).
 *
 * Offers md_take_guard_pair() to init: the closest pair of vmalloc(100)
 * areas, which it puts in memdemo.c's slots MD_GUARD_A and MD_GUARD_B for
 * claim 9 (md-claims.c) to read.  Needs nothing else.
 *
 * A file of its own rather than part of md-claims.c: it allocates, as a
 * step of init with its own unwinding, while md-claims.c only measures
 * what init already holds, and it would add a second concern to a file
 * that is already the longest of the parts.
 *
 * A part of memdemo.c, built into its one translation unit (see Kbuild);
 * memdemo-internal.h names what the parts call across files.
 */

/* ---- The guard page: vmalloc(100) in a row until two lie side by side -- */

#define MD_GUARD_TRIES	512
static unsigned int md_guard_calls;
/* Static, so that the probe has no allocation of its own to fail. */
static void *md_guard_tries[MD_GUARD_TRIES];

/*
 * Not inlined into the __init caller, so /proc/vmallocinfo can still name
 * the function that called vmalloc once init text is freed.
 *
 * Calls vmalloc(100) until two calls in a row land side by side (earlier
 * calls fill holes that freed areas and aligned thread stacks left), at
 * most MD_GUARD_TRIES times; keeps the closest such pair, frees the rest.
 * Claim 9 reads the pair.
 */
static noinline int md_take_guard_pair(void)
{
	unsigned long d, best = ULONG_MAX;
	unsigned long side_by_side = PAGE_ALIGN(MD_GUARD_SIZE) + PAGE_SIZE;
	unsigned int i, n, keep = 0;
	void **p = md_guard_tries;

	for (n = 0; n < MD_GUARD_TRIES && best > side_by_side; n++) {
		p[n] = vmalloc(MD_GUARD_SIZE);
		if (!p[n])
			break;
		d = (unsigned long)p[n] - (unsigned long)p[n ? n - 1 : 0];
		if (n && p[n] > p[n - 1] && d < best) {
			best = d;
			keep = n;
		}
	}
	for (i = 0; i < n; i++)
		if (!keep || (i != keep - 1 && i != keep))
			vfree(p[i]);
	md_guard_calls = n;
	if (keep) {
		md_allocs[MD_GUARD_A].ptr = p[keep - 1];
		md_allocs[MD_GUARD_B].ptr = p[keep];
	}
	if (!keep && n < MD_GUARD_TRIES) {
		pr_err("guard pair: after %u calls, vmalloc(%d) failed\n", n, MD_GUARD_SIZE);
		return -ENOMEM;
	}
	if (!keep) {
		pr_err("guard pair: %u vmalloc(%d) calls in a row gave no ascending pair\n",
		       n, MD_GUARD_SIZE);
		return -ENOMEM;
	}
	return 0;
}
