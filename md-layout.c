// SPDX-License-Identifier: GPL-2.0
/*
 * memdemo: the kernel's layout and the regions of its address space.
 *
 * Offers the layout variables (md_layout, md_layout_collect()) and the
 * regions (md_spans, md_spans_collect(), md_region_of()) to init, to
 * md-record.c and to md-proc.c.  Needs md-params.c's md_plan_bytes() for
 * load_bytes, and the parameters.
 *
 * A part of memdemo.c, built into its one translation unit (see Kbuild);
 * memdemo-internal.h names what the parts call across files.
 */

/* ---- The kernel's layout ------------------------------------------------ */

enum md_var_kind { MD_VAR_ADDR, MD_VAR_BYTES, MD_VAR_NUM, MD_VAR_TEXT, MD_VAR_NONE };

struct md_var {
	const char *name;
	enum md_var_kind kind;
	unsigned long long value;
	const char *text;		/* MD_VAR_TEXT, or why MD_VAR_NONE */
};

#define MD_MAX_VARS 32
static struct md_var md_layout[MD_MAX_VARS];
static unsigned int md_nr_layout;

static void md_var_add(const char *name, enum md_var_kind kind,
		       unsigned long long value, const char *text)
{
	if (WARN_ON_ONCE(md_nr_layout >= MD_MAX_VARS))
		return;
	md_layout[md_nr_layout++] = (struct md_var) {
		.name = name, .kind = kind, .value = value, .text = text,
	};
}

static void md_layout_collect(void)
{
	unsigned long ram = totalram_pages();
	unsigned long high = totalhigh_pages();

	md_nr_layout = 0;
	md_var_add("page_size", MD_VAR_BYTES, PAGE_SIZE, NULL);
	md_var_add("page_offset", MD_VAR_ADDR, PAGE_OFFSET, NULL);
	md_var_add("high_memory", MD_VAR_ADDR, (unsigned long)high_memory, NULL);
	md_var_add("linear_map_size", MD_VAR_BYTES,
		   (unsigned long)high_memory - PAGE_OFFSET, NULL);
	md_var_add("vmalloc_start", MD_VAR_ADDR, VMALLOC_START, NULL);
	md_var_add("vmalloc_end", MD_VAR_ADDR, VMALLOC_END, NULL);
#ifdef MODULES_VADDR
	md_var_add("modules_vaddr", MD_VAR_ADDR, MODULES_VADDR, NULL);
	md_var_add("modules_end", MD_VAR_ADDR, MODULES_END, NULL);
#else
	md_var_add("modules_vaddr", MD_VAR_NONE, 0, "modules live in the vmalloc area");
	md_var_add("modules_end", MD_VAR_NONE, 0, "modules live in the vmalloc area");
#endif
#ifdef CONFIG_HIGHMEM
	md_var_add("pkmap_base", MD_VAR_ADDR, PKMAP_BASE, NULL);
	md_var_add("pkmap_end", MD_VAR_ADDR,
		   PKMAP_BASE + (unsigned long)LAST_PKMAP * PAGE_SIZE, NULL);
#else
	md_var_add("pkmap_base", MD_VAR_NONE, 0, "no CONFIG_HIGHMEM");
	md_var_add("pkmap_end", MD_VAR_NONE, 0, "no CONFIG_HIGHMEM");
#endif
#if defined(FIXADDR_START)
	md_var_add("fixaddr_start", MD_VAR_ADDR, FIXADDR_START, NULL);
#else
	md_var_add("fixaddr_start", MD_VAR_NONE, 0, "no fixmap on this architecture");
#endif
	/* Where module_alloc() put memdemo itself: arm64's KASLR puts it near the kernel. */
	md_var_add("this_module", MD_VAR_ADDR, (unsigned long)MD_THIS_MODULE_BASE, NULL);
	md_var_add("ram_total", MD_VAR_BYTES, (unsigned long long)ram << PAGE_SHIFT, NULL);
	md_var_add("lowmem_size", MD_VAR_BYTES,
		   (unsigned long long)(ram - high) << PAGE_SHIFT, NULL);
	md_var_add("highmem_size", MD_VAR_BYTES, (unsigned long long)high << PAGE_SHIFT, NULL);
	md_var_add("max_order", MD_VAR_NUM, MD_MAX_ORDER, NULL);
	md_var_add("max_order_macro", MD_VAR_TEXT, 0, MD_MAX_ORDER_MACRO);
	md_var_add("max_order_macro_value", MD_VAR_NUM, MD_MAX_ORDER_VALUE, NULL);
	md_var_add("kmalloc_max_size", MD_VAR_BYTES, KMALLOC_MAX_SIZE, NULL);
	md_var_add("kmalloc_max_cache_size", MD_VAR_BYTES, KMALLOC_MAX_CACHE_SIZE, NULL);
	/*
	 * The pages of freed vmalloc areas the kernel lets wait before a
	 * purge: mm/vmalloc.c's lazy_max_pages(), 32 MiB of pages per
	 * fls(online CPUs), static there (the same formula from 5.10 to 7.3),
	 * so written here once for the benchmark's guest (tests/guest/init) to
	 * read.  vfree clears an area's page-table entries and frees its pages
	 * at once (free_unmap_vmap_area() calls vunmap_range_noflush()); what
	 * waits for the purge is the kernel TLB flush and the reuse of the
	 * address range.
	 */
	md_var_add("vmap_lazy_max_pages", MD_VAR_NUM,
		   fls(num_online_cpus()) * (SZ_32M / PAGE_SIZE), NULL);
	/* What this load asks for in all, the sum total_max caps. */
	md_var_add("load_bytes", MD_VAR_BYTES, md_plan_bytes(), NULL);
}

/*
 * The regions of the address space, as [start, end) with stable names:
 * user, linear, vmemmap, kasan-shadow, vmalloc, modules, pkmap, fixmap,
 * kernel-image.  Only regions this kernel has are listed; the gaps between
 * them are left for readers to compute.
 */
struct md_span {
	const char *name;
	unsigned long start, end;
};

#define MD_MAX_SPANS 12
static struct md_span md_spans[MD_MAX_SPANS];
static unsigned int md_nr_spans;

static void md_span_add(const char *name, unsigned long start, unsigned long end)
{
	if (WARN_ON_ONCE(md_nr_spans >= MD_MAX_SPANS) || end <= start)
		return;
	md_spans[md_nr_spans++] = (struct md_span) {
		.name = name, .start = start, .end = end,
	};
}

/* x86-64 defines VMALLOC_END as the area's last byte, others as one past it. */
#ifdef CONFIG_X86_64
#define MD_VMALLOC_LIMIT	(VMALLOC_END + 1)
#else
#define MD_VMALLOC_LIMIT	VMALLOC_END
#endif

static void md_spans_collect(void)
{
	unsigned long linear_end = (unsigned long)high_memory;

	md_nr_spans = 0;
	md_span_add("user", 0, TASK_SIZE_MAX);
	md_span_add("linear", PAGE_OFFSET, linear_end);
#if defined(CONFIG_SPARSEMEM_VMEMMAP)
	/* The part of vmemmap whose struct pages describe the linear map. */
	md_span_add("vmemmap", (unsigned long)virt_to_page((void *)PAGE_OFFSET),
		    (unsigned long)(virt_to_page((void *)(linear_end - 1)) + 1));
#endif
#ifdef CONFIG_KASAN
	md_span_add("kasan-shadow", KASAN_SHADOW_START, KASAN_SHADOW_END);
#endif
	md_span_add("vmalloc", VMALLOC_START, MD_VMALLOC_LIMIT);
#ifdef MODULES_VADDR
	/* On 32-bit x86 modules share the vmalloc area: not a region of their own. */
	if (MODULES_VADDR != VMALLOC_START)
		md_span_add("modules", MODULES_VADDR, MODULES_END);
#endif
#ifdef CONFIG_HIGHMEM
	md_span_add("pkmap", PKMAP_BASE, PKMAP_BASE + (unsigned long)LAST_PKMAP * PAGE_SIZE);
#endif
#if defined(FIXADDR_START) && defined(FIXADDR_TOP)
	md_span_add("fixmap", FIXADDR_START, FIXADDR_TOP);
#endif
#if defined(CONFIG_X86_64)
	/* Elsewhere the image lies in the linear map (x86-32) or vmalloc area (arm64). */
	md_span_add("kernel-image", __START_KERNEL_map, __START_KERNEL_map + KERNEL_IMAGE_SIZE);
#endif
}

static enum md_region md_region_of(unsigned long addr)
{
	if (addr >= PAGE_OFFSET && addr < (unsigned long)high_memory)
		return MD_REGION_LINEAR;
	if (addr >= VMALLOC_START && addr < VMALLOC_END)
		return MD_REGION_VMALLOC;
#ifdef MODULES_VADDR
	if (addr >= MODULES_VADDR && addr < MODULES_END)
		return MD_REGION_MODULES;
#endif
#ifdef CONFIG_HIGHMEM
	if (addr >= PKMAP_BASE &&
	    addr < PKMAP_BASE + (unsigned long)LAST_PKMAP * PAGE_SIZE)
		return MD_REGION_PKMAP;
#endif
#if defined(FIXADDR_START) && defined(FIXADDR_TOP)
	if (addr >= FIXADDR_START && addr < FIXADDR_TOP)
		return MD_REGION_FIXMAP;
#endif
	return MD_REGION_OTHER;
}
