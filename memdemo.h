/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The allocation record and the names every part of memdemo shares: the
 * regions of the address space and the one version (the interfaces it
 * drives are memdemo.c's table, md_apis).  Compatibility shims are in
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
