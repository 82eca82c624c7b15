// SPDX-License-Identifier: GPL-2.0
/*
 * memdemo-map, stage 2 (layout): the boxes of the address space, the labels and
 * blocks placed in them, and the rows both renderers draw; and what both
 * renderers share (styles, the legend, the facts line).
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "map.h"

/* Appends ", text" (or text when empty) to a label list. */
static void list_add(char **list, const char *text)
{
	char *s = *list ? xasprintf("%s, %s", *list, text) : xstrdup(text);

	free(*list);
	*list = s;
}

static void problem(struct map *m, const char *fmt, ...)
{
	va_list ap;

	GROW(m->problems, m->nproblems, m->capproblems);
	va_start(ap, fmt);
	m->problems[m->nproblems++] = xvasprintf(fmt, ap);
	va_end(ap);
}

static void note(struct map *m, const char *fmt, ...)
{
	va_list ap;

	GROW(m->notes, m->nnotes, m->capnotes);
	va_start(ap, fmt);
	m->notes[m->nnotes++] = xvasprintf(fmt, ap);
	va_end(ap);
}

void fmt_addr(char *buf, size_t len, const struct map *m, struct bound b)
{
	if (b.top64)
		snprintf(buf, len, "0x10000000000000000");
	else if (m->rep->bits == 64)
		snprintf(buf, len, "0x%016" PRIx64, b.a);
	else
		snprintf(buf, len, "0x%08" PRIx64, b.a);
}

static const char *region_desc(const char *name)
{
	static const char *const d[][2] = {
		{ "user", "user space: each process's own mappings" },
		{ "linear", "all of (low) RAM mapped 1:1 at a fixed offset" },
		{ "vmemmap", "the struct pages of the linear map's RAM" },
		{ "kasan-shadow", "KASAN's shadow: 1 byte for every 8" },
		{ "vmalloc", "vmalloc, ioremap: pages mapped one by one" },
		{ "modules", "loaded modules' code and data" },
		{ "pkmap", "kmap() windows onto highmem pages" },
		{ "fixmap", "mappings at compile-time fixed addresses" },
		{ "kernel-image", "the kernel's text, data and bss" },
	};

	for (size_t i = 0; i < sizeof(d) / sizeof(d[0]); i++)
		if (!strcmp(name, d[i][0]))
			return d[i][1];
	return NULL;
}

static struct box *box_new(struct box *parent, enum box_kind kind, const char *name,
			   uint64_t start, uint64_t last)
{
	struct box *b = xrealloc(NULL, sizeof(*b));

	memset(b, 0, sizeof(*b));
	b->kind = kind;
	b->name = name;
	b->start = start;
	b->last = last;
	b->depth = parent->depth + 1;
	GROW(parent->kids, parent->nkids, parent->capkids);
	parent->kids[parent->nkids++] = b;
	return b;
}

static int cmp_region(const void *x, const void *y)
{
	const struct region *a = *(const struct region *const *)x, *b = *(const struct region *const *)y;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return a->last > b->last ? -1 : a->last < b->last;	/* the bigger one first: it holds the other */
}

static int cmp_box(const void *x, const void *y)
{
	const struct box *a = *(const struct box *const *)x, *b = *(const struct box *const *)y;

	return a->start < b->start ? -1 : a->start > b->start;
}

/*
 * Regions into a tree: a region inside another is its child; one that
 * overlaps another only in part is drawn from where the other ends, with
 * a note in both.
 */
static void build_tree(struct map *m)
{
	const struct space *r = m->rep;
	const struct region **order = xrealloc(NULL, r->nregions * sizeof(*order));
	struct box **stack = xrealloc(NULL, (r->nregions + 1) * sizeof(*stack));
	const struct region *deep = NULL;	/* the first one nested too deep */
	size_t sp = 0, ndeep = 0;

	for (size_t i = 0; i < r->nregions; i++)
		order[i] = &r->regions[i];
	qsort(order, r->nregions, sizeof(*order), cmp_region);
	for (size_t i = 0; i < r->nregions; i++) {
		const struct region *g = order[i];
		uint64_t start = g->start;
		struct box *b, *parent;

		for (;;) {
			while (sp && stack[sp - 1]->last < start)
				sp--;
			if (!sp || g->last <= stack[sp - 1]->last)
				break;
			/* overlaps the top of the stack in part: draw it from where that ends */
			{
				struct box *o = stack[--sp];
				char sz[32];

				md_human(sz, sizeof(sz), (double)(o->last - start) + 1);
				free(o->note);
				o->note = xasprintf("its top %s is also %s", sz, g->name);
				note(m, "regions %s and %s overlap by %s; %s is drawn from 0x%" PRIx64 " up",
				     o->name, g->name, sz, g->name, o->last + 1);
				start = o->last + 1;
			}
		}
		if (sp == MAP_MAX_DEPTH) {
			if (!ndeep++)
				deep = g;
			continue;
		}
		parent = sp ? stack[sp - 1] : &m->root;
		b = box_new(parent, BK_REGION, g->name, start, g->last);
		b->region = g;
		if (region_desc(g->name))
			b->desc = xstrdup(region_desc(g->name));
		if (start != g->start)
			b->note = xasprintf("starts at 0x%" PRIx64 ", inside the box below", g->start);
		stack[sp++] = b;
	}
	if (deep)
		fprintf(stderr, "%s: line %d: region %s lies inside %d others, deeper than the map draws: left out%s\n",
			md_prog, deep->lineno, deep->name, MAP_MAX_DEPTH,
			ndeep > 1 ? ", with the regions inside it" : "");
	free(order);
	free(stack);
}

/* The smallest power of two >= v (v <= 2^63). */
static uint64_t pow2_ceil(uint64_t v)
{
	uint64_t p = 1;

	while (p < v)
		p <<= 1;
	return p;
}

/*
 * Fills the top level with gaps.  On a 64-bit space the gap around 2^63
 * holds the non-canonical hole: from the user region's end rounded up to a
 * power of two P up to 2^64 - P, addresses whose top bits are neither all
 * zero nor all one.  Without a user region to size it, that whole gap is
 * called the hole.
 */
static void add_gap(struct map *m, uint64_t start, uint64_t last)
{
	const struct space *r = m->rep;
	const struct region *user = NULL;
	uint64_t half = 1ULL << 63;

	if (r->bits != 64 || start > half - 1 || last < half) {
		box_new(&m->root, BK_GAP, "unused gap", start, last);
		return;
	}
	for (size_t i = 0; i < r->nregions; i++)
		if (!strcmp(r->regions[i].name, "user") && r->regions[i].start == 0)
			user = &r->regions[i];
	if (user && user->last < half - 1) {
		uint64_t p = pow2_ceil(user->last + 1), hole_last = (uint64_t)0 - p - 1;
		unsigned int bits = 0;

		while ((1ULL << bits) < p)
			bits++;
		if (start <= p && hole_last <= last) {
			struct box *h;

			if (start < p)
				box_new(&m->root, BK_GAP, "unused gap", start, p - 1);
			h = box_new(&m->root, BK_HOLE, "non-canonical hole", p, hole_last);
			h->desc = xasprintf("bits 63..%u neither all 0 nor all 1: no address here",
					    bits);
			m->hole_bits = bits + 1;
			if (hole_last < last)
				box_new(&m->root, BK_GAP, "unused gap", hole_last + 1, last);
			return;
		}
	}
	box_new(&m->root, BK_HOLE, "non-canonical hole", start, last)->desc =
		xstrdup("between user space and the kernel's half");
}

static void fill_gaps(struct map *m)
{
	uint64_t top = m->rep->bits == 64 ? UINT64_MAX : UINT32_MAX;
	size_t n = m->root.nkids;
	struct box **kids = xrealloc(NULL, n * sizeof(*kids));
	struct bound cursor = bound_at(0);

	memcpy(kids, m->root.kids, n * sizeof(*kids));
	for (size_t i = 0; i < n; i++) {
		if (bound_cmp(cursor, bound_at(kids[i]->start)) < 0)
			add_gap(m, cursor.a, kids[i]->start - 1);
		cursor = bound_above(kids[i]->last);
	}
	if (!cursor.top64 && cursor.a <= top)
		add_gap(m, cursor.a, top);
	free(kids);
	qsort(m->root.kids, m->root.nkids, sizeof(*m->root.kids), cmp_box);
}

/*
 * Every box in the tree below b, pre-order (parents first).  It recurses
 * once per level: MAP_MAX_DEPTH at most (build_tree()).
 */
void walk(struct box *b, void (*fn)(struct box *, void *), void *arg)
{
	for (size_t i = 0; i < b->nkids; i++) {
		fn(b->kids[i], arg);
		walk(b->kids[i], fn, arg);
	}
}

/* The innermost box holding the byte at a. */
static struct box *box_holding(struct box *b, uint64_t a)
{
	size_t i = 0;

	while (i < b->nkids) {
		if (b->kids[i]->start <= a && a <= b->kids[i]->last) {
			b = b->kids[i];	/* and look among its kids */
			i = 0;
		} else {
			i++;
		}
	}
	return b->kind == BK_ROOT ? NULL : b;
}

struct find_border {
	struct bound at;
	const char *name;	/* only a region of this name, or any box */
	struct box *box;
	bool top;		/* found on its top border, else its bottom */
};

static void find_border_fn(struct box *b, void *arg)
{
	struct find_border *f = arg;

	if (f->name && (b->kind != BK_REGION || strcmp(b->name, f->name)))
		return;
	if (f->box && f->box->depth >= b->depth)
		return;		/* keep the innermost */
	if (!bound_cmp(bound_at(b->start), f->at)) {
		f->box = b;
		f->top = false;
	} else if (!bound_cmp(bound_above(b->last), f->at)) {
		f->box = b;
		f->top = true;
	}
}

/*
 * The layout variables memdemo reports, by key: the name the kernel uses,
 * the region whose edge it is, and whether it is the region's start.  Where
 * a variable goes comes from this table and its value, never from text.
 */
static const struct var_info {
	const char *key, *label, *region;
	bool start;
} var_table[] = {
	{ "page_offset", "PAGE_OFFSET", "linear", true },
	{ "high_memory", "high_memory", "linear", false },
	{ "vmalloc_start", "VMALLOC_START", "vmalloc", true },
	{ "vmalloc_end", "VMALLOC_END", "vmalloc", false },
	{ "modules_vaddr", "MODULES_VADDR", "modules", true },
	{ "modules_end", "MODULES_END", "modules", false },
	{ "pkmap_base", "PKMAP_BASE", "pkmap", true },
	{ "pkmap_end", "PKMAP_ADDR(LAST_PKMAP)", "pkmap", false },
	{ "fixaddr_start", "FIXADDR_START", "fixmap", true },
	{ "fixaddr_top", "FIXADDR_TOP", "fixmap", false },
	{ "task_size", "TASK_SIZE", "user", false },
	{ "vmemmap_start", "VMEMMAP_START", "vmemmap", true },
	{ "kasan_shadow_start", "KASAN_SHADOW_START", "kasan-shadow", true },
	{ "kasan_shadow_end", "KASAN_SHADOW_END", "kasan-shadow", false },
};

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

static void place_var(struct map *m, const struct lvar *v)
{
	const struct var_info *info = NULL;
	struct find_border f = { 0 };
	char *label;
	bool end;

	for (size_t i = 0; i < sizeof(var_table) / sizeof(var_table[0]); i++)
		if (!strcmp(v->key, var_table[i].key))
			info = &var_table[i];
	if (info) {
		label = xstrdup(info->label);
		end = !info->start;
	} else {
		/* a newer memdemo's variable: only keys that name an address */
		static const char *const sfx[] = { "_start", "_end", "_base", "_vaddr", "_top", "_addr" };
		bool addr = false;

		for (size_t i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++)
			addr |= ends_with(v->key, sfx[i]);
		if (!addr)
			return;
		label = xstrdup(v->key);
		for (char *c = label; *c; c++)
			if (*c >= 'a' && *c <= 'z')
				*c = (char)(*c - 'a' + 'A');
		end = ends_with(v->key, "_end") || ends_with(v->key, "_top");
	}

	/*
	 * An end that holds the last byte, not the one past it (x86-64's
	 * VMALLOC_END): its boundary is one above, and the label says +1.
	 */
	f.at = bound_at(v->val);
	if (end && (v->val & 0xfff) == 0xfff) {
		char *l = xasprintf("%s+1", label);

		free(label);
		label = l;
		f.at = bound_above(v->val);
	}
	if (info) {
		f.name = info->region;
		walk(&m->root, find_border_fn, &f);
	}
	if (!f.box) {
		f.name = NULL;
		walk(&m->root, find_border_fn, &f);
	}
	if (f.box) {
		list_add(f.top ? &f.box->labels_top : &f.box->labels_bottom, label);
	} else {
		struct box *b = box_holding(&m->root, f.at.a);

		if (b) {
			GROW(b->marks, b->nmarks, b->capmarks);
			b->marks[b->nmarks++] = (struct mark){ .at = f.at, .label = xstrdup(label) };
		}
	}
	free(label);
}

static uint64_t alloc_span(const struct alloc *a)
{
	return a->reserved ? a->reserved : a->size ? a->size : 1;
}

/* Whether [start, last] lies wholly inside a region called name. */
static bool in_region_named(const struct space *r, const char *name, uint64_t start, uint64_t last)
{
	for (size_t k = 0; k < r->nregions; k++)
		if (!strcmp(r->regions[k].name, name) && r->regions[k].start <= start &&
		    last <= r->regions[k].last)
			return true;
	return false;
}

static bool region_known(const struct space *r, const char *name)
{
	for (size_t k = 0; k < r->nregions; k++)
		if (!strcmp(r->regions[k].name, name))
			return true;
	return false;
}

/*
 * Each allocation into the innermost box holding its address, so that the
 * drawing keeps address order; then checked: it must lie wholly inside that
 * box's region, and inside the region memdemo names for it (region=), when
 * this report has a region of that name.  why[i] gets the short reason of
 * a failed check, for the drawing.
 */
static void place_allocs(struct map *m, const char **why)
{
	const struct space *r = m->rep;

	for (size_t i = 0; i < r->nallocs; i++) {
		const struct alloc *a = &r->allocs[i];
		uint64_t last = a->virt + (alloc_span(a) - 1);
		struct box *b;

		why[i] = NULL;
		if (!a->has_virt) {
			problem(m, "allocation %s (%s) has no virt= address: not drawn", a->name, a->api);
			continue;
		}
		if (last < a->virt)
			last = UINT64_MAX;
		b = box_holding(&m->root, a->virt);
		if (!b)
			continue;	/* cannot happen: the boxes cover the space */
		GROW(b->allocs, b->nallocs, b->capallocs);
		b->allocs[b->nallocs++] = i;

		if (b->kind != BK_REGION) {
			problem(m, "allocation %s (%s) at 0x%" PRIx64 " lies in no region: it is in the %s [0x%" PRIx64 ", 0x%" PRIx64 "]",
				a->name, a->api, a->virt, b->name, b->start, b->last);
			why[i] = "IN NO REGION";
		} else if (a->virt < b->region->start || last > b->region->last) {
			problem(m, "allocation %s (%s) at [0x%" PRIx64 ", 0x%" PRIx64 "] runs out of region %s [0x%" PRIx64 ", 0x%" PRIx64 "]",
				a->name, a->api, a->virt, last, b->name, b->region->start,
				b->region->last);
			why[i] = "RUNS OUT";
		} else if (a->region && region_known(r, a->region) &&
			   !in_region_named(r, a->region, a->virt, last)) {
			problem(m, "allocation %s (%s) at 0x%" PRIx64 " says region=%s but lies in region %s",
				a->name, a->api, a->virt, a->region, b->name);
			why[i] = "NOT IN ITS REGION";
		}
	}
}

/* ---- Layout: the rows ------------------------------------------------------ */

static struct row *row_add(struct map *m, enum row_kind kind, int depth, const struct box *b)
{
	struct row *w;

	GROW(m->rows, m->nrows, m->caprows);
	w = &m->rows[m->nrows++];
	memset(w, 0, sizeof(*w));
	w->kind = kind;
	w->depth = depth;
	w->box = b;
	return w;
}

/* Lines a box's inside gets at least: 1 more per factor 1024 (KiB 2, MiB 3, ... EiB 7). */
static int min_lines(double bytes)
{
	int lines = 2;

	for (double unit = 1024.0 * 1024.0; bytes >= unit && lines < 7; unit *= 1024.0)
		lines++;
	return lines;
}

enum item_kind { IT_BOX, IT_ALLOC, IT_MARK };

struct item {
	enum item_kind kind;
	struct bound top, bottom;
	size_t idx;
};

static int cmp_item(const void *x, const void *y)
{
	const struct item *a = x, *b = y;
	int c = bound_cmp(b->bottom, a->bottom);	/* higher first */

	if (c)
		return c;
	if ((a->kind == IT_MARK) != (b->kind == IT_MARK))
		return a->kind == IT_MARK ? 1 : -1;	/* a line at x lies below what starts at x */
	c = bound_cmp(b->top, a->top);
	if (c)
		return c;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static void elide_row(struct map *m, int depth, const struct box *b, double bytes)
{
	char sz[32];
	struct row *w;

	md_human(sz, sizeof(sz), bytes);
	w = row_add(m, R_ELIDE, depth, b);
	w->left = xasprintf("~~~ %s elided ~~~", sz);
	w->bytes = bytes;
}

static struct row *border_row(struct map *m, struct box *b, enum border_shape shape,
			      struct bound at, const char *l1, const char *l2)
{
	struct row *w = row_add(m, R_BORDER, b->depth, b);

	w->shape = shape;
	w->has_addr = true;
	w->addr = at;
	if (l1)
		list_add(&w->labels, l1);
	if (l2)
		list_add(&w->labels, l2);
	return w;
}

static void alloc_row(struct map *m, const struct box *b, size_t i, const char *bad)
{
	const struct alloc *a = &m->rep->allocs[i];
	struct row *w = row_add(m, R_ALLOC, b->depth + 1, b);
	char sz[32], how[128];

	md_human(sz, sizeof(sz), (double)a->size);
	if (a->reserved > a->size) {
		size_t n = strlen(sz);

		snprintf(sz + n, sizeof(sz) - n, " of ");
		md_human(sz + n + 4, sizeof(sz) - n - 4, (double)a->reserved);
	}
	if (a->path)
		snprintf(how, sizeof(how), "%s via %s", a->api, a->path);
	else if (a->highmem == 1)
		snprintf(how, sizeof(how), "%s, highmem", a->api);
	else
		snprintf(how, sizeof(how), "%s", a->api);
	w->left = xasprintf("%c %s (%s)", bad ? '!' : '*', a->name, how);
	w->right = bad ? xasprintf("%s, %s!", sz, bad) : xstrdup(sz);
	w->has_addr = true;
	w->addr = bound_at(a->virt);
	w->bad = bad != NULL;
}

/* The rows inside box b (for the root: the whole drawing); once per level of nesting. */
static void emit_body(struct map *m, struct box *b, const char *const *bad)
{
	const int d = b->depth + 1;
	size_t first = m->nrows, nitems = 0;
	struct item *items = NULL;
	struct bound cursor = bound_above(b->last);
	struct box *pending = NULL;	/* a kid whose bottom border is not drawn yet */
	size_t header_end;

	if (b->kind != BK_ROOT) {
		char sz[32];
		struct row *w = row_add(m, R_HEAD, d, b);

		md_human(sz, sizeof(sz), (double)(b->last - b->start) + 1);
		w->left = xstrdup(b->name);
		w->right = xstrdup(sz);
		if (b->desc)
			row_add(m, R_DESC, d, b)->left = xstrdup(b->desc);
		if (b->note)
			row_add(m, R_NOTE, d, b)->left = xasprintf("(%s)", b->note);
	}
	header_end = m->nrows;

	items = xrealloc(NULL, (b->nkids + b->nallocs + b->nmarks) * sizeof(*items));
	for (size_t i = 0; i < b->nkids; i++)
		items[nitems++] = (struct item){ IT_BOX, bound_above(b->kids[i]->last),
						 bound_at(b->kids[i]->start), i };
	for (size_t i = 0; i < b->nallocs; i++) {
		const struct alloc *a = &m->rep->allocs[b->allocs[i]];
		uint64_t last = a->virt + (alloc_span(a) - 1);

		items[nitems++] = (struct item){ IT_ALLOC,
						 bound_above(last < a->virt ? UINT64_MAX : last),
						 bound_at(a->virt), b->allocs[i] };
	}
	for (size_t i = 0; i < b->nmarks; i++)
		items[nitems++] = (struct item){ IT_MARK, b->marks[i].at, b->marks[i].at, i };
	qsort(items, nitems, sizeof(*items), cmp_item);

	for (size_t i = 0; i < nitems; i++) {
		const struct item *it = &items[i];
		double gap = bound_dist(cursor, it->top);

		if (it->kind == IT_BOX && pending && gap == 0) {
			struct box *k = b->kids[it->idx];
			border_row(m, k, SHAPE_SHARED, it->top, pending->labels_bottom, k->labels_top);
			pending->line_bottom = k->line_top = (int)(m->nrows - 1);
		} else {
			if (pending) {
				border_row(m, pending, SHAPE_CLOSE, bound_at(pending->start),
					   pending->labels_bottom, NULL);
				pending->line_bottom = (int)(m->nrows - 1);
				pending = NULL;
			}
			if (gap >= ELIDE_MIN)
				elide_row(m, d, b, gap);
			if (it->kind == IT_BOX) {
				struct box *k = b->kids[it->idx];

				border_row(m, k, SHAPE_OPEN, it->top, k->labels_top, NULL);
				k->line_top = (int)(m->nrows - 1);
			}
		}
		switch (it->kind) {
		case IT_BOX:
			pending = b->kids[it->idx];
			emit_body(m, pending, bad);
			break;
		case IT_ALLOC:
			alloc_row(m, b, it->idx, bad[it->idx]);
			break;
		case IT_MARK: {
			struct row *w = row_add(m, R_MARK, d, b);

			w->has_addr = true;
			w->addr = it->top;
			w->labels = xstrdup(b->marks[it->idx].label);
			break;
		}
		}
		if (bound_cmp(it->bottom, cursor) < 0)
			cursor = it->bottom;
	}
	if (pending) {
		border_row(m, pending, SHAPE_CLOSE, bound_at(pending->start),
			   pending->labels_bottom, NULL);
		pending->line_bottom = (int)(m->nrows - 1);
	}
	if (b->kind != BK_ROOT && bound_dist(cursor, bound_at(b->start)) >= ELIDE_MIN)
		elide_row(m, d, b, bound_dist(cursor, bound_at(b->start)));
	free(items);

	/* Pad to the box's height: around its biggest elision, or below its header. */
	if (b->kind != BK_ROOT) {
		int lines = (int)(m->nrows - first);
		int want = min_lines((double)(b->last - b->start) + 1);
		struct row *big = NULL;

		for (size_t i = first; i < m->nrows; i++)
			if (m->rows[i].kind == R_ELIDE && m->rows[i].box == b &&
			    (!big || m->rows[i].bytes > big->bytes))
				big = &m->rows[i];
		if (lines < want) {
			int pad = want - lines;

			if (big) {
				big->pad_before = pad / 2;
				big->pad_after = pad - pad / 2;
			} else {
				m->rows[header_end - 1].pad_after = pad;
			}
		}
	}
}

static void count_widths(struct map *m)
{
	char buf[32];

	m->axis_w = 0;
	m->box_w = 44;
	m->label_w = 0;
	for (size_t i = 0; i < m->nrows; i++) {
		struct row *w = &m->rows[i];
		int inner = 0;

		if (w->has_addr) {
			fmt_addr(buf, sizeof(buf), m, w->addr);
			if ((int)strlen(buf) > m->axis_w)
				m->axis_w = (int)strlen(buf);
		}
		if (w->labels && (int)strlen(w->labels) + 4 > m->label_w)
			m->label_w = (int)strlen(w->labels) + 4;
		if (w->aside && (int)strlen(w->aside) + 2 > m->label_w)
			m->label_w = (int)strlen(w->aside) + 2;
		if (w->kind == R_BORDER)
			continue;
		/* content: "| " per box around it, the text, two spaces, the right text */
		inner = (w->left ? (int)strlen(w->left) : 0) + (w->right ? 2 + (int)strlen(w->right) : 0);
		if (4 * w->depth + inner > m->box_w)
			m->box_w = 4 * w->depth + inner;
	}
}

static void number_lines(struct map *m)
{
	int line = 0;

	for (size_t i = 0; i < m->nrows; i++) {
		line += m->rows[i].pad_before;
		m->rows[i].line = line++;
		line += m->rows[i].pad_after;
	}
	m->lines = line;
}

static void fix_box_lines(struct box *b, void *arg)
{
	const struct map *m = arg;

	b->line_top = m->rows[b->line_top].line;
	b->line_bottom = m->rows[b->line_bottom].line;
}

void build_map(struct map *m, const struct space *r)
{
	const char **bad = xrealloc(NULL, (r->nallocs + 1) * sizeof(*bad));

	memset(m, 0, sizeof(*m));
	m->rep = r;
	m->root.kind = BK_ROOT;
	m->root.depth = -1;
	m->root.start = 0;
	m->root.last = r->bits == 64 ? UINT64_MAX : UINT32_MAX;
	build_tree(m);
	fill_gaps(m);
	for (size_t i = 0; i < r->nvars; i++)
		if (r->vars[i].kind == LV_ADDR)
			place_var(m, &r->vars[i]);
	place_allocs(m, bad);
	emit_body(m, &m->root, bad);
	free(bad);
	if (m->nrows)
		m->rows[0].aside = r->bits == 64 ? "2^64: the end of the address space" :
						   "2^32: the end of the address space";
	number_lines(m);
	walk(&m->root, fix_box_lines, m);
	count_widths(m);
}

/* A box's kids and what they hold; once per level, as walk(). */
static void box_free(struct box *b)
{
	for (size_t i = 0; i < b->nkids; i++) {
		box_free(b->kids[i]);
		free(b->kids[i]);
	}
	free(b->kids);
	free(b->labels_top);
	free(b->labels_bottom);
	for (size_t i = 0; i < b->nmarks; i++)
		free(b->marks[i].label);
	free(b->marks);
	free(b->allocs);
	free(b->desc);
	free(b->note);
}

void map_free(struct map *m)
{
	box_free(&m->root);
	for (size_t i = 0; i < m->nrows; i++) {
		free(m->rows[i].left);
		free(m->rows[i].right);
		free(m->rows[i].labels);
	}
	free(m->rows);
	for (size_t i = 0; i < m->nproblems; i++)
		free(m->problems[i]);
	free(m->problems);
	for (size_t i = 0; i < m->nnotes; i++)
		free(m->notes[i]);
	free(m->notes);
	memset(m, 0, sizeof(*m));
}

/* ---- Shared by both renderers ---------------------------------------------- */

static const struct style styles[] = {
	{ "user", "34", "#dbeafe", "#2563eb" },
	{ "linear", "32", "#dcfce7", "#16a34a" },
	{ "vmemmap", "36", "#ccfbf1", "#0d9488" },
	{ "kasan-shadow", "35", "#fae8ff", "#a21caf" },
	{ "vmalloc", "33", "#fef3c7", "#d97706" },
	{ "modules", "35", "#ede9fe", "#7c3aed" },
	{ "pkmap", "36", "#cffafe", "#0891b2" },
	{ "fixmap", "94", "#e0e7ff", "#4f46e5" },
	{ "kernel-image", "31", "#fee2e2", "#dc2626" },
};

const struct style style_other = { "other", "1", "#f3f4f6", "#4b5563" };
const struct style style_gap = { "unused gap", "2", "#ffffff", "#94a3b8" };
const struct style style_hole = { "non-canonical hole", "2;31", "url(#hatch)", "#64748b" };

const struct style *box_style(const struct box *b)
{
	if (b->kind == BK_GAP)
		return &style_gap;
	if (b->kind == BK_HOLE)
		return &style_hole;
	for (size_t i = 0; i < sizeof(styles) / sizeof(styles[0]); i++)
		if (!strcmp(b->name, styles[i].name))
			return &styles[i];
	return &style_other;
}

/* The legend's lines: the same words under the text map and in the SVG. */
const char *const legend_lines[] = {
	"Highest address at the top.  A box is a region [start, end): its end is the address",
	"on its top edge, its start the one on its bottom edge.",
	"Not to scale: box height is logarithmic, one more line per factor of 1024 in",
	"size (a box of KiB gets 2 lines, MiB 3, GiB 4, TiB 5, PiB 6, EiB 7); boxes with",
	"more to show get taller.",
	"~~~ N elided ~~~   N bytes of address space with nothing to show, left out",
	"                   (stretches of 1 MiB or more; shorter ones just go unmarked)",
	"* name (api) size  a live memdemo allocation, at its virtual address (left);",
	"                   \"100 B of 4 KiB\": asked for 100 bytes, 4 KiB taken for it",
	"<-- NAME           a kernel layout variable, at the boundary it holds;",
	"                   NAME+1 where the kernel's value is the last byte, not one past",
	"unused gap         address space in no region memdemo reports",
};

const size_t legend_nlines = sizeof(legend_lines) / sizeof(legend_lines[0]);

const char *const legend_hole =
	"non-canonical hole addresses the CPU refuses: the top bits must all be 0 or all 1";

/* "RAM 1.96 GiB: lowmem 844 MiB + highmem 1.14 GiB, pages of 4 KiB" from [layout]. */
char *facts_line(const struct space *r)
{
	uint64_t ram = 0, low = 0, high = 0, page = 0;
	bool has_ram = false, has_split = false;
	char a[32], b[32], c[32], p[32];

	for (size_t i = 0; i < r->nvars; i++) {
		const struct lvar *v = &r->vars[i];

		if (v->kind != LV_NUM)
			continue;
		if (!strcmp(v->key, "ram_total"))
			ram = v->val, has_ram = true;
		else if (!strcmp(v->key, "lowmem_size"))
			low = v->val, has_split = true;
		else if (!strcmp(v->key, "highmem_size"))
			high = v->val;
		else if (!strcmp(v->key, "page_size"))
			page = v->val;
	}
	if (!has_ram)
		return NULL;
	md_human(a, sizeof(a), (double)ram);
	md_human(b, sizeof(b), (double)low);
	md_human(c, sizeof(c), (double)high);
	md_human(p, sizeof(p), (double)page);
	if (has_split && high)
		return xasprintf("RAM %s = lowmem %s (in the linear map) + highmem %s%s%s", a, b, c,
				 page ? "; page size " : "", page ? p : "");
	return xasprintf("RAM %s, all of it in the linear map%s%s", a, page ? "; page size " : "",
			 page ? p : "");
}

char *space_line(const struct map *m)
{
	if (m->rep->bits == 64 && m->hole_bits)
		return xasprintf("64-bit address space (16 EiB), %u-bit canonical addresses",
				 m->hole_bits);
	if (m->rep->bits == 64)
		return xstrdup("64-bit address space (16 EiB)");
	return xstrdup("32-bit address space (4 GiB)");
}
