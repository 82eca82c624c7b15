// SPDX-License-Identifier: GPL-2.0
/*
 * memdemo: the articles' claims, each measured on the running kernel.
 *
 * Offers md_claims_measure() and md_claims_summary() to init, and the
 * verdicts (md_claims, md_claim_format()) to md-proc.c.  A claim is a
 * function here and its row in md_claim_cases.  Needs the load's records
 * (md_allocs; md_load_block() finds an allocator's block by name), the
 * guard pair's probe (md-guard.c), md-record.c's facts about an address
 * and memdemo.c's mempool and cache.
 *
 * A part of memdemo.c, built into its one translation unit (see Kbuild);
 * memdemo-internal.h names what the parts call across files.
 */

/* ---- The articles' claims, measured on this kernel ---------------------- */

/* Each verdict is a pure function of the measurements, shared with tests/host. */
#include "memdemo-verdict.h"

static const char * const md_verdict_names[] = {
	[MD_HOLDS]		= "holds",
	[MD_DIFFERS]		= "differs",
	[MD_NOT_DEMONSTRATED]	= "not-demonstrated",
	[MD_INCONCLUSIVE]	= "inconclusive",
};

#define MD_MEASURED_MAX	288
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

/* Sets @cl's verdict, note and measurements (printf-style). */
static __printf(4, 5)
void md_verdict(struct md_claim *cl, enum md_verdict verdict, const char *note,
		const char *fmt, ...)
{
	va_list args;

	cl->verdict = verdict;
	cl->secret = false;
	strscpy(cl->note, note, sizeof(cl->note));
	va_start(args, fmt);
	vscnprintf(cl->measured, sizeof(cl->measured), fmt, args);
	va_end(args);
}

static int md_claim_format(char *buf, size_t len, const struct md_claim *cl, bool real)
{
	return scnprintf(buf, len, "claim id=%u verdict=%s article=%s measured=%s # %s",
			 cl->id, md_verdict_names[cl->verdict], cl->article,
			 cl->secret && !real ? "hidden" : cl->measured, cl->note);
}

/* The @i-th of the notes given: a claim's note for the case measured. */
#define MD_PICK(i, ...)	(((const char * const []){ __VA_ARGS__ })[i])

static const char *md_yes(bool b)
{
	return b ? "yes" : "no";
}

/*
 * Whether a block was made in interrupt context, as its context recorded
 * it: a hardirq or softirq count in preempt_count().  PREEMPT_RT runs
 * timer callbacks in a thread (kernel/softirq.c), where the softirq count
 * is the task's own (softirq_count()) and preempt_count() carries neither.
 */
static bool md_in_irq_context(const struct md_alloc *a)
{
	return a->ctx.preempt_count & (HARDIRQ_MASK | SOFTIRQ_MASK);
}

/* Claim 1: GFP_KERNEL may sleep; GFP_ATOMIC does not and works in interrupts. */
static void md_claim_gfp_context(struct md_claim *cl)
{
	const struct md_alloc *a = &md_allocs[MD_ATOMIC_KMALLOC];
	const struct md_alloc *p = &md_allocs[MD_ATOMIC_PAGE];
	bool kernel_blocks = gfpflags_allow_blocking(GFP_KERNEL);
	bool atomic_blocks = gfpflags_allow_blocking(GFP_ATOMIC);
	bool served = a->ptr && p->ptr;
	bool irq = served && md_in_irq_context(a) && md_in_irq_context(p);
	enum md_verdict v;
	const char *note;

	v = md_verdict_gfp_context(kernel_blocks, atomic_blocks, served, irq);
	note = MD_PICK(v == MD_HOLDS ? 0 : v == MD_DIFFERS ? 1 : !served ? 2 : 3,
		       "GFP_KERNEL carries __GFP_DIRECT_RECLAIM (may sleep; include/linux/gfp.h gfpflags_allow_blocking()), GFP_ATOMIC does not and served a timer callback in softirq context",
		       "GFP_KERNEL or GFP_ATOMIC does not carry __GFP_DIRECT_RECLAIM as the claim says",
		       "a GFP_ATOMIC allocation in the timer callback failed (GFP_ATOMIC may fail: it cannot reclaim)",
		       "the timer callback ran in a thread, not in interrupt context (PREEMPT_RT threads softirqs, kernel/softirq.c): GFP_ATOMIC served it, but interrupt context was not shown");
	md_verdict(cl, v, note,
		   "GFP_KERNEL-may-sleep:%s,GFP_ATOMIC-may-sleep:%s,GFP_ATOMIC-served:%s,irq-context:%s,preempt:0x%x",
		   md_yes(kernel_blocks), md_yes(atomic_blocks), md_yes(served), md_yes(irq),
		   a->ctx.preempt_count);
}

/* Claim 2: kmalloc's portable upper limit is 128 KiB. */
static void md_claim_kmalloc_limit(struct md_claim *cl)
{
	size_t size, largest = 0;
	void *p;
	const char *note;

	enum md_verdict v;

	/* Up to the limit only: the limit decides, the loop shows it reachable now. */
	for (size = SZ_128K; size <= KMALLOC_MAX_SIZE; size <<= 1) {
		p = kmalloc(size, MD_GFP);
		if (!p)
			break;
		kfree(p);
		largest = size;
	}
	v = md_verdict_kmalloc_limit(KMALLOC_MAX_SIZE, largest);
	note = MD_PICK(v,
		       [MD_HOLDS] = "KMALLOC_MAX_SIZE (include/linux/slab.h) is 128 KiB here",
		       [MD_DIFFERS] =
		       "KMALLOC_MAX_SIZE (include/linux/slab.h: the largest buddy block) is the limit here; above KMALLOC_MAX_CACHE_SIZE kmalloc bypasses slab; largest-now is what free memory gave at this moment",
		       [MD_NOT_DEMONSTRATED] = "even a 128 KiB kmalloc failed");
	md_verdict(cl, v, note,
		   "KMALLOC_MAX_SIZE:%lu,largest-now:%zu", KMALLOC_MAX_SIZE, largest);
}

/* Claim 3: the largest block is order 10 or 11; an order above fails. */
static void md_claim_max_order(struct md_claim *cl)
{
	unsigned int order = MD_MAX_ORDER;
	unsigned long long block = (unsigned long long)PAGE_SIZE << order;
	unsigned long long ram = (unsigned long long)totalram_pages() << PAGE_SHIFT;
	struct page *page;
	const char *now;

	/*
	 * The largest order is the kernel's constant: the buddy allocator
	 * keeps no free list above it (mm/page_alloc.c, __rmqueue_smallest()),
	 * and refuses a larger order before looking (__alloc_pages_noprof()),
	 * so asking for one more measures nothing.  A block of that order is
	 * asked for only to show whether one is free now.
	 */
	if (block >= ram) {
		now = "larger-than-RAM";
	} else {
		page = alloc_pages(MD_GFP, order);
		now = page ? "free" : "none-free";
		if (page)
			__free_pages(page, order);
	}
	md_verdict(cl, md_verdict_max_order(order),
		   "the buddy allocator's largest order (include/linux/mmzone.h); block-now says whether a block of it was free at this moment",
		   "largest-order:%u,%s:%u,block-bytes:%llu,block-now:%s", order,
		   MD_MAX_ORDER_MACRO, MD_MAX_ORDER_VALUE, block, now);
}

/* Claim 4: the kernel owns the top 1 GiB; PAGE_OFFSET is 0xC0000000. */
static void md_claim_page_offset(struct md_claim *cl)
{
	bool classic = PAGE_OFFSET == 0xC0000000UL;

	md_verdict(cl, md_verdict_page_offset(PAGE_OFFSET),
		   classic ? "the 3 GiB / 1 GiB split of 32-bit x86" :
			     "the kernel's half starts elsewhere on this architecture",
		   "PAGE_OFFSET:0x%lx,TASK_SIZE:0x%lx", PAGE_OFFSET, (unsigned long)TASK_SIZE);
	cl->secret = !classic;
}

static bool md_in_linear_map(const struct md_alloc *a)
{
	return a->ptr && a->region == MD_REGION_LINEAR;
}

/*
 * The page frame the kernel page tables map @addr to, or 0.  The block
 * lines' runs come from virt_to_page(), the very formula claim 5 is about,
 * so the claim takes its frames from another witness: the page tables
 * themselves.  vmalloc_to_page() (mm/vmalloc.c) walks init_mm's tables
 * from the pgd down and follows leaf entries at the p4d, pud and pmd
 * levels, which is how the linear map is mapped (1 GiB or 2 MiB pages on
 * x86, blocks on arm64); it is exported and works for any kernel address,
 * but with CONFIG_DEBUG_VIRTUAL it stops the kernel (VIRTUAL_BUG_ON) for
 * one outside vmalloc and modules, and before 5.13 it WARNs on leaf entries
 * (memdemo-compat.h), so there the claim is not demonstrated.
 */
static unsigned long md_linear_pt_pfn(unsigned long addr)
{
	struct page *page;

	if (IS_ENABLED(CONFIG_DEBUG_VIRTUAL) || !MD_VMALLOC_TO_PAGE_FOLLOWS_LEAVES)
		return 0;
	page = vmalloc_to_page((void *)addr);
	return page ? page_to_pfn(page) : 0;
}

/* Claim 5: linear-map blocks are contiguous and virt_to_phys is x - PAGE_OFFSET. */
static void md_claim_linear(struct md_claim *cl)
{
	unsigned int i, n = 0, contiguous = 0, offset_rule = 0, agree = 0;
	unsigned long base, pfn, prev, j, runs, offset = 0;
	bool witness = !IS_ENABLED(CONFIG_DEBUG_VIRTUAL) && MD_VMALLOC_TO_PAGE_FOLLOWS_LEAVES;
	const struct md_alloc *a;
	phys_addr_t phys;
	enum md_verdict v;
	const char *note;

	for (i = 0; witness && i < md_nr_allocs; i++) {
		a = &md_allocs[i];
		if (!md_in_linear_map(a))
			continue;
		base = a->virt & PAGE_MASK;
		prev = 0;
		runs = 0;
		for (j = 0; j < a->pages; j++) {
			pfn = md_linear_pt_pfn(base + j * PAGE_SIZE);
			if (!pfn) {
				witness = false;
				break;
			}
			if (!j || pfn != prev + 1)
				runs++;
			if (!j)
				phys = PFN_PHYS(pfn) + offset_in_page(a->virt);
			prev = pfn;
		}
		if (!witness)
			break;
		n++;
		contiguous += runs == 1;
		offset = a->virt - (unsigned long)phys;
		offset_rule += offset == PAGE_OFFSET;
		agree += phys == a->phys;
	}
	v = md_verdict_linear(witness, n, contiguous, offset_rule);
	note = MD_PICK(v == MD_HOLDS ? 0 : v == MD_NOT_DEMONSTRATED ? 1 : contiguous == n ? 2 : 3,
		       "every kmalloc and page block: one physical run in the kernel page tables, phys == virt - PAGE_OFFSET",
		       "the kernel page tables could not be read for a linear-map address here (CONFIG_DEBUG_VIRTUAL, a kernel before 5.13, or an unmapped page)",
		       "contiguous in the kernel page tables, but virt - phys != PAGE_OFFSET: RAM starts above 0 (arm64: PAGE_OFFSET - PHYS_OFFSET)",
		       "a linear-map block spans several physical runs in the kernel page tables");
	md_verdict(cl, v, note,
		   "witness:page-tables,blocks:%u,contiguous:%u,phys==virt-PAGE_OFFSET:%u,virt-phys:0x%lx,agrees-with-virt_to_phys:%u",
		   n, contiguous, offset_rule, offset, agree);
	cl->secret = true;
}

/*
 * Whether a vmalloc block is one physical run starting at a pfn aligned to
 * 2^k, k the largest order that fits it: what a block the buddy allocator
 * handed over whole looks like, and what its alloc line (runs=, phys=)
 * shows.  linux-source-7.3's mm/vmalloc.c (vm_area_alloc_pages()) asks
 * the buddy allocator for blocks of order ilog2(pages still needed) first,
 * without direct reclaim, and splits them; 6.12's takes single pages from
 * the bulk allocator, where such runs happen by chance on a freshly booted
 * machine.  Shown beside claim 6's verdict, never deciding it.
 */
static bool md_vmalloc_high_order(const struct md_alloc *a)
{
	unsigned int k = min_t(unsigned int, ilog2(a->pages), MD_MAX_ORDER);

	return a->runs == 1 && IS_ALIGNED(md_pfn_at(a, 0), 1UL << k);
}

#define MD_HIGH_ORDER_MIN_PAGES	16

/*
 * A vmalloc of 16 + 8 + 1 pages: where vmalloc takes large orders first,
 * that is three separate buddy blocks (order 4, 3 and 0), which need not
 * lie next to each other; claim 6 counts its runs too.
 */
#define MD_ODD_VMALLOC_PAGES	25

/* The physical runs of an own vmalloc block, from its page tables (0: none). */
static unsigned long md_odd_vmalloc_runs(void)
{
	unsigned long i, pfn, prev = 0, runs = 0;
	void *p = vmalloc(MD_ODD_VMALLOC_PAGES * PAGE_SIZE);

	if (!p)
		return 0;
	for (i = 0; i < MD_ODD_VMALLOC_PAGES; i++) {
		pfn = vmalloc_to_pfn(p + i * PAGE_SIZE);
		if (!i || pfn != prev + 1)
			runs++;
		prev = pfn;
	}
	vfree(p);
	return runs;
}

/* What claim 6 prints: the threshold with the count it decides. */
#define MD_CLAIM6_MEASURED \
	"blocks:%u,in-area:%u,split-blocks:%u,pages:%lu,runs:%lu,odd-block-pages:%u,odd-block-runs:%lu,large-blocks:%u,large-min-pages:%u,high-order-aligned:%u,phys==virt-PAGE_OFFSET:%u"

/*
 * Claim 6: vmalloc memory is in [VMALLOC_START, VMALLOC_END), has no fixed
 * virt-phys offset and is not (required to be) physically contiguous.
 */
static void md_claim_vmalloc(struct md_claim *cl)
{
	unsigned int i, n = 0, inside = 0, split = 0, large = 0, aligned = 0, pa_rule = 0;
	unsigned long pages = 0, runs = 0, odd_runs;
	const struct md_alloc *a;
	enum md_verdict v;
	const char *note;

	for (i = 0; i < md_nr_allocs; i++) {
		a = &md_allocs[i];
		if (!a->ptr || a->region != MD_REGION_VMALLOC)
			continue;
		n++;
		inside += a->virt >= VMALLOC_START && a->virt < VMALLOC_END;
		/*
		 * The linear map's formula, computed and never used: the
		 * arithmetic virt_to_phys() does is wrong for a vmalloc
		 * address, so no block should fit it.
		 */
		pa_rule += a->virt - PAGE_OFFSET == (unsigned long)a->phys;
		split += a->runs > 1;
		pages += a->pages;
		runs += a->runs;
		if (a->pages >= MD_HIGH_ORDER_MIN_PAGES) {
			large++;
			aligned += md_vmalloc_high_order(a);
		}
	}
	odd_runs = md_odd_vmalloc_runs();
	v = md_verdict_vmalloc(n, inside, split + (odd_runs > 1));
	note = MD_PICK(v,
		       [MD_HOLDS] =
		       "vmalloc blocks lie in the vmalloc area, and one is made of physically separate pieces: vmalloc maps whatever pages it gets (mm/vmalloc.c vm_area_alloc_pages())",
		       [MD_DIFFERS] = "a vmalloc block lies outside the vmalloc area",
		       [MD_NOT_DEMONSTRATED] =
		       "every vmalloc block came back in one physical run this time; vmalloc still promises no contiguity (high-order-aligned counts blocks made of whole aligned buddy blocks)");
	md_verdict(cl, v, note, MD_CLAIM6_MEASURED, n, inside, split, pages, runs,
		   MD_ODD_VMALLOC_PAGES, odd_runs, large, MD_HIGH_ORDER_MIN_PAGES, aligned,
		   pa_rule);
}

/* Claim 7: __get_free_page < kmalloc < vmalloc, vmalloc above all linear addresses. */
static void md_claim_order_of_addresses(struct md_claim *cl)
{
	unsigned long page = md_load_block("free-page")->virt;
	unsigned long kmem = md_load_block("kmalloc-small")->virt;
	unsigned long vmem = md_load_block("vmalloc-small")->virt;
	bool page_below = page < kmem, kmem_below = kmem < vmem;
	bool linear_below = (unsigned long)high_memory <= VMALLOC_START;

	md_verdict(cl, md_verdict_address_order(page_below, kmem_below, linear_below),
		   page_below ? "the three blocks ascend as the article drew them" :
				"vmalloc lies above the linear map, but page and slab blocks share the linear map, where virtual order is physical order, and the buddy and slab state of this boot decide it",
		   "free-page<kmalloc:%s,kmalloc<vmalloc:%s,high_memory<=VMALLOC_START:%s",
		   md_yes(page_below), md_yes(kmem_below), md_yes(linear_below));
}

/* Claim 8: VMALLOC_START is high_memory plus an 8 to 16 MiB gap. */
static void md_claim_vmalloc_gap(struct md_claim *cl)
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
	md_verdict(cl, md_verdict_vmalloc_gap(gap), note,
		   "gap:%lu,formula-2.4/2.6.9-gap:%lu", gap, f24 - hm);
}

/*
 * Claim 9: a guard page follows each vmalloc area: two vmalloc(100) are 8
 * KiB apart.  Besides the spacing and the page tables (nothing maps the
 * page after the area), memdemo reads the first byte past the area's last
 * page with copy_from_kernel_nofault() (mm/maccess.c), which turns the
 * page fault an overrun takes there into -EFAULT: the guard page catching
 * an overrun, safely.
 */
static void md_claim_guard_page(struct md_claim *cl)
{
	const struct md_alloc *a = &md_allocs[MD_GUARD_A];
	const struct md_alloc *b = &md_allocs[MD_GUARD_B];
	unsigned long expect = PAGE_ALIGN(a->size) + PAGE_SIZE;
	unsigned long apart = b->virt - a->virt;
	void *past = (void *)(a->virt + PAGE_ALIGN(a->size));
	bool unmapped = !vmalloc_to_page(past);
	enum md_verdict v;
	const char *note;
	bool faulted;
	char byte;

	faulted = copy_from_kernel_nofault(&byte, past, 1) == -EFAULT;
	v = md_verdict_guard_page(apart, expect, !unmapped, faulted);
	note = MD_PICK(v != MD_HOLDS,
		       "once holes are filled, vmalloc(100) areas lie a page + a guard page apart, and a read past the area faults",
		       "no two vmalloc(100) in a row were placed one page plus a guard page apart, or the page after the area could be read");
	md_verdict(cl, v, note,
		   "apart:%lu,size-rounded+guard:%lu,page-after-area-mapped:%s,overrun-read-faulted:%s,calls:%u",
		   apart, expect, md_yes(!unmapped), md_yes(faulted), md_guard_calls);
}

/*
 * Claim 10: 32-bit lowmem stops near 896 MiB, about 128 MiB kept for
 * vmalloc.  In u64: a 32-bit kernel's highmem can reach 4 GiB and more
 * (PAE), which its unsigned long cannot hold.  The windows are explained
 * at md_verdict_lowmem() (memdemo-verdict.h).
 */
static void md_claim_lowmem(struct md_claim *cl)
{
	u64 lowmem = (unsigned long)high_memory - PAGE_OFFSET;
	u64 area = VMALLOC_END - VMALLOC_START;
	u64 kept = VMALLOC_END - (unsigned long)high_memory;
	u64 high = (u64)totalhigh_pages() << PAGE_SHIFT;
	enum md_verdict v;
	const char *note;

	v = md_verdict_lowmem(IS_ENABLED(CONFIG_HIGHMEM), lowmem, high, kept);
	note = MD_PICK(!IS_ENABLED(CONFIG_HIGHMEM) ? 0 : !high ? 1 : v == MD_HOLDS ? 2 : 3,
		       "no highmem: the linear map covers all of RAM and the vmalloc area is far larger than 128 MiB",
		       "all RAM fits in lowmem: boot with more than 896 MiB to see the cap",
		       "lowmem is capped below 896 MiB (x86-32: MAXMEM, arch/x86/include/asm/pgtable_32_areas.h), the rest of RAM is highmem, and vmalloc keeps __VMALLOC_RESERVE above lowmem",
		       "lowmem or the room kept for vmalloc lies outside the claim's windows (booted with vmalloc=?)");
	md_verdict(cl, v, note,
		   "lowmem:%llu,highmem:%llu,vmalloc-area:%llu,vmalloc-kept:%llu,lowmem-min:%llu,lowmem-max:%llu,kept-min:%llu,kept-max:%llu",
		   lowmem, high, area, kept, MD_LOWMEM_MIN, MD_LOWMEM_MAX,
		   MD_VMALLOC_KEPT_MIN, MD_VMALLOC_KEPT_MAX);
}

/* Claim 14: kmalloc sits on the slab allocator, which takes pages from the buddy allocator. */
static void md_claim_slab(struct md_claim *cl)
{
	const struct md_alloc *ks = md_load_block("kmalloc-small");
	const struct md_alloc *kb = md_load_block("kmalloc-big");
	bool small = ks->ptr && md_on_slab(ks->ptr);
	bool big = kb->ptr && md_on_slab(kb->ptr);

	md_verdict(cl, md_verdict_slab(small),
		   big ? "both blocks sit on slab pages" :
			 "small kmalloc blocks sit on slab pages; above KMALLOC_MAX_CACHE_SIZE kmalloc takes pages straight from the buddy allocator",
		   "kmalloc-%zu-on-slab-page:%s,kmalloc-%zu-on-slab-page:%s",
		   ks->size, md_yes(small), kb->size, md_yes(big));
}

/* Claim 15: get_zeroed_page clears its page; __get_free_page does not. */
#define MD_ZERO_TRIES 8
static void md_claim_zeroing(struct md_claim *cl)
{
	bool init_on_alloc = want_init_on_alloc(GFP_KERNEL);
	bool init_on_free = want_init_on_free();
	bool zeroed_ok = md_load_block("zeroed-page")->zeroed;
	unsigned long pfn = 0, again = 1;
	struct page *page = NULL;
	bool came_zeroed = false;
	unsigned int tries;
	enum md_verdict v;
	void *p = NULL;
	const char *note;

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
		md_verdict(cl, MD_NOT_DEMONSTRATED, "no page to dirty",
			   "init_on_alloc:%d,init_on_free:%d", init_on_alloc, init_on_free);
		return;
	}
	v = md_verdict_zeroing(again == pfn, came_zeroed, zeroed_ok);
	note = MD_PICK(again != pfn ? 0 : !came_zeroed ? (zeroed_ok ? 1 : 2) :
		       init_on_free ? 3 : init_on_alloc ? 4 : 5,
		       "the dirtied page did not come back at once",
		       "a page dirtied and freed came back from __get_free_page still dirty; get_zeroed_page's was zero",
		       "get_zeroed_page's page was not zero",
		       "init_on_free=1 zeroes every page as it is freed (mm/page_alloc.c, free_pages_prepare())",
		       "init_on_alloc=1 zeroes every page it hands out (mm/page_alloc.c, post_alloc_hook())",
		       "the dirtied page came back zeroed");
	md_verdict(cl, v, note,
		   "init_on_alloc:%d,init_on_free:%d,get_zeroed_page-zeroed:%d,same-page:%s,dirty-page-came-back-zeroed:%s",
		   init_on_alloc, init_on_free, zeroed_ok, md_yes(again == pfn),
		   again == pfn ? md_yes(came_zeroed) : "unknown");
}

/*
 * Claim 16: vmalloc costs far more than __get_free_pages ("far": at least
 * twice, memdemo's reading; the articles give no figure).  The rounds come
 * in batches: a page batch, a vmalloc batch and the purge that batch left,
 * and a batch clearing one page as many times.  What decides is vmalloc's
 * own work against the page allocator's: where init_on_alloc or
 * init_on_free zeroes each page (mm/page_alloc.c post_alloc_hook(),
 * free_pages_prepare()), both sides clear one page a round, and that
 * clearing is taken out of both, since its cost is the CPU's (or, under
 * qemu, how the emulator counts rep stosb or dc zva), not the allocators'.
 * vfree leaves the TLB flush and the address range to a later purge
 * (mm/vmalloc.c, free_vmap_area_noflush()), which vm_unmap_aliases()
 * runs: the vmalloc batch starts with an empty queue and its purge is
 * timed on its own and counted in.  The verdict is holds or differs only
 * when every batch's ratio lies on the same side of 2.
 */
#define MD_COST_BATCHES	5
#define MD_COST_ROUNDS	40	/* per batch */
#define MD_COST_FAR_X100	200

struct md_cost_batch {
	u64 pg, vm, purge, zero;	/* per batch, in the guest clock's ns */
};

static u64 md_cost_since(u64 t0)
{
	return max_t(u64, ktime_get_ns() - t0, 1);
}

static int md_cost_measure(struct md_cost_batch *b, struct page *scratch, bool zeroing)
{
	unsigned int i;
	u64 t0;
	void *p;

	t0 = ktime_get_ns();
	for (i = 0; i < MD_COST_ROUNDS; i++) {
		p = (void *)__get_free_page(MD_GFP);
		if (!p)
			return -ENOMEM;
		free_page((unsigned long)p);
	}
	b->pg = md_cost_since(t0);

	vm_unmap_aliases();
	t0 = ktime_get_ns();
	for (i = 0; i < MD_COST_ROUNDS; i++) {
		p = vmalloc(PAGE_SIZE);
		if (!p)
			return -ENOMEM;
		vfree(p);
	}
	b->vm = md_cost_since(t0);
	t0 = ktime_get_ns();
	vm_unmap_aliases();
	b->purge = md_cost_since(t0);

	b->zero = 0;
	if (zeroing) {
		t0 = ktime_get_ns();
		for (i = 0; i < MD_COST_ROUNDS; i++)
			clear_highpage(scratch);
		b->zero = md_cost_since(t0);
	}
	return 0;
}

/* Claim 16's notes, by verdict. */
static const char * const md_cost_notes[] = {
	[MD_HOLDS] =
		"alloc+free of one page, page zeroing counted apart: vmalloc, which must also find address space, map it and later flush the TLB, cost at least twice as much as __get_free_page in every batch",
	[MD_DIFFERS] =
		"alloc+free of one page, page zeroing counted apart: vmalloc cost less than twice __get_free_page in every batch",
	[MD_NOT_DEMONSTRATED] =
		"a batch's page allocator cost could not be told from the page zeroing it includes, or an allocation failed",
	[MD_INCONCLUSIVE] =
		"alloc+free of one page, page zeroing counted apart: the batches' ratios straddle 2, so this boot cannot say whether vmalloc costs twice as much",
};

static void md_claim_cost(struct md_claim *cl)
{
	bool zeroing = want_init_on_alloc(GFP_KERNEL) || want_init_on_free();
	u64 t_pg = 0, t_vm = 0, t_purge = 0, t_zero = 0, r, lo = U64_MAX, hi = 0;
	struct md_cost_batch b;
	enum md_verdict verdict;
	struct page *scratch;
	unsigned int i;
	u64 rounds = MD_COST_BATCHES * MD_COST_ROUNDS;

	scratch = alloc_page(MD_GFP);
	if (!scratch) {
		md_verdict(cl, MD_NOT_DEMONSTRATED, md_cost_notes[MD_NOT_DEMONSTRATED],
			   "batch:0");
		return;
	}
	for (i = 0; i < MD_COST_BATCHES; i++) {
		if (md_cost_measure(&b, scratch, zeroing)) {
			__free_page(scratch);
			md_verdict(cl, MD_NOT_DEMONSTRATED, md_cost_notes[MD_NOT_DEMONSTRATED],
				   "batch:%u", i);
			return;
		}
		t_pg += b.pg;
		t_vm += b.vm + b.purge;
		t_purge += b.purge;
		t_zero += b.zero;
		r = md_cost_ratio_x100(b.vm + b.purge, b.pg, b.zero);
		lo = min(lo, r);
		hi = max(hi, r);
	}
	__free_page(scratch);
	verdict = md_verdict_cost(lo, hi, MD_COST_FAR_X100);
	md_verdict(cl, verdict, md_cost_notes[verdict],
		   "unit:guest-clock-ns,vmalloc+vfree-ns:%llu,purge-ns:%llu,get_free_page+free_page-ns:%llu,clear-page-ns:%llu,zeroing-counted-apart:%s,ratio-x100:%llu,batch-ratio-x100-min:%llu,batch-ratio-x100-max:%llu,far-x100:%u,batches:%u",
		   div64_u64(t_vm, rounds), div64_u64(t_purge, rounds), div64_u64(t_pg, rounds),
		   div64_u64(t_zero, rounds), md_yes(zeroing),
		   md_cost_ratio_x100(t_vm, t_pg, t_zero), lo, hi, MD_COST_FAR_X100,
		   MD_COST_BATCHES);
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
static noinline void md_claim_vmalloc_atomic(struct md_claim *cl)
{
	unsigned long i, runs = 0, prev = 0, pfn, mapped = 0;
	struct md_context ctx;
	bool atomic, ok;
	const char *note;
	void *p;

	spin_lock(&md_atomic_lock);
	md_context_record(&ctx, "spinlock");
	p = __vmalloc(MD_ATOMIC_VMALLOC_SIZE, MD_GFP_ATOMIC);
	spin_unlock(&md_atomic_lock);
	/* A spinlock_t is atomic context except on PREEMPT_RT, where it sleeps. */
	atomic = !IS_ENABLED(CONFIG_PREEMPT_RT);

	if (!p) {
		md_verdict(cl, md_verdict_vmalloc_atomic(true, atomic, false),
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
	ok = md_region_of((unsigned long)p) == MD_REGION_VMALLOC && mapped == i;
	note = MD_PICK(!atomic ? 0 : ok ? 1 : 2,
		       "PREEMPT_RT: holding a spinlock is not atomic context (spinlocks sleep), and a truly atomic section must not allocate at all there",
		       "__vmalloc() with GFP_ATOMIC or GFP_NOWAIT does not sleep here (mm/vmalloc.c, __vmalloc_node_range_noprof()): it served a call made holding a spinlock; plain vmalloc() (GFP_KERNEL) may still sleep, and interrupt context is still excluded",
		       "__vmalloc(GFP_ATOMIC) under a spinlock returned memory, but not a fully mapped block of the vmalloc area");
	md_verdict(cl, md_verdict_vmalloc_atomic(true, atomic, true), note,
		   "nonblocking-vmalloc:yes,atomic:%s,preempt:0x%x,vmalloc-GFP_ATOMIC:%s,region:%s,pages:%lu,mapped:%lu,runs:%lu",
		   md_yes(atomic), ctx.preempt_count, ok ? "ok" : "odd",
		   md_region_names[md_region_of((unsigned long)p)], i, mapped, runs);
	vfree(p);
}
#else
static void md_claim_vmalloc_atomic(struct md_claim *cl)
{
	md_verdict(cl, md_verdict_vmalloc_atomic(false, true, false),
		   "vmalloc may sleep here (it allocates its area and page tables with GFP_KERNEL; __vmalloc() takes no GFP_ATOMIC before 6.19): calling it in atomic context is a bug memdemo describes, not commits",
		   "nonblocking-vmalloc:no,vmalloc-gfp-may-sleep:%s",
		   md_yes(gfpflags_allow_blocking(GFP_KERNEL)));
}
#endif

/*
 * Claim 18's own pool, whose allocator fails on demand: the safe way to
 * show a mempool serving from its reserve, the very case a mempool is for,
 * without fault injection.  Two elements in reserve; with the allocator
 * failing, two mempool_alloc(GFP_NOWAIT) come from the reserve and a third
 * finds it empty (GFP_NOWAIT does not wait for a free).
 */
#define MD_FAILING_POOL_MIN	2
#define MD_FAILING_POOL_OBJ	64

static bool md_failing_pool_fails;

static void *md_failing_pool_alloc(gfp_t gfp, void *data)
{
	if (READ_ONCE(md_failing_pool_fails))
		return NULL;
	return kmalloc(MD_FAILING_POOL_OBJ, gfp);
}

static void md_failing_pool_free(void *element, void *data)
{
	kfree(element);
}

/*
 * How many of MD_FAILING_POOL_MIN + 1 allocations with the allocator
 * failing the pool served from its reserve (-1: no pool).
 */
static int md_failing_pool_served(void)
{
	void *el[MD_FAILING_POOL_MIN + 1];
	mempool_t *pool;
	int i, served = 0;

	pool = mempool_create(MD_FAILING_POOL_MIN, md_failing_pool_alloc,
			      md_failing_pool_free, NULL);
	if (!pool)
		return -1;
	WRITE_ONCE(md_failing_pool_fails, true);
	for (i = 0; i < ARRAY_SIZE(el); i++) {
		el[i] = mempool_alloc(pool, GFP_NOWAIT | __GFP_NOWARN);
		served += !!el[i];
	}
	WRITE_ONCE(md_failing_pool_fails, false);
	for (i = 0; i < ARRAY_SIZE(el); i++)
		if (el[i])
			mempool_free(el[i], pool);
	mempool_destroy(pool);
	return served;
}

/* Claim 18: a kmem_cache serves same-size objects; a mempool keeps a reserve. */
static void md_claim_pool(struct md_claim *cl)
{
	int reserve = READ_ONCE(md_pool->curr_nr);
	int served = md_failing_pool_served();
	enum md_verdict v;
	const char *note;

	/*
	 * mempool_create() fills the reserve to min_nr (mm/mempool.c,
	 * mempool_init_node()), and mempool_alloc() asks the pool's allocator
	 * first, taking from the reserve only when that fails: so after the
	 * load's one mempool_alloc the reserve is whole, and with a failing
	 * allocator the reserve serves exactly min_nr allocations.
	 */
	v = md_verdict_pool(reserve, md_pool->min_nr, served, MD_FAILING_POOL_MIN);
	note = MD_PICK(v,
		       [MD_HOLDS] =
		       "the pool holds min_nr objects back (mm/mempool.c, mempool_init_node()); mempool_alloc() takes from the allocator while it can, and when it fails serves exactly min_nr from the reserve (failing-served)",
		       [MD_DIFFERS] =
		       "the reserve was not whole after an allocation, or did not serve min_nr allocations when the allocator failed",
		       [MD_NOT_DEMONSTRATED] = "the failing pool could not be created");
	md_verdict(cl, v, note,
		   "object-size:%u,reserve:%d,min_nr:%d,failing-min_nr:%d,failing-served:%d",
		   kmem_cache_size(md_cache), reserve, md_pool->min_nr, MD_FAILING_POOL_MIN,
		   served);
}

/* Claim 19: __GFP_DMA gives memory below 16 MiB; __GFP_HIGHMEM allows highmem. */
static void md_claim_zones(struct md_claim *cl)
{
	const struct md_alloc *dma = &md_allocs[MD_DMA_PAGE];
	const struct md_alloc *hi = &md_allocs[MD_HIGHMEM_PAGE];
	unsigned long long dma_end = 0;
	bool dma_low, high_exists, high_ok;
	const char *note;

	if (dma->ptr)
		dma_end = (unsigned long long)zone_end_pfn(page_zone(dma->page)) << PAGE_SHIFT;
	dma_low = dma->ptr && dma_end <= SZ_16M && dma->phys < SZ_16M;
	high_exists = totalhigh_pages() != 0;
	high_ok = hi->ptr && hi->highmem;
	note = MD_PICK(!dma->ptr ? 0 : !dma_low ? 1 : high_ok ? 2 : !high_exists ? 3 : 4,
		       "this kernel has no ZONE_DMA",
		       "ZONE_DMA here is not the ISA 16 MiB zone (arm64: it ends at zone_dma_limit, the devices' lowest DMA limit, at most 4 GiB: arch/arm64/mm/init.c)",
		       "ZONE_DMA ends at 16 MiB and a GFP_HIGHUSER page came from highmem",
		       "ZONE_DMA ends at 16 MiB; this kernel or machine has no highmem, so what __GFP_HIGHMEM allows cannot be shown",
		       "ZONE_DMA ends at 16 MiB; a GFP_HIGHUSER page came from lowmem, which __GFP_HIGHMEM also allows");
	md_verdict(cl, md_verdict_zones(dma_low, high_exists, high_ok), note,
		   "dma-zone-end:0x%llx,dma-page-below-16MiB:%s,highmem-pages:%lu,highmem-page:%s",
		   dma_end, md_yes(dma_low), totalhigh_pages(), md_yes(high_ok));
}

/* Claim 20: __GFP_COLD and __GFP_REPEAT exist. */
static void md_claim_old_flags(struct md_claim *cl)
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

	md_verdict(cl, md_verdict_old_flags(cold, repeat),
		   "__GFP_REPEAT went in 4.13 (replaced by __GFP_RETRY_MAYFAIL), __GFP_COLD in 4.15 (the cold-page hint was dropped)",
		   "__GFP_COLD:%s,__GFP_REPEAT:%s,__GFP_RETRY_MAYFAIL:%s", md_yes(cold),
		   md_yes(repeat), md_yes(__GFP_RETRY_MAYFAIL != 0));
}

/* Claim 21: freeing with another order corrupts memory. */
static void md_claim_wrong_order(struct md_claim *cl)
{
	md_verdict(cl, MD_NOT_DEMONSTRATED,
		   "free_pages with another order than was allocated corrupts the buddy lists: a bug memdemo describes, not commits",
		   "order-freed-as-allocated:%s", "yes");
}

/*
 * The claims memdemo measures in the kernel, one row each, in order: its
 * number, the articles it comes from (000, 001, 002: the three source
 * articles), the claim in a few words, what memdemo measures to decide it,
 * and the function that measures it.  Everything else follows from the
 * row: the [claims] section prints it (claim-words, claim-how, then the
 * verdict), the tests and make claims take the claims from there, and
 * make claims writes docs/claims.md, its chart and the table of
 * docs/claims-explained.md from it.  Claims 11 to 13 concern user space:
 * tools/memdemo-claims.c measures them, from rows of its own.
 */
static const struct md_claim_case {
	unsigned int id;
	const char *article;
	const char *words;	/* the claim, in a few words */
	const char *how;	/* what memdemo measures to decide it */
	void (*measure)(struct md_claim *cl);
} md_claim_cases[] = {
	{ 1, "000,002",
	  "GFP_KERNEL may sleep; GFP_ATOMIC works in interrupt context",
	  "`gfpflags_allow_blocking()` of both; GFP_ATOMIC allocations made in a timer callback, and whether it ran in interrupt context (`preempt_count()`; PREEMPT_RT threads it: `not-demonstrated`)",
	  md_claim_gfp_context },
	{ 2, "000",
	  "kmalloc's portable limit is 128 KiB",
	  "`KMALLOC_MAX_SIZE`; beside it, kmalloc of 128 KiB, 256 KiB, ... up to it, the largest that succeeded now",
	  md_claim_kmalloc_limit },
	{ 3, "000,002",
	  "the largest block is order 10 or 11",
	  "the buddy allocator's largest order; beside it, whether a block of that order is free now",
	  md_claim_max_order },
	{ 4, "000,002",
	  "PAGE_OFFSET is 0xC0000000, user space 0-3 GiB",
	  "PAGE_OFFSET, TASK_SIZE",
	  md_claim_page_offset },
	{ 5, "000",
	  "kmalloc/page memory is contiguous, phys = virt - PAGE_OFFSET",
	  "every linear-map block's runs and virt - phys, its frames read from the kernel page tables (`vmalloc_to_page()`), not from `virt_to_page()`",
	  md_claim_linear },
	{ 6, "000,002",
	  "vmalloc memory lies in [VMALLOC_START, VMALLOC_END), not physically contiguous",
	  "every vmalloc block's region and runs, and those of a 25-page vmalloc of its own: `holds` when one is in several runs, `not-demonstrated` when all are one run; whether blocks of 16 pages or more are whole aligned high-order blocks, shown, not deciding",
	  md_claim_vmalloc },
	{ 7, "000",
	  "addresses ascend: page, kmalloc, vmalloc",
	  "the three blocks' addresses; high_memory against VMALLOC_START",
	  md_claim_order_of_addresses },
	{ 8, "000,001",
	  "VMALLOC_START is high_memory plus 8-16 MiB",
	  "the gap, beside what the 2.4/2.6.9 formula gives",
	  md_claim_vmalloc_gap },
	{ 9, "001",
	  "a guard page follows each vmalloc area: two vmalloc(100) are 8 KiB apart",
	  "vmalloc(100) in a row until two are adjacent; the page after the area is unmapped, and a read there (`copy_from_kernel_nofault()`) faults",
	  md_claim_guard_page },
	{ 10, "001",
	  "32-bit: lowmem stops near 896 MiB, about 128 MiB kept for vmalloc",
	  "lowmem span, highmem, what lies between lowmem's end and the vmalloc area's (`VMALLOC_END - high_memory`)",
	  md_claim_lowmem },
	{ 14, "002",
	  "kmalloc sits on slab, slab on the page allocator",
	  "`PageSlab()` of a small and a large kmalloc block",
	  md_claim_slab },
	{ 15, "002",
	  "get_zeroed_page clears, __get_free_page does not",
	  "a page dirtied, freed and allocated again; `init_on_alloc` and `init_on_free`",
	  md_claim_zeroing },
	{ 16, "002",
	  "vmalloc costs far more than __get_free_pages",
	  "5 batches of 40 rounds of each, alloc plus free, a page batch then a vmalloc batch with the purge it leaves; where `init_on_alloc` or `init_on_free` zeroes pages, a page clear timed apart and taken out of both; `holds` when every batch's ratio is at least 2, `differs` when every one is below, else `inconclusive`",
	  md_claim_cost },
	{ 17, "002",
	  "vmalloc must not be called in atomic context",
	  "where `__vmalloc()` takes GFP_ATOMIC (6.19 and later): one `__vmalloc(16 KiB, GFP_ATOMIC)` made while holding a spinlock, its block checked (vmalloc area, every page mapped), then freed: `differs` (plain `vmalloc()` still sleeps); PREEMPT_RT: `not-demonstrated` (a spinlock sleeps there, so it is not atomic context). Before 6.19: not demonstrated, a bug to describe, not to commit",
	  md_claim_vmalloc_atomic },
	{ 18, "002",
	  "kmem_cache for same-size objects, mempool keeps a reserve",
	  "the pool's reserve after an allocation; a pool of its own whose allocator fails on demand: how many allocations its reserve of 2 serves (3 asked)",
	  md_claim_pool },
	{ 19, "000",
	  "__GFP_DMA is below 16 MiB, __GFP_HIGHMEM allows highmem",
	  "the DMA zone's end; the zone of a GFP_HIGHUSER page, where there is highmem (none: `not-demonstrated`)",
	  md_claim_zones },
	{ 20, "000",
	  "__GFP_COLD and __GFP_REPEAT exist",
	  "whether this kernel's headers define them (gone in 4.15 and 4.13)",
	  md_claim_old_flags },
	{ 21, "002",
	  "freeing with another order corrupts memory",
	  "not demonstrated: a bug to describe, not to commit",
	  md_claim_wrong_order },
};

static struct md_claim md_claims[ARRAY_SIZE(md_claim_cases)];
static unsigned int md_nr_claims;

/* Claim I's row as text: its words (@how false) or what it measures. */
static int md_claim_about_format(char *buf, size_t len, unsigned int i, bool how)
{
	const struct md_claim_case *c = &md_claim_cases[i];

	if (how)
		return scnprintf(buf, len, "claim-how id=%u # %s", c->id, c->how);
	return scnprintf(buf, len, "claim-words id=%u article=%s # %s", c->id, c->article,
			 c->words);
}

static void md_claims_measure(void)
{
	const struct md_claim_case *c;
	struct md_claim *cl;

	for (md_nr_claims = 0; md_nr_claims < ARRAY_SIZE(md_claim_cases); md_nr_claims++) {
		c = &md_claim_cases[md_nr_claims];
		cl = &md_claims[md_nr_claims];
		*cl = (struct md_claim){ .id = c->id, .article = c->article };
		md_verdict(cl, MD_NOT_DEMONSTRATED, "not measured", "none");
		c->measure(cl);
	}
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
