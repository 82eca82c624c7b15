/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The allocation record and the names every part of memdemo shares: the
 * regions of the address space, the allocators' numbers with the lab's
 * offers, and the one version (everything else about an allocator is its
 * row in memdemo.c's table, md_apis).  Compatibility shims are in
 * memdemo-compat.h, the lab's command parser in memdemo-cmd.h.
 *
 * MEMDEMO_VERSION is the project's one version: MODULE_VERSION, the load
 * line in dmesg and the first line of /proc/memdemo print it, and
 * `make check` fails when dkms.conf's PACKAGE_VERSION differs from it
 * (scripts/set-version.sh changes both).
 */
#ifndef MEMDEMO_H
#define MEMDEMO_H

#define MEMDEMO_VERSION "0.1.0"

#include "memdemo-cmd.h"

/* The allocators memdemo drives, by number: their rows in memdemo.c's md_apis. */
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
	MD_API_PAGES_EXACT,	/* alloc_pages_exact */
	MD_API_KCALLOC,
	MD_API_KVZALLOC,
	MD_API_COUNT
};

/*
 * How the lab offers each allocator: the word after "alloc", what follows
 * the word and which gfp= bits it takes (no word: not in the lab).  This
 * much of an allocator is here rather than in its md_apis row, outside
 * __KERNEL__, because the lab's command parser (memdemo-cmd.h) is also
 * built on the host, into its unit test and fuzzer, which cannot build
 * memdemo.c: they include this table as the module does, and so hold the
 * parser to the module's own offers.
 */
static const struct md_cmd_api md_lab_offers[MD_API_COUNT] = {
	[MD_API_KMALLOC]	= { "kmalloc",		MD_CMD_ARG_KSIZE, MD_CMD_GFP_SLAB },
	[MD_API_KZALLOC]	= { "kzalloc",		MD_CMD_ARG_KSIZE, MD_CMD_GFP_SLAB },
	[MD_API_CACHE]		= { "kmem_cache",	MD_CMD_ARG_NONE,  MD_CMD_GFP_NOZONE },
	[MD_API_FREE_PAGES]	= { "get_free_pages",	MD_CMD_ARG_ORDER, MD_CMD_GFP_LOWMEM },
	[MD_API_ALLOC_PAGES]	= { "pages",		MD_CMD_ARG_ORDER, MD_CMD_GFP_ALL },
	[MD_API_VMALLOC]	= { "vmalloc",		MD_CMD_ARG_SIZE,  MD_CMD_GFP_NONE },
	[MD_API_VZALLOC]	= { "vzalloc",		MD_CMD_ARG_SIZE,  MD_CMD_GFP_NONE },
	[MD_API_KVMALLOC]	= { "kvmalloc",		MD_CMD_ARG_SIZE,  MD_CMD_GFP_NOZONE },
	[MD_API_PAGES_EXACT]	= { "pages_exact",	MD_CMD_ARG_KSIZE, MD_CMD_GFP_LOWMEM },
	[MD_API_KCALLOC]	= { "kcalloc",		MD_CMD_ARG_KSIZE, MD_CMD_GFP_SLAB },
	[MD_API_KVZALLOC]	= { "kvzalloc",		MD_CMD_ARG_SIZE,  MD_CMD_GFP_NOZONE },
};

#ifdef __KERNEL__

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/timer.h>
#include <linux/types.h>

#include "memdemo-compat.h"

/* The part of the kernel's address space an address lies in. */
enum md_region {
	MD_REGION_LINEAR,	/* [PAGE_OFFSET, high_memory) */
	MD_REGION_VMALLOC,	/* [VMALLOC_START, VMALLOC_END) */
	MD_REGION_MODULES,	/* [MODULES_VADDR, MODULES_END) */
	MD_REGION_PKMAP,	/* 32-bit kmap() window */
	MD_REGION_FIXMAP,	/* fixmap: on 32-bit, kmap_local_page() slots */
	MD_REGION_OTHER,
	MD_REGION_COUNT
};

/*
 * Whether the kmem_cache memdemo created is an alias of an existing cache
 * (SLUB merges caches of the same size and flags).
 */
enum md_merged {
	MD_MERGED_NA,		/* not a kmem_cache object */
	MD_MERGED_NO,
	MD_MERGED_YES,
	MD_MERGED_UNKNOWN,	/* no header names the cache (6.8 on) */
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
	unsigned int api;		/* an MD_API_ value: its row in md_apis */
	gfp_t gfp;
	size_t size;			/* bytes asked for */
	unsigned int order;		/* page interfaces only */
	const char *shows;		/* a fixed slot's purpose: context, zone, guard */
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
	bool kfence;			/* sampled by KFENCE: ksize() is the size asked */
	char cache[32];			/* the slab cache serving it; "" for none */
	enum md_merged merged;		/* kmem_cache objects: was that cache merged */
	void *page_address;		/* page_address(): NULL for highmem */
};

#endif /* __KERNEL__ */

#endif /* MEMDEMO_H */
