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
 * Formats one allocation as a line of key=value fields, without newline.
 * @real: false hides the addresses (they print as zero), as %pK does.
 */
static int md_alloc_format(char *buf, size_t len, const struct md_alloc *a, bool real)
{
	unsigned long virt = real ? a->virt : 0;
	phys_addr_t phys = real ? a->phys : 0;
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
		n += scnprintf(buf + n, len - n, " cache=%s", a->cache);
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
	return n;
}

/* Formats one region as "region name= start= end= size=", without newline. */
static int md_span_format(char *buf, size_t len, const struct md_span *s, bool real)
{
	bool show = real || !strcmp(s->name, "user");

	return scnprintf(buf, len, "region name=%s start=0x%lx end=0x%lx size=%lu",
			 s->name, show ? s->start : 0, show ? s->end : 0, s->end - s->start);
}

/* Formats one layout variable as "layout name=value", without newline. */
static int md_var_format(char *buf, size_t len, const struct md_var *v, bool real)
{
	switch (v->kind) {
	case MD_VAR_ADDR:
		return scnprintf(buf, len, "layout %s=0x%llx", v->name, real ? v->value : 0);
	case MD_VAR_BYTES:
	case MD_VAR_NUM:
		return scnprintf(buf, len, "layout %s=%llu", v->name, v->value);
	case MD_VAR_TEXT:
		return scnprintf(buf, len, "layout %s=%s", v->name, v->text);
	case MD_VAR_NONE:
	default:
		return scnprintf(buf, len, "layout %s=none # %s", v->name, v->text);
	}
}

#define MD_LINE_MAX 640
