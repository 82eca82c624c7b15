// SPDX-License-Identifier: GPL-2.0
/*
 * memdemo: checking the parameters and fitting the defaults to the machine.
 *
 * Offers md_check_params() (ranges, fitted defaults, then memdemo.c's
 * md_plan()) and md_report_fitted() to init, md_plan_bytes() to
 * md-layout.c, md_params_show() (the [params] section) to md-proc.c.
 * Needs the parameters memdemo.c declares with md_param() and the planned
 * records (md_allocs).
 *
 * A part of memdemo.c, built into its one translation unit (see Kbuild);
 * memdemo-internal.h names what the parts call across files.
 */

/* ---- Parameters --------------------------------------------------------- */

/*
 * The parameters md_param() declared, found through the module's own
 * parameter table: the next one from index *I on, or NULL past the last.
 */
static struct md_param *md_param_next(unsigned int *i)
{
	while (*i < THIS_MODULE->num_kp) {
		const struct kernel_param *kp = &THIS_MODULE->kp[(*i)++];

		if (kp->ops == &md_param_ops)
			return kp->arg;
	}
	return NULL;
}

static bool md_was_given(const unsigned long *value)
{
	struct md_param *p;
	unsigned int i;

	for (i = 0; (p = md_param_next(&i));)
		if (p->value == value)
			return p->given;
	return true;
}

/* md_param_ops.set: parses the value as module_param(ulong) does, notes it given. */
static int md_param_set(const char *val, const struct kernel_param *kp)
{
	struct md_param *p = kp->arg;
	unsigned long v;
	int ret;

	ret = kstrtoul(val, 0, &v);
	if (ret)
		return ret;
	if (!p->given)
		p->def = *p->value;	/* still the declared default */
	*p->value = v;
	p->given = true;
	return 0;
}

static int md_param_get(char *buffer, const struct kernel_param *kp)
{
	const struct md_param *p = kp->arg;

	return scnprintf(buffer, PAGE_SIZE, "%lu\n", *p->value);
}

static const struct kernel_param_ops md_param_ops = {
	.set = md_param_set,
	.get = md_param_get,
};

/*
 * The [params] section: each parameter md_param() declared, the value in
 * effect, its declared default (before fitting) and its range at this load
 * (a range bounded by another parameter, or by half of lowmem, as that
 * bound stands now).  The tests take the parameters and their ranges from
 * here, not from a list of their own.
 */
static void md_params_show(struct seq_file *m)
{
	const struct md_param *p;
	unsigned int i;

	seq_puts(m, "[params]\n");
	for (i = 0; (p = md_param_next(&i));)
		seq_printf(m, "param name=%s value=%lu default=%lu min=%lu max=%lu given=%d\n",
			   p->name, *p->value, p->def, p->min, p->cap ? *p->cap : p->max,
			   p->given);
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
		if (i < MD_DMA_PAGE || i >= MD_ZONES_END || md_zone_configured(i))
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
 * half of lowmem (md_lowmem_half()), kvmalloc_big above KMALLOC_MAX_SIZE
 * (so that kvmalloc falls back to vmalloc) and within total_max,
 * vmalloc_big within total_max.  KMALLOC_MAX_SIZE grows with the page size (4 MiB on 4 KiB
 * pages, 32 MiB on 16 KiB, 512 MiB on 64 KiB): where no kvmalloc above it
 * fits total_max, kvmalloc_big is 0 and that block is left out of the load.
 * Sizes the sum only through md_check_params().
 */
static void md_fit_defaults(unsigned long ram_half)
{
	if (!md_was_given(&total_max))
		total_max = min_t(unsigned long, MD_TOTAL_MAX_DEFAULT, ram_half);
	if (!md_was_given(&lab_max))
		lab_max = min_t(unsigned long, MD_LAB_MAX_DEFAULT, ram_half);
	if (!md_was_given(&kvmalloc_big) && KMALLOC_MAX_SIZE + 1 > total_max)
		kvmalloc_big = 0;
	else if (!md_was_given(&kvmalloc_big))
		kvmalloc_big = min(max_t(unsigned long, MD_KVMALLOC_BIG_DEFAULT,
					 KMALLOC_MAX_SIZE + 1), total_max);
	if (!md_was_given(&vmalloc_big))
		vmalloc_big = min_t(unsigned long, MD_VMALLOC_BIG_DEFAULT, total_max);
}

/*
 * Each parameter within its own range; the first one outside is named.
 * Those whose largest value is another parameter come second, once that
 * one is known to be in range (the kernel's table keeps no order).
 */
static int md_check_ranges(void)
{
	const struct md_param *p;
	unsigned long max;
	unsigned int i, pass;
	bool second;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; (p = md_param_next(&i));) {
			second = p->cap && p->cap != &md_ram_half;
			if (second != pass || (!p->given && !*p->value && p->min))
				continue;	/* a block left out (md_fit_defaults()) */
			max = p->cap ? *p->cap : p->max;
			if (*p->value < p->min || *p->value > max) {
				pr_err("%s=%lu is out of range: allowed %lu..%lu\n",
				       p->name, *p->value, p->min, max);
				return -EINVAL;
			}
		}
	}
	return 0;
}

/*
 * Half of lowmem, in bytes: the largest total_max and lab_max.  Lowmem, not
 * all of RAM: kmalloc, __get_free_pages and every allocator's bookkeeping
 * (vm_struct, vmap_area, the lab's records) are served from it alone, and
 * on 32-bit x86 with PAE highmem can be many times as large.  Counted in 64
 * bits: such a machine has more bytes than its unsigned long holds (8 GiB
 * of pages shifted in 32 bits wrapped, and refused a plain insmod).
 */
static unsigned long md_lowmem_half(void)
{
	u64 lowmem = (u64)(totalram_pages() - totalhigh_pages()) << PAGE_SHIFT;

	return min_t(u64, lowmem / 2, ULONG_MAX);
}

/* Fits the defaults, checks every parameter and the sum, and plans the load. */
static int md_check_params(void)
{
	unsigned long long sum, excess;
	struct md_param *p;
	unsigned int i;
	int ret;

	for (i = 0; (p = md_param_next(&i));)
		if (!p->given)
			p->def = *p->value;	/* the declared default */
	md_ram_half = md_lowmem_half();
	md_fit_defaults(md_ram_half);
	ret = md_check_ranges();
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
		       total_max, sum, sum, md_ram_half);
		return -EINVAL;
	}
	return 0;
}

/* Says which defaults were fitted to this machine; after a successful check. */
static void md_report_fitted(void)
{
	struct md_param *p;
	unsigned int i;

	for (i = 0; (p = md_param_next(&i));)
		if (!p->given && *p->value != p->def)
			pr_info("%s=%lu: the default %lu does not fit this machine (%lu MiB of RAM, %lu MiB of it lowmem)\n",
				p->name, *p->value, p->def,
				totalram_pages() >> (20 - PAGE_SHIFT),
				(totalram_pages() - totalhigh_pages()) >> (20 - PAGE_SHIFT));
	if (!kvmalloc_big)
		pr_info("kvmalloc-big: skipped: kvmalloc falls back to vmalloc only above KMALLOC_MAX_SIZE (%lu bytes with %lu-byte pages), more than total_max=%lu\n",
			(unsigned long)KMALLOC_MAX_SIZE, PAGE_SIZE, total_max);
}
