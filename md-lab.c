// SPDX-License-Identifier: GPL-2.0
/*
 * memdemo: the lab: allocations made at run time through /proc/memdemo.
 *
 * Offers the lab (md_lab_alloc(), md_lab_free(), md_lab_free_all(), which
 * also gives back what md-fragment.c's "fragment" kept) to
 * md-proc.c's writer and to exit, what it holds (md_lab_list) to the
 * [lab] section, and md_lock, which serialises the lab and the benchmark
 * against readers.  Needs memdemo.c's rows (md_apis: the size a block
 * charges, the flags where the lab takes no gfp=), md_take() and
 * md_release(), md-record.c's md_describe(), and lab_max.
 *
 * A part of memdemo.c, built into its one translation unit (see Kbuild);
 * memdemo-internal.h names what the parts call across files.
 */

/* ---- The lab: allocations made at run time through /proc/memdemo ------- */

/* Serialises the lab's and the benchmark's state against readers. */
static DEFINE_MUTEX(md_lock);

struct md_lab {
	struct list_head node;
	unsigned long id;
	size_t charged;			/* counted against lab_max: md_lab_held() */
	char name[24];
	struct md_alloc a;
};

/*
 * The most blocks the lab holds at once, whatever their size: every one is
 * a record of its own and a line of [lab], and a loop of one-byte
 * allocations should meet a limit long before lab_max's bytes add up.
 */
#define MD_LAB_MAX_ENTRIES	1024

static LIST_HEAD(md_lab_list);
static unsigned long md_lab_next_id = 1;
static unsigned int md_lab_entries;
static size_t md_lab_total;		/* bytes held, as md_lab_held() counts them */

/* The GFP flags the lab's words stand for (md_cmd_gfps in memdemo-cmd.h). */
static const struct {
	unsigned int bit;
	gfp_t gfp;
} md_lab_gfps[] = {
	{ MD_CMD_GFP_KERNEL, GFP_KERNEL }, { MD_CMD_GFP_ATOMIC, GFP_ATOMIC },
	{ MD_CMD_GFP_NOWAIT, GFP_NOWAIT }, { MD_CMD_GFP_ZERO, __GFP_ZERO },
	{ MD_CMD_GFP_NORETRY, __GFP_NORETRY }, { MD_CMD_GFP_DMA, __GFP_DMA },
	{ MD_CMD_GFP_DMA32, __GFP_DMA32 }, { MD_CMD_GFP_HIGHMEM, __GFP_HIGHMEM },
};

static gfp_t md_lab_gfp(unsigned int bits)
{
	gfp_t gfp = __GFP_NOWARN;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(md_lab_gfps); i++)
		if (bits & md_lab_gfps[i].bit)
			gfp |= md_lab_gfps[i].gfp;
	return gfp;
}

/*
 * What a vmalloc area of @pages pages holds besides them: its vm_struct (a
 * kmalloc object), its vmap_area (an object of a cache of its own) and the
 * array of its pages' struct page pointers (kmalloc'd; beyond a page,
 * vmalloc'd, with a vm_struct and a vmap_area of its own).  Not the guard
 * page, which no memory backs, nor page tables, which areas share and
 * vfree() leaves in place.  A kmalloc object is counted as the power of
 * two that holds it, never less than its cache's size.
 */
static size_t md_vmalloc_meta(unsigned long pages)
{
	size_t area = roundup_pow_of_two(sizeof(struct vm_struct)) + sizeof(struct vmap_area);
	size_t array = pages * sizeof(struct page *);

	if (array > PAGE_SIZE)
		return 2 * area + PAGE_ALIGN(array);
	return area + roundup_pow_of_two(array);
}

/* The most a kmalloc of @size takes: its cache's size, or whole pages. */
static size_t md_kmalloc_bound(size_t size)
{
	return roundup_pow_of_two(max_t(size_t, size, KMALLOC_MIN_SIZE));
}

/*
 * The most a vmalloc of @size holds, pages and bookkeeping: whole pages,
 * and for the kvmalloc family, which lets vmalloc map PMD-sized pages,
 * whole PMD-sized ones from PMD_SIZE on.
 */
static size_t md_vmalloc_bound(const struct md_api_ops *ops, size_t size)
{
	size_t mapped = PAGE_ALIGN(size);

	if (ops->family == MD_FAMILY_KVMALLOC && mapped >= PMD_SIZE)
		mapped = ALIGN(mapped, PMD_SIZE);
	return mapped + md_vmalloc_meta(mapped >> PAGE_SHIFT);
}

/*
 * The most a lab block of @size bytes from @ops can hold, its record
 * included: checked against lab_max before allocating, so that the lab
 * never holds more than lab_max, not even for a moment.
 */
static size_t md_lab_bound(const struct md_api_ops *ops, size_t size)
{
	size_t record = roundup_pow_of_two(sizeof(struct md_lab));

	switch (ops->family) {
	case MD_FAMILY_PAGES:
		return record + PAGE_ALIGN(size);	/* @size: PAGE_SIZE << order, or exact */
	case MD_FAMILY_SLAB:
		return record + (ops->fixed_size ? kmem_cache_size(md_cache) :
				 md_kmalloc_bound(size));
	case MD_FAMILY_KVMALLOC:
		return record + max(md_kmalloc_bound(size), md_vmalloc_bound(ops, size));
	case MD_FAMILY_VMALLOC:
	default:
		return record + md_vmalloc_bound(ops, size);
	}
}

/*
 * What a lab block really holds, charged against lab_max: the bytes its
 * allocator set aside (reserved=: the slab object's size, the pages, the
 * pages vmalloc mapped), a vmalloc area's bookkeeping, and the lab's own
 * record.
 */
static size_t md_lab_held(const struct md_lab *lab)
{
	const struct md_alloc *a = &lab->a;
	size_t held = ksize(lab) + a->reserved;

	if (!a->page && is_vmalloc_addr(a->ptr))
		held += md_vmalloc_meta(a->pages);
	return held;
}

/* Called with md_lock held. */
static int md_lab_alloc(const struct md_cmd *cmd)
{
	const struct md_api_ops *ops = &md_apis[cmd->api];
	const struct md_cmd_api *offer = &md_lab_offers[cmd->api];
	struct md_lab *lab;
	size_t size;
	int ret;

	if (offer->arg == MD_CMD_ARG_ORDER)
		size = PAGE_SIZE << cmd->order;
	else if (ops->fixed_size)
		size = *ops->fixed_size;
	else
		size = cmd->size;
	if (size > lab_max)
		return -E2BIG;
	if (md_lab_entries >= MD_LAB_MAX_ENTRIES ||
	    md_lab_total + md_lab_bound(ops, size) > lab_max)
		return -ENOSPC;

	lab = kzalloc_obj(*lab, GFP_KERNEL);
	if (!lab)
		return -ENOMEM;
	lab->id = md_lab_next_id;
	snprintf(lab->name, sizeof(lab->name), "lab-%lu", lab->id);
	lab->a = (struct md_alloc) {
		.name = lab->name, .api = cmd->api, .size = size, .order = cmd->order,
		/* Where the lab takes no gfp=, the allocator's own flags. */
		.gfp = offer->gfp ? md_lab_gfp(cmd->gfp) : ops->gfp,
	};
	md_context_record(&lab->a.ctx, "process");
	ret = md_take(&lab->a);
	if (ret)
		goto out_free_record;
	md_describe(&lab->a);
	lab->charged = md_lab_held(lab);
	/* The bound holds it on every kernel memdemo knows; should one differ: */
	if (md_lab_total + lab->charged > lab_max) {
		ret = -ENOSPC;
		goto out_release_block;
	}
	md_lab_total += lab->charged;
	md_lab_entries++;
	md_lab_next_id++;
	list_add_tail(&lab->node, &md_lab_list);
	return 0;

out_release_block:
	md_release(&lab->a);
out_free_record:
	kfree(lab);
	return ret;
}

static void md_lab_release(struct md_lab *lab)
{
	md_release(&lab->a);
	md_lab_total -= lab->charged;
	md_lab_entries--;
	list_del(&lab->node);
	kfree(lab);
}

/* Called with md_lock held. */
static int md_lab_free(unsigned long id)
{
	struct md_lab *lab;

	list_for_each_entry(lab, &md_lab_list, node) {
		if (lab->id == id) {
			md_lab_release(lab);
			return 0;
		}
	}
	return -ENOENT;
}

/* Frees the lab's blocks and the pages "fragment" kept; returns how many. */
static unsigned long md_lab_free_all(void)
{
	struct md_lab *lab, *tmp;
	unsigned long n = md_fragment_release();

	list_for_each_entry_safe_reverse(lab, tmp, &md_lab_list, node) {
		md_lab_release(lab);
		n++;
		cond_resched();
	}
	return n;
}
