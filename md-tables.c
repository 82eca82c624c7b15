// SPDX-License-Identifier: GPL-2.0
/*
 * memdemo: the tables: slab waste, page rounding, the buddy allocator at work.
 *
 * Offers md_tables_measure() to init and md_tables_show() to md-proc.c
 * ([waste], [rounding], [buddy], [zones]).  Needs md-record.c's
 * md_on_slab() and md_kmalloc_cache_of().
 *
 * A part of memdemo.c, built into its one translation unit (see Kbuild);
 * memdemo-internal.h names what the parts call across files.
 */

/* ---- Tables: slab waste, page rounding, the buddy allocator at work ----- */

/* Requests for the slab-waste ladder: sizes either side of kmalloc's caches. */
static const unsigned int md_waste_sizes[] = {
	1, 8, 13, 16, 24, 32, 33, 48, 64, 65, 96, 100, 128, 129, 192, 200, 256,
	300, 500, 512, 513, 1000, 1024, 1500, 2048, 3000, 4096, 5000, 8192,
	8193, 10000, 65536, 100000,
};

struct md_waste {
	unsigned int size;
	size_t ksize;
	bool slab;		/* on a slab page, or straight from the page allocator */
	char cache[32];		/* the kmalloc cache, when on a slab page */
};

static struct md_waste md_waste[ARRAY_SIZE(md_waste_sizes)];
static unsigned int md_nr_waste;

/* Sizes that are not powers of two, for __get_free_pages vs alloc_pages_exact. */
static const unsigned int md_rounding_sizes[] = { 5000, 12288, 20000, 36864, 100000, 200000 };

struct md_rounding {
	unsigned int size, order;
	bool pages_ok, exact_ok;
};

static struct md_rounding md_rounding[ARRAY_SIZE(md_rounding_sizes)];
static unsigned int md_nr_rounding;

#define MD_BUDDY_ORDER	5	/* above what the per-cpu lists cache (3) */
#define MD_BUDDY_TRIES	8
#define MD_NR_ORDERS	(MD_MAX_ORDER + 1)

/*
 * Free blocks per order of one zone before and after an order-5 allocation.
 * Other CPUs allocate and free while this one measures; a window they
 * disturbed (the free pages did not drop by exactly the block) is measured
 * again, up to MD_BUDDY_TRIES times, and tries says how many windows it took.
 */
static struct {
	const char *zone;
	int node;
	unsigned long before[MD_NR_ORDERS], after[MD_NR_ORDERS];
	unsigned int tries;
	bool done;
} md_buddy;

static void md_zone_free_counts(struct zone *zone, unsigned long *counts)
{
	unsigned long flags;
	unsigned int o;

	spin_lock_irqsave(&zone->lock, flags);
	for (o = 0; o < MD_NR_ORDERS; o++)
		counts[o] = zone->free_area[o].nr_free;
	spin_unlock_irqrestore(&zone->lock, flags);
}

/* The pages on free lists of the counts md_zone_free_counts() took. */
static unsigned long md_free_pages_in(const unsigned long *counts)
{
	unsigned long pages = 0;
	unsigned int o;

	for (o = 0; o < MD_NR_ORDERS; o++)
		pages += counts[o] << o;
	return pages;
}

/* Real kmalloc, __get_free_pages, alloc_pages_exact and alloc_pages calls; all freed. */
static void md_tables_measure(void)
{
	struct page *page;
	struct zone *zone;
	unsigned int i;
	struct md_waste *w;
	bool same_zone;
	void *p, *q;

	/*
	 * The ladder is about kmalloc's caches.  An object KFENCE sampled (one
	 * per sample interval at most) reports ksize() == size: ask once more
	 * while holding it, and the cache serves the second.
	 */
	md_nr_waste = 0;
	for (i = 0; i < ARRAY_SIZE(md_waste_sizes); i++) {
		q = NULL;
		p = kmalloc(md_waste_sizes[i], MD_GFP);
		if (p && is_kfence_address(p)) {
			q = p;
			p = kmalloc(md_waste_sizes[i], MD_GFP);
		}
		if (p) {
			w = &md_waste[md_nr_waste++];
			*w = (struct md_waste) {
				.size = md_waste_sizes[i], .ksize = ksize(p),
				.slab = md_on_slab(p),
			};
			if (w->slab)
				md_kmalloc_cache_of(p, w->cache, sizeof(w->cache));
		}
		kfree(p);
		kfree(q);
	}

	md_nr_rounding = 0;
	for (i = 0; i < ARRAY_SIZE(md_rounding_sizes); i++) {
		struct md_rounding *r = &md_rounding[md_nr_rounding++];

		r->size = md_rounding_sizes[i];
		r->order = get_order(r->size);
		p = (void *)__get_free_pages(MD_GFP, r->order);
		q = alloc_pages_exact(r->size, MD_GFP);
		r->pages_ok = p;
		r->exact_ok = q;
		if (q)
			free_pages_exact(q, r->size);
		if (p)
			free_pages((unsigned long)p, r->order);
	}

	md_buddy.done = false;
	for (i = 1; i <= MD_BUDDY_TRIES; i++) {
		page = alloc_pages(MD_GFP, 0);	/* which zone GFP_KERNEL serves here */
		if (!page)
			return;
		zone = page_zone(page);
		__free_pages(page, 0);
		md_zone_free_counts(zone, md_buddy.before);
		page = alloc_pages(MD_GFP, MD_BUDDY_ORDER);
		if (!page)
			return;
		/*
		 * Both counts from one zone: a block served from another one
		 * (this zone's free blocks of that order ran out) leaves its
		 * counts as they were, and the window is measured again.
		 */
		same_zone = page_zone(page) == zone;
		md_zone_free_counts(zone, md_buddy.after);
		__free_pages(page, MD_BUDDY_ORDER);
		if (!same_zone)
			continue;
		md_buddy.zone = zone->name;
		md_buddy.node = zone_to_nid(zone);
		md_buddy.tries = i;
		md_buddy.done = true;
		if (md_free_pages_in(md_buddy.before) - md_free_pages_in(md_buddy.after) ==
		    1UL << MD_BUDDY_ORDER)
			break;
	}
}

static void md_seq_counts(struct seq_file *m, const unsigned long *counts)
{
	unsigned int o;

	for (o = 0; o < MD_NR_ORDERS; o++)
		seq_printf(m, "%s%lu", o ? "," : "", counts[o]);
}

/*
 * The [tables] and [zones] sections; [zones] is read live, like
 * /proc/buddyinfo and /proc/zoneinfo: each zone's span, its watermarks in
 * pages (what the page allocator keeps free: below low it wakes kswapd,
 * below min only callers that may dip into the reserve are served) and its
 * free blocks per order.  @real: false hides what md-format.c hides (a cache's
 * copy number, md_cache_shown()).
 */
static void md_tables_show(struct seq_file *m, bool real)
{
	char cache[sizeof(md_waste[0].cache) + 8];
	unsigned long counts[MD_NR_ORDERS];
	struct zone *zone;
	unsigned int i;
	int nid, z;

	seq_puts(m, "[waste]\n");
	for (i = 0; i < md_nr_waste; i++)
		seq_printf(m, "waste size=%u ksize=%zu source=%s%s%s\n", md_waste[i].size,
			   md_waste[i].ksize, md_waste[i].slab ? "slab" : "pages",
			   md_waste[i].slab ? " cache=" : "",
			   md_cache_shown(md_waste[i].cache, real, cache, sizeof(cache)));
	seq_puts(m, "[rounding]\n");
	for (i = 0; i < md_nr_rounding; i++)
		seq_printf(m, "rounding size=%u order=%u get_free_pages=%lu alloc_pages_exact=%lu ok=%d\n",
			   md_rounding[i].size, md_rounding[i].order,
			   PAGE_SIZE << md_rounding[i].order,
			   PAGE_ALIGN((unsigned long)md_rounding[i].size),
			   md_rounding[i].pages_ok && md_rounding[i].exact_ok);
	seq_puts(m, "[buddy]\n");
	if (md_buddy.done) {
		seq_printf(m, "buddy order=%u node=%d zone=%s before=", MD_BUDDY_ORDER,
			   md_buddy.node, md_buddy.zone);
		md_seq_counts(m, md_buddy.before);
		seq_puts(m, " after=");
		md_seq_counts(m, md_buddy.after);
		seq_printf(m, " tries=%u\n", md_buddy.tries);
	}
	seq_puts(m, "[zones]\n");
	for_each_online_node(nid) {
		for (z = 0; z < MAX_NR_ZONES; z++) {
			zone = &NODE_DATA(nid)->node_zones[z];
			if (!populated_zone(zone))
				continue;
			md_zone_free_counts(zone, counts);
			seq_printf(m, "zone node=%d name=%s start_pfn=%lu end_pfn=%lu min=%lu low=%lu high=%lu free=",
				   nid, zone->name, zone->zone_start_pfn, zone_end_pfn(zone),
				   min_wmark_pages(zone), low_wmark_pages(zone),
				   high_wmark_pages(zone));
			md_seq_counts(m, counts);
			seq_puts(m, "\n");
		}
	}
}
