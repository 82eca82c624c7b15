// SPDX-License-Identifier: GPL-2.0
/*
 * memdemo-map: draw the kernel's virtual address space from /proc/memdemo.
 *
 *   memdemo-map [--svg | --check] [--color=never|always|auto]
 *               [--ascii | --unicode] [FILE | -]
 *
 * Reads memdemo's report (live from /proc/memdemo, a file, or stdin with
 * "-") and draws the address space top to bottom, highest address first:
 * one box per [regions] line, the gaps between them, the [layout] variables
 * at the boundaries they name and every [allocations] block inside the box
 * it lies in.  It only parses text; it dereferences nothing.
 *
 * The program has four steps, each with its own section below:
 *   parse   - the report into structs (layout variables, regions, allocations)
 *   layout  - a tree of boxes (regions, nested where they overlap, and gaps),
 *             the labels and allocations placed in it, and from it one list
 *             of rows with their line numbers: the drawing, shared by
 *   render  - the text renderer and the SVG renderer, which only turn rows
 *             into characters or shapes.
 *
 * Exit status: 0 drawn (or --check found nothing wrong), 1 an allocation
 * lies outside the region it is drawn in, 2 cannot draw (addresses hidden,
 * no input, not memdemo output, bad usage).
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PROC_PATH "/proc/memdemo"

/* A stretch of address space with nothing to show gets a "~~~ N elided ~~~" row from this size up. */
#define ELIDE_MIN (1ULL << 20)

/* ---- Small helpers ------------------------------------------------------ */

static void die(int status, const char *fmt, ...)
{
	va_list ap;

	fputs("memdemo-map: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die(2, "out of memory");
	return p;
}

static char *xvasprintf(const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	char *s;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		die(2, "bad format");
	s = xrealloc(NULL, (size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

static char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

static char *xstrdup(const char *s)
{
	return xasprintf("%s", s);
}

/* Appends to a growing array: GROW(arr, n, cap) makes room for arr[n]. */
#define GROW(arr, n, cap)						\
	do {								\
		if ((n) >= (cap)) {					\
			(cap) = (cap) ? 2 * (cap) : 16;			\
			(arr) = xrealloc((arr), (cap) * sizeof(*(arr)));	\
		}							\
	} while (0)

/* Appends ", text" (or text when empty) to a label list. */
static void list_add(char **list, const char *text)
{
	char *s = *list ? xasprintf("%s, %s", *list, text) : xstrdup(text);

	free(*list);
	*list = s;
}

/* Size in human units, 3 digits at most: "4 KiB", "2.28 MiB", "12.5 PiB", "8 MiB". */
static void human(char *buf, size_t len, double bytes)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	unsigned int u = 0;
	double v = bytes;

	while (v >= 1024.0 && u + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1024.0;
		u++;
	}
	if (v == (double)(uint64_t)v)
		snprintf(buf, len, "%.0f %s", v, units[u]);
	else if (v < 10)
		snprintf(buf, len, "%.2f %s", v, units[u]);
	else if (v < 100)
		snprintf(buf, len, "%.1f %s", v, units[u]);
	else
		snprintf(buf, len, "%.0f %s", v, units[u]);
	/* "8.00 MiB" -> "8 MiB", "2.50 MiB" -> "2.5 MiB" */
	if (strchr(buf, '.')) {
		char *sp = strchr(buf, ' '), *e = sp;

		while (e[-1] == '0')
			e--;
		if (e[-1] == '.')
			e--;
		memmove(e, sp, strlen(sp) + 1);
	}
}

/*
 * A boundary between two bytes of the address space: the address of the
 * byte above it.  The top of a 64-bit space is 2^64, one more than a
 * uint64_t holds: that one boundary has top64 set (and a == 0).
 */
struct bound {
	uint64_t a;
	bool top64;
};

static struct bound bound_at(uint64_t a)
{
	return (struct bound){ .a = a };
}

/* The boundary just above the byte at last. */
static struct bound bound_above(uint64_t last)
{
	return (struct bound){ .a = last + 1, .top64 = last == UINT64_MAX };
}

static int bound_cmp(struct bound x, struct bound y)
{
	if (x.top64 != y.top64)
		return x.top64 ? 1 : -1;
	return x.a < y.a ? -1 : x.a > y.a;
}

/* Bytes between two boundaries, hi >= lo; the whole 64-bit space is 2^64. */
static double bound_dist(struct bound hi, struct bound lo)
{
	if (bound_cmp(hi, lo) <= 0)
		return 0;
	if (hi.top64 && lo.a == 0)
		return 18446744073709551616.0;
	return (double)(hi.a - lo.a);
}

/* ---- Parse: the report into structs -------------------------------------- */

enum lvar_kind { LV_ADDR, LV_NUM, LV_TEXT, LV_NONE };

struct lvar {			/* layout key=value */
	char *key;
	enum lvar_kind kind;
	uint64_t val;
	char *text;		/* the value as written; for LV_NONE, why */
};

struct region {			/* region name= start= end= size= */
	char *name;
	uint64_t start, last;	/* [start, last]: end - 1, so a region may end at 2^64 */
	bool to_top;		/* end=0x0 after a start: up to 2^32 or 2^64 */
};

struct alloc {			/* alloc name= api= ... */
	char *name, *api, *region, *path;
	uint64_t virt, size, reserved;
	int highmem;		/* -1: not reported */
	bool has_virt;
};

struct report {
	char *title;		/* the first line */
	char *machine;
	bool hidden;		/* "# addresses hidden" or all-zero regions */
	char *hidden_why;
	int bits;		/* 32 or 64 */
	struct lvar *vars;
	size_t nvars, capvars;
	struct region *regions;
	size_t nregions, capregions;
	struct alloc *allocs;
	size_t nallocs, capallocs;
};

/* A whole decimal or 0x-hex number that fits 64 bits (without errno.h: see main). */
static bool parse_u64(const char *s, uint64_t *out)
{
	unsigned int base = 10;
	uint64_t v = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return false;
	for (; *s; s++) {
		unsigned int d;

		if (*s >= '0' && *s <= '9')
			d = (unsigned int)(*s - '0');
		else if (*s >= 'a' && *s <= 'f')
			d = (unsigned int)(*s - 'a' + 10);
		else if (*s >= 'A' && *s <= 'F')
			d = (unsigned int)(*s - 'A' + 10);
		else
			return false;
		if (d >= base || v > (UINT64_MAX - d) / base)
			return false;
		v = v * base + d;
	}
	*out = v;
	return true;
}

static bool is_hex(const char *s)
{
	return s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
}

/*
 * Splits "word k=v k=v # comment" in place: returns the fields after the
 * first word (up to a "#" field), as key/value pairs.
 */
#define MAX_FIELDS 64
struct fields {
	int n;
	char *key[MAX_FIELDS], *val[MAX_FIELDS];
	char *comment;
};

static void split_fields(char *rest, struct fields *f)
{
	char *save = NULL, *tok;

	f->n = 0;
	f->comment = NULL;
	for (tok = strtok_r(rest, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		char *eq;

		if (tok[0] == '#') {
			f->comment = save;
			break;
		}
		eq = strchr(tok, '=');
		if (!eq || f->n == MAX_FIELDS)
			continue;
		*eq = '\0';
		f->key[f->n] = tok;
		f->val[f->n] = eq + 1;
		f->n++;
	}
}

static const char *field(const struct fields *f, const char *key)
{
	for (int i = 0; i < f->n; i++)
		if (!strcmp(f->key[i], key))
			return f->val[i];
	return NULL;
}

static void parse_layout(struct report *r, struct fields *f)
{
	struct lvar *v;

	if (f->n < 1)
		return;
	GROW(r->vars, r->nvars, r->capvars);
	v = &r->vars[r->nvars++];
	v->key = xstrdup(f->key[0]);
	v->text = xstrdup(f->val[0]);
	v->val = 0;
	if (!strcmp(f->val[0], "none")) {
		v->kind = LV_NONE;
		free(v->text);
		v->text = xstrdup(f->comment ? f->comment : "");
	} else if (is_hex(f->val[0]) && parse_u64(f->val[0], &v->val)) {
		v->kind = LV_ADDR;
	} else if (parse_u64(f->val[0], &v->val)) {
		v->kind = LV_NUM;
	} else {
		v->kind = LV_TEXT;
	}
}

static void parse_region(struct report *r, struct fields *f, int lineno)
{
	const char *name = field(f, "name"), *s = field(f, "start"), *e = field(f, "end");
	const char *sz = field(f, "size");
	uint64_t start, end, size = 0;
	struct region *g;

	if (!name || !s || !e || !parse_u64(s, &start) || !parse_u64(e, &end)) {
		fprintf(stderr, "memdemo-map: line %d: region without name, start or end: ignored\n",
			lineno);
		return;
	}
	if (start == 0 && end == 0) {	/* what an unprivileged reader sees */
		r->hidden = true;
		return;
	}
	if (end != 0 && end <= start) {
		fprintf(stderr, "memdemo-map: line %d: region %s ends before it starts: ignored\n",
			lineno, name);
		return;
	}
	if (sz && parse_u64(sz, &size) && end != 0 && size != end - start)
		fprintf(stderr, "memdemo-map: line %d: region %s: size=%s is not end - start\n",
			lineno, name, sz);
	GROW(r->regions, r->nregions, r->capregions);
	g = &r->regions[r->nregions++];
	g->name = xstrdup(name);
	g->start = start;
	g->last = end - 1;
	g->to_top = end == 0;	/* its last byte is known once the width is */
}

static void parse_alloc(struct report *r, struct fields *f)
{
	struct alloc *a;
	const char *s;

	GROW(r->allocs, r->nallocs, r->capallocs);
	a = &r->allocs[r->nallocs++];
	memset(a, 0, sizeof(*a));
	a->name = xstrdup((s = field(f, "name")) ? s : "?");
	a->api = xstrdup((s = field(f, "api")) ? s : "?");
	a->region = (s = field(f, "region")) ? xstrdup(s) : NULL;
	a->path = (s = field(f, "path")) ? xstrdup(s) : NULL;
	a->has_virt = (s = field(f, "virt")) && parse_u64(s, &a->virt);
	if ((s = field(f, "size")))
		parse_u64(s, &a->size);
	if ((s = field(f, "reserved")))
		parse_u64(s, &a->reserved);
	a->highmem = -1;
	if ((s = field(f, "highmem")))
		a->highmem = atoi(s);
}

static bool machine_is_64bit(const char *m)
{
	static const char *const m64[] = {
		"x86_64", "aarch64", "arm64", "ppc64", "ppc64le", "s390x", "riscv64",
		"mips64", "loongarch64", "sparc64", "alpha", "ia64",
	};

	for (size_t i = 0; m && i < sizeof(m64) / sizeof(m64[0]); i++)
		if (!strcmp(m, m64[i]))
			return true;
	return false;
}

static void parse_report(FILE *in, const char *what, struct report *r)
{
	enum { S_NONE, S_LAYOUT, S_REGIONS, S_ALLOCS, S_OTHER } sect = S_NONE;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int lineno = 0;

	memset(r, 0, sizeof(*r));
	while ((len = getline(&line, &cap, in)) >= 0) {
		struct fields f;
		char *rest;

		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (lineno == 1) {
			char rel[256], mach[64];

			if (strncmp(line, "memdemo ", 8))
				die(2, "%s is not memdemo output (its first line should be \"memdemo <version> on <release> <machine>\")",
				    what);
			r->title = xstrdup(line);
			if (sscanf(line, "memdemo %*s on %255s %63s", rel, mach) == 2)
				r->machine = xstrdup(mach);
			continue;
		}
		if (!strncmp(line, "# addresses hidden", 18)) {
			r->hidden = true;
			r->hidden_why = xstrdup(line + 2);
			continue;
		}
		if (line[0] == '[') {
			sect = !strcmp(line, "[layout]") ? S_LAYOUT :
			       !strcmp(line, "[regions]") ? S_REGIONS :
			       !strcmp(line, "[allocations]") ? S_ALLOCS : S_OTHER;
			continue;
		}
		rest = strchr(line, ' ');
		if (!rest)
			continue;
		*rest++ = '\0';
		split_fields(rest, &f);
		if (sect == S_LAYOUT && !strcmp(line, "layout"))
			parse_layout(r, &f);
		else if (sect == S_REGIONS && !strcmp(line, "region"))
			parse_region(r, &f, lineno);
		else if (sect == S_ALLOCS && !strcmp(line, "alloc"))
			parse_alloc(r, &f);
		/* anything else: a section or line this version does not know */
	}
	free(line);
	if (lineno == 0)
		die(2, "%s is empty", what);

	r->bits = machine_is_64bit(r->machine) ? 64 : 32;
	for (size_t i = 0; i < r->nregions; i++)
		if (r->regions[i].last > UINT32_MAX && !r->regions[i].to_top)
			r->bits = 64;
	for (size_t i = 0; i < r->nvars; i++)
		if (r->vars[i].kind == LV_ADDR && r->vars[i].val > UINT32_MAX)
			r->bits = 64;
	for (size_t i = 0; i < r->nregions; i++)
		if (r->regions[i].to_top)
			r->regions[i].last = r->bits == 64 ? UINT64_MAX : UINT32_MAX;
}

/* ---- Layout: boxes, labels, allocations, rows ------------------------------ */

enum box_kind { BK_ROOT, BK_REGION, BK_GAP, BK_HOLE };

struct mark {			/* a layout variable inside a box, not on a border */
	struct bound at;
	char *label;
};

struct box {
	enum box_kind kind;
	const char *name;
	const struct region *region;	/* BK_REGION */
	uint64_t start, last;		/* drawn: [start, last] */
	int depth;			/* top-level boxes 0, nested ones 1, ... root -1 */
	struct box **kids;
	size_t nkids, capkids;
	char *labels_top, *labels_bottom;
	struct mark *marks;
	size_t nmarks, capmarks;
	size_t *allocs;			/* indexes into report.allocs drawn here */
	size_t nallocs, capallocs;
	char *desc, *note;
	int line_top, line_bottom;	/* lines of its top and bottom border */
};

enum row_kind { R_BORDER, R_HEAD, R_DESC, R_NOTE, R_ALLOC, R_MARK, R_ELIDE };
enum border_shape { SHAPE_OPEN, SHAPE_SHARED, SHAPE_CLOSE };

/*
 * One row of the drawing.  Content rows sit inside depth boxes (the
 * innermost is box); a border row is the top or bottom edge of box (and
 * for SHAPE_SHARED also of the box above) with depth boxes around it.
 */
struct row {
	enum row_kind kind;
	enum border_shape shape;
	int depth;
	const struct box *box;
	bool has_addr;
	struct bound addr;
	char *left, *right;	/* text; right is right-aligned in the box */
	char *labels;		/* layout variables, drawn right of the box */
	const char *aside;	/* a remark right of the box, when no labels */
	bool bad;		/* an allocation outside the box it is drawn in */
	double bytes;		/* R_ELIDE: how much is left out */
	int pad_before, pad_after;	/* empty lines around the row */
	int line;		/* the line it is drawn on (pads not included) */
};

struct map {
	const struct report *rep;
	struct box root;
	struct row *rows;
	size_t nrows, caprows;
	int lines;		/* all lines, pads included */
	int axis_w, box_w, label_w;	/* widths in character cells */
	char **problems;	/* allocations outside their box: exit status 1 */
	size_t nproblems, capproblems;
	char **notes;		/* things worth saying that are not wrong */
	size_t nnotes, capnotes;
	unsigned int hole_bits;	/* canonical address width, 0 if not known */
};

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

static void fmt_addr(char *buf, size_t len, const struct map *m, struct bound b)
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
	const struct report *r = m->rep;
	const struct region **order = xrealloc(NULL, r->nregions * sizeof(*order));
	struct box **stack = xrealloc(NULL, (r->nregions + 1) * sizeof(*stack));
	size_t sp = 0;

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

				human(sz, sizeof(sz), (double)(o->last - start) + 1);
				free(o->note);
				o->note = xasprintf("its top %s is also %s", sz, g->name);
				note(m, "regions %s and %s overlap by %s; %s is drawn from 0x%" PRIx64 " up",
				     o->name, g->name, sz, g->name, o->last + 1);
				start = o->last + 1;
			}
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
	const struct report *r = m->rep;
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

/* Every box in the tree below b, pre-order (parents first). */
static void walk(struct box *b, void (*fn)(struct box *, void *), void *arg)
{
	for (size_t i = 0; i < b->nkids; i++) {
		fn(b->kids[i], arg);
		walk(b->kids[i], fn, arg);
	}
}

/* The innermost box holding the byte at a. */
static struct box *box_holding(struct box *b, uint64_t a)
{
	for (size_t i = 0; i < b->nkids; i++)
		if (b->kids[i]->start <= a && a <= b->kids[i]->last)
			return box_holding(b->kids[i], a);
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
static bool in_region_named(const struct report *r, const char *name, uint64_t start, uint64_t last)
{
	for (size_t k = 0; k < r->nregions; k++)
		if (!strcmp(r->regions[k].name, name) && r->regions[k].start <= start &&
		    last <= r->regions[k].last)
			return true;
	return false;
}

static bool region_known(const struct report *r, const char *name)
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
	const struct report *r = m->rep;

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

	human(sz, sizeof(sz), bytes);
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

	human(sz, sizeof(sz), (double)a->size);
	if (a->reserved > a->size) {
		size_t n = strlen(sz);

		snprintf(sz + n, sizeof(sz) - n, " of ");
		human(sz + n + 4, sizeof(sz) - n - 4, (double)a->reserved);
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

/* The rows inside box b (for the root: the whole drawing). */
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

		human(sz, sizeof(sz), (double)(b->last - b->start) + 1);
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

static void build_map(struct map *m, const struct report *r)
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

/* ---- Shared by both renderers ---------------------------------------------- */

struct style {			/* how a box looks, by region name or kind */
	const char *name;
	const char *ansi;	/* SGR parameters */
	const char *fill, *stroke;
};

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

static const struct style style_other = { "other", "1", "#f3f4f6", "#4b5563" };
static const struct style style_gap = { "unused gap", "2", "#ffffff", "#94a3b8" };
static const struct style style_hole = { "non-canonical hole", "2;31", "url(#hatch)", "#64748b" };

static const struct style *box_style(const struct box *b)
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
static const char *const legend_lines[] = {
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

static const char *const legend_hole =
	"non-canonical hole addresses the CPU refuses: the top bits must all be 0 or all 1";

/* "RAM 1.96 GiB: lowmem 844 MiB + highmem 1.14 GiB, pages of 4 KiB" from [layout]. */
static char *facts_line(const struct report *r)
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
	human(a, sizeof(a), (double)ram);
	human(b, sizeof(b), (double)low);
	human(c, sizeof(c), (double)high);
	human(p, sizeof(p), (double)page);
	if (has_split && high)
		return xasprintf("RAM %s = lowmem %s (in the linear map) + highmem %s%s%s", a, b, c,
				 page ? "; page size " : "", page ? p : "");
	return xasprintf("RAM %s, all of it in the linear map%s%s", a, page ? "; page size " : "",
			 page ? p : "");
}

static char *space_line(const struct map *m)
{
	if (m->rep->bits == 64 && m->hole_bits)
		return xasprintf("64-bit address space (16 EiB), %u-bit canonical addresses",
				 m->hole_bits);
	if (m->rep->bits == 64)
		return xstrdup("64-bit address space (16 EiB)");
	return xstrdup("32-bit address space (4 GiB)");
}

/* ---- Text renderer ----------------------------------------------------------- */

struct charset {
	const char *h, *v, *open_l, *open_r, *shared_l, *shared_r, *close_l, *close_r, *dash;
};

static const struct charset ascii = { "-", "|", "+", "+", "+", "+", "+", "+", "- " };
static const struct charset unicode = { "\u2500", "\u2502", "\u250c", "\u2510", "\u251c",
					"\u2524", "\u2514", "\u2518", "\u254c " };

struct text {
	const struct map *m;
	const struct charset *cs;
	bool color;
};

static void sgr(const struct text *t, const char *code)
{
	if (t->color)
		printf("\033[%sm", code);
}

static void sgr_off(const struct text *t)
{
	if (t->color)
		fputs("\033[0m", stdout);
}

static void repeat(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		fputs(s, stdout);
}

static void text_axis(const struct text *t, const struct row *w)
{
	char buf[32] = "";

	if (w && w->has_addr)
		fmt_addr(buf, sizeof(buf), t->m, w->addr);
	if (w && w->kind == R_ALLOC)
		sgr(t, "2");
	printf("%*s", t->m->axis_w, buf);
	if (w && w->kind == R_ALLOC)
		sgr_off(t);
	fputs(" ", stdout);
}

static void text_labels(const struct text *t, const struct row *w)
{
	if (w->labels) {
		fputs("  ", stdout);
		sgr(t, "1;33");
		printf("<-- %s", w->labels);
		sgr_off(t);
	} else if (w->aside) {
		fputs("  ", stdout);
		sgr(t, "2");
		printf("(%s)", w->aside);
		sgr_off(t);
	}
}

/* The "| " on the left of a row inside depth boxes, and " |" on the right. */
static void text_sides(const struct text *t, int depth, bool left)
{
	for (int i = 0; i < depth; i++)
		printf(left ? "%s " : " %s", t->cs->v);
}

static void text_border(const struct text *t, const struct row *w)
{
	const struct charset *cs = t->cs;
	int width = t->m->box_w - 4 * w->depth;
	const char *l = w->shape == SHAPE_OPEN ? cs->open_l : w->shape == SHAPE_SHARED ? cs->shared_l : cs->close_l;
	const char *r = w->shape == SHAPE_OPEN ? cs->open_r : w->shape == SHAPE_SHARED ? cs->shared_r : cs->close_r;

	text_axis(t, w);
	text_sides(t, w->depth, true);
	fputs(l, stdout);
	repeat(cs->h, width - 2);
	fputs(r, stdout);
	text_sides(t, w->depth, false);
	text_labels(t, w);
	fputs("\n", stdout);
}

static void text_content(const struct text *t, const struct row *w, bool blank)
{
	const struct style *st = box_style(w->box);
	int width = t->m->box_w - 4 * w->depth;	/* between the innermost box's "| " and " |" */
	int left = !blank && w->left ? (int)strlen(w->left) : 0;
	int right = !blank && w->right ? (int)strlen(w->right) : 0;

	text_axis(t, blank ? NULL : w);
	text_sides(t, w->depth, true);
	if (blank) {
		printf("%*s", width, "");
	} else if (w->kind == R_MARK) {
		sgr(t, "33");
		for (int i = 0; i < width; i += 2)
			fputs(i + 1 < width ? t->cs->dash : " ", stdout);
		sgr_off(t);
	} else if (w->kind == R_ELIDE) {
		int before = (width - left) / 2;

		printf("%*s", before, "");
		sgr(t, "2;36");
		fputs(w->left, stdout);
		sgr_off(t);
		printf("%*s", width - before - left, "");
	} else {
		char bold[16];

		switch (w->kind) {
		case R_HEAD:	/* a region's name bold in its colour, a gap's dim */
			snprintf(bold, sizeof(bold), "%s%s", w->box->kind == BK_REGION ? "1;" : "",
				 st->ansi);
			sgr(t, bold);
			break;
		case R_DESC:
		case R_NOTE:
			sgr(t, "2");
			break;
		case R_ALLOC:
			sgr(t, w->bad ? "1;31" : "1");
			break;
		default:
			break;
		}
		fputs(w->left ? w->left : "", stdout);
		sgr_off(t);
		printf("%*s", width - left - right, "");
		if (w->right) {
			if (w->bad || w->kind == R_HEAD)
				sgr(t, w->bad ? "1;31" : st->ansi);
			fputs(w->right, stdout);
			sgr_off(t);
		}
	}
	text_sides(t, w->depth, false);
	if (!blank)
		text_labels(t, w);
	fputs("\n", stdout);
}

static void render_text(const struct map *m, bool color, bool utf8)
{
	struct text t = { m, utf8 ? &unicode : &ascii, color };
	char *facts = facts_line(m->rep), *space = space_line(m);

	sgr(&t, "1");
	printf("%s\n", m->rep->title);
	sgr_off(&t);
	printf("%s, drawn top (highest address) to bottom\n\n", space);
	for (size_t i = 0; i < m->nrows; i++) {
		const struct row *w = &m->rows[i];

		for (int p = 0; p < w->pad_before; p++)
			text_content(&t, w, true);
		if (w->kind == R_BORDER)
			text_border(&t, w);
		else
			text_content(&t, w, false);
		for (int p = 0; p < w->pad_after; p++)
			text_content(&t, w, true);
	}
	printf("\n");
	if (facts)
		printf("%s\n\n", facts);
	sgr(&t, "1");
	printf("Legend\n");
	sgr_off(&t);
	for (size_t i = 0; i < sizeof(legend_lines) / sizeof(legend_lines[0]); i++)
		printf("  %s\n", legend_lines[i]);
	if (m->rep->bits == 64)
		printf("  %s\n", legend_hole);
	free(facts);
	free(space);
}

/* ---- SVG renderer ------------------------------------------------------------ */

#define SVG_CW 7.8		/* width of a character cell at 13px monospace */
#define SVG_LH 18.0		/* height of a line */
#define SVG_FONT 13
#define SVG_MARGIN 20.0
#define SVG_TOP 96.0		/* the title above the map */

static void xml_text(const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", stdout); break;
		case '<': fputs("&lt;", stdout); break;
		case '>': fputs("&gt;", stdout); break;
		case '"': fputs("&quot;", stdout); break;
		default: putchar(*s);
		}
	}
}

struct svg {
	const struct map *m;
	double x0;		/* left edge of the outermost boxes */
	double width, height;
};

static double svg_y(int line)
{
	return SVG_TOP + line * SVG_LH + SVG_LH / 2;
}

/* Left and right edge of what is inside depth boxes. */
static double svg_in_l(const struct svg *s, int depth)
{
	return s->x0 + 2 * depth * SVG_CW;
}

static double svg_in_r(const struct svg *s, int depth)
{
	return s->x0 + (s->m->box_w - 2 * depth) * SVG_CW;
}

static void svg_text(double x, double y, const char *cls, const char *anchor, const char *s)
{
	printf("<text x=\"%.1f\" y=\"%.1f\" class=\"%s\"%s%s%s>", x, y + 4.5, cls,
	       anchor ? " text-anchor=\"" : "", anchor ? anchor : "", anchor ? "\"" : "");
	xml_text(s);
	fputs("</text>\n", stdout);
}

static void svg_box(struct box *b, void *arg)
{
	const struct svg *s = arg;
	const struct style *st = box_style(b);
	double x = svg_in_l(s, b->depth), w = svg_in_r(s, b->depth) - x;
	double y = svg_y(b->line_top), h = svg_y(b->line_bottom) - y;

	printf("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"%d\" fill=\"%s\" stroke=\"%s\" class=\"%s\"/>\n",
	       x, y, w, h, b->depth > 0 ? 4 : 0, st->fill, st->stroke,
	       b->kind == BK_REGION ? "region" : "gap");
}

static void svg_label(const struct svg *s, double y, const char *labels)
{
	double x = svg_in_r(s, 0) + 8;

	printf("<path d=\"M%.1f %.1fl7 -4v8z\" class=\"arrow\"/>\n", x, y);
	printf("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"arrowline\"/>\n",
	       x + 6, y, x + 22, y);
	svg_text(x + 26, y, "label", NULL, labels);
}

static void svg_row(const struct svg *s, const struct row *w)
{
	const struct map *m = s->m;
	double y = svg_y(w->line), l = svg_in_l(s, w->depth), r = svg_in_r(s, w->depth);
	char buf[32];

	if (w->has_addr) {
		fmt_addr(buf, sizeof(buf), m, w->addr);
		svg_text(s->x0 - 12, y, w->kind == R_ALLOC ? "addr alloc" : "addr", "end", buf);
		printf("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"tick\"/>\n",
		       s->x0 - 8, y, w->kind == R_BORDER ? svg_in_l(s, w->depth) : l, y);
	}
	switch (w->kind) {
	case R_BORDER:
		break;
	case R_HEAD:
		svg_text(l, y, w->box->kind == BK_REGION ? "head" : "head gaphead", NULL, w->left);
		svg_text(r, y, "size", "end", w->right);
		break;
	case R_DESC:
	case R_NOTE:
		svg_text(l, y, "desc", NULL, w->left);
		break;
	case R_ALLOC:	/* the text's "* " becomes a dot */
		printf("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" class=\"%s\"/>\n",
		       l + SVG_CW / 2, y, w->bad ? "dot bad" : "dot");
		svg_text(l + 2 * SVG_CW, y, w->bad ? "alloc bad" : "alloc", NULL, w->left + 2);
		svg_text(r, y, w->bad ? "size bad" : "size", "end", w->right);
		break;
	case R_MARK:
		printf("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"mark\"/>\n",
		       l, y, r, y);
		break;
	case R_ELIDE: {
		double mid = (l + r) / 2, tw = strlen(w->left) * SVG_CW;

		printf("<path d=\"M%.1f %.1f", l + 6, y);
		for (double x = l + 6; x + 8 <= r - 6; x += 8)
			printf(" q2 -4 4 0 t4 0");
		printf("\" class=\"wave\"/>\n");
		printf("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"elidebg\"/>\n",
		       mid - tw / 2 - 4, y - 8, tw + 8, 16.0);
		svg_text(mid, y, "elide", "middle", w->left);
		break;
	}
	}
	if (w->labels)
		svg_label(s, y, w->labels);
	else if (w->aside)
		svg_text(svg_in_r(s, 0) + 10, y, "desc", NULL, w->aside);
}

static void render_svg(const struct map *m)
{
	struct svg s = { .m = m };
	size_t nlegend = sizeof(legend_lines) / sizeof(legend_lines[0]) + (m->rep->bits == 64);
	char *facts = facts_line(m->rep), *space = space_line(m);
	double legend_y;

	s.x0 = SVG_MARGIN + m->axis_w * SVG_CW + 16;
	s.width = svg_in_r(&s, 0) + 34 + m->label_w * SVG_CW + SVG_MARGIN;
	if (s.width < s.x0 + 86 * SVG_CW)
		s.width = s.x0 + 86 * SVG_CW;
	legend_y = svg_y(m->lines) + 20;
	s.height = legend_y + (nlegend + 4) * SVG_LH + SVG_MARGIN;

	printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	printf("<svg xmlns=\"http://www.w3.org/2000/svg\" xml:space=\"preserve\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">\n",
	       s.width, s.height, s.width, s.height);
	fputs("<title>", stdout);
	xml_text(m->rep->title);
	fputs("</title>\n", stdout);
	printf("<style>\n"
	       "text { font-family: 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: %dpx; fill: #1f2937; }\n"
	       ".title { font-family: 'DejaVu Sans', Helvetica, Arial, sans-serif; font-size: 18px; font-weight: bold; }\n"
	       ".subtitle { font-family: 'DejaVu Sans', Helvetica, Arial, sans-serif; font-size: 13px; fill: #4b5563; }\n"
	       ".head { font-weight: bold; } .gaphead { fill: #64748b; font-weight: normal; }\n"
	       ".size { fill: #374151; } .desc { fill: #6b7280; font-style: italic; font-size: 12px; }\n"
	       ".addr { fill: #111827; font-size: 12px; } .addr.alloc { fill: #9ca3af; }\n"
	       ".alloc { fill: #111827; } .bad { fill: #dc2626; font-weight: bold; }\n"
	       ".dot { fill: #111827; } .dot.bad { fill: #dc2626; }\n"
	       ".label { fill: #b45309; font-weight: bold; }\n"
	       ".arrow { fill: #b45309; } .arrowline { stroke: #b45309; stroke-width: 1.5; }\n"
	       ".tick { stroke: #9ca3af; stroke-width: 1; stroke-dasharray: 2 2; }\n"
	       ".mark { stroke: #b45309; stroke-width: 1.5; stroke-dasharray: 6 4; }\n"
	       ".wave { fill: none; stroke: #0e7490; stroke-width: 1.2; }\n"
	       ".elidebg { fill: #ffffff; opacity: 0.85; } .elide { fill: #0e7490; font-style: italic; }\n"
	       ".region { stroke-width: 1.5; } .gap { stroke-width: 1.2; stroke-dasharray: 5 3; }\n"
	       ".legend { font-size: 12px; fill: #374151; } .legendhead { font-weight: bold; font-size: 13px; }\n"
	       "</style>\n", SVG_FONT);
	printf("<defs><pattern id=\"hatch\" width=\"10\" height=\"10\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
	       "<rect width=\"10\" height=\"10\" fill=\"#f8fafc\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"10\" stroke=\"#e2e8f0\" stroke-width=\"4\"/>"
	       "</pattern></defs>\n");
	printf("<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n");
	printf("<text x=\"%.1f\" y=\"32\" class=\"title\">", SVG_MARGIN);
	xml_text(m->rep->title);
	fputs("</text>\n", stdout);
	printf("<text x=\"%.1f\" y=\"54\" class=\"subtitle\">", SVG_MARGIN);
	xml_text(space);
	fputs(", highest address at the top", stdout);
	fputs("</text>\n", stdout);
	if (facts) {
		printf("<text x=\"%.1f\" y=\"74\" class=\"subtitle\">", SVG_MARGIN);
		xml_text(facts);
		fputs("</text>\n", stdout);
	}

	walk((struct box *)&m->root, svg_box, &s);
	for (size_t i = 0; i < m->nrows; i++)
		svg_row(&s, &m->rows[i]);

	svg_text(SVG_MARGIN, legend_y, "legend legendhead", NULL, "Legend");
	for (size_t i = 0; i < nlegend; i++)
		svg_text(SVG_MARGIN, legend_y + (i + 1) * SVG_LH, "legend", NULL,
			 i < nlegend - (m->rep->bits == 64) ? legend_lines[i] : legend_hole);
	printf("</svg>\n");
	free(facts);
	free(space);
}

/* ---- Main ------------------------------------------------------------------- */

static void usage(FILE *f)
{
	fputs("usage: memdemo-map [--svg | --check] [--color=never|always|auto] [--ascii | --unicode] [FILE | -]\n"
	      "\n"
	      "Draws the kernel's virtual address space from memdemo's report: each region\n"
	      "as a box, highest address at the top, the gaps between them, the layout\n"
	      "variables (PAGE_OFFSET, VMALLOC_START, ...) at the boundaries they name and\n"
	      "every memdemo allocation inside its region.  Reads " PROC_PATH " unless\n"
	      "given FILE (\"-\": standard input).\n"
	      "\n"
	      "  --svg          write the drawing as an SVG document instead\n"
	      "  --check        only check that each allocation lies in its region: prints\n"
	      "                 ok or the problems\n"
	      "  --color=WHEN   ANSI colour: never, always or auto (a terminal; the default)\n"
	      "  --ascii        draw boxes with +-| (the default unless a UTF-8 terminal)\n"
	      "  --unicode      draw boxes with box-drawing characters\n"
	      "  -h, --help     this text\n"
	      "\n"
	      "Exit status: 0 fine, 1 an allocation lies outside the region box it is drawn\n"
	      "in, 2 cannot draw (addresses hidden from an unprivileged reader, no input).\n",
	      f);
}

static bool utf8_locale(void)
{
	const char *vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };

	for (size_t i = 0; i < 3; i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return strstr(v, "UTF-8") || strstr(v, "utf8") || strstr(v, "UTF8") ||
			       strstr(v, "utf-8");
	}
	return false;
}

int main(int argc, char **argv)
{
	enum { MODE_TEXT, MODE_SVG, MODE_CHECK } mode = MODE_TEXT;
	int color = -1, boxes = -1;	/* -1: auto */
	const char *path = NULL;
	struct report rep;
	struct map map;
	FILE *in;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--svg")) {
			mode = MODE_SVG;
		} else if (!strcmp(a, "--check")) {
			mode = MODE_CHECK;
		} else if (!strcmp(a, "--color") || !strcmp(a, "--color=always")) {
			color = 1;
		} else if (!strcmp(a, "--color=never")) {
			color = 0;
		} else if (!strcmp(a, "--color=auto")) {
			color = -1;
		} else if (!strcmp(a, "--ascii")) {
			boxes = 0;
		} else if (!strcmp(a, "--unicode")) {
			boxes = 1;
		} else if (a[0] == '-' && a[1] && strcmp(a, "--")) {
			fprintf(stderr, "memdemo-map: unknown option %s\n", a);
			usage(stderr);
			return 2;
		} else {
			if (!strcmp(a, "--") && i + 1 < argc)
				a = argv[++i];
			if (path) {
				fprintf(stderr, "memdemo-map: one input only\n");
				usage(stderr);
				return 2;
			}
			path = a;
		}
	}
	if (color < 0)
		color = isatty(STDOUT_FILENO);
	if (boxes < 0)
		boxes = isatty(STDOUT_FILENO) && utf8_locale();

	if (!path)
		path = PROC_PATH;
	if (!strcmp(path, "-")) {
		in = stdin;
		path = "standard input";
	} else if (!(in = fopen(path, "r"))) {
		/*
		 * perror rather than strerror(errno): <errno.h> needs the
		 * kernel's asm headers, which an amd64 host's gcc -m32 may lack.
		 */
		fputs("memdemo-map: cannot open ", stderr);
		perror(path);
		if (!strcmp(path, PROC_PATH) && access(PROC_PATH, F_OK))
			fputs("memdemo-map: is memdemo loaded? (or give a saved report as FILE)\n", stderr);
		return 2;
	}
	parse_report(in, path, &rep);
	if (in != stdin)
		fclose(in);

	if (rep.hidden)
		die(2, "cannot draw the map: %s hides its addresses (%s); read it as root, with CAP_SYSLOG",
		    path, rep.hidden_why ? rep.hidden_why : "all kernel regions read as 0x0");
	if (!rep.nregions)
		die(2, "cannot draw the map: %s has no [regions] section (memdemo too old?)", path);

	build_map(&map, &rep);

	for (size_t i = 0; i < map.nnotes; i++)
		fprintf(stderr, "memdemo-map: note: %s\n", map.notes[i]);
	if (mode == MODE_CHECK) {
		for (size_t i = 0; i < map.nproblems; i++)
			printf("%s\n", map.problems[i]);
		if (!map.nproblems)
			printf("ok: %zu allocations, each inside its region\n", rep.nallocs);
		return map.nproblems ? 1 : 0;
	}
	if (mode == MODE_SVG)
		render_svg(&map);
	else
		render_text(&map, color, boxes);
	fflush(stdout);
	for (size_t i = 0; i < map.nproblems; i++)
		fprintf(stderr, "memdemo-map: warning: %s\n", map.problems[i]);
	return map.nproblems ? 1 : 0;
}
