// SPDX-License-Identifier: GPL-2.0
/*
 * memdemo: the lab's "fragment order=<n>": fragments free memory on purpose,
 * so that a learner sees why vmalloc exists.
 *
 * It takes every free block of order n the page allocator will hand out
 * without reclaim, one at a time, keeps the block's first page and frees
 * the rest.  A kept page stops its block's other pages from merging back
 * into a block of order n (the buddy allocator merges a block only with
 * its free buddy, mm/page_alloc.c's __free_one_page()), so afterwards the
 * memory is free but in pieces: "alloc pages order=<n> gfp=GFP_NOWAIT"
 * fails while "alloc vmalloc" of the same size, which maps single pages,
 * succeeds.  "free all" gives the kept pages back.
 *
 * The blocks are taken with no GFP flag but __GFP_NOWARN: no direct reclaim
 * and no compaction, which could move pages to make a block, and no
 * kswapd, which could wake kcompactd to do it in the background; it takes
 * what is free, nothing else.  Only the lab does it, never the load: it
 * takes pageblocks from every migrate type the allocator falls back to,
 * and a pageblock taken over keeps its new type after the pages are freed,
 * so it changes how the machine groups its pages.
 *
 * Charged against lab_max like the lab's blocks: each kept page, and while
 * a block is held whole, the block.  A kept page holds its own list node,
 * so the pages cost nothing beyond themselves.  [lab] shows what it keeps
 * ("fragment order= block= pinned= held= stopped= zones="), zone by zone,
 * for /proc/buddyinfo and /proc/pagetypeinfo to witness.
 *
 * A part of memdemo.c, built into its one translation unit after md-lab.c,
 * whose md_lock, md_lab_total and md_lab_free_all() it shares.
 */

/* ---- The lab's fragment command ---------------------------------------- */

static LIST_HEAD(md_frag_pins);		/* the kept pages, linked through themselves */
static unsigned long md_frag_pinned;
static unsigned int md_frag_order;	/* 0: no fragment since the last "free all" */
static const char *md_frag_stop;	/* why it stopped: "no-block" or "lab_max" */
/* The kept pages by zone, as page_zone() finds each. */
static unsigned long md_frag_zone_pins[MAX_NR_ZONES];
static const char *md_frag_zone_name[MAX_NR_ZONES];

/*
 * Called with md_lock held.  May be given again, at the same order, to take
 * the blocks that formed since (memory others freed); -EBUSY for another
 * order until "free all".
 */
static int md_fragment(unsigned int order)
{
	size_t block = PAGE_SIZE << order;
	struct zone *zone;
	void *p;

	if (md_frag_order && md_frag_order != order)
		return -EBUSY;
	if (block + PAGE_SIZE > lab_max)
		return -E2BIG;
	md_frag_order = order;
	md_frag_stop = "lab_max";
	while (md_lab_total + block <= lab_max) {
		p = alloc_pages_exact(block, __GFP_NOWARN);
		if (!p) {
			md_frag_stop = "no-block";
			break;
		}
		free_pages_exact(p + PAGE_SIZE, block - PAGE_SIZE);
		list_add_tail(p, &md_frag_pins);
		md_frag_pinned++;
		md_lab_total += PAGE_SIZE;
		zone = page_zone(virt_to_page(p));
		md_frag_zone_pins[zone_idx(zone)]++;
		md_frag_zone_name[zone_idx(zone)] = zone->name;
		cond_resched();
	}
	return 0;
}

/* Called with md_lock held, or at exit; returns the pages it freed. */
static unsigned long md_fragment_release(void)
{
	unsigned long pinned = md_frag_pinned;
	struct list_head *pin, *next;

	list_for_each_safe(pin, next, &md_frag_pins) {
		list_del(pin);
		free_pages_exact(pin, PAGE_SIZE);
		md_lab_total -= PAGE_SIZE;
		cond_resched();
	}
	md_frag_pinned = 0;
	md_frag_order = 0;
	memset(md_frag_zone_pins, 0, sizeof(md_frag_zone_pins));
	return pinned;
}

/* [lab]'s fragment line, from a fragment to the next "free all". */
static void md_fragment_show(struct seq_file *m)
{
	const char *sep = "";
	unsigned int i;

	if (!md_frag_order)
		return;
	seq_printf(m, "fragment order=%u block=%lu pinned=%lu held=%lu stopped=%s zones=",
		   md_frag_order, PAGE_SIZE << md_frag_order, md_frag_pinned,
		   md_frag_pinned * PAGE_SIZE, md_frag_stop);
	for (i = 0; i < MAX_NR_ZONES; i++) {
		if (!md_frag_zone_pins[i])
			continue;
		seq_printf(m, "%s%s:%lu", sep, md_frag_zone_name[i], md_frag_zone_pins[i]);
		sep = ",";
	}
	seq_printf(m, "%s\n", *sep ? "" : "none");
}
