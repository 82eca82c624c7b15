// SPDX-License-Identifier: GPL-2.0
/*
 * memdemo - show what the kernel's memory allocators hand out.
 *
 * At load memdemo allocates from kmalloc and its family (kzalloc, a
 * kmem_cache, a mempool), from the page allocator (__get_free_page(s),
 * get_zeroed_page, alloc_pages) and from vmalloc (vmalloc, vzalloc,
 * kvmalloc), in process and in atomic context and from each memory zone,
 * and records for every block where it lives: virtual and physical
 * address, pages, physically contiguous runs, zone, node and region of
 * the address space.  It prints the records and the kernel's layout to
 * the log and keeps them readable in /proc/memdemo until unload.
 *
 * The addresses are real: they reveal the KASLR offset.  Load memdemo
 * only on machines you use for learning or testing.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/completion.h>
#include <linux/cred.h>
#include <linux/gfp.h>
#include <linux/hardirq.h>
#include <linux/highmem.h>
#include <linux/init.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/mempool.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/preempt.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/timer.h>
#include <linux/utsname.h>
#include <linux/vmalloc.h>
#include <asm/fixmap.h>
#include <asm/page.h>
#include <asm/pgtable.h>

#include "memdemo.h"
#include "memdemo-cmd.h"

/*
 * Module parameters: all read-only once loaded, all checked at load.  A
 * value the user gave is refused when out of range; a default never is:
 * the defaults marked "fitted" below follow the machine (md_fit_defaults()),
 * and /sys/module/memdemo/parameters shows the values in effect.
 */
static unsigned long kmalloc_size = 100;
module_param(kmalloc_size, ulong, 0444);
MODULE_PARM_DESC(kmalloc_size, "bytes for the small kmalloc, the kzalloc and the atomic kmalloc (1..KMALLOC_MAX_SIZE, default 100)");

static unsigned long kmalloc_big = 64 * 1024;
module_param(kmalloc_big, ulong, 0444);
MODULE_PARM_DESC(kmalloc_big, "bytes for the multi-page kmalloc (1..KMALLOC_MAX_SIZE, default 65536)");

static unsigned long cache_size = 200;
module_param(cache_size, ulong, 0444);
MODULE_PARM_DESC(cache_size, "object size of the memdemo_obj kmem_cache (1..KMALLOC_MAX_CACHE_SIZE, default 200)");

static unsigned long pool_min = 4;
module_param(pool_min, ulong, 0444);
MODULE_PARM_DESC(pool_min, "objects the mempool keeps in reserve (1..64, default 4)");

static unsigned long page_order = 2;
module_param(page_order, ulong, 0444);
MODULE_PARM_DESC(page_order, "order of the __get_free_pages block (0..largest buddy order, default 2)");

static unsigned long vmalloc_size = 100;
module_param(vmalloc_size, ulong, 0444);
MODULE_PARM_DESC(vmalloc_size, "bytes for the small vmalloc and the vzalloc (1..total_max, default 100)");

static unsigned long kvmalloc_small = 2048;
module_param(kvmalloc_small, ulong, 0444);
MODULE_PARM_DESC(kvmalloc_small, "bytes for the kvmalloc that kmalloc serves (1..KMALLOC_MAX_CACHE_SIZE, default 2048)");

/* The fitted ones: their defaults, and whether the user gave a value. */
#define MD_TOTAL_MAX_DEFAULT	SZ_64M
#define MD_LAB_MAX_DEFAULT	SZ_64M
#define MD_VMALLOC_BIG_DEFAULT	SZ_1M
#define MD_KVMALLOC_BIG_DEFAULT	SZ_8M

static unsigned long total_max = MD_TOTAL_MAX_DEFAULT;
static unsigned long lab_max = MD_LAB_MAX_DEFAULT;
static unsigned long vmalloc_big = MD_VMALLOC_BIG_DEFAULT;
static unsigned long kvmalloc_big = MD_KVMALLOC_BIG_DEFAULT;

static unsigned long * const md_fitted[] = { &total_max, &lab_max, &vmalloc_big, &kvmalloc_big };
static bool md_given[ARRAY_SIZE(md_fitted)];

static bool md_was_given(const unsigned long *param)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(md_fitted); i++)
		if (md_fitted[i] == param)
			return md_given[i];
	return true;
}

/* Parses the value as module_param(ulong) does and notes that it was given. */
static int md_param_set(const char *val, const struct kernel_param *kp)
{
	unsigned int i;
	int ret;

	ret = param_set_ulong(val, kp);
	if (ret)
		return ret;
	for (i = 0; i < ARRAY_SIZE(md_fitted); i++)
		if (md_fitted[i] == kp->arg)
			md_given[i] = true;
	return 0;
}

static const struct kernel_param_ops md_fitted_ops = {
	.set = md_param_set,
	.get = param_get_ulong,
};

module_param_cb(vmalloc_big, &md_fitted_ops, &vmalloc_big, 0444);
MODULE_PARM_DESC(vmalloc_big, "bytes for the multi-page vmalloc (1..total_max, default 1 MiB, less when total_max cannot hold the defaults)");

module_param_cb(kvmalloc_big, &md_fitted_ops, &kvmalloc_big, 0444);
MODULE_PARM_DESC(kvmalloc_big, "bytes for the kvmalloc that falls back to vmalloc (KMALLOC_MAX_SIZE+1..total_max, default 8 MiB or KMALLOC_MAX_SIZE+1 if larger, less when total_max cannot hold the defaults)");

module_param_cb(total_max, &md_fitted_ops, &total_max, 0444);
MODULE_PARM_DESC(total_max, "cap on all bytes memdemo asks for at load (1 MiB..half of RAM, default 64 MiB or half of RAM if less)");

module_param_cb(lab_max, &md_fitted_ops, &lab_max, 0444);
MODULE_PARM_DESC(lab_max, "cap on bytes the lab holds at once, commands written to /proc/memdemo (1 MiB..half of RAM, default 64 MiB or half of RAM if less)");

/* The allocations made at load, in the order they are made. */
enum md_slot {
	MD_KMALLOC_SMALL,
	MD_KMALLOC_BIG,
	MD_KZALLOC,
	MD_CACHE_OBJ,
	MD_POOL_OBJ,
	MD_FREE_PAGE,
	MD_FREE_PAGES,
	MD_ZEROED_PAGE,
	MD_ALLOC_PAGES,
	MD_VMALLOC_SMALL,
	MD_VZALLOC,			/* right after vmalloc-small: claim 9 */
	MD_VMALLOC_BIG,
	MD_KVMALLOC_SMALL,
	MD_KVMALLOC_BIG,
	MD_NR_PROCESS,			/* the above: process context */
	MD_ATOMIC_KMALLOC = MD_NR_PROCESS,
	MD_ATOMIC_PAGE,
	MD_NR_ATOMIC,			/* the above: timer callback */
	MD_DMA_PAGE = MD_NR_ATOMIC,
	MD_DMA32_PAGE,
	MD_HIGHMEM_PAGE,
	MD_NR_ZONES,			/* the above: one page per zone */
	MD_GUARD_A = MD_NR_ZONES,
	MD_GUARD_B,
	MD_NR_SLOTS			/* the above: closest vmalloc pair, claim 9 */
};

#define MD_GFP		(GFP_KERNEL | __GFP_NOWARN)
#define MD_GUARD_SIZE	100	/* claim 9: the article's vmalloc(100) */
#define MD_GFP_ATOMIC	(GFP_ATOMIC | __GFP_NOWARN)

static const char * const md_api_names[MD_API_COUNT] = {
	[MD_API_KMALLOC]	= "kmalloc",
	[MD_API_KZALLOC]	= "kzalloc",
	[MD_API_CACHE]		= "kmem_cache_alloc",
	[MD_API_MEMPOOL]	= "mempool_alloc",
	[MD_API_FREE_PAGE]	= "__get_free_page",
	[MD_API_FREE_PAGES]	= "__get_free_pages",
	[MD_API_ZEROED_PAGE]	= "get_zeroed_page",
	[MD_API_ALLOC_PAGES]	= "alloc_pages",
	[MD_API_VMALLOC]	= "vmalloc",
	[MD_API_VZALLOC]	= "vzalloc",
	[MD_API_KVMALLOC]	= "kvmalloc",
};

static const char * const md_region_names[MD_REGION_COUNT] = {
	[MD_REGION_LINEAR]	= "linear",
	[MD_REGION_VMALLOC]	= "vmalloc",
	[MD_REGION_MODULES]	= "modules",
	[MD_REGION_PKMAP]	= "pkmap",
	[MD_REGION_FIXMAP]	= "fixmap",
	[MD_REGION_OTHER]	= "other",
};

static struct md_alloc md_allocs[MD_NR_SLOTS];
static unsigned int md_nr_allocs;	/* slots in use, a prefix of md_allocs */
static struct kmem_cache *md_cache;
static mempool_t *md_pool;
static struct proc_dir_entry *md_proc;

/* ---- The kernel's layout ------------------------------------------------ */

enum md_var_kind { MD_VAR_ADDR, MD_VAR_BYTES, MD_VAR_NUM, MD_VAR_TEXT, MD_VAR_NONE };

struct md_var {
	const char *name;
	enum md_var_kind kind;
	unsigned long long value;
	const char *text;		/* MD_VAR_TEXT, or why MD_VAR_NONE */
};

#define MD_MAX_VARS 32
static struct md_var md_layout[MD_MAX_VARS];
static unsigned int md_nr_layout;

static void md_var_add(const char *name, enum md_var_kind kind,
		       unsigned long long value, const char *text)
{
	if (WARN_ON_ONCE(md_nr_layout >= MD_MAX_VARS))
		return;
	md_layout[md_nr_layout++] = (struct md_var) {
		.name = name, .kind = kind, .value = value, .text = text,
	};
}

static void md_layout_collect(void)
{
	unsigned long ram = totalram_pages();
	unsigned long high = totalhigh_pages();

	md_nr_layout = 0;
	md_var_add("page_size", MD_VAR_BYTES, PAGE_SIZE, NULL);
	md_var_add("page_offset", MD_VAR_ADDR, PAGE_OFFSET, NULL);
	md_var_add("high_memory", MD_VAR_ADDR, (unsigned long)high_memory, NULL);
	md_var_add("linear_map_size", MD_VAR_BYTES,
		   (unsigned long)high_memory - PAGE_OFFSET, NULL);
	md_var_add("vmalloc_start", MD_VAR_ADDR, VMALLOC_START, NULL);
	md_var_add("vmalloc_end", MD_VAR_ADDR, VMALLOC_END, NULL);
#ifdef MODULES_VADDR
	md_var_add("modules_vaddr", MD_VAR_ADDR, MODULES_VADDR, NULL);
	md_var_add("modules_end", MD_VAR_ADDR, MODULES_END, NULL);
#else
	md_var_add("modules_vaddr", MD_VAR_NONE, 0, "modules live in the vmalloc area");
	md_var_add("modules_end", MD_VAR_NONE, 0, "modules live in the vmalloc area");
#endif
#ifdef CONFIG_HIGHMEM
	md_var_add("pkmap_base", MD_VAR_ADDR, PKMAP_BASE, NULL);
	md_var_add("pkmap_end", MD_VAR_ADDR,
		   PKMAP_BASE + (unsigned long)LAST_PKMAP * PAGE_SIZE, NULL);
#else
	md_var_add("pkmap_base", MD_VAR_NONE, 0, "no CONFIG_HIGHMEM");
	md_var_add("pkmap_end", MD_VAR_NONE, 0, "no CONFIG_HIGHMEM");
#endif
#if defined(FIXADDR_START)
	md_var_add("fixaddr_start", MD_VAR_ADDR, FIXADDR_START, NULL);
#else
	md_var_add("fixaddr_start", MD_VAR_NONE, 0, "no fixmap on this architecture");
#endif
	/* Where module_alloc() put memdemo itself: arm64's KASLR puts it near the kernel. */
	md_var_add("this_module", MD_VAR_ADDR, (unsigned long)MD_THIS_MODULE_BASE, NULL);
	md_var_add("ram_total", MD_VAR_BYTES, (unsigned long long)ram << PAGE_SHIFT, NULL);
	md_var_add("lowmem_size", MD_VAR_BYTES,
		   (unsigned long long)(ram - high) << PAGE_SHIFT, NULL);
	md_var_add("highmem_size", MD_VAR_BYTES, (unsigned long long)high << PAGE_SHIFT, NULL);
	md_var_add("max_order", MD_VAR_NUM, MD_MAX_ORDER, NULL);
	md_var_add("max_order_macro", MD_VAR_TEXT, 0, MD_MAX_ORDER_MACRO);
	md_var_add("max_order_macro_value", MD_VAR_NUM, MD_MAX_ORDER_VALUE, NULL);
	md_var_add("kmalloc_max_size", MD_VAR_BYTES, KMALLOC_MAX_SIZE, NULL);
	md_var_add("kmalloc_max_cache_size", MD_VAR_BYTES, KMALLOC_MAX_CACHE_SIZE, NULL);
}

/*
 * The regions of the address space, as [start, end) with stable names:
 * user, linear, vmemmap, kasan-shadow, vmalloc, modules, pkmap, fixmap,
 * kernel-image.  Only regions this kernel has are listed; the gaps between
 * them are left for readers to compute.
 */
struct md_span {
	const char *name;
	unsigned long start, end;
};

#define MD_MAX_SPANS 12
static struct md_span md_spans[MD_MAX_SPANS];
static unsigned int md_nr_spans;

static void md_span_add(const char *name, unsigned long start, unsigned long end)
{
	if (WARN_ON_ONCE(md_nr_spans >= MD_MAX_SPANS) || end <= start)
		return;
	md_spans[md_nr_spans++] = (struct md_span) {
		.name = name, .start = start, .end = end,
	};
}

/* x86-64 defines VMALLOC_END as the area's last byte, others as one past it. */
#ifdef CONFIG_X86_64
#define MD_VMALLOC_LIMIT	(VMALLOC_END + 1)
#else
#define MD_VMALLOC_LIMIT	VMALLOC_END
#endif

static void md_spans_collect(void)
{
	unsigned long linear_end = (unsigned long)high_memory;

	md_nr_spans = 0;
	md_span_add("user", 0, TASK_SIZE_MAX);
	md_span_add("linear", PAGE_OFFSET, linear_end);
#if defined(CONFIG_SPARSEMEM_VMEMMAP)
	/* The part of vmemmap whose struct pages describe the linear map. */
	md_span_add("vmemmap", (unsigned long)virt_to_page((void *)PAGE_OFFSET),
		    (unsigned long)(virt_to_page((void *)(linear_end - 1)) + 1));
#endif
#ifdef CONFIG_KASAN
	md_span_add("kasan-shadow", KASAN_SHADOW_START, KASAN_SHADOW_END);
#endif
	md_span_add("vmalloc", VMALLOC_START, MD_VMALLOC_LIMIT);
#ifdef MODULES_VADDR
	/* On 32-bit x86 modules share the vmalloc area: not a region of their own. */
	if (MODULES_VADDR != VMALLOC_START)
		md_span_add("modules", MODULES_VADDR, MODULES_END);
#endif
#ifdef CONFIG_HIGHMEM
	md_span_add("pkmap", PKMAP_BASE, PKMAP_BASE + (unsigned long)LAST_PKMAP * PAGE_SIZE);
#endif
#if defined(FIXADDR_START) && defined(FIXADDR_TOP)
	md_span_add("fixmap", FIXADDR_START, FIXADDR_TOP);
#endif
#if defined(CONFIG_X86_64)
	/* Elsewhere the image lies in the linear map (x86-32) or vmalloc area (arm64). */
	md_span_add("kernel-image", __START_KERNEL_map, __START_KERNEL_map + KERNEL_IMAGE_SIZE);
#endif
}

static enum md_region md_region_of(unsigned long addr)
{
	if (addr >= PAGE_OFFSET && addr < (unsigned long)high_memory)
		return MD_REGION_LINEAR;
	if (addr >= VMALLOC_START && addr < VMALLOC_END)
		return MD_REGION_VMALLOC;
#ifdef MODULES_VADDR
	if (addr >= MODULES_VADDR && addr < MODULES_END)
		return MD_REGION_MODULES;
#endif
#ifdef CONFIG_HIGHMEM
	if (addr >= PKMAP_BASE &&
	    addr < PKMAP_BASE + (unsigned long)LAST_PKMAP * PAGE_SIZE)
		return MD_REGION_PKMAP;
#endif
#if defined(FIXADDR_START) && defined(FIXADDR_TOP)
	if (addr >= FIXADDR_START && addr < FIXADDR_TOP)
		return MD_REGION_FIXMAP;
#endif
	return MD_REGION_OTHER;
}

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
		      a->name, md_api_names[a->api], &a->gfp, a->size, a->reserved);
	if (a->api >= MD_API_FREE_PAGE && a->api <= MD_API_ALLOC_PAGES)
		n += scnprintf(buf + n, len - n, " order=%u", a->order);
	n += scnprintf(buf + n, len - n,
		       " virt=0x%lx phys=%pa pages=%lu runs=%lu zone=%s node=%d region=%s zeroed=%d",
		       virt, &phys, a->pages, a->runs, a->zone, a->node,
		       md_region_names[a->region], a->zeroed);
	if (a->kfence)
		n += scnprintf(buf + n, len - n, " kfence=1");
	if (a->api == MD_API_KVMALLOC)
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

/* ---- Collecting the facts about one allocation -------------------------- */

static void md_context_record(struct md_context *ctx, const char *name)
{
	ctx->name = name;
	ctx->in_interrupt = in_interrupt();
	ctx->in_softirq = in_softirq();
	ctx->irqs_disabled = irqs_disabled();
	ctx->preempt_count = preempt_count();
}

static unsigned long md_pfn_at(const struct md_alloc *a, unsigned long i)
{
	unsigned long base = a->virt & PAGE_MASK;

	if (a->page)
		return page_to_pfn(a->page) + i;
	if (is_vmalloc_addr(a->ptr))
		return vmalloc_to_pfn((void *)(base + i * PAGE_SIZE));
	return page_to_pfn(virt_to_page((void *)(base + i * PAGE_SIZE)));
}

/*
 * Whether a linear-map object sits on a slab.  A slab of several pages is
 * a compound page whose slab mark is on its head: 7.x's PageSlab() looks
 * only at the page it is given (before, it looked at the head itself), so
 * an object on a tail page needs compound_head() first.  Right on every
 * version.
 */
static bool md_on_slab(const void *p)
{
	return PageSlab(compound_head(virt_to_page(p)));
}

/* Bytes set aside for a block in the linear map. */
static size_t md_reserved_linear(const struct md_alloc *a)
{
	switch (a->api) {
	case MD_API_CACHE:
	case MD_API_MEMPOOL:
		return kmem_cache_size(md_cache);
	case MD_API_FREE_PAGE:
	case MD_API_FREE_PAGES:
	case MD_API_ZEROED_PAGE:
		return PAGE_SIZE << a->order;
	default:	/* kmalloc, kzalloc, kvmalloc served by kmalloc */
		return ksize(a->ptr);
	}
}

/*
 * Whether the first @len bytes of a block read as zero.  Highmem pages have
 * no permanent mapping: each is mapped alone with kmap_local_page().
 */
static bool md_is_zeroed(const struct md_alloc *a, size_t len)
{
	unsigned long i;
	bool zero = true;
	void *map;

	if (!a->highmem)
		return !memchr_inv((void *)a->virt, 0, len);
	for (i = 0; zero && i < a->pages; i++) {
		map = kmap_local_page(a->page + i);
		zero = !memchr_inv(map, 0, PAGE_SIZE);
		kunmap_local(map);
	}
	return zero;
}

/*
 * Fills in where a freshly allocated block lives.  Reads it, never writes.
 * For highmem the virtual address recorded is the temporary one that
 * kmap_local_page() gave the first page; it is unmapped again at once.
 */
static void md_describe(struct md_alloc *a)
{
	unsigned long i, pfn, prev = 0;
	struct page *first;
	void *map;

	if (a->page) {
		a->reserved = PAGE_SIZE << a->order;
		a->highmem = PageHighMem(a->page);
		a->page_address = page_address(a->page);
		if (a->highmem) {
			map = kmap_local_page(a->page);
			a->virt = (unsigned long)map;
			kunmap_local(map);
		} else {
			a->virt = (unsigned long)a->page_address;
		}
		a->phys = page_to_phys(a->page);
		first = a->page;
	} else if (is_vmalloc_addr(a->ptr)) {
		a->virt = (unsigned long)a->ptr;
		a->pages = PAGE_ALIGN(a->size) >> PAGE_SHIFT;
		a->reserved = a->pages << PAGE_SHIFT;
		first = vmalloc_to_page(a->ptr);
		a->phys = page_to_phys(first) + offset_in_page(a->ptr);
	} else {
		a->kfence = is_kfence_address(a->ptr);
		a->reserved = md_reserved_linear(a);
		a->virt = (unsigned long)a->ptr;
		a->phys = virt_to_phys(a->ptr);
		first = virt_to_page(a->ptr);
	}
	if (!a->pages)
		a->pages = DIV_ROUND_UP(offset_in_page(a->virt) + a->reserved, PAGE_SIZE);

	a->runs = 0;
	for (i = 0; i < a->pages; i++) {
		pfn = md_pfn_at(a, i);
		if (!i || pfn != prev + 1)
			a->runs++;
		prev = pfn;
	}
	a->zone = page_zone(first)->name;
	a->node = page_to_nid(first);
	a->region = md_region_of(a->virt);
	a->zeroed = md_is_zeroed(a, a->page ? a->reserved : a->size);
}

/* ---- Allocating and freeing one record ---------------------------------- */

/*
 * Allocates @a as its api, gfp, size and order ask.  0 or -ENOMEM.  Not
 * inlined: /proc/vmallocinfo names it as the caller after init is freed.
 */
static noinline int md_take(struct md_alloc *a)
{
	switch (a->api) {
	case MD_API_KMALLOC:
		a->ptr = kmalloc(a->size, a->gfp);
		break;
	case MD_API_KZALLOC:
		a->ptr = kzalloc(a->size, a->gfp);
		break;
	case MD_API_CACHE:
		a->ptr = kmem_cache_alloc(md_cache, a->gfp);
		break;
	case MD_API_MEMPOOL:
		a->ptr = mempool_alloc(md_pool, a->gfp);
		break;
	case MD_API_FREE_PAGE:
		a->ptr = (void *)__get_free_page(a->gfp);
		break;
	case MD_API_FREE_PAGES:
		a->ptr = (void *)__get_free_pages(a->gfp, a->order);
		break;
	case MD_API_ZEROED_PAGE:
		a->ptr = (void *)get_zeroed_page(a->gfp);
		break;
	case MD_API_ALLOC_PAGES:
		a->page = alloc_pages(a->gfp, a->order);
		a->ptr = a->page;
		break;
	case MD_API_VMALLOC:
		a->ptr = vmalloc(a->size);
		break;
	case MD_API_VZALLOC:
		a->ptr = vzalloc(a->size);
		break;
	case MD_API_KVMALLOC:
		a->ptr = kvmalloc(a->size, a->gfp);
		break;
	default:
		a->ptr = NULL;
		break;
	}
	return a->ptr ? 0 : -ENOMEM;
}

static void md_release(struct md_alloc *a)
{
	switch (a->api) {
	case MD_API_KMALLOC:
	case MD_API_KZALLOC:
		kfree(a->ptr);
		break;
	case MD_API_CACHE:
		kmem_cache_free(md_cache, a->ptr);
		break;
	case MD_API_MEMPOOL:
		mempool_free(a->ptr, md_pool);
		break;
	case MD_API_FREE_PAGE:
	case MD_API_FREE_PAGES:
	case MD_API_ZEROED_PAGE:
		free_pages((unsigned long)a->ptr, a->order);
		break;
	case MD_API_ALLOC_PAGES:
		__free_pages(a->page, a->order);
		break;
	case MD_API_VMALLOC:
	case MD_API_VZALLOC:
		vfree(a->ptr);
		break;
	case MD_API_KVMALLOC:
		kvfree(a->ptr);
		break;
	default:
		break;
	}
	a->ptr = NULL;
	a->page = NULL;
}

/* Frees slots [from, to) in reverse order of allocation. */
static void md_release_slots(unsigned int from, unsigned int to)
{
	while (to-- > from)
		md_release(&md_allocs[to]);
}

/* Allocates slots [from, to) in order; on failure frees what it took. */
static int md_take_slots(unsigned int from, unsigned int to)
{
	unsigned int i;

	for (i = from; i < to; i++) {
		if (md_take(&md_allocs[i])) {
			pr_err("%s: %s of %zu bytes (order %u) failed\n",
			       md_allocs[i].name, md_api_names[md_allocs[i].api],
			       md_allocs[i].size, md_allocs[i].order);
			md_release_slots(from, i);
			return -ENOMEM;
		}
	}
	return 0;
}

static void md_slot_set(enum md_slot slot, const char *name, enum md_api api,
			gfp_t gfp, size_t size, unsigned int order)
{
	md_allocs[slot] = (struct md_alloc) {
		.name = name, .api = api, .gfp = gfp, .size = size, .order = order,
	};
}

/* Describes the load's allocations; nothing is allocated here. */
static void md_plan(void)
{
	md_slot_set(MD_KMALLOC_SMALL, "kmalloc-small", MD_API_KMALLOC, MD_GFP, kmalloc_size, 0);
	md_slot_set(MD_KMALLOC_BIG, "kmalloc-big", MD_API_KMALLOC, MD_GFP, kmalloc_big, 0);
	md_slot_set(MD_KZALLOC, "kzalloc", MD_API_KZALLOC, MD_GFP | __GFP_ZERO, kmalloc_size, 0);
	md_slot_set(MD_CACHE_OBJ, "cache-obj", MD_API_CACHE, MD_GFP, cache_size, 0);
	md_slot_set(MD_POOL_OBJ, "pool-obj", MD_API_MEMPOOL, MD_GFP, cache_size, 0);
	md_slot_set(MD_FREE_PAGE, "free-page", MD_API_FREE_PAGE, MD_GFP, PAGE_SIZE, 0);
	md_slot_set(MD_FREE_PAGES, "free-pages", MD_API_FREE_PAGES, MD_GFP,
		    PAGE_SIZE << page_order, page_order);
	md_slot_set(MD_ZEROED_PAGE, "zeroed-page", MD_API_ZEROED_PAGE, MD_GFP | __GFP_ZERO,
		    PAGE_SIZE, 0);
	md_slot_set(MD_ALLOC_PAGES, "alloc-pages", MD_API_ALLOC_PAGES, MD_GFP, 2 * PAGE_SIZE, 1);
	md_slot_set(MD_VMALLOC_SMALL, "vmalloc-small", MD_API_VMALLOC, GFP_KERNEL, vmalloc_size, 0);
	md_slot_set(MD_VMALLOC_BIG, "vmalloc-big", MD_API_VMALLOC, GFP_KERNEL, vmalloc_big, 0);
	md_slot_set(MD_VZALLOC, "vzalloc", MD_API_VZALLOC, GFP_KERNEL | __GFP_ZERO,
		    vmalloc_size, 0);
	md_slot_set(MD_KVMALLOC_SMALL, "kvmalloc-small", MD_API_KVMALLOC, MD_GFP,
		    kvmalloc_small, 0);
	md_slot_set(MD_KVMALLOC_BIG, "kvmalloc-big", MD_API_KVMALLOC, MD_GFP, kvmalloc_big, 0);
	md_slot_set(MD_ATOMIC_KMALLOC, "atomic-kmalloc", MD_API_KMALLOC, MD_GFP_ATOMIC,
		    kmalloc_size, 0);
	md_slot_set(MD_ATOMIC_PAGE, "atomic-page", MD_API_FREE_PAGE, MD_GFP_ATOMIC, PAGE_SIZE, 0);
	md_slot_set(MD_DMA_PAGE, "dma-page", MD_API_ALLOC_PAGES, MD_GFP | GFP_DMA, PAGE_SIZE, 0);
	md_slot_set(MD_DMA32_PAGE, "dma32-page", MD_API_ALLOC_PAGES, MD_GFP | GFP_DMA32,
		    PAGE_SIZE, 0);
	md_slot_set(MD_GUARD_A, "guard-a", MD_API_VMALLOC, GFP_KERNEL, MD_GUARD_SIZE, 0);
	md_slot_set(MD_GUARD_B, "guard-b", MD_API_VMALLOC, GFP_KERNEL, MD_GUARD_SIZE, 0);
	md_slot_set(MD_HIGHMEM_PAGE, "highmem-page", MD_API_ALLOC_PAGES,
		    GFP_HIGHUSER | __GFP_NOWARN, PAGE_SIZE, 0);
}

/* ---- Atomic context: a timer callback ----------------------------------- */

static struct timer_list md_timer;
static DECLARE_COMPLETION(md_timer_done);
static int md_timer_ret;

static void md_timer_fn(struct timer_list *t)
{
	unsigned int i;

	for (i = MD_NR_PROCESS; i < MD_NR_ATOMIC; i++)
		md_context_record(&md_allocs[i].ctx, "timer");
	md_timer_ret = md_take_slots(MD_NR_PROCESS, MD_NR_ATOMIC);
	complete(&md_timer_done);
}

/* Runs the atomic allocations in a timer callback and waits for them. */
static int md_take_atomic(void)
{
	reinit_completion(&md_timer_done);
	timer_setup(&md_timer, md_timer_fn, 0);
	mod_timer(&md_timer, jiffies + 1);
	wait_for_completion(&md_timer_done);
	timer_delete_sync(&md_timer);
	return md_timer_ret;
}

/* ---- Zones: a page from each zone this kernel has besides Normal -------- */

static bool md_zone_configured(enum md_slot slot)
{
	switch (slot) {
	case MD_DMA_PAGE:
		return IS_ENABLED(CONFIG_ZONE_DMA);
	case MD_DMA32_PAGE:
		return IS_ENABLED(CONFIG_ZONE_DMA32);
	case MD_HIGHMEM_PAGE:
		return IS_ENABLED(CONFIG_HIGHMEM);
	default:
		return false;
	}
}

static void md_release_zones(void)
{
	unsigned int i;

	for (i = MD_NR_ZONES; i-- > MD_NR_ATOMIC;)
		if (md_allocs[i].ptr)
			md_release(&md_allocs[i]);
}

static int md_take_zones(void)
{
	unsigned int i;
	int ret;

	for (i = MD_NR_ATOMIC; i < MD_NR_ZONES; i++) {
		if (!md_zone_configured(i)) {
			pr_info("%s: zone not configured in this kernel, skipped\n",
				md_allocs[i].name);
			continue;
		}
		ret = md_take_slots(i, i + 1);
		if (ret) {
			md_release_zones();
			return ret;
		}
	}
	return 0;
}

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
#define MD_NR_ORDERS	(MD_MAX_ORDER + 1)

/* Free blocks per order of one zone before and after an order-5 allocation. */
static struct {
	const char *zone;
	int node;
	unsigned long before[MD_NR_ORDERS], after[MD_NR_ORDERS];
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

/* Real kmalloc, __get_free_pages, alloc_pages_exact and alloc_pages calls; all freed. */
static void md_tables_measure(void)
{
	struct page *page;
	unsigned int i;
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
		if (p)
			md_waste[md_nr_waste++] = (struct md_waste) {
				.size = md_waste_sizes[i], .ksize = ksize(p),
				.slab = md_on_slab(p),
			};
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
	page = alloc_pages(MD_GFP, 0);	/* which zone GFP_KERNEL serves here */
	if (!page)
		return;
	md_buddy.zone = page_zone(page)->name;
	md_buddy.node = page_to_nid(page);
	md_zone_free_counts(page_zone(page), md_buddy.before);
	__free_pages(page, 0);
	page = alloc_pages(MD_GFP, MD_BUDDY_ORDER);
	if (!page)
		return;
	md_zone_free_counts(page_zone(page), md_buddy.after);
	md_buddy.zone = page_zone(page)->name;
	__free_pages(page, MD_BUDDY_ORDER);
	md_buddy.done = true;
}

static void md_seq_counts(struct seq_file *m, const unsigned long *counts)
{
	unsigned int o;

	for (o = 0; o < MD_NR_ORDERS; o++)
		seq_printf(m, "%s%lu", o ? "," : "", counts[o]);
}

/* The [tables] and [zones] sections; [zones] is read live, like /proc/buddyinfo. */
static void md_tables_show(struct seq_file *m)
{
	unsigned long counts[MD_NR_ORDERS];
	struct zone *zone;
	unsigned int i;
	int nid, z;

	seq_puts(m, "[waste]\n");
	for (i = 0; i < md_nr_waste; i++)
		seq_printf(m, "waste size=%u ksize=%zu source=%s\n", md_waste[i].size,
			   md_waste[i].ksize, md_waste[i].slab ? "slab" : "pages");
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
		seq_puts(m, "\n");
	}
	seq_puts(m, "[zones]\n");
	for_each_online_node(nid) {
		for (z = 0; z < MAX_NR_ZONES; z++) {
			zone = &NODE_DATA(nid)->node_zones[z];
			if (!populated_zone(zone))
				continue;
			md_zone_free_counts(zone, counts);
			seq_printf(m, "zone node=%d name=%s start_pfn=%lu end_pfn=%lu free=",
				   nid, zone->name, zone->zone_start_pfn, zone_end_pfn(zone));
			md_seq_counts(m, counts);
			seq_puts(m, "\n");
		}
	}
}

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
		pr_err("guard-a: vmalloc(%d) failed after %u calls\n", MD_GUARD_SIZE, n);
		return -ENOMEM;
	}
	if (!keep) {
		pr_err("guard-a: %u vmalloc(%d) calls in a row gave no ascending pair\n",
		       n, MD_GUARD_SIZE);
		return -ENOMEM;
	}
	return 0;
}

/* ---- The articles' claims, measured on this kernel ---------------------- */

/*
 * inconclusive: a measurement too close to the claim's threshold to give
 * either verdict (the figure says how close).
 */
enum md_verdict { MD_HOLDS, MD_DIFFERS, MD_NOT_DEMONSTRATED, MD_INCONCLUSIVE, MD_NR_VERDICTS };

static const char * const md_verdict_names[] = {
	[MD_HOLDS]		= "holds",
	[MD_DIFFERS]		= "differs",
	[MD_NOT_DEMONSTRATED]	= "not-demonstrated",
	[MD_INCONCLUSIVE]	= "inconclusive",
};

#define MD_MEASURED_MAX	160
#define MD_NOTE_MAX	240

/*
 * One claim: the verdict follows from what was measured here.  measured is
 * a comma-separated list of key:value without spaces; secret marks values
 * that contain kernel addresses (hidden from readers without CAP_SYSLOG).
 */
struct md_claim {
	unsigned int id;
	const char *article;
	enum md_verdict verdict;
	bool secret;
	char measured[MD_MEASURED_MAX];
	char note[MD_NOTE_MAX];
};

#define MD_NR_CLAIMS 18
static struct md_claim md_claims[MD_NR_CLAIMS];
static unsigned int md_nr_claims;

static __printf(5, 6)
void md_claim(unsigned int id, const char *article, enum md_verdict verdict,
	      const char *note, const char *fmt, ...)
{
	struct md_claim *cl;
	va_list args;

	if (WARN_ON_ONCE(md_nr_claims >= MD_NR_CLAIMS))
		return;
	cl = &md_claims[md_nr_claims++];
	cl->id = id;
	cl->article = article;
	cl->verdict = verdict;
	cl->secret = false;
	strscpy(cl->note, note, sizeof(cl->note));
	va_start(args, fmt);
	vscnprintf(cl->measured, sizeof(cl->measured), fmt, args);
	va_end(args);
}

/* The last claim recorded, to mark it secret or extend its note. */
static struct md_claim *md_last_claim(void)
{
	return &md_claims[md_nr_claims - 1];
}

static int md_claim_format(char *buf, size_t len, const struct md_claim *cl, bool real)
{
	return scnprintf(buf, len, "claim id=%u verdict=%s article=%s measured=%s # %s",
			 cl->id, md_verdict_names[cl->verdict], cl->article,
			 cl->secret && !real ? "hidden" : cl->measured, cl->note);
}

static const char *md_yes(bool b)
{
	return b ? "yes" : "no";
}

/* Claim 1: GFP_KERNEL may sleep; GFP_ATOMIC does not and works in interrupts. */
static void md_claim_gfp_context(void)
{
	const struct md_alloc *a = &md_allocs[MD_ATOMIC_KMALLOC];
	const struct md_alloc *p = &md_allocs[MD_ATOMIC_PAGE];
	bool kernel_blocks = gfpflags_allow_blocking(GFP_KERNEL);
	bool atomic_blocks = gfpflags_allow_blocking(GFP_ATOMIC);
	bool atomic_ok = a->ptr && p->ptr && a->ctx.in_softirq && p->ctx.in_softirq;

	md_claim(1, "000,002",
		 kernel_blocks && !atomic_blocks && atomic_ok ? MD_HOLDS : MD_DIFFERS,
		 "GFP_KERNEL carries __GFP_DIRECT_RECLAIM (may sleep), GFP_ATOMIC does not and served a timer callback; GFP_KERNEL in atomic context is a bug memdemo does not commit",
		 "GFP_KERNEL-may-sleep:%s,GFP_ATOMIC-may-sleep:%s,GFP_ATOMIC-in-softirq:%s",
		 md_yes(kernel_blocks), md_yes(atomic_blocks), atomic_ok ? "ok" : "failed");
}

/* Claim 2: kmalloc's portable upper limit is 128 KiB. */
static void md_claim_kmalloc_limit(void)
{
	size_t size, largest = 0;
	void *p;

	for (size = SZ_128K; size <= 2 * KMALLOC_MAX_SIZE; size <<= 1) {
		p = kmalloc(size, MD_GFP);
		if (!p)
			break;
		kfree(p);
		largest = size;
	}
	if (largest == SZ_128K)
		md_claim(2, "000", MD_HOLDS, "kmalloc stops at 128 KiB here",
			 "largest:%zu,KMALLOC_MAX_SIZE:%lu", largest, KMALLOC_MAX_SIZE);
	else if (largest)
		md_claim(2, "000", MD_DIFFERS,
			 "kmalloc serves up to KMALLOC_MAX_SIZE here (the largest buddy block); above KMALLOC_MAX_CACHE_SIZE it bypasses slab",
			 "largest:%zu,KMALLOC_MAX_SIZE:%lu", largest, KMALLOC_MAX_SIZE);
	else
		md_claim(2, "000", MD_NOT_DEMONSTRATED, "even a 128 KiB kmalloc failed",
			 "largest:0,KMALLOC_MAX_SIZE:%lu", KMALLOC_MAX_SIZE);
}

/* Claim 3: the largest block is order 10 or 11; an order above fails. */
static void md_claim_max_order(void)
{
	unsigned int order = MD_MAX_ORDER;
	struct page *page;
	bool top, over;

	page = alloc_pages(MD_GFP, order);
	top = page;
	if (page)
		__free_pages(page, order);
	page = alloc_pages(MD_GFP, order + 1);
	over = page;
	if (page)
		__free_pages(page, order + 1);

	if (!top)
		md_claim(3, "000,002", MD_NOT_DEMONSTRATED,
			 "no free block of the largest order right now (fragmentation)",
			 "largest-order:%u,order-%u:failed", order, order);
	else
		md_claim(3, "000,002",
			 (order == 10 || order == 11) && !over ? MD_HOLDS : MD_DIFFERS,
			 "the buddy allocator's largest order, from MAX_ORDER_NR_PAGES; one more fails",
			 "largest-order:%u,order-%u:%s,%s:%u", order, order + 1,
			 over ? "succeeded" : "failed", MD_MAX_ORDER_MACRO, MD_MAX_ORDER_VALUE);
}

/* Claim 4: the kernel owns the top 1 GiB; PAGE_OFFSET is 0xC0000000. */
static void md_claim_page_offset(void)
{
	bool classic = PAGE_OFFSET == 0xC0000000UL;

	md_claim(4, "000,002", classic ? MD_HOLDS : MD_DIFFERS,
		 classic ? "the 3 GiB / 1 GiB split of 32-bit x86" :
			   "the kernel's half starts elsewhere on this architecture",
		 "PAGE_OFFSET:0x%lx,TASK_SIZE:0x%lx", PAGE_OFFSET, (unsigned long)TASK_SIZE);
	md_last_claim()->secret = !classic;
}

static bool md_is_linear_api(const struct md_alloc *a)
{
	return a->ptr && a->region == MD_REGION_LINEAR;
}

/* Claim 5: linear-map blocks are contiguous and virt_to_phys is x - PAGE_OFFSET. */
static void md_claim_linear(void)
{
	unsigned int i, n = 0, contiguous = 0, offset_rule = 0;
	unsigned long offset = 0;
	const struct md_alloc *a;
	const char *note;

	for (i = 0; i < md_nr_allocs; i++) {
		a = &md_allocs[i];
		if (!md_is_linear_api(a))
			continue;
		n++;
		contiguous += a->runs == 1;
		offset = a->virt - (unsigned long)a->phys;
		offset_rule += offset == PAGE_OFFSET;
	}
	if (offset_rule == n)
		note = "every kmalloc and page block: one physical run, phys == virt - PAGE_OFFSET";
	else
		note = "contiguous, but virt - phys != PAGE_OFFSET: RAM starts above 0";
	md_claim(5, "000", n && contiguous == n && offset_rule == n ? MD_HOLDS : MD_DIFFERS, note,
		 "blocks:%u,contiguous:%u,phys==virt-PAGE_OFFSET:%u,virt-phys:0x%lx",
		 n, contiguous, offset_rule, offset);
	md_last_claim()->secret = true;
}

/*
 * Whether a vmalloc block begins with a whole high-order buddy block: its
 * first 2^k pages one physical run starting at a pfn aligned to 2^k, k the
 * largest order that fits the block.  Since 6.19 vmalloc asks the buddy
 * allocator for such blocks first and falls back to single pages; before,
 * it took page by page, and 16 or more pages lining up like that by chance
 * is rare.
 */
static bool md_vmalloc_high_order(const struct md_alloc *a)
{
	unsigned int k = min_t(unsigned int, ilog2(a->pages), MD_MAX_ORDER);
	unsigned long i, pfn0 = md_pfn_at(a, 0);

	if (!IS_ALIGNED(pfn0, 1UL << k))
		return false;
	for (i = 1; i < (1UL << k); i++)
		if (md_pfn_at(a, i) != pfn0 + i)
			return false;
	return true;
}

#define MD_HIGH_ORDER_MIN_PAGES	16

/*
 * Claim 6: vmalloc memory is in [VMALLOC_START, VMALLOC_END), has no fixed
 * virt-phys offset and is not (required to be) physically contiguous.
 */
static void md_claim_vmalloc(void)
{
	unsigned int i, n = 0, inside = 0, split = 0, large = 0, aligned = 0;
	unsigned long offset, first_offset = 0, pages = 0, runs = 0;
	bool offsets_vary = false;
	const struct md_alloc *a;

	for (i = 0; i < md_nr_allocs; i++) {
		a = &md_allocs[i];
		if (!a->ptr || a->region != MD_REGION_VMALLOC)
			continue;
		offset = a->virt - (unsigned long)a->phys;
		if (n++ == 0)
			first_offset = offset;
		offsets_vary |= offset != first_offset;
		inside += a->virt >= VMALLOC_START && a->virt < VMALLOC_END;
		split += a->runs > 1;
		pages += a->pages;
		runs += a->runs;
		if (a->pages >= MD_HIGH_ORDER_MIN_PAGES) {
			large++;
			aligned += md_vmalloc_high_order(a);
		}
	}
	if (n && inside == n && offsets_vary && split)
		md_claim(6, "000,002", MD_HOLDS,
			 "vmalloc blocks lie in the vmalloc area, are built from scattered pages and have no fixed virt-phys offset",
			 "blocks:%u,in-area:%u,split-blocks:%u,pages:%lu,runs:%lu,large-blocks:%u,high-order-aligned:%u",
			 n, inside, split, pages, runs, large, aligned);
	else if (n && inside == n && large && aligned == large)
		md_claim(6, "000,002", MD_DIFFERS,
			 "vmalloc blocks lie in the vmalloc area with no fixed virt-phys offset, but came back physically contiguous, made of aligned high-order blocks: vmalloc takes large orders first (6.19 and later), single pages only when those run out",
			 "blocks:%u,in-area:%u,split-blocks:%u,pages:%lu,runs:%lu,large-blocks:%u,high-order-aligned:%u",
			 n, inside, split, pages, runs, large, aligned);
	else if (n && inside == n)
		md_claim(6, "000,002", MD_NOT_DEMONSTRATED,
			 "every vmalloc block happened to be physically contiguous this time",
			 "blocks:%u,in-area:%u,split-blocks:%u,pages:%lu,runs:%lu,large-blocks:%u,high-order-aligned:%u",
			 n, inside, split, pages, runs, large, aligned);
	else
		md_claim(6, "000,002", MD_DIFFERS, "a vmalloc block lies outside the vmalloc area",
			 "blocks:%u,in-area:%u", n, inside);
}

/* Claim 7: __get_free_page < kmalloc < vmalloc, vmalloc above all linear addresses. */
static void md_claim_order_of_addresses(void)
{
	unsigned long page = md_allocs[MD_FREE_PAGE].virt;
	unsigned long kmem = md_allocs[MD_KMALLOC_SMALL].virt;
	unsigned long vmem = md_allocs[MD_VMALLOC_SMALL].virt;
	bool page_below = page < kmem, kmem_below = kmem < vmem;
	bool linear_below = (unsigned long)high_memory <= VMALLOC_START;

	md_claim(7, "000",
		 page_below && kmem_below && linear_below ? MD_HOLDS : MD_DIFFERS,
		 page_below ? "the three blocks ascend as the article drew them" :
			      "vmalloc lies above the linear map, but page and slab blocks share the linear map in no fixed order",
		 "free-page<kmalloc:%s,kmalloc<vmalloc:%s,high_memory<=VMALLOC_START:%s",
		 md_yes(page_below), md_yes(kmem_below), md_yes(linear_below));
}

/* Claim 8: VMALLOC_START is high_memory plus an 8 to 16 MiB gap. */
static void md_claim_vmalloc_gap(void)
{
	unsigned long hm = (unsigned long)high_memory;
	unsigned long gap = VMALLOC_START - hm;
	unsigned long f24 = (hm + 2 * SZ_8M - 1) & ~(SZ_8M - 1UL);
	bool small = gap >= SZ_8M && gap <= SZ_16M;
	const char *note;

	if (small)
		note = "a guard gap follows the linear map (2.4 rounded it to 8..16 MiB)";
	else
		note = "the vmalloc area lies far from the linear map on this architecture";
	md_claim(8, "000,001", small ? MD_HOLDS : MD_DIFFERS, note,
		 "gap:%lu,formula-2.4/2.6.9-gap:%lu", gap, f24 - hm);
}

/* Claim 9: a guard page follows each vmalloc area: two vmalloc(100) are 8 KiB apart. */
static void md_claim_guard_page(void)
{
	const struct md_alloc *a = &md_allocs[MD_GUARD_A];
	const struct md_alloc *b = &md_allocs[MD_GUARD_B];
	unsigned long expect = PAGE_ALIGN(a->size) + PAGE_SIZE;
	unsigned long apart = b->virt - a->virt;
	bool unmapped = !vmalloc_to_page((void *)(a->virt + PAGE_ALIGN(a->size)));
	const char *note;

	if (apart == expect && unmapped)
		note = "once holes are filled, vmalloc(100) areas lie a page + a guard page apart";
	else
		note = "no two vmalloc(100) in a row were placed one page plus a guard page apart";
	md_claim(9, "001", apart == expect && unmapped ? MD_HOLDS : MD_DIFFERS, note,
		 "apart:%lu,size-rounded+guard:%lu,page-after-area-mapped:%s,calls:%u", apart,
		 expect, md_yes(!unmapped), md_guard_calls);
}

/* Claim 10: 32-bit lowmem stops near 896 MiB, about 128 MiB kept for vmalloc. */
static void md_claim_lowmem(void)
{
	unsigned long lowmem = (unsigned long)high_memory - PAGE_OFFSET;
	unsigned long area = VMALLOC_END - VMALLOC_START;
	unsigned long high = totalhigh_pages();

	if (!IS_ENABLED(CONFIG_HIGHMEM))
		md_claim(10, "001", MD_DIFFERS,
			 "no highmem: the linear map covers all of RAM and the vmalloc area is far larger than 128 MiB",
			 "lowmem:%lu,highmem:0,vmalloc-area:%lu", lowmem, area);
	else if (!high)
		md_claim(10, "001", MD_NOT_DEMONSTRATED,
			 "all RAM fits in lowmem: boot with more than 896 MiB to see the cap",
			 "lowmem:%lu,highmem:0,vmalloc-area:%lu", lowmem, area);
	else
		md_claim(10, "001",
			 lowmem >= SZ_512M + SZ_256M && lowmem <= SZ_512M + SZ_256M + SZ_128M &&
			 area >= SZ_64M && area <= SZ_128M + SZ_32M ? MD_HOLDS : MD_DIFFERS,
			 "lowmem is capped below 896 MiB, the rest of RAM is highmem, the vmalloc area takes most of the last 128 MiB",
			 "lowmem:%lu,highmem:%lu,vmalloc-area:%lu", lowmem, high << PAGE_SHIFT,
			 area);
}

/* Claim 14: kmalloc sits on the slab allocator, which takes pages from the buddy allocator. */
static void md_claim_slab(void)
{
	bool small = md_on_slab(md_allocs[MD_KMALLOC_SMALL].ptr);
	bool big = md_on_slab(md_allocs[MD_KMALLOC_BIG].ptr);

	md_claim(14, "002", small ? MD_HOLDS : MD_DIFFERS,
		 big ? "both blocks sit on slab pages" :
		       "small kmalloc blocks sit on slab pages; above KMALLOC_MAX_CACHE_SIZE kmalloc takes pages straight from the buddy allocator",
		 "kmalloc-%zu-on-slab-page:%s,kmalloc-%zu-on-slab-page:%s",
		 md_allocs[MD_KMALLOC_SMALL].size, md_yes(small),
		 md_allocs[MD_KMALLOC_BIG].size, md_yes(big));
}

/* Claim 15: get_zeroed_page clears its page; __get_free_page does not. */
#define MD_ZERO_TRIES 8
static void md_claim_zeroing(void)
{
	bool init_on_alloc = want_init_on_alloc(GFP_KERNEL);
	bool zeroed_ok = md_allocs[MD_ZEROED_PAGE].zeroed;
	unsigned long pfn = 0, again = 1;
	struct page *page = NULL;
	bool came_zeroed = false;
	unsigned int tries;
	void *p = NULL;

	/*
	 * The page just freed sits on this CPU's per-cpu list and is normally
	 * the next one handed out; stay on this CPU and try a few times in
	 * case an interrupt takes it first.
	 */
	for (tries = 0; tries < MD_ZERO_TRIES; tries++) {
		migrate_disable();
		page = alloc_page(MD_GFP_PINNED);
		if (!page) {
			migrate_enable();
			break;
		}
		pfn = page_to_pfn(page);
		memset(page_address(page), 0xa5, PAGE_SIZE);
		__free_page(page);
		p = (void *)__get_free_page(MD_GFP_PINNED);
		migrate_enable();
		if (!p)
			break;
		again = page_to_pfn(virt_to_page(p));
		came_zeroed = !memchr_inv(p, 0, PAGE_SIZE);
		free_page((unsigned long)p);
		if (again == pfn)
			break;
	}
	if (!page || !p) {
		md_claim(15, "002", MD_NOT_DEMONSTRATED, "no page to dirty", "init_on_alloc:%d",
			 init_on_alloc);
		return;
	}
	if (again != pfn)
		md_claim(15, "002", MD_NOT_DEMONSTRATED,
			 "the dirtied page did not come back at once",
			 "init_on_alloc:%d,get_zeroed_page-zeroed:%d,same-page:no", init_on_alloc,
			 zeroed_ok);
	else if (came_zeroed)
		md_claim(15, "002", MD_DIFFERS,
			 init_on_alloc ? "init_on_alloc=1 zeroes every page it hands out" :
			 "the dirtied page came back zeroed",
			 "init_on_alloc:%d,get_zeroed_page-zeroed:%d,dirty-page-came-back-zeroed:yes",
			 init_on_alloc, zeroed_ok);
	else
		md_claim(15, "002", zeroed_ok ? MD_HOLDS : MD_DIFFERS,
			 "a page dirtied and freed came back from __get_free_page still dirty; get_zeroed_page's was zero",
			 "init_on_alloc:%d,get_zeroed_page-zeroed:%d,dirty-page-came-back-zeroed:no",
			 init_on_alloc, zeroed_ok);
}

/*
 * Claim 16: vmalloc costs far more than __get_free_pages ("far": at least
 * twice).  The rounds come in batches, a page batch then a vmalloc batch,
 * each batch giving one ratio.  The verdict is holds or differs only when
 * every batch's ratio lies on the same side of 2; when the batches straddle
 * it the measurement cannot decide (vfree's lazy purges, an emulated CPU's
 * page zeroing or another guest's load move single batches), and the claim
 * says so with the spread.
 */
#define MD_COST_BATCHES	5
#define MD_COST_ROUNDS	40	/* per batch */
#define MD_COST_FAR_X100	200

static int md_cost_batch(bool vm, u64 *ns)
{
	unsigned int i;
	u64 t0;
	void *p;

	t0 = ktime_get_ns();
	for (i = 0; i < MD_COST_ROUNDS; i++) {
		p = vm ? vmalloc(PAGE_SIZE) : (void *)__get_free_page(MD_GFP);
		if (!p)
			return -ENOMEM;
		if (vm)
			vfree(p);
		else
			free_page((unsigned long)p);
	}
	*ns = max_t(u64, ktime_get_ns() - t0, 1);
	return 0;
}

/* Claim 16's notes: holds, differs, inconclusive. */
static const char * const md_cost_notes[] = {
	"alloc+free of one page: vmalloc, which must also find address space and map it, cost at least twice as much in every batch",
	"alloc+free of one page: vmalloc cost less than twice __get_free_page in every batch",
	"alloc+free of one page: the batches' ratios straddle 2, so this boot cannot say whether vmalloc costs twice as much",
};

static void md_claim_cost(void)
{
	u64 pg, vm, t_pg = 0, t_vm = 0, r, lo = U64_MAX, hi = 0;
	enum md_verdict verdict;
	const char *note;
	unsigned int b;

	for (b = 0; b < MD_COST_BATCHES; b++) {
		if (md_cost_batch(false, &pg) || md_cost_batch(true, &vm))
			goto out_failed;
		t_pg += pg;
		t_vm += vm;
		r = div64_u64(vm * 100, pg);
		lo = min(lo, r);
		hi = max(hi, r);
	}
	if (lo >= MD_COST_FAR_X100)
		verdict = MD_HOLDS;
	else if (hi < MD_COST_FAR_X100)
		verdict = MD_DIFFERS;
	else
		verdict = MD_INCONCLUSIVE;
	note = md_cost_notes[verdict == MD_HOLDS ? 0 : verdict == MD_DIFFERS ? 1 : 2];
	md_claim(16, "002", verdict, note,
		 "vmalloc+vfree-ns:%llu,get_free_page+free_page-ns:%llu,ratio-x100:%llu,batch-ratio-x100-min:%llu,batch-ratio-x100-max:%llu,batches:%u",
		 div_u64(t_vm, MD_COST_BATCHES * MD_COST_ROUNDS),
		 div_u64(t_pg, MD_COST_BATCHES * MD_COST_ROUNDS),
		 div64_u64(t_vm * 100, t_pg), lo, hi, MD_COST_BATCHES);
	return;

out_failed:
	md_claim(16, "002", MD_NOT_DEMONSTRATED, "an allocation failed during timing",
		 "batch:%u", b);
}

/*
 * Claim 17: vmalloc must not be called in atomic context.  Where the
 * kernel's __vmalloc() takes GFP_ATOMIC (MD_HAVE_VMALLOC_NOBLOCK, 6.19)
 * memdemo measures it as the kernel's own test_vmalloc does: one call
 * while holding a spinlock, in process context.  Interrupt context stays
 * excluded (__vmalloc_node_range() says so, and the vmap locks are not
 * taken with interrupts or softirqs off), so not from the timer callback.
 * Elsewhere the call is a bug, described and not committed.
 */
#define MD_ATOMIC_VMALLOC_SIZE	(4 * PAGE_SIZE)

#ifdef MD_HAVE_VMALLOC_NOBLOCK
static DEFINE_SPINLOCK(md_atomic_lock);

/* Not inlined: /proc/vmallocinfo names the caller while the area lives. */
static noinline void md_claim_vmalloc_atomic(void)
{
	unsigned long i, runs = 0, prev = 0, pfn, mapped = 0;
	struct md_context ctx;
	bool atomic;
	void *p;

	spin_lock(&md_atomic_lock);
	md_context_record(&ctx, "spinlock");
	p = __vmalloc(MD_ATOMIC_VMALLOC_SIZE, MD_GFP_ATOMIC);
	spin_unlock(&md_atomic_lock);
	/* A spinlock_t is atomic context except on PREEMPT_RT, where it sleeps. */
	atomic = !IS_ENABLED(CONFIG_PREEMPT_RT);

	if (!p) {
		md_claim(17, "002", MD_NOT_DEMONSTRATED,
			 "this kernel's __vmalloc() takes GFP_ATOMIC, but the call under a spinlock found no memory",
			 "nonblocking-vmalloc:yes,atomic:%s,preempt:0x%x,vmalloc-GFP_ATOMIC:failed",
			 md_yes(atomic), ctx.preempt_count);
		return;
	}
	for (i = 0; i < MD_ATOMIC_VMALLOC_SIZE >> PAGE_SHIFT; i++) {
		pfn = vmalloc_to_pfn(p + i * PAGE_SIZE);
		mapped += pfn != 0;
		if (!i || pfn != prev + 1)
			runs++;
		prev = pfn;
	}
	if (atomic && md_region_of((unsigned long)p) == MD_REGION_VMALLOC &&
	    mapped == i)
		md_claim(17, "002", MD_DIFFERS,
			 "since 6.19 __vmalloc() takes GFP_ATOMIC and GFP_NOWAIT: it served a call made holding a spinlock (preemption off); interrupt context is still excluded",
			 "nonblocking-vmalloc:yes,atomic:yes,preempt:0x%x,vmalloc-GFP_ATOMIC:ok,region:%s,pages:%lu,mapped:%lu,runs:%lu",
			 ctx.preempt_count, md_region_names[md_region_of((unsigned long)p)],
			 i, mapped, runs);
	else if (!atomic)
		md_claim(17, "002", MD_NOT_DEMONSTRATED,
			 "PREEMPT_RT: holding a spinlock is not atomic context (spinlocks sleep), and a truly atomic section must not allocate at all there",
			 "nonblocking-vmalloc:yes,atomic:no,preempt:0x%x,vmalloc-GFP_ATOMIC:ok,region:%s,pages:%lu,mapped:%lu",
			 ctx.preempt_count, md_region_names[md_region_of((unsigned long)p)],
			 i, mapped);
	else
		md_claim(17, "002", MD_DIFFERS,
			 "__vmalloc(GFP_ATOMIC) under a spinlock returned memory, but not a fully mapped block of the vmalloc area",
			 "nonblocking-vmalloc:yes,atomic:yes,preempt:0x%x,vmalloc-GFP_ATOMIC:odd,region:%s,pages:%lu,mapped:%lu",
			 ctx.preempt_count, md_region_names[md_region_of((unsigned long)p)],
			 i, mapped);
	vfree(p);
}
#else
static void md_claim_vmalloc_atomic(void)
{
	md_claim(17, "002", MD_NOT_DEMONSTRATED,
		 "vmalloc may sleep here (it allocates its area and page tables with GFP_KERNEL; __vmalloc() takes no GFP_ATOMIC before 6.19): calling it in atomic context is a bug memdemo describes, not commits",
		 "nonblocking-vmalloc:no,vmalloc-gfp-may-sleep:%s",
		 md_yes(gfpflags_allow_blocking(GFP_KERNEL)));
}
#endif

/* Claim 18: a kmem_cache serves same-size objects; a mempool keeps a reserve. */
static void md_claim_pool(void)
{
	int reserve = READ_ONCE(md_pool->curr_nr);

	md_claim(18, "002", reserve == md_pool->min_nr ? MD_HOLDS : MD_DIFFERS,
		 "the pool holds min_nr objects back; mempool_alloc took its object from the cache, leaving the reserve whole",
		 "object-size:%u,reserve:%d,min_nr:%d", kmem_cache_size(md_cache), reserve,
		 md_pool->min_nr);
}

/* Claim 19: __GFP_DMA gives memory below 16 MiB; __GFP_HIGHMEM allows highmem. */
static void md_claim_zones(void)
{
	const struct md_alloc *dma = &md_allocs[MD_DMA_PAGE];
	const struct md_alloc *hi = &md_allocs[MD_HIGHMEM_PAGE];
	unsigned long long dma_end = 0;
	bool dma_low, high_ok;

	if (dma->ptr)
		dma_end = (unsigned long long)zone_end_pfn(page_zone(dma->page)) << PAGE_SHIFT;
	dma_low = dma->ptr && dma_end <= SZ_16M && dma->phys < SZ_16M;
	high_ok = hi->ptr && hi->highmem;
	md_claim(19, "000", dma_low && high_ok ? MD_HOLDS : MD_DIFFERS,
		 !dma->ptr ? "this kernel has no ZONE_DMA" :
		 !dma_low ? "ZONE_DMA here is not the ISA 16 MiB zone" :
		 high_ok ? "ZONE_DMA ends at 16 MiB and a GFP_HIGHUSER page came from highmem" :
			   "ZONE_DMA ends at 16 MiB, but no page came from highmem (none on this kernel or machine)",
		 "dma-zone-end:0x%llx,dma-page-below-16MiB:%s,highmem-page:%s", dma_end,
		 md_yes(dma_low), md_yes(high_ok));
}

/* Claim 20: __GFP_COLD and __GFP_REPEAT exist. */
static void md_claim_old_flags(void)
{
#ifdef MD_HAVE_GFP_COLD
	bool cold = true;
#else
	bool cold = false;
#endif
#ifdef MD_HAVE_GFP_REPEAT
	bool repeat = true;
#else
	bool repeat = false;
#endif

	md_claim(20, "000", cold && repeat ? MD_HOLDS : MD_DIFFERS,
		 "__GFP_REPEAT went in 4.13 (replaced by __GFP_RETRY_MAYFAIL), __GFP_COLD in 4.15 (the cold-page hint was dropped)",
		 "__GFP_COLD:%s,__GFP_REPEAT:%s,__GFP_RETRY_MAYFAIL:%s", md_yes(cold),
		 md_yes(repeat), md_yes(__GFP_RETRY_MAYFAIL != 0));
}

/* Measures every claim the kernel side can; 11, 12 and 13 are user space's. */
static void md_claims_measure(void)
{
	md_nr_claims = 0;
	md_claim_gfp_context();
	md_claim_kmalloc_limit();
	md_claim_max_order();
	md_claim_page_offset();
	md_claim_linear();
	md_claim_vmalloc();
	md_claim_order_of_addresses();
	md_claim_vmalloc_gap();
	md_claim_guard_page();
	md_claim_lowmem();
	md_claim_slab();
	md_claim_zeroing();
	md_claim_cost();
	md_claim_vmalloc_atomic();
	md_claim_pool();
	md_claim_zones();
	md_claim_old_flags();
	md_claim(21, "002", MD_NOT_DEMONSTRATED,
		 "free_pages with another order than was allocated corrupts the buddy lists: a bug memdemo describes, not commits",
		 "order-freed-as-allocated:%s", "yes");
}

static void md_claims_summary(void)
{
	unsigned int i, n[MD_NR_VERDICTS] = { 0 };

	for (i = 0; i < md_nr_claims; i++)
		n[md_claims[i].verdict]++;
	pr_info("claims: %u measured: %u hold, %u differ, %u not demonstrated, %u inconclusive (details in /proc/memdemo)\n",
		md_nr_claims, n[MD_HOLDS], n[MD_DIFFERS], n[MD_NOT_DEMONSTRATED],
		n[MD_INCONCLUSIVE]);
}

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

static gfp_t md_cmd_gfp_mask(unsigned int bits)
{
	gfp_t gfp = __GFP_NOWARN;

	if (bits & MD_CMD_GFP_KERNEL)
		gfp |= GFP_KERNEL;
	if (bits & MD_CMD_GFP_ATOMIC)
		gfp |= GFP_ATOMIC;
	if (bits & MD_CMD_GFP_NOWAIT)
		gfp |= GFP_NOWAIT;
	if (bits & MD_CMD_GFP_ZERO)
		gfp |= __GFP_ZERO;
	if (bits & MD_CMD_GFP_NORETRY)
		gfp |= __GFP_NORETRY;
	if (bits & MD_CMD_GFP_DMA)
		gfp |= __GFP_DMA;
	if (bits & MD_CMD_GFP_DMA32)
		gfp |= __GFP_DMA32;
	if (bits & MD_CMD_GFP_HIGHMEM)
		gfp |= __GFP_HIGHMEM;
	return gfp;
}

/* Called with md_lock held. */
static int md_lab_alloc(const struct md_cmd *cmd)
{
	struct md_lab *lab;
	size_t size;
	int ret;

	if (cmd->api == MD_API_ALLOC_PAGES || cmd->api == MD_API_FREE_PAGES)
		size = PAGE_SIZE << cmd->order;
	else if (cmd->api == MD_API_CACHE)
		size = cache_size;
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
		.gfp = cmd->api == MD_API_VMALLOC ? GFP_KERNEL :
		       cmd->api == MD_API_VZALLOC ? GFP_KERNEL | __GFP_ZERO :
		       md_cmd_gfp_mask(cmd->gfp),
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

/* ---- The benchmark: cost of alloc, free and the pair, by size ----------- */

#define MD_BENCH_CELLS		32
#define MD_BENCH_SAMPLES	64
#define MD_BENCH_MIN_SAMPLES	8
#define MD_BENCH_WARMUP		4
#define MD_BENCH_CELL_NS	(250 * NSEC_PER_MSEC)

enum { MD_STAT_MIN, MD_STAT_MEDIAN, MD_STAT_P99, MD_STAT_MEAN, MD_NR_STATS };

struct md_bench_cell {
	enum md_api api;
	size_t size;
	unsigned int order;
	unsigned int samples;
	u64 alloc[MD_NR_STATS], free[MD_NR_STATS], pair[MD_NR_STATS];
};

static struct md_bench_cell md_bench[MD_BENCH_CELLS];
static unsigned int md_nr_bench;
static u64 md_bench_overhead, md_bench_ms, md_bench_loop_ns;
static DEFINE_MUTEX(md_bench_running);

static int md_u64_cmp(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static void md_stats(u64 *v, unsigned int n, u64 *stats)
{
	u64 sum = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		sum += v[i];
	stats[MD_STAT_MEAN] = div_u64(sum, n);
	sort(v, n, sizeof(*v), md_u64_cmp, NULL);
	stats[MD_STAT_MIN] = v[0];
	stats[MD_STAT_MEDIAN] = v[n / 2];
	stats[MD_STAT_P99] = v[(n * 99 + 99) / 100 - 1];
}

static u64 md_minus_overhead(u64 t, u64 overhead)
{
	return t > overhead ? t - overhead : 0;
}

/* The median cost of reading the clock, subtracted from every sample. */
static u64 md_timer_overhead(u64 *v)
{
	unsigned int i;
	u64 stats[MD_NR_STATS];

	for (i = 0; i < MD_BENCH_SAMPLES; i++) {
		u64 t0 = ktime_get_ns();

		v[i] = ktime_get_ns() - t0;
	}
	md_stats(v, MD_BENCH_SAMPLES, stats);
	return stats[MD_STAT_MEDIAN];
}

/* Times one cell: warm-up, then samples until the count or the time is reached. */
static int md_bench_cell(struct md_bench_cell *cell, u64 *va, u64 *vf, u64 *vp)
{
	struct md_alloc a = {
		.name = "bench", .api = cell->api, .size = cell->size, .order = cell->order,
		.gfp = cell->api == MD_API_VMALLOC ? GFP_KERNEL : MD_GFP,
	};
	u64 t0, t1, t2, start = ktime_get_ns();
	unsigned int i, n = 0;

	for (i = 0; i < MD_BENCH_WARMUP + MD_BENCH_SAMPLES; i++) {
		t0 = ktime_get_ns();
		if (md_take(&a))
			return -ENOMEM;
		t1 = ktime_get_ns();
		md_release(&a);
		t2 = ktime_get_ns();
		if (i >= MD_BENCH_WARMUP) {
			va[n] = md_minus_overhead(t1 - t0, md_bench_overhead);
			vf[n] = md_minus_overhead(t2 - t1, md_bench_overhead);
			vp[n] = md_minus_overhead(t2 - t0, md_bench_overhead);
			n++;
		}
		cond_resched();
		if (n >= MD_BENCH_MIN_SAMPLES && t2 - start > MD_BENCH_CELL_NS)
			break;
	}
	cell->samples = n;
	md_stats(va, n, cell->alloc);
	md_stats(vf, n, cell->free);
	md_stats(vp, n, cell->pair);
	return 0;
}

static void md_bench_add(struct md_bench_cell *cells, unsigned int *n, enum md_api api,
			 size_t size, unsigned int order)
{
	if (*n < MD_BENCH_CELLS)
		cells[(*n)++] = (struct md_bench_cell) {
			.api = api, .size = size, .order = order,
		};
}

static unsigned int md_bench_plan(struct md_bench_cell *cells)
{
	static const unsigned int orders[] = { 0, 1, 2, 3, 4, 6, 8 };
	unsigned int i, n = 0;
	size_t s;

	for (s = 8; s < KMALLOC_MAX_SIZE; s <<= 3)
		md_bench_add(cells, &n, MD_API_KMALLOC, s, 0);
	md_bench_add(cells, &n, MD_API_KMALLOC, KMALLOC_MAX_SIZE, 0);
	md_bench_add(cells, &n, MD_API_CACHE, cache_size, 0);
	for (i = 0; i < ARRAY_SIZE(orders) && orders[i] < MD_MAX_ORDER; i++)
		md_bench_add(cells, &n, MD_API_ALLOC_PAGES, PAGE_SIZE << orders[i], orders[i]);
	md_bench_add(cells, &n, MD_API_ALLOC_PAGES, PAGE_SIZE << MD_MAX_ORDER, MD_MAX_ORDER);
	for (s = PAGE_SIZE; s <= SZ_4M; s <<= 4)
		md_bench_add(cells, &n, MD_API_VMALLOC, s, 0);
	md_bench_add(cells, &n, MD_API_VMALLOC, SZ_4M, 0);
	for (s = PAGE_SIZE; s <= SZ_4M; s <<= 4)
		md_bench_add(cells, &n, MD_API_KVMALLOC, s, 0);
	md_bench_add(cells, &n, MD_API_KVMALLOC, 2 * KMALLOC_MAX_SIZE, 0);
	return n;
}

/*
 * One page's vmalloc, a write to it and vfree, MD_BENCH_LOOPS times in a
 * row and timed as a whole, as the kernel's own test_vmalloc
 * (fix_size_alloc_test) times it: the mean per round then carries vfree's
 * lazily batched purges in their true share, which per-round samples catch
 * or miss.  make bench holds it to test_vmalloc in the same boot.
 */
#define MD_BENCH_LOOPS	2000

static int md_bench_loop(u64 *mean)
{
	unsigned int i;
	u64 t0 = ktime_get_ns();
	u8 *p;

	for (i = 0; i < MD_BENCH_LOOPS; i++) {
		p = vmalloc(PAGE_SIZE);
		if (!p)
			return -ENOMEM;
		*p = 0;
		vfree(p);
	}
	*mean = div_u64(ktime_get_ns() - t0, MD_BENCH_LOOPS);
	return 0;
}

/* Runs the whole benchmark outside md_lock, then publishes it under it. */
static int md_bench_run(void)
{
	struct md_bench_cell *cells;
	unsigned int i, n;
	u64 *v, start, loop = 0;
	int ret = 0;

	if (!mutex_trylock(&md_bench_running))
		return -EBUSY;
	cells = kcalloc(MD_BENCH_CELLS, sizeof(*cells), GFP_KERNEL);
	v = kcalloc(3 * MD_BENCH_SAMPLES, sizeof(*v), GFP_KERNEL);
	if (!cells || !v) {
		ret = -ENOMEM;
		goto out_free;
	}
	start = ktime_get_ns();
	md_bench_overhead = md_timer_overhead(v);
	n = md_bench_plan(cells);
	for (i = 0; i < n && !ret; i++)
		ret = md_bench_cell(&cells[i], v, v + MD_BENCH_SAMPLES, v + 2 * MD_BENCH_SAMPLES);
	if (!ret)
		ret = md_bench_loop(&loop);
	if (!ret) {
		mutex_lock(&md_lock);
		memcpy(md_bench, cells, n * sizeof(*cells));
		md_nr_bench = n;
		md_bench_loop_ns = loop;
		md_bench_ms = div_u64(ktime_get_ns() - start, NSEC_PER_MSEC);
		mutex_unlock(&md_lock);
		pr_info("bench: %u cells in %llu ms\n", n, md_bench_ms);
	}
out_free:
	kfree(v);
	kfree(cells);
	mutex_unlock(&md_bench_running);
	return ret;
}

/* The [lab] and [bench] sections.  Called with md_lock held. */
static void md_lab_show(struct seq_file *m, bool real)
{
	static const char * const stat[] = { "min", "med", "p99", "mean" };
	char line[MD_LINE_MAX];
	struct md_lab *lab;
	unsigned int i, s;

	seq_puts(m, "[lab]\n");
	seq_printf(m, "lab total=%zu max=%lu next_id=%lu\n", md_lab_total, lab_max,
		   md_lab_next_id);
	list_for_each_entry(lab, &md_lab_list, node) {
		md_alloc_format(line, sizeof(line), &lab->a, real);
		seq_printf(m, "%s\n", line);
	}
	seq_puts(m, "[bench]\n");
	if (!md_nr_bench)
		return;
	seq_printf(m, "bench-info timer_overhead_ns=%llu total_ms=%llu cells=%u\n",
		   md_bench_overhead, md_bench_ms, md_nr_bench);
	for (i = 0; i < md_nr_bench; i++) {
		const struct md_bench_cell *b = &md_bench[i];

		seq_printf(m, "bench api=%s size=%zu order=%u samples=%u", md_api_names[b->api],
			   b->size, b->order, b->samples);
		for (s = 0; s < MD_NR_STATS; s++)
			seq_printf(m, " alloc_%s=%llu", stat[s], b->alloc[s]);
		for (s = 0; s < MD_NR_STATS; s++)
			seq_printf(m, " free_%s=%llu", stat[s], b->free[s]);
		for (s = 0; s < MD_NR_STATS; s++)
			seq_printf(m, " pair_%s=%llu", stat[s], b->pair[s]);
		seq_puts(m, "\n");
	}
	seq_printf(m, "bench-loop api=vmalloc size=%lu loops=%u pair_mean=%llu\n",
		   PAGE_SIZE, MD_BENCH_LOOPS, md_bench_loop_ns);
}

static ssize_t md_write(struct file *file, const char __user *ubuf, size_t len, loff_t *ppos)
{
	const struct md_cmd_limits lim = {
		.kmalloc_max = KMALLOC_MAX_SIZE, .vmalloc_max = lab_max,
		.max_order = MD_MAX_ORDER,
	};
	char buf[MD_CMD_MAX + 1];
	struct md_cmd cmd;
	int ret;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (!len || len > MD_CMD_MAX)
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	ret = md_cmd_parse(buf, len, &lim, &cmd);
	if (ret)
		return ret;

	if (cmd.op == MD_CMD_BENCH) {
		ret = md_bench_run();
	} else {
		mutex_lock(&md_lock);
		if (cmd.op == MD_CMD_ALLOC)
			ret = md_lab_alloc(&cmd);
		else if (cmd.op == MD_CMD_FREE)
			ret = md_lab_free(cmd.id);
		else
			md_lab_free_all();
		mutex_unlock(&md_lock);
	}
	return ret ? ret : len;
}

/* ---- /proc/memdemo ------------------------------------------------------ */

static int md_show(struct seq_file *m, void *v)
{
	/* Real addresses only for an opener with CAP_SYSLOG, as %pK does. */
	bool real = file_ns_capable(m->file, &init_user_ns, CAP_SYSLOG);
	char line[MD_LINE_MAX];
	unsigned int i;

	seq_printf(m, "memdemo %s on %s %s\n", MEMDEMO_VERSION,
		   init_utsname()->release, init_utsname()->machine);
	if (!real)
		seq_puts(m, "# addresses hidden: reading them needs CAP_SYSLOG\n");
	seq_puts(m, "[layout]\n");
	for (i = 0; i < md_nr_layout; i++) {
		md_var_format(line, sizeof(line), &md_layout[i], real);
		seq_printf(m, "%s\n", line);
	}
	seq_puts(m, "[regions]\n");
	for (i = 0; i < md_nr_spans; i++) {
		md_span_format(line, sizeof(line), &md_spans[i], real);
		seq_printf(m, "%s\n", line);
	}
	seq_puts(m, "[allocations]\n");
	for (i = 0; i < md_nr_allocs; i++) {
		if (!md_allocs[i].ptr)
			continue;
		md_alloc_format(line, sizeof(line), &md_allocs[i], real);
		seq_printf(m, "%s\n", line);
	}
	seq_puts(m, "[claims]\n");
	for (i = 0; i < md_nr_claims; i++) {
		md_claim_format(line, sizeof(line), &md_claims[i], real);
		seq_printf(m, "%s\n", line);
	}
	md_tables_show(m);
	mutex_lock(&md_lock);
	md_lab_show(m, real);
	mutex_unlock(&md_lock);
	return 0;
}

static int md_open(struct inode *inode, struct file *file)
{
	return single_open(file, md_show, NULL);
}

static const struct proc_ops md_proc_ops = {
	.proc_open	= md_open,
	.proc_read	= seq_read,
	.proc_lseek	= seq_lseek,
	.proc_write	= md_write,
	.proc_release	= single_release,
};

/* ---- Load and unload ---------------------------------------------------- */

static void md_print_all(void)
{
	char line[MD_LINE_MAX];
	unsigned int i;

	for (i = 0; i < md_nr_layout; i++) {
		md_var_format(line, sizeof(line), &md_layout[i], true);
		pr_info("%s\n", line);
	}
	for (i = 0; i < md_nr_spans; i++) {
		md_span_format(line, sizeof(line), &md_spans[i], true);
		pr_info("%s\n", line);
	}
	for (i = 0; i < md_nr_allocs; i++) {
		if (!md_allocs[i].ptr)
			continue;
		md_alloc_format(line, sizeof(line), &md_allocs[i], true);
		pr_info("%s\n", line);
	}
}

static int __init memdemo_init(void)
{
	unsigned int i;
	int ret;

	ret = md_check_params();	/* also plans the load: md_plan() */
	if (ret)
		return ret;

	pr_info("memdemo %s on %s %s\n", MEMDEMO_VERSION,
		init_utsname()->release, init_utsname()->machine);
	pr_notice("prints real kernel addresses, which reveal the KASLR offset: load it only on machines for learning or testing\n");
	md_report_fitted();
	md_layout_collect();
	md_spans_collect();

	md_cache = kmem_cache_create("memdemo_obj", cache_size, 0, SLAB_NO_MERGE, NULL);
	if (!md_cache) {
		pr_err("kmem_cache_create of memdemo_obj failed\n");
		return -ENOMEM;
	}
	md_pool = mempool_create_slab_pool(pool_min, md_cache);
	if (!md_pool) {
		pr_err("mempool_create_slab_pool with %lu reserved failed\n", pool_min);
		ret = -ENOMEM;
		goto out_destroy_cache;
	}

	for (i = 0; i < MD_NR_PROCESS; i++)
		md_context_record(&md_allocs[i].ctx, "process");
	ret = md_take_slots(0, MD_NR_PROCESS);
	if (ret)
		goto out_destroy_pool;
	ret = md_take_atomic();
	if (ret)
		goto out_release_process;
	for (i = MD_NR_ATOMIC; i < MD_NR_SLOTS; i++)
		md_context_record(&md_allocs[i].ctx, "process");
	ret = md_take_zones();
	if (ret)
		goto out_release_atomic;
	ret = md_take_guard_pair();
	if (ret)
		goto out_release_zones;

	md_nr_allocs = MD_NR_SLOTS;
	for (i = 0; i < md_nr_allocs; i++)
		if (md_allocs[i].ptr)
			md_describe(&md_allocs[i]);
	md_print_all();
	md_claims_measure();
	md_claims_summary();
	md_tables_measure();

	/* Last: the interface appears only once everything behind it is ready. */
	md_proc = proc_create("memdemo", 0644, NULL, &md_proc_ops);
	if (!md_proc) {
		pr_err("cannot create /proc/memdemo\n");
		ret = -ENOMEM;
		goto out_release_guard_pair;
	}
	return 0;

out_release_guard_pair:
	md_nr_allocs = 0;
	md_release_slots(MD_GUARD_A, MD_NR_SLOTS);
out_release_zones:
	md_release_zones();
out_release_atomic:
	md_release_slots(MD_NR_PROCESS, MD_NR_ATOMIC);
out_release_process:
	md_release_slots(0, MD_NR_PROCESS);
out_destroy_pool:
	mempool_destroy(md_pool);
out_destroy_cache:
	kmem_cache_destroy(md_cache);
	return ret;
}

static void __exit memdemo_exit(void)
{
	size_t bytes = 0;
	unsigned int i, n = 0;

	/* First: no reader or writer may see what is about to be freed. */
	proc_remove(md_proc);
	if (md_lab_free_all())
		pr_info("freed the lab's allocations\n");

	for (i = 0; i < md_nr_allocs; i++) {
		if (md_allocs[i].ptr) {
			bytes += md_allocs[i].reserved;
			n++;
		}
	}
	md_nr_allocs = 0;
	md_release_slots(MD_GUARD_A, MD_NR_SLOTS);
	md_release_zones();
	md_release_slots(MD_NR_PROCESS, MD_NR_ATOMIC);
	md_release_slots(0, MD_NR_PROCESS);
	mempool_destroy(md_pool);
	kmem_cache_destroy(md_cache);
	pr_info("freed %u allocations, %zu bytes reserved, the memdemo_obj mempool and cache\n",
		n, bytes);
}

module_init(memdemo_init);
module_exit(memdemo_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("memdemo developers");
MODULE_DESCRIPTION("Shows what kmalloc, the page allocator and vmalloc hand out, and where it lives");
MODULE_VERSION(MEMDEMO_VERSION);
