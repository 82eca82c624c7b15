/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MEMDEMO_VERDICT_H
#define MEMDEMO_VERDICT_H

#ifdef __KERNEL__
#include <linux/math64.h>
#include <linux/types.h>
#else /* user space: tests/host/verdict-test.c feeds these functions */
#include <stdbool.h>
typedef unsigned long long u64;
#endif

/*
 * The claims' verdicts as pure functions of what was measured: md-claims.c
 * measures on the running kernel and calls them (tools/memdemo-claims.c
 * for claims 11 to 13, measured from user space), and tests/host/
 * verdict-test.c feeds them measurements on both sides of every bound, so
 * that each verdict is shown to change with its measurement.  Plain C, no
 * kernel call: every kernel fact comes in as an argument.
 *
 * inconclusive: a measurement too close to the claim's threshold to give
 * either verdict (the figure says how close).
 */
enum md_verdict { MD_HOLDS, MD_DIFFERS, MD_NOT_DEMONSTRATED, MD_INCONCLUSIVE, MD_NR_VERDICTS };

#define MD_VERDICT_KIB	1024ULL
#define MD_VERDICT_MIB	(1024ULL * 1024)

/*
 * Claim 1: GFP_KERNEL may sleep, GFP_ATOMIC does not and works in interrupt
 * context.  @irq_context: the GFP_ATOMIC blocks were made in interrupt
 * context (a timer callback run as a softirq); on PREEMPT_RT timer
 * callbacks run in a thread (kernel/softirq.c), so that part is not shown.
 */
static inline enum md_verdict md_verdict_gfp_context(bool kernel_may_sleep, bool atomic_may_sleep,
						     bool atomic_served, bool irq_context)
{
	if (!kernel_may_sleep || atomic_may_sleep)
		return MD_DIFFERS;
	if (!atomic_served || !irq_context)
		return MD_NOT_DEMONSTRATED;
	return MD_HOLDS;
}

/*
 * Claim 2: kmalloc's limit is 128 KiB.  Decided by the kernel's own limit,
 * KMALLOC_MAX_SIZE (include/linux/slab.h); @largest_now is the largest
 * kmalloc that succeeded now (0: not even 128 KiB), which only shows that
 * the limit is reachable.
 */
static inline enum md_verdict md_verdict_kmalloc_limit(u64 kmalloc_max_size, u64 largest_now)
{
	if (kmalloc_max_size == 128 * MD_VERDICT_KIB)
		return MD_HOLDS;
	if (kmalloc_max_size > 128 * MD_VERDICT_KIB && !largest_now)
		return MD_NOT_DEMONSTRATED;
	return MD_DIFFERS;
}

/*
 * Claim 3: the largest block is order 10 or 11.  Decided by the buddy
 * allocator's largest order (MAX_PAGE_ORDER, or MAX_ORDER - 1 before 6.4:
 * the order of the last free list, mm/page_alloc.c's __rmqueue_smallest()
 * loops up to it).  Whether a block of that order is free now is shown
 * beside it, and does not decide.
 */
static inline enum md_verdict md_verdict_max_order(unsigned int largest_order)
{
	return largest_order == 10 || largest_order == 11 ? MD_HOLDS : MD_DIFFERS;
}

/* Claim 4: PAGE_OFFSET is 0xC0000000, the 3 GiB / 1 GiB split of 32-bit x86. */
static inline enum md_verdict md_verdict_page_offset(u64 page_offset)
{
	return page_offset == 0xC0000000ULL ? MD_HOLDS : MD_DIFFERS;
}

/*
 * Claim 5: linear-map blocks are physically contiguous and phys = virt -
 * PAGE_OFFSET, each page's frame read from the kernel page tables.
 * @witness: the page-table walk was possible on this kernel.
 */
static inline enum md_verdict md_verdict_linear(bool witness, unsigned int blocks,
						unsigned int contiguous, unsigned int offset_rule)
{
	if (!witness || !blocks)
		return MD_NOT_DEMONSTRATED;
	return contiguous == blocks && offset_rule == blocks ? MD_HOLDS : MD_DIFFERS;
}

/*
 * Claim 6: vmalloc memory lies in [VMALLOC_START, VMALLOC_END) and is not
 * (required to be) physically contiguous.  A block in several physical
 * runs shows it; blocks that all came back in one run do not refute it
 * (vmalloc promises no contiguity), so then the claim is not demonstrated.
 */
static inline enum md_verdict md_verdict_vmalloc(unsigned int blocks, unsigned int in_area,
						 unsigned int split)
{
	if (!blocks)
		return MD_NOT_DEMONSTRATED;
	if (in_area != blocks)
		return MD_DIFFERS;
	return split ? MD_HOLDS : MD_NOT_DEMONSTRATED;
}

/* Claim 7: a page, a kmalloc block and a vmalloc block ascend in that order. */
static inline enum md_verdict md_verdict_address_order(bool page_below_kmalloc,
						       bool kmalloc_below_vmalloc,
						       bool linear_below_vmalloc)
{
	return page_below_kmalloc && kmalloc_below_vmalloc && linear_below_vmalloc ?
	       MD_HOLDS : MD_DIFFERS;
}

/* Claim 8: VMALLOC_START lies 8 to 16 MiB above high_memory. */
static inline enum md_verdict md_verdict_vmalloc_gap(u64 gap)
{
	return gap >= 8 * MD_VERDICT_MIB && gap <= 16 * MD_VERDICT_MIB ? MD_HOLDS : MD_DIFFERS;
}

/*
 * Claim 9: two vmalloc(100) lie their size rounded to pages plus a guard
 * page apart (@expect), the page after the first area is not mapped, and
 * a read there faulted (@overrun_faulted).
 */
static inline enum md_verdict md_verdict_guard_page(u64 apart, u64 expect, bool after_mapped,
						    bool overrun_faulted)
{
	return apart == expect && !after_mapped && overrun_faulted ? MD_HOLDS : MD_DIFFERS;
}

/*
 * Claim 10: on 32-bit, lowmem stops near 896 MiB and about 128 MiB is kept
 * for vmalloc.  @kept: VMALLOC_END - high_memory, the room above lowmem
 * the vmalloc area owns (its 8 MiB hole included).  On x86-32
 * (arch/x86/include/asm/pgtable_32_areas.h) lowmem is capped at MAXMEM,
 * VMALLOC_END - PAGE_OFFSET - __VMALLOC_RESERVE, so @kept is exactly
 * __VMALLOC_RESERVE: 128 MiB unless booted with vmalloc=
 * (arch/x86/mm/pgtable_32.c).  The windows: 896 MiB is 1 GiB minus those
 * 128 MiB, the most lowmem can be; what lies above VMALLOC_END (fixmap,
 * CPU entry areas, LDT, pkmap) takes lowmem lower, and "near" allows up to
 * another 128 MiB for it (768 MiB).  "About 128 MiB" allows a quarter
 * either way (96 to 160 MiB).  Without highmem there is no cap to see.
 */
#define MD_LOWMEM_MAX		(896 * MD_VERDICT_MIB)
#define MD_LOWMEM_MIN		(768 * MD_VERDICT_MIB)
#define MD_VMALLOC_KEPT_MIN	(96 * MD_VERDICT_MIB)
#define MD_VMALLOC_KEPT_MAX	(160 * MD_VERDICT_MIB)

static inline enum md_verdict md_verdict_lowmem(bool highmem_config, u64 lowmem, u64 highmem,
						u64 kept)
{
	if (!highmem_config)
		return MD_DIFFERS;
	if (!highmem)
		return MD_NOT_DEMONSTRATED;
	return lowmem >= MD_LOWMEM_MIN && lowmem <= MD_LOWMEM_MAX &&
	       kept >= MD_VMALLOC_KEPT_MIN && kept <= MD_VMALLOC_KEPT_MAX ?
	       MD_HOLDS : MD_DIFFERS;
}

/* Claim 14: a small kmalloc block sits on a slab page. */
static inline enum md_verdict md_verdict_slab(bool small_on_slab)
{
	return small_on_slab ? MD_HOLDS : MD_DIFFERS;
}

/*
 * Claim 15: get_zeroed_page clears its page, __get_free_page does not.
 * @same_page: the dirtied page came back from __get_free_page;
 * @came_zeroed: it came back zero (init_on_alloc or init_on_free did it);
 * @zeroed_ok: get_zeroed_page's page was zero.
 */
static inline enum md_verdict md_verdict_zeroing(bool same_page, bool came_zeroed, bool zeroed_ok)
{
	if (!same_page)
		return MD_NOT_DEMONSTRATED;
	if (came_zeroed || !zeroed_ok)
		return MD_DIFFERS;
	return MD_HOLDS;
}

/*
 * Claim 16: vmalloc costs far more than the page allocator.  A batch's
 * ratio x100 of vmalloc's cost to the page allocator's, with the zeroing
 * both do for one page (init_on_alloc or init_on_free) taken out of both:
 * @vm (vmalloc+vfree, and the purge vfree leaves for later), @pg
 * (__get_free_page+free_page) and @zero (clearing one page, 0 where
 * neither option zeroes), each the same number of rounds.  0 when the
 * page allocator's own work cannot be told from the zeroing (@pg <= @zero)
 * or vmalloc's (@vm <= @zero): the clock cannot decide then.
 */
static inline u64 md_cost_ratio_x100(u64 vm, u64 pg, u64 zero)
{
	if (pg <= zero || vm <= zero)
		return 0;
#ifdef __KERNEL__
	return div64_u64((vm - zero) * 100, pg - zero);
#else
	return (vm - zero) * 100 / (pg - zero);
#endif
}

/*
 * Claim 16's verdict from the batches' smallest and largest ratio x100
 * (@lo, @hi) and what "far more" is read as (@far_x100): holds or differs
 * only when every batch agrees; not demonstrated when a batch could not
 * be measured (ratio 0).
 */
static inline enum md_verdict md_verdict_cost(u64 lo, u64 hi, u64 far_x100)
{
	if (!lo)
		return MD_NOT_DEMONSTRATED;
	if (lo >= far_x100)
		return MD_HOLDS;
	if (hi < far_x100)
		return MD_DIFFERS;
	return MD_INCONCLUSIVE;
}

/*
 * Claim 17: vmalloc must not be called in atomic context.  Only where
 * __vmalloc() takes the non-blocking GFP_ATOMIC and GFP_NOWAIT
 * (@nonblocking) can a call in atomic context be made at all: made there
 * holding a spinlock (@atomic: not PREEMPT_RT, where spinlocks sleep), it
 * differs when it returned memory (@served).  Plain vmalloc() (GFP_KERNEL)
 * may sleep on every kernel.
 */
static inline enum md_verdict md_verdict_vmalloc_atomic(bool nonblocking, bool atomic, bool served)
{
	if (!nonblocking || !atomic || !served)
		return MD_NOT_DEMONSTRATED;
	return MD_DIFFERS;
}

/*
 * Claim 18: the mempool keeps min_nr objects in reserve (@reserve after an
 * allocation its allocator served), and serves from it when its allocator
 * fails: @failing_served of @failing_min_nr + 1 allocations made with the
 * allocator failing (-1: that pool could not be made).
 */
static inline enum md_verdict md_verdict_pool(int reserve, int min_nr, int failing_served,
					      int failing_min_nr)
{
	if (reserve != min_nr)
		return MD_DIFFERS;
	if (failing_served < 0)
		return MD_NOT_DEMONSTRATED;
	return failing_served == failing_min_nr ? MD_HOLDS : MD_DIFFERS;
}

/*
 * Claim 19: __GFP_DMA gives memory below 16 MiB, __GFP_HIGHMEM allows
 * highmem.  @dma_low: a ZONE_DMA exists, ends at or below 16 MiB and its
 * page lay there.  "Allows" is shown only where there is highmem
 * (@highmem_exists) and a GFP_HIGHUSER page came from it (@high_page).
 */
static inline enum md_verdict md_verdict_zones(bool dma_low, bool highmem_exists, bool high_page)
{
	if (!dma_low)
		return MD_DIFFERS;
	if (!highmem_exists || !high_page)
		return MD_NOT_DEMONSTRATED;
	return MD_HOLDS;
}

/*
 * Claim 11: vmalloc's areas can be listed by walking vmlist, as 001's
 * show_vmalloc() does.  Since 3.10 vmlist is __initdata (mm/vmalloc.c:
 * it holds only the areas registered before vmalloc_init(), which moves
 * them into the vmap_area tree, and it is freed with the init sections).
 * Decided by where the symbol lies: inside [__init_begin, __init_end) it
 * is gone once the kernel has booted.  @found: vmlist and both bounds were
 * found among the kernel's symbols, with real addresses.  Measured from
 * user space (tools/memdemo-claims.c).
 */
static inline enum md_verdict md_verdict_vmlist(bool found, u64 vmlist, u64 init_begin,
						u64 init_end)
{
	if (!found)
		return MD_NOT_DEMONSTRATED;
	return vmlist >= init_begin && vmlist < init_end ? MD_DIFFERS : MD_HOLDS;
}

/* Claim 12: user space cannot touch kernel addresses: a user-mode read faulted. */
static inline enum md_verdict md_verdict_user_read(bool faulted)
{
	return faulted ? MD_HOLDS : MD_DIFFERS;
}

/* Claim 13: malloc takes small blocks from the brk heap, large ones from mmap. */
static inline enum md_verdict md_verdict_malloc(bool small_from_heap, bool large_from_mmap)
{
	return small_from_heap && large_from_mmap ? MD_HOLDS : MD_DIFFERS;
}

/* Claim 20: __GFP_COLD and __GFP_REPEAT exist in this kernel's headers. */
static inline enum md_verdict md_verdict_old_flags(bool cold, bool repeat)
{
	return cold && repeat ? MD_HOLDS : MD_DIFFERS;
}

#endif /* MEMDEMO_VERDICT_H */
