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

#define MD_MEASURED_MAX	224
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

static const char *md_yes(bool b)
{
	return b ? "yes" : "no";
}

/* Claim 1: GFP_KERNEL may sleep; GFP_ATOMIC does not and works in interrupts. */
static void md_claim_gfp_context(struct md_claim *cl)
{
	const struct md_alloc *a = &md_allocs[MD_ATOMIC_KMALLOC];
	const struct md_alloc *p = &md_allocs[MD_ATOMIC_PAGE];
	bool kernel_blocks = gfpflags_allow_blocking(GFP_KERNEL);
	bool atomic_blocks = gfpflags_allow_blocking(GFP_ATOMIC);
	bool atomic_ok = a->ptr && p->ptr && a->ctx.in_softirq && p->ctx.in_softirq;

	md_verdict(cl,
		   kernel_blocks && !atomic_blocks && atomic_ok ? MD_HOLDS : MD_DIFFERS,
		   "GFP_KERNEL carries __GFP_DIRECT_RECLAIM (may sleep), GFP_ATOMIC does not and served a timer callback; GFP_KERNEL in atomic context is a bug memdemo does not commit",
		   "GFP_KERNEL-may-sleep:%s,GFP_ATOMIC-may-sleep:%s,GFP_ATOMIC-in-softirq:%s",
		   md_yes(kernel_blocks), md_yes(atomic_blocks), atomic_ok ? "ok" : "failed");
}

/* Claim 2: kmalloc's portable upper limit is 128 KiB. */
static void md_claim_kmalloc_limit(struct md_claim *cl)
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
		md_verdict(cl, MD_HOLDS, "kmalloc stops at 128 KiB here",
			   "largest:%zu,KMALLOC_MAX_SIZE:%lu", largest, KMALLOC_MAX_SIZE);
	else if (largest)
		md_verdict(cl, MD_DIFFERS,
			   "kmalloc serves up to KMALLOC_MAX_SIZE here (the largest buddy block); above KMALLOC_MAX_CACHE_SIZE it bypasses slab",
			   "largest:%zu,KMALLOC_MAX_SIZE:%lu", largest, KMALLOC_MAX_SIZE);
	else
		md_verdict(cl, MD_NOT_DEMONSTRATED, "even a 128 KiB kmalloc failed",
			   "largest:0,KMALLOC_MAX_SIZE:%lu", KMALLOC_MAX_SIZE);
}

/* Claim 3: the largest block is order 10 or 11; an order above fails. */
static void md_claim_max_order(struct md_claim *cl)
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
		md_verdict(cl, MD_NOT_DEMONSTRATED,
			   "no free block of the largest order right now (fragmentation)",
			   "largest-order:%u,order-%u:failed", order, order);
	else
		md_verdict(cl,
			   (order == 10 || order == 11) && !over ? MD_HOLDS : MD_DIFFERS,
			   "the buddy allocator's largest order, from MAX_ORDER_NR_PAGES; one more fails",
			   "largest-order:%u,order-%u:%s,%s:%u", order, order + 1,
			   over ? "succeeded" : "failed", MD_MAX_ORDER_MACRO, MD_MAX_ORDER_VALUE);
}

/* Claim 4: the kernel owns the top 1 GiB; PAGE_OFFSET is 0xC0000000. */
static void md_claim_page_offset(struct md_claim *cl)
{
	bool classic = PAGE_OFFSET == 0xC0000000UL;

	md_verdict(cl, classic ? MD_HOLDS : MD_DIFFERS,
		   classic ? "the 3 GiB / 1 GiB split of 32-bit x86" :
			     "the kernel's half starts elsewhere on this architecture",
		   "PAGE_OFFSET:0x%lx,TASK_SIZE:0x%lx", PAGE_OFFSET, (unsigned long)TASK_SIZE);
	cl->secret = !classic;
}

static bool md_in_linear_map(const struct md_alloc *a)
{
	return a->ptr && a->region == MD_REGION_LINEAR;
}

/* Claim 5: linear-map blocks are contiguous and virt_to_phys is x - PAGE_OFFSET. */
static void md_claim_linear(struct md_claim *cl)
{
	unsigned int i, n = 0, contiguous = 0, offset_rule = 0;
	unsigned long offset = 0;
	const struct md_alloc *a;
	const char *note;

	for (i = 0; i < md_nr_allocs; i++) {
		a = &md_allocs[i];
		if (!md_in_linear_map(a))
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
	md_verdict(cl, n && contiguous == n && offset_rule == n ? MD_HOLDS : MD_DIFFERS, note,
		   "blocks:%u,contiguous:%u,phys==virt-PAGE_OFFSET:%u,virt-phys:0x%lx",
		   n, contiguous, offset_rule, offset);
	cl->secret = true;
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

/* What claim 6 prints: the threshold with the count it decides. */
#define MD_CLAIM6_MEASURED \
	"blocks:%u,in-area:%u,split-blocks:%u,pages:%lu,runs:%lu,large-blocks:%u,large-min-pages:%u,high-order-aligned:%u,large-orders-first:%s"

/*
 * Whether this kernel's vmalloc asks for large orders first (6.19).  No
 * header says so; the same release declared memalloc_apply_gfp_scope() in
 * vmalloc.h for the non-blocking vmalloc (MD_HAVE_VMALLOC_NOBLOCK), which
 * memdemo takes as the sign of it.  Without it, aligned runs are chance:
 * on a freshly booted machine the pages of untouched high-order blocks
 * can come out in order, and a boot of 6.1 showed exactly that.
 */
#ifdef MD_HAVE_VMALLOC_NOBLOCK
#define MD_VMALLOC_LARGE_ORDERS	true
#else
#define MD_VMALLOC_LARGE_ORDERS	false
#endif

/*
 * Claim 6: vmalloc memory is in [VMALLOC_START, VMALLOC_END), has no fixed
 * virt-phys offset and is not (required to be) physically contiguous.
 */
static void md_claim_vmalloc(struct md_claim *cl)
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
		md_verdict(cl, MD_HOLDS,
			   "vmalloc blocks lie in the vmalloc area, are built from scattered pages and have no fixed virt-phys offset",
			   MD_CLAIM6_MEASURED, n, inside, split, pages, runs, large,
			   MD_HIGH_ORDER_MIN_PAGES, aligned, md_yes(MD_VMALLOC_LARGE_ORDERS));
	else if (n && inside == n && large && aligned == large && MD_VMALLOC_LARGE_ORDERS)
		md_verdict(cl, MD_DIFFERS,
			   "vmalloc blocks lie in the vmalloc area with no fixed virt-phys offset, but came back physically contiguous, made of aligned high-order blocks: vmalloc takes large orders first (6.19 and later), single pages only when those run out",
			   MD_CLAIM6_MEASURED, n, inside, split, pages, runs, large,
			   MD_HIGH_ORDER_MIN_PAGES, aligned, md_yes(MD_VMALLOC_LARGE_ORDERS));
	else if (n && inside == n)
		md_verdict(cl, MD_NOT_DEMONSTRATED,
			   "every vmalloc block happened to be physically contiguous this time",
			   MD_CLAIM6_MEASURED, n, inside, split, pages, runs, large,
			   MD_HIGH_ORDER_MIN_PAGES, aligned, md_yes(MD_VMALLOC_LARGE_ORDERS));
	else
		md_verdict(cl, MD_DIFFERS, "a vmalloc block lies outside the vmalloc area",
			   "blocks:%u,in-area:%u", n, inside);
}

/* Claim 7: __get_free_page < kmalloc < vmalloc, vmalloc above all linear addresses. */
static void md_claim_order_of_addresses(struct md_claim *cl)
{
	unsigned long page = md_load_block("free-page")->virt;
	unsigned long kmem = md_load_block("kmalloc-small")->virt;
	unsigned long vmem = md_load_block("vmalloc-small")->virt;
	bool page_below = page < kmem, kmem_below = kmem < vmem;
	bool linear_below = (unsigned long)high_memory <= VMALLOC_START;

	md_verdict(cl,
		   page_below && kmem_below && linear_below ? MD_HOLDS : MD_DIFFERS,
		   page_below ? "the three blocks ascend as the article drew them" :
				"vmalloc lies above the linear map, but page and slab blocks share the linear map in no fixed order",
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
	md_verdict(cl, small ? MD_HOLDS : MD_DIFFERS, note,
		   "gap:%lu,formula-2.4/2.6.9-gap:%lu", gap, f24 - hm);
}

/* Claim 9: a guard page follows each vmalloc area: two vmalloc(100) are 8 KiB apart. */
static void md_claim_guard_page(struct md_claim *cl)
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
	md_verdict(cl, apart == expect && unmapped ? MD_HOLDS : MD_DIFFERS, note,
		   "apart:%lu,size-rounded+guard:%lu,page-after-area-mapped:%s,calls:%u", apart,
		   expect, md_yes(!unmapped), md_guard_calls);
}

/* Claim 10: 32-bit lowmem stops near 896 MiB, about 128 MiB kept for vmalloc. */
static void md_claim_lowmem(struct md_claim *cl)
{
	unsigned long lowmem = (unsigned long)high_memory - PAGE_OFFSET;
	unsigned long area = VMALLOC_END - VMALLOC_START;
	unsigned long high = totalhigh_pages();

	if (!IS_ENABLED(CONFIG_HIGHMEM))
		md_verdict(cl, MD_DIFFERS,
			   "no highmem: the linear map covers all of RAM and the vmalloc area is far larger than 128 MiB",
			   "lowmem:%lu,highmem:0,vmalloc-area:%lu", lowmem, area);
	else if (!high)
		md_verdict(cl, MD_NOT_DEMONSTRATED,
			   "all RAM fits in lowmem: boot with more than 896 MiB to see the cap",
			   "lowmem:%lu,highmem:0,vmalloc-area:%lu", lowmem, area);
	else
		md_verdict(cl,
			   lowmem >= SZ_512M + SZ_256M && lowmem <= SZ_512M + SZ_256M + SZ_128M &&
			   area >= SZ_64M && area <= SZ_128M + SZ_32M ? MD_HOLDS : MD_DIFFERS,
			   "lowmem is capped below 896 MiB, the rest of RAM is highmem, the vmalloc area takes most of the last 128 MiB",
			   "lowmem:%lu,highmem:%lu,vmalloc-area:%lu", lowmem, high << PAGE_SHIFT,
			   area);
}

/* Claim 14: kmalloc sits on the slab allocator, which takes pages from the buddy allocator. */
static void md_claim_slab(struct md_claim *cl)
{
	const struct md_alloc *ks = md_load_block("kmalloc-small");
	const struct md_alloc *kb = md_load_block("kmalloc-big");
	bool small = ks->ptr && md_on_slab(ks->ptr);
	bool big = kb->ptr && md_on_slab(kb->ptr);

	md_verdict(cl, small ? MD_HOLDS : MD_DIFFERS,
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
	bool zeroed_ok = md_load_block("zeroed-page")->zeroed;
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
		md_verdict(cl, MD_NOT_DEMONSTRATED, "no page to dirty", "init_on_alloc:%d",
			   init_on_alloc);
		return;
	}
	if (again != pfn)
		md_verdict(cl, MD_NOT_DEMONSTRATED,
			   "the dirtied page did not come back at once",
			   "init_on_alloc:%d,get_zeroed_page-zeroed:%d,same-page:no", init_on_alloc,
			   zeroed_ok);
	else if (came_zeroed)
		md_verdict(cl, MD_DIFFERS,
			   init_on_alloc ? "init_on_alloc=1 zeroes every page it hands out" :
			   "the dirtied page came back zeroed",
			   "init_on_alloc:%d,get_zeroed_page-zeroed:%d,dirty-page-came-back-zeroed:yes",
			   init_on_alloc, zeroed_ok);
	else
		md_verdict(cl, zeroed_ok ? MD_HOLDS : MD_DIFFERS,
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

/* Claim 16's notes, by verdict. */
static const char * const md_cost_notes[] = {
	[MD_HOLDS] =
		"alloc+free of one page: vmalloc, which must also find address space and map it, cost at least twice as much in every batch",
	[MD_DIFFERS] =
		"alloc+free of one page: vmalloc cost less than twice __get_free_page in every batch",
	[MD_INCONCLUSIVE] =
		"alloc+free of one page: the batches' ratios straddle 2, so this boot cannot say whether vmalloc costs twice as much",
};

static void md_claim_cost(struct md_claim *cl)
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
	note = md_cost_notes[verdict];
	md_verdict(cl, verdict, note,
		   "vmalloc+vfree-ns:%llu,get_free_page+free_page-ns:%llu,ratio-x100:%llu,batch-ratio-x100-min:%llu,batch-ratio-x100-max:%llu,far-x100:%u,batches:%u",
		   div_u64(t_vm, MD_COST_BATCHES * MD_COST_ROUNDS),
		   div_u64(t_pg, MD_COST_BATCHES * MD_COST_ROUNDS),
		   div64_u64(t_vm * 100, t_pg), lo, hi, MD_COST_FAR_X100, MD_COST_BATCHES);
	return;

out_failed:
	md_verdict(cl, MD_NOT_DEMONSTRATED, "an allocation failed during timing",
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
static noinline void md_claim_vmalloc_atomic(struct md_claim *cl)
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
		md_verdict(cl, MD_NOT_DEMONSTRATED,
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
		md_verdict(cl, MD_DIFFERS,
			   "since 6.19 __vmalloc() takes GFP_ATOMIC and GFP_NOWAIT: it served a call made holding a spinlock (preemption off); interrupt context is still excluded",
			   "nonblocking-vmalloc:yes,atomic:yes,preempt:0x%x,vmalloc-GFP_ATOMIC:ok,region:%s,pages:%lu,mapped:%lu,runs:%lu",
			   ctx.preempt_count, md_region_names[md_region_of((unsigned long)p)],
			   i, mapped, runs);
	else if (!atomic)
		md_verdict(cl, MD_NOT_DEMONSTRATED,
			   "PREEMPT_RT: holding a spinlock is not atomic context (spinlocks sleep), and a truly atomic section must not allocate at all there",
			   "nonblocking-vmalloc:yes,atomic:no,preempt:0x%x,vmalloc-GFP_ATOMIC:ok,region:%s,pages:%lu,mapped:%lu",
			   ctx.preempt_count, md_region_names[md_region_of((unsigned long)p)],
			   i, mapped);
	else
		md_verdict(cl, MD_DIFFERS,
			   "__vmalloc(GFP_ATOMIC) under a spinlock returned memory, but not a fully mapped block of the vmalloc area",
			   "nonblocking-vmalloc:yes,atomic:yes,preempt:0x%x,vmalloc-GFP_ATOMIC:odd,region:%s,pages:%lu,mapped:%lu",
			   ctx.preempt_count, md_region_names[md_region_of((unsigned long)p)],
			   i, mapped);
	vfree(p);
}
#else
static void md_claim_vmalloc_atomic(struct md_claim *cl)
{
	md_verdict(cl, MD_NOT_DEMONSTRATED,
		   "vmalloc may sleep here (it allocates its area and page tables with GFP_KERNEL; __vmalloc() takes no GFP_ATOMIC before 6.19): calling it in atomic context is a bug memdemo describes, not commits",
		   "nonblocking-vmalloc:no,vmalloc-gfp-may-sleep:%s",
		   md_yes(gfpflags_allow_blocking(GFP_KERNEL)));
}
#endif

/* Claim 18: a kmem_cache serves same-size objects; a mempool keeps a reserve. */
static void md_claim_pool(struct md_claim *cl)
{
	int reserve = READ_ONCE(md_pool->curr_nr);

	md_verdict(cl, reserve == md_pool->min_nr ? MD_HOLDS : MD_DIFFERS,
		   "the pool holds min_nr objects back; mempool_alloc took its object from the cache, leaving the reserve whole",
		   "object-size:%u,reserve:%d,min_nr:%d", kmem_cache_size(md_cache), reserve,
		   md_pool->min_nr);
}

/* Claim 19: __GFP_DMA gives memory below 16 MiB; __GFP_HIGHMEM allows highmem. */
static void md_claim_zones(struct md_claim *cl)
{
	const struct md_alloc *dma = &md_allocs[MD_DMA_PAGE];
	const struct md_alloc *hi = &md_allocs[MD_HIGHMEM_PAGE];
	unsigned long long dma_end = 0;
	bool dma_low, high_ok;

	if (dma->ptr)
		dma_end = (unsigned long long)zone_end_pfn(page_zone(dma->page)) << PAGE_SHIFT;
	dma_low = dma->ptr && dma_end <= SZ_16M && dma->phys < SZ_16M;
	high_ok = hi->ptr && hi->highmem;
	md_verdict(cl, dma_low && high_ok ? MD_HOLDS : MD_DIFFERS,
		   !dma->ptr ? "this kernel has no ZONE_DMA" :
		   !dma_low ? "ZONE_DMA here is not the ISA 16 MiB zone" :
		   high_ok ? "ZONE_DMA ends at 16 MiB and a GFP_HIGHUSER page came from highmem" :
			     "ZONE_DMA ends at 16 MiB, but no page came from highmem (none on this kernel or machine)",
		   "dma-zone-end:0x%llx,dma-page-below-16MiB:%s,highmem-page:%s", dma_end,
		   md_yes(dma_low), md_yes(high_ok));
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

	md_verdict(cl, cold && repeat ? MD_HOLDS : MD_DIFFERS,
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
	  "`gfpflags_allow_blocking()` of both; GFP_ATOMIC allocations made in a timer callback (softirq)",
	  md_claim_gfp_context },
	{ 2, "000",
	  "kmalloc's portable limit is 128 KiB",
	  "kmalloc of 128 KiB, 256 KiB, ... until one fails",
	  md_claim_kmalloc_limit },
	{ 3, "000,002",
	  "the largest block is order 10 or 11",
	  "an allocation of the largest order, and one above it",
	  md_claim_max_order },
	{ 4, "000,002",
	  "PAGE_OFFSET is 0xC0000000, user space 0-3 GiB",
	  "PAGE_OFFSET, TASK_SIZE",
	  md_claim_page_offset },
	{ 5, "000",
	  "kmalloc/page memory is contiguous, phys = virt - PAGE_OFFSET",
	  "every linear-map block's runs and virt - phys",
	  md_claim_linear },
	{ 6, "000,002",
	  "vmalloc memory lies in [VMALLOC_START, VMALLOC_END), not physically contiguous",
	  "every vmalloc block's region, runs and offset; whether each block of 16 pages or more begins with a whole aligned high-order block (6.19 and later: `differs`, see below)",
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
	  "vmalloc(100) in a row until two are adjacent; the page after the area is unmapped",
	  md_claim_guard_page },
	{ 10, "001",
	  "32-bit: lowmem stops near 896 MiB, about 128 MiB kept for vmalloc",
	  "lowmem span, highmem, vmalloc area size",
	  md_claim_lowmem },
	{ 14, "002",
	  "kmalloc sits on slab, slab on the page allocator",
	  "`PageSlab()` of a small and a large kmalloc block",
	  md_claim_slab },
	{ 15, "002",
	  "get_zeroed_page clears, __get_free_page does not",
	  "a page dirtied, freed and allocated again; `init_on_alloc`",
	  md_claim_zeroing },
	{ 16, "002",
	  "vmalloc costs far more than __get_free_pages",
	  "5 batches of 40 rounds of each, alloc plus free, a page batch then a vmalloc batch; `holds` when every batch's ratio is at least 2, `differs` when every one is below, else `inconclusive`",
	  md_claim_cost },
	{ 17, "002",
	  "vmalloc must not be called in atomic context",
	  "where `__vmalloc()` takes GFP_ATOMIC (6.19 and later): one `__vmalloc(16 KiB, GFP_ATOMIC)` made while holding a spinlock, its block checked (vmalloc area, every page mapped), then freed: `differs`; PREEMPT_RT: `not-demonstrated` (a spinlock sleeps there, so it is not atomic context). Before 6.19: not demonstrated, a bug to describe, not to commit",
	  md_claim_vmalloc_atomic },
	{ 18, "002",
	  "kmem_cache for same-size objects, mempool keeps a reserve",
	  "the pool's reserve after an allocation",
	  md_claim_pool },
	{ 19, "000",
	  "__GFP_DMA is below 16 MiB, __GFP_HIGHMEM allows highmem",
	  "the DMA zone's end; the zone of a GFP_HIGHUSER page",
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
