/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memdemo's compatibility with Linux 5.10 to 7.3, in one place.
 */
#ifndef MEMDEMO_COMPAT_H
#define MEMDEMO_COMPAT_H

#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/timer.h>

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

/*
 * A cache of memdemo's own, kept apart from the caches of the same size
 * unless @merge: 6.5 added SLAB_NO_MERGE for that.  Before it, a cache
 * with a usercopy region (here the whole object) is never merged when
 * CONFIG_HARDENED_USERCOPY is set (kmem_cache_create_usercopy(), 5.10 to
 * 6.4); without that option it may still be (md_obj_cache_identify()).
 */
static inline struct kmem_cache *md_cache_create(const char *name, unsigned int size, bool merge)
{
	if (merge)
		return kmem_cache_create(name, size, 0, 0, NULL);
#ifdef SLAB_NO_MERGE
	return kmem_cache_create(name, size, 0, SLAB_NO_MERGE, NULL);
#else
	return kmem_cache_create_usercopy(name, size, 0, 0, 0, size, NULL);
#endif
}

/*
 * The kernel's name for its kmalloc caches of type @type (enum
 * kmalloc_cache_type, include/linux/slab.h), as mm/slab_common.c's
 * kmalloc_info[] spells them, without the size: "kmalloc-", and for the
 * other types "kmalloc-rcl-" (reclaimable), "dma-kmalloc-" (GFP_DMA),
 * "kmalloc-cg-" (accounted, 5.14), "kmalloc-rnd-NN-" (the random copies
 * of RANDOM_KMALLOC_CACHES, 6.6), "kmalloc-no-objext-" (6.10) and
 * "kmalloc-part-NN-" (the copies of KMALLOC_PARTITION_CACHES, 7.2, which
 * replaced the random ones).  A type that is not a kind of its own on this
 * kernel has the value KMALLOC_NORMAL, so it is tested first; a type this
 * list does not know gives false.
 */
static inline bool md_kmalloc_type_prefix(unsigned int type, char *buf, size_t len)
{
	const char *name = NULL;

	if (type == KMALLOC_NORMAL)
		name = "kmalloc-";
#ifdef MD_HAVE_KMALLOC_RANDOM
	else if (type > KMALLOC_RANDOM_START && type <= KMALLOC_RANDOM_END)
		return scnprintf(buf, len, "kmalloc-rnd-%02u-", type - KMALLOC_RANDOM_START) > 0;
#endif
#ifdef MD_HAVE_KMALLOC_PARTITION
	else if (type > KMALLOC_PARTITION_START && type <= KMALLOC_PARTITION_END)
		return scnprintf(buf, len, "kmalloc-part-%02u-",
				 type - KMALLOC_PARTITION_START) > 0;
#endif
	else if (type == KMALLOC_RECLAIM)
		name = "kmalloc-rcl-";
#ifdef CONFIG_ZONE_DMA
	else if (type == KMALLOC_DMA)
		name = "dma-kmalloc-";
#endif
#ifdef MD_HAVE_KMALLOC_CGROUP
	else if (type == KMALLOC_CGROUP)
		name = "kmalloc-cg-";
#endif
#ifdef MD_HAVE_KMALLOC_NO_OBJ_EXT
	else if (type == KMALLOC_NO_OBJ_EXT)
		name = "kmalloc-no-objext-";
#endif
	if (!name)
		return false;
	strscpy(buf, name, len);
	return true;
}

/*
 * 5.13 taught vmalloc_to_page() to follow the leaf entries of huge
 * mappings, the linear map's 2 MiB and 1 GiB pages among them; before it,
 * it WARNs on them (mm/vmalloc.c: WARN_ON_ONCE(pud_bad()), pmd_bad()) and
 * returns NULL.  The same series declared arch_vmap_pmd_supported() in
 * linux/vmalloc.h, which Kbuild looks for.
 */
#ifdef MD_HAVE_VMALLOC_TO_PAGE_LEAF
#define MD_VMALLOC_TO_PAGE_FOLLOWS_LEAVES	1
#else
#define MD_VMALLOC_TO_PAGE_FOLLOWS_LEAVES	0
#endif

#endif /* MEMDEMO_COMPAT_H */
