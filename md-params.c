// SPDX-License-Identifier: GPL-2.0
/*
 * memdemo: checking the parameters and fitting the defaults to the machine.
 *
 * A part of memdemo.c, built into its one translation unit (see Kbuild);
 * what the parts call across files is named in memdemo-internal.h.
 */

/* ---- Parameters --------------------------------------------------------- */

struct md_limit {
	const char *name;
	unsigned long value, min, max;
};

static int md_check_range(const struct md_limit *l)
{
	if (l->value >= l->min && l->value <= l->max)
		return 0;
	pr_err("%s=%lu is out of range: allowed %lu..%lu\n", l->name, l->value, l->min, l->max);
	return -EINVAL;
}

/*
 * What the load asks for in all, the sum total_max caps: every block
 * md_plan() describes (a zone's page only where the zone is configured)
 * and the mempool's reserve.  This is the one place the sum is made.
 */
static unsigned long long md_plan_bytes(void)
{
	unsigned long long sum = (unsigned long long)pool_min * cache_size;
	unsigned int i;

	for (i = 0; i < MD_NR_SLOTS; i++)
		if (i < MD_NR_ATOMIC || i >= MD_NR_ZONES || md_zone_configured(i))
			sum += md_allocs[i].size;
	return sum;
}

/* Lowers a default the user did not give by up to *@excess, not below @min. */
static void md_shrink_default(unsigned long *param, unsigned long min,
			      unsigned long long *excess)
{
	unsigned long cut;

	if (md_was_given(param) || *param <= min)
		return;
	cut = min_t(unsigned long long, *excess, *param - min);
	*param -= cut;
	*excess -= cut;
}

/*
 * Fits the defaults the user did not give to this machine: the caps to
 * half of RAM, kvmalloc_big above KMALLOC_MAX_SIZE (so that kvmalloc
 * falls back to vmalloc) and within total_max, vmalloc_big within
 * total_max.  Sizes the sum only through md_check_params().
 */
static void md_fit_defaults(unsigned long ram_half)
{
	if (!md_was_given(&total_max))
		total_max = min_t(unsigned long, MD_TOTAL_MAX_DEFAULT, ram_half);
	if (!md_was_given(&lab_max))
		lab_max = min_t(unsigned long, MD_LAB_MAX_DEFAULT, ram_half);
	if (!md_was_given(&kvmalloc_big))
		kvmalloc_big = min(max_t(unsigned long, MD_KVMALLOC_BIG_DEFAULT,
					 KMALLOC_MAX_SIZE + 1), total_max);
	if (!md_was_given(&vmalloc_big))
		vmalloc_big = min_t(unsigned long, MD_VMALLOC_BIG_DEFAULT, total_max);
}

/* Each parameter within its own range; the first one outside is named. */
static int md_check_ranges(unsigned long ram_half)
{
	const struct md_limit limits[] = {
		{ "total_max", total_max, SZ_1M, ram_half },
		{ "lab_max", lab_max, SZ_1M, ram_half },
		{ "kmalloc_size", kmalloc_size, 1, KMALLOC_MAX_SIZE },
		{ "kmalloc_big", kmalloc_big, 1, KMALLOC_MAX_SIZE },
		{ "cache_size", cache_size, 1, KMALLOC_MAX_CACHE_SIZE },
		{ "pool_min", pool_min, 1, 64 },
		{ "page_order", page_order, 0, MD_MAX_ORDER },
		{ "vmalloc_size", vmalloc_size, 1, total_max },
		{ "vmalloc_big", vmalloc_big, 1, total_max },
		{ "kvmalloc_small", kvmalloc_small, 1, KMALLOC_MAX_CACHE_SIZE },
		{ "kvmalloc_big", kvmalloc_big, KMALLOC_MAX_SIZE + 1, total_max },
	};
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(limits); i++) {
		ret = md_check_range(&limits[i]);
		if (ret)
			return ret;
	}
	return 0;
}

/* Fits the defaults, checks every parameter and the sum, and plans the load. */
static int md_check_params(void)
{
	unsigned long ram_half = (totalram_pages() / 2) << PAGE_SHIFT;
	unsigned long long sum, excess;
	int ret;

	md_fit_defaults(ram_half);
	ret = md_check_ranges(ram_half);
	if (ret)
		return ret;

	/* Defaults too large for a small total_max give way, the largest first. */
	md_plan();
	sum = md_plan_bytes();
	if (sum > total_max) {
		excess = sum - total_max;
		md_shrink_default(&kvmalloc_big, KMALLOC_MAX_SIZE + 1, &excess);
		md_shrink_default(&vmalloc_big, 1, &excess);
		md_plan();
		sum = md_plan_bytes();
	}
	if (sum > total_max) {
		pr_err("total_max=%lu is below the %llu bytes these parameters ask for: allowed %llu..%lu\n",
		       total_max, sum, sum, ram_half);
		return -EINVAL;
	}
	return 0;
}

/* Says which defaults were fitted to this machine; after a successful check. */
static void md_report_fitted(void)
{
	static const struct {
		const char *name;
		const unsigned long *value;
		unsigned long def;
	} fitted[] = {
		{ "total_max", &total_max, MD_TOTAL_MAX_DEFAULT },
		{ "lab_max", &lab_max, MD_LAB_MAX_DEFAULT },
		{ "vmalloc_big", &vmalloc_big, MD_VMALLOC_BIG_DEFAULT },
		{ "kvmalloc_big", &kvmalloc_big, MD_KVMALLOC_BIG_DEFAULT },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fitted); i++)
		if (!md_was_given(fitted[i].value) && *fitted[i].value != fitted[i].def)
			pr_info("%s=%lu: the default %lu does not fit this machine (%lu MiB of RAM)\n",
				fitted[i].name, *fitted[i].value, fitted[i].def,
				totalram_pages() >> (20 - PAGE_SHIFT));
}
