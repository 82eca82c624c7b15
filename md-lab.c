// SPDX-License-Identifier: GPL-2.0
/*
 * memdemo: the lab: allocations made at run time through /proc/memdemo.
 *
 * Offers the lab (md_lab_alloc(), md_lab_free(), md_lab_free_all()) to
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
	size_t charged;			/* counted against lab_max */
	char name[24];
	struct md_alloc a;
};

static LIST_HEAD(md_lab_list);
static unsigned long md_lab_next_id = 1;
static size_t md_lab_total;

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

/* Called with md_lock held. */
static int md_lab_alloc(const struct md_cmd *cmd)
{
	const struct md_api_ops *ops = &md_apis[cmd->api];
	struct md_lab *lab;
	size_t size;
	int ret;

	if (ops->lab.arg == MD_CMD_ARG_ORDER)
		size = PAGE_SIZE << cmd->order;
	else if (ops->fixed_size)
		size = *ops->fixed_size;
	else
		size = cmd->size;
	if (size > lab_max)
		return -E2BIG;
	if (md_lab_total + size > lab_max)
		return -ENOSPC;

	lab = kzalloc_obj(*lab, GFP_KERNEL);
	if (!lab)
		return -ENOMEM;
	lab->id = md_lab_next_id;
	snprintf(lab->name, sizeof(lab->name), "lab-%lu", lab->id);
	lab->a = (struct md_alloc) {
		.name = lab->name, .api = cmd->api, .size = size, .order = cmd->order,
		/* Where the lab takes no gfp=, the allocator's own flags. */
		.gfp = ops->lab.gfp ? md_lab_gfp(cmd->gfp) : ops->gfp,
	};
	md_context_record(&lab->a.ctx, "process");
	ret = md_take(&lab->a);
	if (ret) {
		kfree(lab);
		return ret;
	}
	md_describe(&lab->a);
	lab->charged = size;
	md_lab_total += size;
	md_lab_next_id++;
	list_add_tail(&lab->node, &md_lab_list);
	return 0;
}

static void md_lab_release(struct md_lab *lab)
{
	md_release(&lab->a);
	md_lab_total -= lab->charged;
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

static unsigned int md_lab_free_all(void)
{
	struct md_lab *lab, *tmp;
	unsigned int n = 0;

	list_for_each_entry_safe_reverse(lab, tmp, &md_lab_list, node) {
		md_lab_release(lab);
		n++;
	}
	return n;
}
