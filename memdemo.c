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
#include <linux/mempool.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/preempt.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timer.h>
#include <linux/utsname.h>
#include <linux/vmalloc.h>
#include <asm/page.h>
#include <asm/pgtable.h>

#include "memdemo.h"

/* Module parameters: all read-only once loaded, all checked at load. */
static unsigned long kmalloc_size = 100;
module_param(kmalloc_size, ulong, 0444);
MODULE_PARM_DESC(kmalloc_size, "bytes for the small kmalloc and the kzalloc (1..KMALLOC_MAX_SIZE, default 100)");

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

static unsigned long vmalloc_big = 1024 * 1024;
module_param(vmalloc_big, ulong, 0444);
MODULE_PARM_DESC(vmalloc_big, "bytes for the multi-page vmalloc (1..total_max, default 1 MiB)");

static unsigned long kvmalloc_small = 2048;
module_param(kvmalloc_small, ulong, 0444);
MODULE_PARM_DESC(kvmalloc_small, "bytes for the kvmalloc that kmalloc serves (1..KMALLOC_MAX_CACHE_SIZE, default 2048)");

static unsigned long kvmalloc_big = 8 * 1024 * 1024;
module_param(kvmalloc_big, ulong, 0444);
MODULE_PARM_DESC(kvmalloc_big, "bytes for the kvmalloc that falls back to vmalloc (KMALLOC_MAX_SIZE+1..total_max, default 8 MiB)");

static unsigned long total_max = 64 * 1024 * 1024;
module_param(total_max, ulong, 0444);
MODULE_PARM_DESC(total_max, "cap on all bytes memdemo asks for at load (1 MiB..half of RAM, default 64 MiB)");

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
	MD_VMALLOC_BIG,
	MD_VZALLOC,
	MD_KVMALLOC_SMALL,
	MD_KVMALLOC_BIG,
	MD_NR_PROCESS,			/* the above: process context */
	MD_ATOMIC_KMALLOC = MD_NR_PROCESS,
	MD_ATOMIC_PAGE,
	MD_NR_ATOMIC,			/* the above: timer callback */
	MD_DMA_PAGE = MD_NR_ATOMIC,
	MD_DMA32_PAGE,
	MD_HIGHMEM_PAGE,
	MD_NR_SLOTS			/* the above: one page per zone */
};

#define MD_GFP		(GFP_KERNEL | __GFP_NOWARN)
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
#if defined(CONFIG_X86_32)
	md_var_add("fixaddr_start", MD_VAR_ADDR, FIXADDR_START, NULL);
#else
	md_var_add("fixaddr_start", MD_VAR_NONE, 0, "not a 32-bit x86 kernel");
#endif
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
#ifdef CONFIG_X86_32
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

#define MD_LINE_MAX 512

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

/* Fills in where a freshly allocated block lives.  Reads it, never writes. */
static void md_describe(struct md_alloc *a)
{
	unsigned long i, pfn, prev = 0;
	struct page *first;
	void *map = NULL;

	if (a->page) {
		a->reserved = PAGE_SIZE << a->order;
		a->highmem = PageHighMem(a->page);
		if (a->highmem)
			map = kmap_local_page(a->page);
		a->page_address = page_address(a->page);
		a->virt = (unsigned long)(a->highmem ? map : a->page_address);
		a->phys = page_to_phys(a->page);
		first = a->page;
	} else if (is_vmalloc_addr(a->ptr)) {
		a->virt = (unsigned long)a->ptr;
		a->pages = PAGE_ALIGN(a->size) >> PAGE_SHIFT;
		a->reserved = a->pages << PAGE_SHIFT;
		first = vmalloc_to_page(a->ptr);
		a->phys = page_to_phys(first) + offset_in_page(a->ptr);
	} else {
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
	a->zeroed = !memchr_inv((void *)a->virt, 0, a->page ? a->reserved : a->size);
	if (map)
		kunmap_local(map);
}

/* ---- Allocating and freeing one record ---------------------------------- */

/* Allocates @a as its api, gfp, size and order ask.  0 or -ENOMEM. */
static int md_take(struct md_alloc *a)
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

	for (i = MD_NR_SLOTS; i-- > MD_NR_ATOMIC;)
		if (md_allocs[i].ptr)
			md_release(&md_allocs[i]);
}

static int md_take_zones(void)
{
	unsigned int i;
	int ret;

	for (i = MD_NR_ATOMIC; i < MD_NR_SLOTS; i++) {
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

static int md_check_params(void)
{
	unsigned long ram_half = (totalram_pages() / 2) << PAGE_SHIFT;
	const struct md_limit cap = { "total_max", total_max, SZ_1M, ram_half };
	const struct md_limit limits[] = {
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
	unsigned long long sum;
	unsigned int i;
	int ret;

	ret = md_check_range(&cap);
	if (ret)
		return ret;
	for (i = 0; i < ARRAY_SIZE(limits); i++) {
		ret = md_check_range(&limits[i]);
		if (ret)
			return ret;
	}
	sum = 2ULL * kmalloc_size + kmalloc_big + (pool_min + 1ULL) * cache_size +
	      ((1ULL << page_order) + 10) * PAGE_SIZE +
	      2ULL * vmalloc_size + vmalloc_big + kvmalloc_small + kvmalloc_big;
	if (sum > total_max) {
		pr_err("total_max=%lu is below the %llu bytes these parameters ask for: allowed %llu..%lu\n",
		       total_max, sum, sum, ram_half);
		return -EINVAL;
	}
	return 0;
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
	seq_puts(m, "[allocations]\n");
	for (i = 0; i < md_nr_allocs; i++) {
		if (!md_allocs[i].ptr)
			continue;
		md_alloc_format(line, sizeof(line), &md_allocs[i], real);
		seq_printf(m, "%s\n", line);
	}
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

	ret = md_check_params();
	if (ret)
		return ret;

	pr_info("memdemo %s on %s %s\n", MEMDEMO_VERSION,
		init_utsname()->release, init_utsname()->machine);
	pr_notice("prints real kernel addresses, which reveal the KASLR offset: load it only on machines for learning or testing\n");
	md_layout_collect();
	md_plan();

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

	md_nr_allocs = MD_NR_SLOTS;
	for (i = 0; i < md_nr_allocs; i++)
		if (md_allocs[i].ptr)
			md_describe(&md_allocs[i]);
	md_print_all();

	/* Last: the interface appears only once everything behind it is ready. */
	md_proc = proc_create("memdemo", 0444, NULL, &md_proc_ops);
	if (!md_proc) {
		pr_err("cannot create /proc/memdemo\n");
		ret = -ENOMEM;
		goto out_release_zones;
	}
	return 0;

out_release_zones:
	md_nr_allocs = 0;
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

	/* First: no reader may see what is about to be freed. */
	proc_remove(md_proc);

	for (i = 0; i < md_nr_allocs; i++) {
		if (md_allocs[i].ptr) {
			bytes += md_allocs[i].reserved;
			n++;
		}
	}
	md_nr_allocs = 0;
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
