// SPDX-License-Identifier: GPL-2.0
/*
 * memdemo: the [sites] census: the kmalloc cache each of 128 call sites gets.
 *
 * Where the kernel keeps copies of each kmalloc cache (RANDOM_KMALLOC_CACHES
 * from 6.6, KMALLOC_PARTITION_CACHES' random mode from 7.2), kmalloc_type()
 * in include/linux/slab.h picks one of RANDOM_KMALLOC_CACHES_NR + 1 = 16
 * caches per call: the plain kmalloc-<size> or a copy NN from 01 to 15, by
 * hashing the caller's address with a seed drawn at boot.  So one call site
 * in sixteen lands in the plain cache, and memdemo's own rows, a handful of
 * call sites, show it only in some boots.  Here 128 call sites, a function
 * each, take one small kmalloc block apiece at load and keep it until
 * unload: the census shows how the sites spread over the caches, and the
 * chance that none lands in the plain cache is (15/16)^128, under 1 in
 * 3800.  Each site writes its own number into its block, so that no two
 * site functions are alike and the compiler cannot fold them into one
 * (GCC's identical code folding, -fipa-icf, is on at -O2).  On kernels with
 * one cache per size every site gets it.
 *
 * [sites] prints one line per site: its function (take=, as SLUB's owner
 * tracks name the caller), the cache that holds its block, found on the
 * slab as md-record.c finds any kmalloc block's, and whether KFENCE
 * sampled the block (its objects have no SLUB owner track).
 *
 * A part of memdemo.c, built into its one translation unit.
 */

/* ---- The call sites' census ------------------------------------------- */

#define MD_NR_SITES	128
#define MD_SITE_SIZE	64

/*
 * The size is hidden from the compiler: kmalloc() of a constant size picks
 * its cache inline, with _RET_IP_ (include/linux/slab.h), the return
 * address of the function it is written in, which for all 128 sites would
 * be the one call in md_sites_take()'s loop; of a size it cannot see,
 * kmalloc() calls __kmalloc(), whose _RET_IP_ is in the site itself.
 */
#define MD_SITE(n)							\
	static noinline void *md_site_##n(size_t size)			\
	{								\
		u8 *p;							\
									\
		OPTIMIZER_HIDE_VAR(size);				\
		p = kmalloc(size, GFP_KERNEL);				\
		if (p)							\
			*p = n;						\
		return md_in_stack(p);					\
	}
/* Eight sites, numbered h0 to h7: one decimal digit after h. */
#define MD_SITES8(h)							\
	MD_SITE(h##0) MD_SITE(h##1) MD_SITE(h##2) MD_SITE(h##3)		\
	MD_SITE(h##4) MD_SITE(h##5) MD_SITE(h##6) MD_SITE(h##7)
#define MD_SITE_REFS8(h)						\
	md_site_##h##0, md_site_##h##1, md_site_##h##2, md_site_##h##3,	\
	md_site_##h##4, md_site_##h##5, md_site_##h##6, md_site_##h##7

MD_SITES8(1) MD_SITES8(2) MD_SITES8(3) MD_SITES8(4)
MD_SITES8(5) MD_SITES8(6) MD_SITES8(7) MD_SITES8(8)
MD_SITES8(9) MD_SITES8(10) MD_SITES8(11) MD_SITES8(12)
MD_SITES8(13) MD_SITES8(14) MD_SITES8(15) MD_SITES8(16)

static void *(* const md_site_takes[MD_NR_SITES])(size_t size) = {
	MD_SITE_REFS8(1), MD_SITE_REFS8(2), MD_SITE_REFS8(3), MD_SITE_REFS8(4),
	MD_SITE_REFS8(5), MD_SITE_REFS8(6), MD_SITE_REFS8(7), MD_SITE_REFS8(8),
	MD_SITE_REFS8(9), MD_SITE_REFS8(10), MD_SITE_REFS8(11), MD_SITE_REFS8(12),
	MD_SITE_REFS8(13), MD_SITE_REFS8(14), MD_SITE_REFS8(15), MD_SITE_REFS8(16),
};

static struct {
	void *block;
	bool kfence;		/* KFENCE sampled it: no SLUB owner track */
	char cache[32];
} md_sites[MD_NR_SITES];

/* Each site's block, and the cache that holds it; a failed one is left out. */
static void md_sites_take(void)
{
	unsigned int i;

	for (i = 0; i < MD_NR_SITES; i++) {
		md_sites[i].block = md_site_takes[i](MD_SITE_SIZE);
		if (!md_sites[i].block)
			continue;
		md_sites[i].kfence = is_kfence_address(md_sites[i].block);
		md_kmalloc_cache_of(md_sites[i].block, md_sites[i].cache,
				    sizeof(md_sites[i].cache));
	}
}

static void md_sites_release(void)
{
	unsigned int i;

	for (i = 0; i < MD_NR_SITES; i++) {
		kfree(md_sites[i].block);
		md_sites[i].block = NULL;
	}
}

/* @real: false hides a cache's copy number, as md-format.c does. */
static void md_sites_show(struct seq_file *m, bool real)
{
	char cache[sizeof(md_sites[0].cache) + 8];
	unsigned int i;

	seq_puts(m, "[sites]\n");
	for (i = 0; i < MD_NR_SITES; i++)
		if (md_sites[i].block)
			seq_printf(m, "site take=%ps size=%d cache=%s kfence=%d\n",
				   md_site_takes[i], MD_SITE_SIZE,
				   md_cache_shown(md_sites[i].cache, real, cache, sizeof(cache)),
				   md_sites[i].kfence);
}
