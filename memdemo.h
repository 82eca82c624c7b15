/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Definitions shared by memdemo's sources.
 *
 * MEMDEMO_VERSION is the project's one version: MODULE_VERSION, the load
 * line in dmesg and the first line of /proc/memdemo print it, and
 * `make check` fails when dkms.conf's PACKAGE_VERSION differs from it
 * (scripts/set-version.sh changes both).
 */
#ifndef MEMDEMO_H
#define MEMDEMO_H

#define MEMDEMO_VERSION "0.1.0"

#ifdef __KERNEL__

#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/timer.h>
#include <linux/types.h>
#include <linux/log2.h>

/*
 * Compatibility shims.  Every shim names the kernel release that changed
 * the interface; the oldest kernel memdemo supports is 6.1.
 */

/*
 * The largest order the buddy allocator hands out.  Before 6.4 MAX_ORDER
 * was exclusive (largest order MAX_ORDER - 1); 6.4 made it inclusive and
 * 6.8 renamed it MAX_PAGE_ORDER.  MAX_ORDER_NR_PAGES has meant "pages in
 * the largest block" throughout, so the order is taken from it; the
 * macro's name and value are reported beside it.
 */
#define MD_MAX_ORDER		ilog2(MAX_ORDER_NR_PAGES)
#if defined(MAX_PAGE_ORDER)
#define MD_MAX_ORDER_MACRO	"MAX_PAGE_ORDER"
#define MD_MAX_ORDER_VALUE	MAX_PAGE_ORDER
#else
#define MD_MAX_ORDER_MACRO	"MAX_ORDER"
#define MD_MAX_ORDER_VALUE	MAX_ORDER
#endif

/*
 * 6.2 added timer_delete_sync() and began retiring del_timer_sync();
 * Kbuild defines MD_HAVE_TIMER_DELETE_SYNC when the headers declare it.
 */
#ifndef MD_HAVE_TIMER_DELETE_SYNC
#define timer_delete_sync(t)	del_timer_sync(t)
#endif

/* 6.5 added SLAB_NO_MERGE; before it a new cache may be merged silently. */
#ifndef SLAB_NO_MERGE
#define SLAB_NO_MERGE		0
#endif

/* The allocation interfaces memdemo drives. */
enum md_api {
	MD_API_KMALLOC,
	MD_API_KZALLOC,
	MD_API_CACHE,		/* kmem_cache_alloc */
	MD_API_MEMPOOL,		/* mempool_alloc */
	MD_API_FREE_PAGE,	/* __get_free_page */
	MD_API_FREE_PAGES,	/* __get_free_pages */
	MD_API_ZEROED_PAGE,	/* get_zeroed_page */
	MD_API_ALLOC_PAGES,	/* alloc_pages */
	MD_API_VMALLOC,
	MD_API_VZALLOC,
	MD_API_KVMALLOC,
	MD_API_COUNT
};

/* The part of the kernel's address space an address lies in. */
enum md_region {
	MD_REGION_LINEAR,	/* [PAGE_OFFSET, high_memory) */
	MD_REGION_VMALLOC,	/* [VMALLOC_START, VMALLOC_END) */
	MD_REGION_MODULES,	/* [MODULES_VADDR, MODULES_END) */
	MD_REGION_PKMAP,	/* 32-bit kmap() window */
	MD_REGION_FIXMAP,	/* 32-bit fixmap: kmap_local_page() slots */
	MD_REGION_OTHER,
	MD_REGION_COUNT
};

/* How the allocating code was running when it called the allocator. */
struct md_context {
	const char *name;	/* "process" or "timer" */
	bool in_interrupt;
	bool in_softirq;
	bool irqs_disabled;
	unsigned int preempt_count;
};

/*
 * One record per allocation: what was asked, what was given, where it
 * lives.  dmesg, /proc/memdemo and every later reader format it through
 * md_alloc_format() only.
 */
struct md_alloc {
	/* What was asked. */
	const char *name;
	enum md_api api;
	gfp_t gfp;
	size_t size;			/* bytes asked for */
	unsigned int order;		/* page interfaces only */
	struct md_context ctx;

	/* What was given. */
	void *ptr;			/* what the matching free takes */
	struct page *page;		/* alloc_pages() interfaces */
	size_t reserved;		/* bytes really set aside */

	/* Where it lives. */
	unsigned long virt;		/* first byte; a kmap_local address for highmem */
	phys_addr_t phys;		/* physical address of the first byte */
	unsigned long pages;		/* pages spanned */
	unsigned long runs;		/* physically contiguous runs among them */
	const char *zone;
	int node;
	enum md_region region;
	bool zeroed;			/* the asked-for bytes came back zero */
	bool highmem;			/* no permanent kernel mapping */
	void *page_address;		/* page_address(): NULL for highmem */
};

#endif /* __KERNEL__ */
#endif /* MEMDEMO_H */
