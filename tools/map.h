/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memdemo-map's parts, named across its files.  The drawing is made in
 * stages, a file each:
 *
 *   map-parse.c   the report (libmemdemo's lines) into a typed description
 *                 of the address space: layout variables, regions, blocks
 *   map-layout.c  a tree of boxes (regions, nested where they overlap, and
 *                 the gaps), labels and blocks placed in it, and from it one
 *                 list of rows with their line numbers: the drawing
 *   map-text.c    the rows as characters (ASCII or box drawing, ANSI colour)
 *   map-svg.c     the rows as an SVG document
 *
 * memdemo-map.c holds the command line.  The renderers only turn rows into
 * characters or shapes; what is drawn where is decided once, in layout.
 */
#ifndef MEMDEMO_MAP_H
#define MEMDEMO_MAP_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "libmemdemo.h"

/* A stretch of address space with nothing to show gets a "~~~ N elided ~~~" row from this size up. */
#define ELIDE_MIN (1ULL << 20)

/*
 * A boundary between two bytes of the address space: the address of the
 * byte above it.  The top of a 64-bit space is 2^64, one more than a
 * uint64_t holds: that one boundary has top64 set (and a == 0).
 */
struct bound {
	uint64_t a;
	bool top64;
};

static inline struct bound bound_at(uint64_t a)
{
	return (struct bound){ .a = a };
}

/* The boundary just above the byte at last. */
static inline struct bound bound_above(uint64_t last)
{
	return (struct bound){ .a = last + 1, .top64 = last == UINT64_MAX };
}

static inline int bound_cmp(struct bound x, struct bound y)
{
	if (x.top64 != y.top64)
		return x.top64 ? 1 : -1;
	return x.a < y.a ? -1 : x.a > y.a;
}

/* Bytes between two boundaries, hi >= lo; the whole 64-bit space is 2^64. */
static inline double bound_dist(struct bound hi, struct bound lo)
{
	if (bound_cmp(hi, lo) <= 0)
		return 0;
	if (hi.top64 && lo.a == 0)
		return 18446744073709551616.0;
	return (double)(hi.a - lo.a);
}


/* ---- What the report says (map-parse.c) ------------------------------------ */

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
	int lineno;		/* its line in the report */
};

struct alloc {			/* alloc name= api= ... */
	char *name, *api, *region, *path;
	uint64_t virt, size, reserved;
	int highmem;		/* -1: not reported */
	bool has_virt;
};

struct space {		/* the address space as the report describes it */
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


/*
 * The report's address space into R (its title, machine and hidden_why
 * point into MD, which must outlive R).  Lines it cannot use are said on
 * stderr and left out.
 */
void space_read(const struct md_report *md, const char *what, struct space *r);
void space_free(struct space *r);

/* ---- The drawing (map-layout.c) -------------------------------------------- */

/*
 * Regions nest at most this deep (boxes inside boxes): real kernels nest
 * two or three.  The layout and both renderers recurse once per level, and
 * a row carries a border per level, so a region deeper than this is left
 * out, with a message naming its line.
 */
#define MAP_MAX_DEPTH	16

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
	const struct space *rep;
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

struct style {			/* how a box looks, by region name or kind */
	const char *name;
	const char *ansi;	/* SGR parameters */
	const char *fill, *stroke;
};

void build_map(struct map *m, const struct space *r);
void map_free(struct map *m);
void walk(struct box *b, void (*fn)(struct box *, void *), void *arg);
void fmt_addr(char *buf, size_t len, const struct map *m, struct bound b);
const struct style *box_style(const struct box *b);
char *facts_line(const struct space *r);
char *space_line(const struct map *m);

/* The legend's lines: the same words under the text map and in the SVG. */
extern const char *const legend_lines[];
extern const size_t legend_nlines;
extern const char *const legend_hole;
extern const struct style style_other, style_gap, style_hole;

/* ---- The renderers (map-text.c, map-svg.c) --------------------------------- */

void render_text(const struct map *m, bool color, bool utf8);
void render_svg(const struct map *m, FILE *out);

#endif /* MEMDEMO_MAP_H */
