// SPDX-License-Identifier: GPL-2.0
/*
 * memdemo: the facts about one allocation: where it lives, its pages and runs, its zone.
 *
 * Offers md_describe() (the facts about a block just allocated),
 * md_context_record(), md_on_slab(), md_pfn_at() and the kmalloc cache of an
 * object to the load, the lab, the claims and the tables.  Needs
 * memdemo.c's rows (md_apis: what a block reserves, which slab serves it),
 * its cache, and md-layout.c's md_region_of().
 *
 * A part of memdemo.c, built into its one translation unit (see Kbuild);
 * memdemo-internal.h names what the parts call across files.
 */

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

/*
 * Whether a linear-map object sits on a slab.  A slab of several pages is
 * a compound page whose slab mark is on its head: 7.x's PageSlab() looks
 * only at the page it is given (before, it looked at the head itself), so
 * an object on a tail page needs compound_head() first.  Right on every
 * version.
 */
static bool md_on_slab(const void *p)
{
	return PageSlab(compound_head(virt_to_page(p)));
}

/*
 * The pages mapped behind a vmalloc area from @addr on, as its page tables
 * say: up to the guard page that ends every area (vmalloc maps none there).
 * Not the size asked, rounded: an area mapped with huge pages (kvmalloc's
 * large blocks, where the architecture maps vmalloc with them) holds whole
 * PMD-sized pages, so 32 MiB and a byte take 64 MiB on arm64 with 16 KiB
 * pages.  /proc/vmallocinfo's pages= counts the same.  Before 5.13 no
 * vmalloc area is mapped with huge pages, and vmalloc_to_page() WARNs on
 * the huge leaf entries an ioremap() near the area may have
 * (memdemo-compat.h): there the walk stops at the @size asked, rounded up
 * to pages, and still checks that each of those is mapped.
 */
static unsigned long md_vmalloc_mapped(const void *addr, size_t size)
{
	unsigned long n = 0, p = (unsigned long)addr & PAGE_MASK;
	unsigned long most = MD_VMALLOC_TO_PAGE_FOLLOWS_LEAVES ? ULONG_MAX :
			     PAGE_ALIGN(offset_in_page(addr) + size) >> PAGE_SHIFT;

	while (n < most && p < VMALLOC_END && vmalloc_to_page((void *)p)) {
		n++;
		p += PAGE_SIZE;
		cond_resched();
	}
	return n;
}

/*
 * Whether the first @len bytes of a block read as zero, a page at a time
 * (a lab block may be tens of MiB: the walk lets others run between pages).
 * Highmem pages have no permanent mapping: each is mapped alone with
 * kmap_local_page().
 */
static bool md_is_zeroed(const struct md_alloc *a, size_t len)
{
	const char *p = (const char *)a->virt;
	unsigned long i;
	bool zero = true;
	size_t off;
	void *map;

	if (!a->highmem) {
		for (off = 0; zero && off < len; off += PAGE_SIZE) {
			zero = !memchr_inv(p + off, 0, min_t(size_t, len - off, PAGE_SIZE));
			cond_resched();
		}
		return zero;
	}
	for (i = 0; zero && i < a->pages; i++) {
		map = kmap_local_page(a->page + i);
		zero = !memchr_inv(map, 0, PAGE_SIZE);
		kunmap_local(map);
		cond_resched();
	}
	return zero;
}

/*
 * Whether @cache holds @obj, asked of the slab @obj lies on.  A slab's
 * descriptor records the cache it belongs to: struct page's slab_cache
 * until 5.16, then struct slab (5.17), which overlays the head struct page
 * and is private to mm/ (KFENCE's pages carry one too).  No header names
 * that field on every release, so memdemo looks for @cache's address among
 * the descriptor's words; the others are flags, counters and pointers to
 * slabs, objects and vectors, never to a kmem_cache.  Only reads: safe in
 * any context.
 */
static bool md_slab_holds(const void *obj, const struct kmem_cache *cache)
{
	const unsigned long *word = (const unsigned long *)virt_to_head_page(obj);
	unsigned int i;

	for (i = 0; i < sizeof(struct page) / sizeof(*word); i++)
		if (word[i] == (unsigned long)cache)
			return true;
	return false;
}

/*
 * The kmalloc cache that holds @obj, by the kernel's name for it: which of
 * the kernel's kmalloc_caches[type][index] its slab belongs to, named by
 * that type (md_kmalloc_type_prefix()) and that cache's object size as the
 * kernel gives it ("kmalloc-" then 8 ... 512, 1k, ... 1M, ...).  Observed,
 * not predicted from the size asked: on kernels with random or partitioned
 * kmalloc caches the same size lands in one of 16 caches, picked by the
 * call site.  "unknown" when no kmalloc cache holds it.
 */
static void md_kmalloc_cache_of(const void *obj, char *buf, size_t len)
{
	struct kmem_cache *s;
	unsigned int type, i, size;
	size_t n;

	for (type = 0; type < NR_KMALLOC_TYPES; type++) {
		for (i = 0; i <= KMALLOC_SHIFT_HIGH; i++) {
			s = kmalloc_caches[type][i];
			if (!s || !md_slab_holds(obj, s))
				continue;
			if (!md_kmalloc_type_prefix(type, buf, len))
				goto unknown;
			n = strlen(buf);
			size = kmem_cache_size(s);
			if (size >= SZ_1M && !(size % SZ_1M))
				scnprintf(buf + n, len - n, "%uM", size / SZ_1M);
			else if (size >= SZ_1K && !(size % SZ_1K))
				scnprintf(buf + n, len - n, "%uk", size / SZ_1K);
			else
				scnprintf(buf + n, len - n, "%u", size);
			return;
		}
	}
unknown:
	strscpy(buf, "unknown", len);
}

/* memdemo_obj's cache as the kernel made it: its name, and whether merged. */
static char md_obj_cache[32];
static enum md_merged md_obj_merged;

/*
 * How many other caches share the one at PATH: SLUB's "aliases" count
 * for it, or -1 when it cannot be read.
 */
static int md_slab_aliases(const char *path)
{
	char attr[80], buf[16] = "";
	struct file *f;
	loff_t pos = 0;
	unsigned int n;
	ssize_t len;

	snprintf(attr, sizeof(attr), "%s/aliases", path);
	f = filp_open(attr, O_RDONLY, 0);
	if (IS_ERR(f))
		return -1;
	len = kernel_read(f, buf, sizeof(buf) - 1, &pos);
	filp_close(f, NULL);
	if (len <= 0)
		return -1;
	buf[len] = '\0';
	return kstrtouint(strim(buf), 10, &n) ? -1 : (int)n;
}

/*
 * SLUB's own account of a cache it created under NAME, from sysfs (no
 * header names the cache kmem_cache_create() handed back: struct
 * kmem_cache is private to mm/).  /sys/kernel/slab/NAME is a directory for
 * a cache that may never be merged; for a mergeable one it is a link to a
 * directory named by SLUB's id for its size and flags (":0000200"), whose
 * "aliases" counts the other caches merged into it.  Merged: the shared
 * cache's id goes to SHARED.  Unknown when /sys is not there.  A lookup and
 * one read of SLUB's attribute, in the loading process's view of the files.
 */
static enum md_merged md_slab_sysfs(const char *name, char *shared, size_t len)
{
	char path[64], buf[128], *dir;
	struct path p;
	bool link;
	int aliases;

	snprintf(path, sizeof(path), "/sys/kernel/slab/%s", name);
	if (kern_path(path, 0, &p))
		return MD_MERGED_UNKNOWN;
	link = d_is_symlink(p.dentry);
	path_put(&p);
	if (!link)
		return MD_MERGED_NO;
	aliases = md_slab_aliases(path);
	if (aliases < 0)
		return MD_MERGED_UNKNOWN;
	if (!aliases)
		return MD_MERGED_NO;		/* mergeable, but alone */
	if (kern_path(path, LOOKUP_FOLLOW, &p))
		return MD_MERGED_UNKNOWN;
	dir = d_path(&p, buf, sizeof(buf));
	path_put(&p);
	if (IS_ERR(dir) || !strrchr(dir, '/'))
		return MD_MERGED_UNKNOWN;
	strscpy(shared, strrchr(dir, '/') + 1, len);
	return MD_MERGED_YES;
}

/*
 * After md_cache_create(): is memdemo_obj a cache of its own, or merged
 * into an existing one (and then which, by SLUB's id)?  SLUB's sysfs says;
 * without it, a cache asked to stay apart (SLAB_NO_MERGE, or before 6.5 a
 * usercopy region under CONFIG_HARDENED_USERCOPY) is, and otherwise only
 * an object size above the one asked for shows a merge (SLUB grows a merge
 * target only when it is smaller).
 */
static void md_obj_cache_identify(const char *asked, bool merge)
{
	bool apart = IS_ENABLED(CONFIG_HARDENED_USERCOPY);

#ifdef SLAB_NO_MERGE
	apart = true;
#endif
	strscpy(md_obj_cache, asked, sizeof(md_obj_cache));
	md_obj_merged = md_slab_sysfs(asked, md_obj_cache, sizeof(md_obj_cache));
	if (md_obj_merged != MD_MERGED_UNKNOWN)
		return;
	if (!merge && apart)
		md_obj_merged = MD_MERGED_NO;
	else if (kmem_cache_size(md_cache) != cache_size)
		md_obj_merged = MD_MERGED_YES;
	if (md_obj_merged != MD_MERGED_NO)
		strscpy(md_obj_cache, "unknown", sizeof(md_obj_cache));
}

/*
 * Names the slab cache of a block in the linear map when a slab holds it
 * (kmalloc and kvmalloc hand larger blocks to the page allocator), as the
 * slab itself says.
 */
static void md_slab_cache(struct md_alloc *a)
{
	a->cache[0] = '\0';
	a->merged = MD_MERGED_NA;
	switch (md_apis[a->api].slab) {
	case MD_SLAB_KMALLOC:
		if (md_on_slab(a->ptr))
			md_kmalloc_cache_of(a->ptr, a->cache, sizeof(a->cache));
		break;
	case MD_SLAB_OBJ:
		strscpy(a->cache, md_slab_holds(a->ptr, md_cache) ? md_obj_cache : "unknown",
			sizeof(a->cache));
		a->merged = md_obj_merged;
		break;
	default:
		break;
	}
}

/*
 * Fills in where a freshly allocated block lives.  Reads it, never writes.
 * Process context only (init, the lab's writer): its walks over a block's
 * pages reschedule.
 * For highmem the virtual address recorded is the temporary one that
 * kmap_local_page() gave the first page; it is unmapped again at once.
 */
static void md_describe(struct md_alloc *a)
{
	unsigned long i, pfn, prev = 0;
	struct page *first;
	void *map;

	if (a->page) {
		a->reserved = PAGE_SIZE << a->order;
		a->highmem = PageHighMem(a->page);
		a->page_address = page_address(a->page);
		if (a->highmem) {
			map = kmap_local_page(a->page);
			a->virt = (unsigned long)map;
			kunmap_local(map);
		} else {
			a->virt = (unsigned long)a->page_address;
		}
		a->phys = page_to_phys(a->page);
		first = a->page;
	} else if (is_vmalloc_addr(a->ptr)) {
		a->virt = (unsigned long)a->ptr;
		a->pages = md_vmalloc_mapped(a->ptr, a->size);
		a->reserved = a->pages << PAGE_SHIFT;
		first = vmalloc_to_page(a->ptr);
		a->phys = page_to_phys(first) + offset_in_page(a->ptr);
	} else {
		a->kfence = is_kfence_address(a->ptr);
		a->reserved = md_apis[a->api].reserved(a);
		md_slab_cache(a);
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
		cond_resched();
	}
	a->zone = page_zone(first)->name;
	a->node = page_to_nid(first);
	a->region = md_region_of(a->virt);
	a->zeroed = md_is_zeroed(a, a->page ? a->reserved : a->size);
}
