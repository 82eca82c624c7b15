// SPDX-License-Identifier: GPL-2.0
/*
 * memdemo - show what the kernel's memory allocators hand out.
 *
 * At load memdemo allocates from each allocator in its table, md_apis
 * below (kmalloc and its family, the page allocator, vmalloc and its
 * family), in process and in atomic context and from each memory zone,
 * and records for every block where it lives: virtual and physical
 * address, pages, physically contiguous runs, zone, node and region of
 * the address space.  It prints the records and the kernel's layout to
 * the log and keeps them readable in /proc/memdemo until unload.
 *
 * The addresses are real: they reveal the KASLR offset.  Load memdemo
 * only on machines you use for learning or testing.
 *
 * This file holds the parameters, the allocators (their calls and their
 * table, md_apis: one row each, from which the load, the lab, the
 * benchmark and the report's [apis] follow), the allocations made at load,
 * and init and exit; each other concern is a part of its own (md-*.c,
 * included below; each says what it offers and needs, memdemo-internal.h
 * lists what they call across files).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/completion.h>
#include <linux/cred.h>
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/hardirq.h>
#include <linux/highmem.h>
#include <linux/init.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/mempool.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/namei.h>
#include <linux/preempt.h>
#include <linux/proc_fs.h>
#include <linux/sched/task.h>
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
#include "memdemo-internal.h"

/*
 * Module parameters, each declared once with its default (the variable's
 * initializer) and, beside it, the smallest and largest value a user may
 * give (md_param(), memdemo-internal.h) and its description.  All are
 * unsigned long, read-only once loaded, and checked at load against that
 * range (md_check_ranges() walks them); md_param_upto()'s largest value is
 * another parameter or md_ram_half, half of lowmem in bytes, read at load.  A
 * value the user gave is refused when out of range; a default never is:
 * the fitted ones follow the machine (md_fit_defaults()), and
 * /sys/module/memdemo/parameters shows the values in effect.  The caps come
 * first: other ranges name them.
 */
static unsigned long md_ram_half;

/* The defaults fitted to the machine (md_fit_defaults()). */
#define MD_TOTAL_MAX_DEFAULT	SZ_64M
#define MD_LAB_MAX_DEFAULT	SZ_64M
#define MD_VMALLOC_BIG_DEFAULT	SZ_1M
#define MD_KVMALLOC_BIG_DEFAULT	SZ_8M

static unsigned long total_max = MD_TOTAL_MAX_DEFAULT;
md_param_upto(total_max, &total_max, SZ_1M, md_ram_half,
	      "cap on all bytes memdemo asks for at load (1 MiB..half of lowmem, default 64 MiB or half of lowmem if less)");

static unsigned long lab_max = MD_LAB_MAX_DEFAULT;
md_param_upto(lab_max, &lab_max, SZ_1M, md_ram_half,
	      "cap on bytes the lab holds at once, commands written to /proc/memdemo (1 MiB..half of lowmem, default 64 MiB or half of lowmem if less)");

static unsigned long kmalloc_size = 100;
md_param(kmalloc_size, &kmalloc_size, 1, KMALLOC_MAX_SIZE,
	 "bytes for the small kmalloc, the kzalloc and the atomic kmalloc (1..KMALLOC_MAX_SIZE, default 100)");

static unsigned long kmalloc_big = SZ_64K;
md_param(kmalloc_big, &kmalloc_big, 1, KMALLOC_MAX_SIZE,
	 "bytes for the multi-page kmalloc (1..KMALLOC_MAX_SIZE, default 65536)");

static unsigned long cache_size = 200;
md_param(cache_size, &cache_size, 1, KMALLOC_MAX_CACHE_SIZE,
	 "object size of the memdemo_obj kmem_cache (1..KMALLOC_MAX_CACHE_SIZE, default 200)");

static unsigned long cache_merge;
md_param(cache_merge, &cache_merge, 0, 1,
	 "1: let the kernel merge memdemo_obj into an existing cache of the same size, as SLUB does by default (cache= then names that cache, merged=1); 0: a cache of its own on every kernel (default 0)");

static unsigned long pool_min = 4;
md_param(pool_min, &pool_min, 1, 64,
	 "objects the mempool keeps in reserve (1..64, default 4)");

static unsigned long page_order = 2;
md_param(page_order, &page_order, 0, MD_MAX_ORDER,
	 "order of the __get_free_pages block (0..largest buddy order, default 2)");

static unsigned long vmalloc_size = 100;
md_param_upto(vmalloc_size, &vmalloc_size, 1, total_max,
	      "bytes for the small vmalloc and the vzalloc (1..total_max, default 100)");

static unsigned long kvmalloc_small = 2048;
md_param(kvmalloc_small, &kvmalloc_small, 1, KMALLOC_MAX_CACHE_SIZE,
	 "bytes for the kvmalloc that kmalloc serves (1..KMALLOC_MAX_CACHE_SIZE, default 2048)");

static unsigned long vmalloc_big = MD_VMALLOC_BIG_DEFAULT;
md_param_upto(vmalloc_big, &vmalloc_big, 1, total_max,
	      "bytes for the multi-page vmalloc (1..total_max, default 1 MiB, less when total_max cannot hold the defaults)");

static unsigned long kvmalloc_big = MD_KVMALLOC_BIG_DEFAULT;
md_param_upto(kvmalloc_big, &kvmalloc_big, KMALLOC_MAX_SIZE + 1, total_max,
	      "bytes for the kvmalloc that falls back to vmalloc (KMALLOC_MAX_SIZE+1..total_max, default 8 MiB or KMALLOC_MAX_SIZE+1 if larger, less when total_max cannot hold the defaults)");

/*
 * The allocations made at load.  First each allocator's own blocks, in
 * process context, as its row in md_apis below lists them (at most
 * MD_LOAD_PER_API each, md_plan() numbers them from 0); then the blocks
 * that show a context, a zone or a claim, at fixed slots after those.
 */
#define MD_LOAD_PER_API	2
#define MD_NR_LOAD	(MD_API_COUNT * MD_LOAD_PER_API)

enum md_slot {
	MD_ATOMIC_KMALLOC = MD_NR_LOAD,
	MD_ATOMIC_PAGE,
	MD_ATOMIC_END,			/* end of the timer callback's, from MD_NR_LOAD */
	MD_DMA_PAGE = MD_ATOMIC_END,
	MD_DMA32_PAGE,
	MD_HIGHMEM_PAGE,
	MD_ZONES_END,			/* end of the above: one page per zone */
	MD_GUARD_A = MD_ZONES_END,
	MD_GUARD_B,
	MD_NR_SLOTS			/* the above: closest vmalloc pair, claim 9 */
};

#define MD_GFP		(GFP_KERNEL | __GFP_NOWARN)
#define MD_GUARD_SIZE	100	/* claim 9: the article's vmalloc(100) */
#define MD_GFP_ATOMIC	(GFP_ATOMIC | __GFP_NOWARN)

static const char * const md_region_names[MD_REGION_COUNT] = {
	[MD_REGION_LINEAR]	= "linear",
	[MD_REGION_VMALLOC]	= "vmalloc",
	[MD_REGION_MODULES]	= "modules",
	[MD_REGION_PKMAP]	= "pkmap",
	[MD_REGION_FIXMAP]	= "fixmap",
	[MD_REGION_OTHER]	= "other",
};

static struct md_alloc md_allocs[MD_NR_SLOTS];
static unsigned int md_nr_allocs;	/* slots readers may see (an empty one has no ptr) */
static struct kmem_cache *md_cache;
static mempool_t *md_pool;
static struct proc_dir_entry *md_proc;

/* ---- Allocating and freeing one record ---------------------------------- */

/*
 * The allocators, each a pair of calls: what memdemo asks of it (@a's gfp,
 * size and order) and how the block goes back.
 *
 * md_in_stack(): the kmalloc family's calls return through it rather than
 * by a tail jump, so that each caller stays in the stack SLUB's owner
 * tracks record (/sys/kernel/debug/slab/<cache>/alloc_traces), where the
 * tests tell each allocator's objects apart by it ([apis] take=).
 */
#define md_in_stack(p)	({ void *__p = (p); OPTIMIZER_HIDE_VAR(__p); __p; })

static void *md_kmalloc(struct md_alloc *a)
{
	return md_in_stack(kmalloc(a->size, a->gfp));
}

static void *md_kzalloc(struct md_alloc *a)
{
	return md_in_stack(kzalloc(a->size, a->gfp));
}

static void md_kfree(struct md_alloc *a)
{
	kfree(a->ptr);
}

static void *md_cache_alloc(struct md_alloc *a)
{
	return kmem_cache_alloc(md_cache, a->gfp);
}

static void md_cache_free(struct md_alloc *a)
{
	kmem_cache_free(md_cache, a->ptr);
}

static void *md_pool_alloc(struct md_alloc *a)
{
	return mempool_alloc(md_pool, a->gfp);
}

static void md_pool_free(struct md_alloc *a)
{
	mempool_free(a->ptr, md_pool);
}

static void *md_get_free_page(struct md_alloc *a)
{
	return (void *)__get_free_page(a->gfp);
}

static void *md_get_free_pages(struct md_alloc *a)
{
	return (void *)__get_free_pages(a->gfp, a->order);
}

static void *md_get_zeroed_page(struct md_alloc *a)
{
	return (void *)get_zeroed_page(a->gfp);
}

static void md_free_pages(struct md_alloc *a)
{
	free_pages((unsigned long)a->ptr, a->order);
}

static void *md_alloc_pages(struct md_alloc *a)
{
	a->page = alloc_pages(a->gfp, a->order);
	return a->page;
}

static void md_free_struct_pages(struct md_alloc *a)
{
	__free_pages(a->page, a->order);
}

static void *md_vmalloc(struct md_alloc *a)
{
	return vmalloc(a->size);
}

static void *md_vzalloc(struct md_alloc *a)
{
	return vzalloc(a->size);
}

static void md_vfree(struct md_alloc *a)
{
	vfree(a->ptr);
}

static void *md_kvmalloc(struct md_alloc *a)
{
	return md_in_stack(kvmalloc(a->size, a->gfp));
}

static void md_kvfree(struct md_alloc *a)
{
	kvfree(a->ptr);
}

/* Exactly the pages a size needs, not a power of two of them. */
static void *md_alloc_pages_exact(struct md_alloc *a)
{
	return alloc_pages_exact(a->size, a->gfp);
}

static void md_free_pages_exact(struct md_alloc *a)
{
	free_pages_exact(a->ptr, a->size);
}

/* An array of @a->size one-byte elements: kcalloc checks n * size for overflow. */
static void *md_kcalloc(struct md_alloc *a)
{
	return md_in_stack(kcalloc(a->size, 1, a->gfp));
}

static void *md_kvzalloc(struct md_alloc *a)
{
	return md_in_stack(kvzalloc(a->size, a->gfp));
}

/* What a slab object really takes: its cache's object size. */
static size_t md_ksize(const struct md_alloc *a)
{
	return ksize(a->ptr);
}

static size_t md_cache_size(const struct md_alloc *a)
{
	return kmem_cache_size(md_cache);
}

static size_t md_page_block(const struct md_alloc *a)
{
	return PAGE_SIZE << a->order;
}

/*
 * What alloc_pages_exact() holds, observed: its pages from the first on,
 * as long as each still has a reference.  It takes a block of
 * get_order(size) and gives back the pages past the size
 * (make_alloc_exact() in mm/page_alloc.c), which are then free, with no
 * reference, until another allocation takes one: the count stops at the
 * pages the size needs, so that such a page is never taken for memdemo's.
 */
static size_t md_exact_bytes(const struct md_alloc *a)
{
	struct page *page = virt_to_page(a->ptr);
	unsigned long i, n = PAGE_ALIGN(a->size) >> PAGE_SHIFT;

	for (i = 0; i < n && page_ref_count(page + i); i++)
		;
	return i << PAGE_SHIFT;
}

/* Which slab cache serves an allocator's blocks in the linear map. */
enum md_slab {
	MD_SLAB_NONE,
	MD_SLAB_KMALLOC,	/* the kmalloc cache of its size class */
	MD_SLAB_OBJ,		/* memdemo_obj's cache (or the one it was merged into) */
};

/* Where an allocator's blocks come from, as /proc/memdemo's [apis] names it. */
enum md_family {
	MD_FAMILY_SLAB,		/* objects of a slab cache */
	MD_FAMILY_PAGES,	/* pages of the buddy allocator, in the linear map */
	MD_FAMILY_VMALLOC,	/* pages mapped into the vmalloc area */
	MD_FAMILY_KVMALLOC,	/* kmalloc, else vmalloc: alloc lines say which (path=) */
};

static const char * const md_family_names[] = {
	[MD_FAMILY_SLAB]	= "slab",
	[MD_FAMILY_PAGES]	= "pages",
	[MD_FAMILY_VMALLOC]	= "vmalloc",
	[MD_FAMILY_KVMALLOC]	= "kvmalloc",
};

/*
 * A block an allocator makes at load: its name and how much it asks for,
 * the value of a parameter (@param) or a constant (@value): bytes, or for
 * a call with an order (paged), the order.
 */
struct md_load_block {
	const char *name;
	const unsigned long *param;
	unsigned long value;
};

/*
 * The sizes the benchmark times an allocator at: @from, then each size
 * shifted left by @shift while below @to, then @to.  No @shift: not timed.
 */
struct md_ladder {
	unsigned long from, to;
	unsigned int shift;
};

/*
 * The allocators memdemo drives, one row each: the name the log and
 * /proc/memdemo print, the calls that take and release a block, what a
 * block in the linear map really sets aside (vmalloc's blocks are counted
 * in whole pages instead), where its blocks come from, whether it is a
 * page allocator call (which has an order), which slab cache serves a
 * block in the linear map (a kmalloc cache, or memdemo_obj's), the GFP
 * flags it is called with at load and in the benchmark (and in the lab
 * when the lab takes no gfp= for it), the size it fixes itself (a cache's
 * object size), the blocks it makes at load and the sizes the benchmark
 * times it at.  How the lab offers it is memdemo.h's md_lab_offers, which
 * the host's parser tests read too.  Everything else
 * follows from the row: the load (md_plan()), the lab, the benchmark, the
 * [apis] section of /proc/memdemo that the tools and the tests read, and
 * so the curves and the tests.  A new allocator is its number in
 * memdemo.h (and its lab offer, if any), its two functions with the
 * others, and its row here.
 */
static const struct md_api_ops {
	const char *name;
	void *(*take)(struct md_alloc *a);
	void (*release)(struct md_alloc *a);
	size_t (*reserved)(const struct md_alloc *a);
	enum md_family family;
	bool paged;
	enum md_slab slab;
	gfp_t gfp;
	const unsigned long *fixed_size;
	struct md_load_block load[MD_LOAD_PER_API];
	struct md_ladder bench;
} md_apis[MD_API_COUNT] = {
	[MD_API_KMALLOC] = { "kmalloc", md_kmalloc, md_kfree, md_ksize,
		MD_FAMILY_SLAB, .slab = MD_SLAB_KMALLOC, .gfp = MD_GFP,
		.load = { { "kmalloc-small", &kmalloc_size }, { "kmalloc-big", &kmalloc_big } },
		.bench = { 8, KMALLOC_MAX_SIZE, 3 } },
	[MD_API_KZALLOC] = { "kzalloc", md_kzalloc, md_kfree, md_ksize,
		MD_FAMILY_SLAB, .slab = MD_SLAB_KMALLOC, .gfp = MD_GFP | __GFP_ZERO,
		.load = { { "kzalloc", &kmalloc_size } } },
	[MD_API_CACHE] = { "kmem_cache_alloc", md_cache_alloc, md_cache_free, md_cache_size,
		MD_FAMILY_SLAB, .slab = MD_SLAB_OBJ, .gfp = MD_GFP, .fixed_size = &cache_size,
		.load = { { "cache-obj", &cache_size } },
		.bench = { .shift = 1 } },
	[MD_API_MEMPOOL] = { "mempool_alloc", md_pool_alloc, md_pool_free, md_cache_size,
		MD_FAMILY_SLAB, .slab = MD_SLAB_OBJ, .gfp = MD_GFP, .fixed_size = &cache_size,
		.load = { { "pool-obj", &cache_size } } },
	[MD_API_FREE_PAGE] = { "__get_free_page", md_get_free_page, md_free_pages,
		md_page_block, MD_FAMILY_PAGES, true, .gfp = MD_GFP,
		.load = { { "free-page", NULL, 0 } } },
	[MD_API_FREE_PAGES] = { "__get_free_pages", md_get_free_pages, md_free_pages,
		md_page_block, MD_FAMILY_PAGES, true, .gfp = MD_GFP,
		.load = { { "free-pages", &page_order } } },
	[MD_API_ZEROED_PAGE] = { "get_zeroed_page", md_get_zeroed_page, md_free_pages,
		md_page_block, MD_FAMILY_PAGES, true, .gfp = MD_GFP | __GFP_ZERO,
		.load = { { "zeroed-page", NULL, 0 } } },
	[MD_API_ALLOC_PAGES] = { "alloc_pages", md_alloc_pages, md_free_struct_pages,
		md_page_block, MD_FAMILY_PAGES, true, .gfp = MD_GFP,
		.load = { { "alloc-pages", NULL, 1 } },
		.bench = { PAGE_SIZE, PAGE_SIZE << MD_MAX_ORDER, 2 } },
	[MD_API_VMALLOC] = { "vmalloc", md_vmalloc, md_vfree, NULL,
		MD_FAMILY_VMALLOC, .gfp = GFP_KERNEL,
		.load = { { "vmalloc-small", &vmalloc_size }, { "vmalloc-big", &vmalloc_big } },
		.bench = { PAGE_SIZE, SZ_4M, 4 } },
	[MD_API_VZALLOC] = { "vzalloc", md_vzalloc, md_vfree, NULL,
		MD_FAMILY_VMALLOC, .gfp = GFP_KERNEL | __GFP_ZERO,
		.load = { { "vzalloc", &vmalloc_size } } },
	[MD_API_KVMALLOC] = { "kvmalloc", md_kvmalloc, md_kvfree, md_ksize,
		MD_FAMILY_KVMALLOC, .slab = MD_SLAB_KMALLOC, .gfp = MD_GFP,
		.load = { { "kvmalloc-small", &kvmalloc_small },
			  { "kvmalloc-big", &kvmalloc_big } },
		.bench = { PAGE_SIZE, 2 * KMALLOC_MAX_SIZE, 4 } },
	[MD_API_PAGES_EXACT] = { "alloc_pages_exact", md_alloc_pages_exact, md_free_pages_exact,
		md_exact_bytes, MD_FAMILY_PAGES, .gfp = MD_GFP,
		.load = { { "pages-exact", NULL, 4 * PAGE_SIZE + 100 } },
		.bench = { 3 * PAGE_SIZE, PAGE_SIZE << MD_MAX_ORDER, 2 } },
	[MD_API_KCALLOC] = { "kcalloc", md_kcalloc, md_kfree, md_ksize,
		MD_FAMILY_SLAB, .slab = MD_SLAB_KMALLOC, .gfp = MD_GFP | __GFP_ZERO,
		.load = { { "kcalloc", &kmalloc_size } },
		.bench = { 8, KMALLOC_MAX_SIZE, 6 } },
	[MD_API_KVZALLOC] = { "kvzalloc", md_kvzalloc, md_kvfree, md_ksize,
		MD_FAMILY_KVMALLOC, .slab = MD_SLAB_KMALLOC, .gfp = MD_GFP | __GFP_ZERO,
		.load = { { "kvzalloc", &kvmalloc_small } },
		.bench = { PAGE_SIZE, 2 * KMALLOC_MAX_SIZE, 4 } },
};

/* Allocates @a as its api, gfp, size and order ask.  0 or -ENOMEM. */
static int md_take(struct md_alloc *a)
{
	a->page = NULL;
	a->ptr = md_apis[a->api].take(a);
	return a->ptr ? 0 : -ENOMEM;
}

static void md_release(struct md_alloc *a)
{
	md_apis[a->api].release(a);
	a->ptr = NULL;
	a->page = NULL;
}

/* Frees slots [from, to) in reverse order of allocation. */
static void md_release_slots(unsigned int from, unsigned int to)
{
	while (to-- > from)
		if (md_allocs[to].ptr)
			md_release(&md_allocs[to]);
}

/*
 * Allocates slots [from, to) in order, but for a block left out of this
 * load (size 0: md_fit_defaults()); on failure frees what it took.
 */
static int md_take_slots(unsigned int from, unsigned int to)
{
	unsigned int i;

	for (i = from; i < to; i++) {
		if (!md_allocs[i].size)
			continue;
		if (md_take(&md_allocs[i])) {
			pr_err("%s: %s of %zu bytes (order %u) failed\n",
			       md_allocs[i].name, md_apis[md_allocs[i].api].name,
			       md_allocs[i].size, md_allocs[i].order);
			md_release_slots(from, i);
			return -ENOMEM;
		}
	}
	return 0;
}

static void md_slot_set(unsigned int slot, const char *name, enum md_api api,
			gfp_t gfp, size_t size, unsigned int order)
{
	md_allocs[slot] = (struct md_alloc) {
		.name = name, .api = api, .gfp = gfp, .size = size, .order = order,
	};
}

/*
 * A fixed slot: a block there to show a context (the timer's), a zone (one
 * page asked of it) or the guard page between two vmalloc blocks (claim
 * 9).  Its line says which (shows=), so that readers need no list of them.
 */
static void md_fixed_set(unsigned int slot, const char *name, const char *shows,
			 enum md_api api, gfp_t gfp, size_t size)
{
	md_slot_set(slot, name, api, gfp, size, 0);
	md_allocs[slot].shows = shows;
}

/*
 * Describes the load's allocations; nothing is allocated here.  Each
 * allocator's blocks as its row lists them, with its GFP flags; then the
 * blocks of the fixed slots, which ask other flags on purpose.
 */
static void md_plan(void)
{
	const struct md_load_block *b;
	const struct md_api_ops *ops;
	unsigned int api, k, slot = 0;
	unsigned long v;

	memset(md_allocs, 0, sizeof(md_allocs));
	for (api = 0; api < MD_API_COUNT; api++) {
		ops = &md_apis[api];
		for (k = 0; k < MD_LOAD_PER_API && ops->load[k].name; k++) {
			b = &ops->load[k];
			v = b->param ? *b->param : b->value;
			if (ops->paged)
				md_slot_set(slot++, b->name, api, ops->gfp, PAGE_SIZE << v, v);
			else
				md_slot_set(slot++, b->name, api, ops->gfp, v, 0);
		}
	}
	md_fixed_set(MD_ATOMIC_KMALLOC, "atomic-kmalloc", "context", MD_API_KMALLOC,
		     MD_GFP_ATOMIC, kmalloc_size);
	md_fixed_set(MD_ATOMIC_PAGE, "atomic-page", "context", MD_API_FREE_PAGE,
		     MD_GFP_ATOMIC, PAGE_SIZE);
	md_fixed_set(MD_DMA_PAGE, "dma-page", "zone", MD_API_ALLOC_PAGES, MD_GFP | GFP_DMA,
		     PAGE_SIZE);
	md_fixed_set(MD_DMA32_PAGE, "dma32-page", "zone", MD_API_ALLOC_PAGES,
		     MD_GFP | GFP_DMA32, PAGE_SIZE);
	md_fixed_set(MD_HIGHMEM_PAGE, "highmem-page", "zone", MD_API_ALLOC_PAGES,
		     GFP_HIGHUSER | __GFP_NOWARN, PAGE_SIZE);
	md_fixed_set(MD_GUARD_A, "guard-a", "guard", MD_API_VMALLOC,
		     md_apis[MD_API_VMALLOC].gfp, MD_GUARD_SIZE);
	md_fixed_set(MD_GUARD_B, "guard-b", "guard", MD_API_VMALLOC,
		     md_apis[MD_API_VMALLOC].gfp, MD_GUARD_SIZE);
}

/*
 * The block an allocator made at load under @name (its row's load list),
 * for the claims that read one; an empty record when that block was left
 * out of this load.
 */
static const struct md_alloc *md_load_block(const char *name)
{
	static const struct md_alloc none = { .name = "none" };
	unsigned int i;

	for (i = 0; i < MD_NR_LOAD; i++)
		if (md_allocs[i].name && !strcmp(md_allocs[i].name, name))
			return &md_allocs[i];
	return &none;
}

/* ---- Atomic context: a timer callback ----------------------------------- */

static struct timer_list md_timer;
static DECLARE_COMPLETION(md_timer_done);
static int md_timer_ret;

static void md_timer_fn(struct timer_list *t)
{
	unsigned int i;

	for (i = MD_NR_LOAD; i < MD_ATOMIC_END; i++)
		md_context_record(&md_allocs[i].ctx, "timer");
	md_timer_ret = md_take_slots(MD_NR_LOAD, MD_ATOMIC_END);
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

	for (i = MD_ZONES_END; i-- > MD_ATOMIC_END;)
		if (md_allocs[i].ptr)
			md_release(&md_allocs[i]);
}

static int md_take_zones(void)
{
	unsigned int i;
	int ret;

	for (i = MD_ATOMIC_END; i < MD_ZONES_END; i++) {
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

/* ---- The other concerns, one file each --------------------------------- */

/*
 * memdemo.ko is one translation unit: kbuild cannot link a module named
 * memdemo from several objects when one of them is memdemo.o, so the parts
 * are included here, as kernel/sched/build_utility.c includes its own.
 * memdemo-internal.h names what they call across files.
 */
#include "md-layout.c"
#include "md-format.c"
#include "md-record.c"
#include "md-tables.c"
#include "md-sites.c"
#include "md-guard.c"
#include "md-claims.c"
#include "md-params.c"
#include "md-lab.c"
#include "md-fragment.c"
#include "md-bench.c"
#include "md-proc.c"

/* ---- Load and unload ---------------------------------------------------- */

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

	md_cache = md_cache_create("memdemo_obj", cache_size, cache_merge);
	if (!md_cache) {
		pr_err("kmem_cache_create of memdemo_obj failed\n");
		return -ENOMEM;
	}
	md_obj_cache_identify("memdemo_obj", cache_merge);
	md_pool = mempool_create_slab_pool(pool_min, md_cache);
	if (!md_pool) {
		pr_err("mempool_create_slab_pool with %lu reserved failed\n", pool_min);
		ret = -ENOMEM;
		goto out_destroy_cache;
	}

	for (i = 0; i < MD_NR_LOAD; i++)
		md_context_record(&md_allocs[i].ctx, "process");
	ret = md_take_slots(0, MD_NR_LOAD);
	if (ret)
		goto out_destroy_pool;
	ret = md_take_atomic();
	if (ret)
		goto out_release_process;
	for (i = MD_ATOMIC_END; i < MD_NR_SLOTS; i++)
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
	md_log_report();
	md_claims_measure();
	md_claims_summary();
	md_tables_measure();
	md_sites_take();

	/* Last: the interface appears only once everything behind it is ready. */
	md_proc = proc_create("memdemo", 0644, NULL, &md_proc_ops);
	if (!md_proc) {
		pr_err("cannot create /proc/memdemo\n");
		ret = -ENOMEM;
		goto out_release_sites;
	}
	return 0;

out_release_sites:
	md_sites_release();
	md_nr_allocs = 0;
	md_release_slots(MD_GUARD_A, MD_NR_SLOTS);
out_release_zones:
	md_release_zones();
out_release_atomic:
	md_release_slots(MD_NR_LOAD, MD_ATOMIC_END);
out_release_process:
	md_release_slots(0, MD_NR_LOAD);
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
	md_sites_release();

	for (i = 0; i < md_nr_allocs; i++) {
		if (md_allocs[i].ptr) {
			bytes += md_allocs[i].reserved;
			n++;
		}
	}
	md_nr_allocs = 0;
	md_release_slots(MD_GUARD_A, MD_NR_SLOTS);
	md_release_zones();
	md_release_slots(MD_NR_LOAD, MD_ATOMIC_END);
	md_release_slots(0, MD_NR_LOAD);
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
