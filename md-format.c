// SPDX-License-Identifier: GPL-2.0
/*
 * memdemo: the one place records become lines of text.
 *
 * Offers md_alloc_format(), md_span_format() and md_var_format() to
 * md-proc.c (the report and the log alike).  Needs memdemo.c's rows
 * (md_apis: the name, whether a line has an order or a path) and region
 * names.
 *
 * A part of memdemo.c, built into its one translation unit (see Kbuild);
 * memdemo-internal.h names what the parts call across files.
 */

/* ---- Text: the one place records become lines --------------------------- */

/*
 * What a reader without the right to real addresses sees (@real false, as
 * md-proc.c decides at open) is what %pK would show it: 0x0 for every
 * address, and for every value that follows from addresses the same zero
 * or "hidden", so that nothing in it changes with the randomized layout
 * of a boot.  Sizes, counts and verdicts that follow from no address stay.
 */

/*
 * Where the kernel keeps copies of each kmalloc cache and picks one per
 * call site by hashing the call's address with a seed drawn at boot
 * (RANDOM_KMALLOC_CACHES, 6.6 to 7.1, "kmalloc-rnd-05-128"; its successor
 * KMALLOC_PARTITION_CACHES in random mode, 7.2, "kmalloc-part-05-128"),
 * which copy served memdemo is a function of both: hidden readers see the
 * copy's number as "xx", and the plain cache, copy 0, as one of them.
 */
#if IS_ENABLED(CONFIG_RANDOM_KMALLOC_CACHES)
#define MD_KMALLOC_COPIES	"kmalloc-rnd-"
#elif IS_ENABLED(CONFIG_KMALLOC_PARTITION_RANDOM)
#define MD_KMALLOC_COPIES	"kmalloc-part-"
#endif

/* The name of slab cache @cache as the reader may see it (in @buf if changed). */
static const char *md_cache_shown(const char *cache, bool real, char *buf, size_t len)
{
#ifdef MD_KMALLOC_COPIES
	const size_t n = strlen(MD_KMALLOC_COPIES);

	if (real)
		return cache;
	if (!strncmp(cache, MD_KMALLOC_COPIES, n) && strlen(cache) > n + 2)
		cache += n + 2;		/* past "NN", at "-<size>" */
	else if (!strncmp(cache, "kmalloc-", 8) && cache[8] >= '0' && cache[8] <= '9')
		cache += 7;		/* at "-<size>" */
	else
		return cache;
	scnprintf(buf, len, MD_KMALLOC_COPIES "xx%s", cache);
	return buf;
#else
	return cache;
#endif
}

/*
 * The layout variables that are distances between two addresses
 * (md-layout.c's), hidden with the addresses: on x86-64 with memory
 * randomization and on arm64 with KASLR (whose linear map starts at a
 * random offset) they change with the boot.
 */
static const char * const md_var_distances[] = { "linear_map_size" };

static bool md_var_is_distance(const struct md_var *v)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(md_var_distances); i++)
		if (!strcmp(v->name, md_var_distances[i]))
			return true;
	return false;
}

/*
 * Formats one allocation as a line of key=value fields, without newline.
 * @real: false hides the addresses (they print as zero), as %pK does.
 */
static int md_alloc_format(char *buf, size_t len, const struct md_alloc *a, bool real)
{
	unsigned long virt = real ? a->virt : 0;
	phys_addr_t phys = real ? a->phys : 0;
	char cache[sizeof(a->cache) + 8];
	int n;

	n = scnprintf(buf, len,
		      "alloc name=%s api=%s gfp=%pGg size=%zu reserved=%zu",
		      a->name, md_apis[a->api].name, &a->gfp, a->size, a->reserved);
	if (md_apis[a->api].paged)
		n += scnprintf(buf + n, len - n, " order=%u", a->order);
	n += scnprintf(buf + n, len - n,
		       " virt=0x%lx phys=%pa pages=%lu runs=%lu zone=%s node=%d region=%s zeroed=%d",
		       virt, &phys, a->pages, a->runs, a->zone, a->node,
		       md_region_names[a->region], a->zeroed);
	if (a->kfence)
		n += scnprintf(buf + n, len - n, " kfence=1");
	if (a->cache[0])
		n += scnprintf(buf + n, len - n, " cache=%s",
			       md_cache_shown(a->cache, real, cache, sizeof(cache)));
	if (a->merged != MD_MERGED_NA)
		n += scnprintf(buf + n, len - n, " merged=%s",
			       a->merged == MD_MERGED_YES ? "1" :
			       a->merged == MD_MERGED_NO ? "0" : "unknown");
	if (md_apis[a->api].family == MD_FAMILY_KVMALLOC)
		n += scnprintf(buf + n, len - n, " path=%s",
			       a->region == MD_REGION_VMALLOC ? "vmalloc" : "kmalloc");
	if (a->page)
		n += scnprintf(buf + n, len - n, " highmem=%d page_address=0x%lx",
			       a->highmem, real ? (unsigned long)a->page_address : 0);
	n += scnprintf(buf + n, len - n,
		       " ctx=%s in_interrupt=%d in_softirq=%d irqs_disabled=%d preempt=0x%x",
		       a->ctx.name, a->ctx.in_interrupt, a->ctx.in_softirq,
		       a->ctx.irqs_disabled, a->ctx.preempt_count);
	if (a->shows)
		n += scnprintf(buf + n, len - n, " shows=%s", a->shows);
	return n;
}

/*
 * Formats one region as "region name= start= end= size=", without newline.
 * Hidden readers see the user region (TASK_SIZE_MAX, no secret) and, for
 * the others, zeros: the size too, a distance between two addresses.
 */
static int md_span_format(char *buf, size_t len, const struct md_span *s, bool real)
{
	bool show = real || !strcmp(s->name, "user");

	return scnprintf(buf, len, "region name=%s start=0x%lx end=0x%lx size=%lu",
			 s->name, show ? s->start : 0, show ? s->end : 0,
			 show ? s->end - s->start : 0);
}

/* Formats one layout variable as "layout name=value", without newline. */
static int md_var_format(char *buf, size_t len, const struct md_var *v, bool real)
{
	switch (v->kind) {
	case MD_VAR_ADDR:
		return scnprintf(buf, len, "layout %s=0x%llx", v->name, real ? v->value : 0);
	case MD_VAR_BYTES:
	case MD_VAR_NUM:
		return scnprintf(buf, len, "layout %s=%llu", v->name,
				 real || !md_var_is_distance(v) ? v->value : 0);
	case MD_VAR_TEXT:
		return scnprintf(buf, len, "layout %s=%s", v->name, v->text);
	case MD_VAR_NONE:
	default:
		return scnprintf(buf, len, "layout %s=none # %s", v->name, v->text);
	}
}

#define MD_LINE_MAX 640
