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

/*
 * Compatibility shims.  Every shim names the kernel release that changed
 * the interface; the oldest kernel memdemo supports is 5.10.  Each is
 * selected by a feature test on the kernel's headers in Kbuild
 * (MD_HAVE_<thing>), never by the version number: distributions backport.
 */

/*
 * 5.11 added kmap_local_page() and kunmap_local().  Before it the nearest
 * is kmap_atomic(), which also maps a highmem page in the fixmap's
 * per-CPU slots (and disables preemption: memdemo only reads there).
 */
#ifndef MD_HAVE_KMAP_LOCAL
#include <linux/highmem.h>
#define kmap_local_page		kmap_atomic
#define kunmap_local		kunmap_atomic
#endif

/*
 * 5.12 added KFENCE (linux/kfence.h).  Before it no object is KFENCE's.
 */
#ifdef MD_HAVE_KFENCE
#include <linux/kfence.h>
#else
static inline bool is_kfence_address(const void *addr)
{
	return false;
}
#endif

/*
 * 5.11 made migrate_disable() keep a task on its CPU without disabling
 * preemption on every SMP kernel.  Before it (outside PREEMPT_RT) it was
 * preempt_disable(), and nothing under it may sleep: allocations made
 * while pinned to a CPU use MD_GFP_PINNED.
 */
#ifdef MD_HAVE_MIGRATE_DISABLE
#define MD_GFP_PINNED		(GFP_KERNEL | __GFP_NOWARN)
#else
#define MD_GFP_PINNED		(GFP_NOWAIT | __GFP_NOWARN)
#endif

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

/*
 * Where a module's code lies: struct module's core_layout until 6.3, then
 * mem[MOD_TEXT] (6.4); Kbuild defines MD_HAVE_MODULE_MEMORY for the latter.
 */
#ifdef MD_HAVE_MODULE_MEMORY
#define MD_THIS_MODULE_BASE	(THIS_MODULE->mem[MOD_TEXT].base)
#else
#define MD_THIS_MODULE_BASE	(THIS_MODULE->core_layout.base)
#endif

/*
 * Linux 7 added the typed kzalloc_obj(var_or_type, gfp) (checkpatch
 * prefers it to kzalloc(sizeof(...))); before it, the same by hand.
 */
#ifndef MD_HAVE_KZALLOC_OBJ
#define kzalloc_obj(p, gfp)	kzalloc(sizeof(p), gfp)
#endif

/* 6.5 added SLAB_NO_MERGE; before it a new cache may be merged silently. */
#ifndef SLAB_NO_MERGE
#define SLAB_NO_MERGE		0
#endif

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
	bool kfence;			/* sampled by KFENCE: ksize() is the size asked */
	void *page_address;		/* page_address(): NULL for highmem */
};

#else /* user space: tests/host builds the command parser */

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif
/* The includer provides the kernel's strict kstrtoul(). */
int kstrtoul(const char *s, unsigned int base, unsigned long *res);

#endif /* __KERNEL__ */

/*
 * The lab's command parser: plain C, shared by the module and by the
 * user-space unit test and fuzzer in tests/host/, which supply kstrtoul().
 * Grammar (one command per write, at most MD_CMD_MAX bytes, one optional
 * trailing newline):
 *
 *   alloc kmalloc|kzalloc|kvmalloc|vmalloc|vzalloc <size>[K|M] [gfp=<flags>]
 *   alloc kmem_cache [gfp=<flags>]
 *   alloc pages|get_free_pages order=<n> [gfp=<flags>]
 *   free <id> | free all | bench
 *
 * <flags> is GFP_KERNEL, GFP_ATOMIC or GFP_NOWAIT, optionally followed by
 * |-joined modifiers __GFP_ZERO, __GFP_NORETRY, __GFP_DMA, __GFP_DMA32 and
 * __GFP_HIGHMEM (the zone modifiers only where the interface takes them).
 * vmalloc and vzalloc take no gfp= (they always use GFP_KERNEL).
 * Returns 0, -EINVAL for a malformed command or a flag the interface
 * refuses, -E2BIG for a size or order beyond the interface's limit.
 */
#define MD_CMD_MAX	128

enum md_cmd_op { MD_CMD_ALLOC, MD_CMD_FREE, MD_CMD_FREE_ALL, MD_CMD_BENCH };

enum md_cmd_gfp {
	MD_CMD_GFP_KERNEL	= 1 << 0,
	MD_CMD_GFP_ATOMIC	= 1 << 1,
	MD_CMD_GFP_NOWAIT	= 1 << 2,
	MD_CMD_GFP_ZERO		= 1 << 3,
	MD_CMD_GFP_NORETRY	= 1 << 4,
	MD_CMD_GFP_DMA		= 1 << 5,
	MD_CMD_GFP_DMA32	= 1 << 6,
	MD_CMD_GFP_HIGHMEM	= 1 << 7,
};

#define MD_CMD_GFP_BASE	(MD_CMD_GFP_KERNEL | MD_CMD_GFP_ATOMIC | MD_CMD_GFP_NOWAIT)

struct md_cmd_limits {
	unsigned long kmalloc_max;	/* KMALLOC_MAX_SIZE */
	unsigned long vmalloc_max;	/* the lab's cap */
	unsigned int max_order;
};

struct md_cmd {
	enum md_cmd_op op;
	enum md_api api;
	unsigned long size;
	unsigned int order;
	unsigned int gfp;		/* enum md_cmd_gfp bits */
	unsigned long id;
};

struct md_cmd_name {
	const char *name;
	unsigned int value;
};

static const struct md_cmd_name md_cmd_apis[] = {
	{ "kmalloc", MD_API_KMALLOC }, { "kzalloc", MD_API_KZALLOC },
	{ "kvmalloc", MD_API_KVMALLOC }, { "vmalloc", MD_API_VMALLOC },
	{ "vzalloc", MD_API_VZALLOC }, { "kmem_cache", MD_API_CACHE },
	{ "pages", MD_API_ALLOC_PAGES }, { "get_free_pages", MD_API_FREE_PAGES },
};

static const struct md_cmd_name md_cmd_gfps[] = {
	{ "GFP_KERNEL", MD_CMD_GFP_KERNEL }, { "GFP_ATOMIC", MD_CMD_GFP_ATOMIC },
	{ "GFP_NOWAIT", MD_CMD_GFP_NOWAIT }, { "__GFP_ZERO", MD_CMD_GFP_ZERO },
	{ "__GFP_NORETRY", MD_CMD_GFP_NORETRY }, { "__GFP_DMA", MD_CMD_GFP_DMA },
	{ "__GFP_DMA32", MD_CMD_GFP_DMA32 }, { "__GFP_HIGHMEM", MD_CMD_GFP_HIGHMEM },
};

/* Looks up a length-@len word in @names; -EINVAL when absent. */
static inline int md_cmd_lookup(const struct md_cmd_name *names, unsigned int n,
				const char *word, size_t len, unsigned int *value)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (strlen(names[i].name) == len && !strncmp(names[i].name, word, len)) {
			*value = names[i].value;
			return 0;
		}
	}
	return -EINVAL;
}

/* A strict unsigned number of @len characters; K and M multiply by 2^10, 2^20. */
static inline int md_cmd_number(const char *word, size_t len, bool suffix,
				unsigned long *value)
{
	char digits[24];
	unsigned int shift = 0;

	if (suffix && len > 1 && (word[len - 1] == 'K' || word[len - 1] == 'M')) {
		shift = word[len - 1] == 'K' ? 10 : 20;
		len--;
	}
	if (!len || len >= sizeof(digits) || word[0] == '+' || word[0] == '-')
		return -EINVAL;
	memcpy(digits, word, len);
	digits[len] = '\0';
	if (kstrtoul(digits, 0, value))
		return -EINVAL;
	if (shift && *value > (~0UL >> shift))
		return -E2BIG;
	*value <<= shift;
	return 0;
}

/* Parses "GFP_BASE[|__GFP_MOD...]" into cmd->gfp. */
static inline int md_cmd_gfp_flags(const char *word, size_t len, unsigned int *gfp)
{
	unsigned int bit;
	size_t n;

	*gfp = 0;
	while (len) {
		for (n = 0; n < len && word[n] != '|'; n++)
			;
		if (md_cmd_lookup(md_cmd_gfps, ARRAY_SIZE(md_cmd_gfps), word, n, &bit) ||
		    (*gfp & bit))
			return -EINVAL;
		*gfp |= bit;
		if (n == len)
			break;
		word += n + 1;
		len -= n + 1;
		if (!len)
			return -EINVAL;		/* trailing '|' */
	}
	return 0;
}

/* Which gfp bits each interface accepts, and whether it takes gfp= at all. */
static inline int md_cmd_check_gfp(struct md_cmd *cmd, bool given)
{
	unsigned int base = cmd->gfp & MD_CMD_GFP_BASE;
	unsigned int zones = MD_CMD_GFP_DMA | MD_CMD_GFP_DMA32 | MD_CMD_GFP_HIGHMEM;
	unsigned int allowed;

	switch (cmd->api) {
	case MD_API_VMALLOC:
	case MD_API_VZALLOC:
		return given ? -EINVAL : 0;
	case MD_API_ALLOC_PAGES:
		allowed = ~0U;
		break;
	case MD_API_FREE_PAGES:		/* returns an address: no highmem */
		allowed = ~MD_CMD_GFP_HIGHMEM;
		break;
	case MD_API_KVMALLOC:		/* vmalloc fallback: no zone modifiers */
	case MD_API_CACHE:		/* the cache's zone was fixed at creation */
		allowed = ~zones;
		break;
	default:			/* slab: only the DMA caches */
		allowed = ~(MD_CMD_GFP_DMA32 | MD_CMD_GFP_HIGHMEM);
		break;
	}
	if (base & (base - 1))
		return -EINVAL;		/* two base flags */
	if (!base)
		cmd->gfp |= MD_CMD_GFP_KERNEL;
	if ((cmd->gfp & zones) & ((cmd->gfp & zones) - 1))
		return -EINVAL;		/* two zone modifiers */
	return cmd->gfp & ~allowed ? -EINVAL : 0;
}

/* Splits off the next space-separated word; returns its length (0 at the end). */
static inline size_t md_cmd_word(const char **p, const char *end, const char **word)
{
	const char *s = *p;

	while (s < end && *s == ' ')
		s++;
	*word = s;
	while (s < end && *s != ' ')
		s++;
	*p = s;
	return s - *word;
}

static inline bool md_cmd_is(const char *word, size_t len, const char *what)
{
	return strlen(what) == len && !strncmp(word, what, len);
}

static inline int md_cmd_parse(const char *buf, size_t len,
			       const struct md_cmd_limits *lim, struct md_cmd *cmd)
{
	const char *p = buf, *end, *w;
	unsigned int api;
	unsigned long v;
	bool given = false;
	size_t n, i;
	int ret;

	if (!len || len > MD_CMD_MAX)
		return -EINVAL;
	if (buf[len - 1] == '\n')
		len--;
	for (i = 0; i < len; i++)
		if (buf[i] < ' ' || buf[i] > '~')
			return -EINVAL;		/* NUL, newline, control or non-ASCII */
	end = buf + len;
	*cmd = (struct md_cmd){ 0 };

	n = md_cmd_word(&p, end, &w);
	if (md_cmd_is(w, n, "bench")) {
		cmd->op = MD_CMD_BENCH;
	} else if (md_cmd_is(w, n, "free")) {
		n = md_cmd_word(&p, end, &w);
		if (md_cmd_is(w, n, "all")) {
			cmd->op = MD_CMD_FREE_ALL;
		} else {
			cmd->op = MD_CMD_FREE;
			ret = md_cmd_number(w, n, false, &cmd->id);
			if (ret)
				return -EINVAL;
		}
	} else if (md_cmd_is(w, n, "alloc")) {
		cmd->op = MD_CMD_ALLOC;
		n = md_cmd_word(&p, end, &w);
		if (md_cmd_lookup(md_cmd_apis, ARRAY_SIZE(md_cmd_apis), w, n, &api))
			return -EINVAL;
		cmd->api = (enum md_api)api;
		n = md_cmd_word(&p, end, &w);
		if (api == MD_API_ALLOC_PAGES || api == MD_API_FREE_PAGES) {
			if (n < 7 || strncmp(w, "order=", 6))
				return -EINVAL;
			ret = md_cmd_number(w + 6, n - 6, false, &v);
			if (ret)
				return -EINVAL;
			if (v > lim->max_order)
				return -E2BIG;
			cmd->order = v;
			n = md_cmd_word(&p, end, &w);
		} else if (api != MD_API_CACHE) {
			ret = md_cmd_number(w, n, true, &cmd->size);
			if (ret)
				return ret;
			if (!cmd->size)
				return -EINVAL;
			if (cmd->size > (api == MD_API_KMALLOC || api == MD_API_KZALLOC ?
					 lim->kmalloc_max : lim->vmalloc_max))
				return -E2BIG;
			n = md_cmd_word(&p, end, &w);
		}
		if (n) {
			if (n < 5 || strncmp(w, "gfp=", 4) ||
			    md_cmd_gfp_flags(w + 4, n - 4, &cmd->gfp))
				return -EINVAL;
			given = true;
			n = md_cmd_word(&p, end, &w);
		}
		if (n)
			return -EINVAL;
		return md_cmd_check_gfp(cmd, given);
	} else {
		return -EINVAL;
	}
	n = md_cmd_word(&p, end, &w);
	return n ? -EINVAL : 0;		/* nothing may follow */
}

#endif /* MEMDEMO_H */
