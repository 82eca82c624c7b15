// SPDX-License-Identifier: GPL-2.0
/*
 * memdemo-plot, the cost curves: what one alloc+free costs against the
 * size asked for, both axes logarithmic, one line per allocator (the
 * median), its min..p99 spread as a band around it, with PAGE_SIZE and
 * KMALLOC_MAX_CACHE_SIZE marked.  From the report's [bench] lines only.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plot.h"

#define W	920.0
#define H	600.0
#define LEFT	90.0
#define RIGHT	200.0
#define TOP	96.0
#define BOTTOM	70.0
#define MAXPTS	32

/*
 * The allocators drawn are those the report's [bench] lines name (the
 * module's table of allocators, whose [apis] section gives each one's
 * ladder of sizes), in the order they first appear; none is named here.
 * Each gets the next colour and marker below, and its name as its label.
 */
#define MAXSERIES	12

static const char *const colours[] = {
	"#2563eb", "#16a34a", "#dc2626", "#d97706", "#7c3aed", "#0891b2",
	"#db2777", "#65a30d", "#4b5563", "#9333ea", "#ea580c", "#0d9488",
};

/* Markers: SVG paths at 0,0, told apart without colour. */
static const char *const markers[] = {
	"M-4 -4h8v8h-8z",					/* square */
	"M0 -5l5 5l-5 5l-5 -5z",				/* diamond */
	"M0 -5l5 9h-10z",					/* triangle */
	"M-4.5 0a4.5 4.5 0 1 0 9 0a4.5 4.5 0 1 0 -9 0",	/* circle */
	"M-5 -1.5h10v3h-10zM-1.5 -5h3v10h-3z",			/* plus */
	"M0 5l5 -9h-10z",					/* triangle down */
	"M-5 -5l10 10M-5 5l10 -10",				/* cross */
	"M-5 -2h10v4h-10z",					/* bar */
};

struct series {
	const char *api, *label, *colour, *marker;
};

struct point {
	double size, min, med, p99;
};

struct curve {
	struct point p[MAXPTS];
	int n;
};

static double lo_x, hi_x, lo_y, hi_y;

static double px(double size)
{
	return LEFT + (log2(size) - log2(lo_x)) / (log2(hi_x) - log2(lo_x)) * (W - LEFT - RIGHT);
}

static double py(double ns)
{
	return H - BOTTOM - (log10(ns) - log10(lo_y)) / (log10(hi_y) - log10(lo_y)) * (H - TOP - BOTTOM);
}

static void size_label(char *buf, size_t len, double size)
{
	md_human(buf, len, size);
}

/* An axis label: a time in s, ms, µs or ns, or a count in G, M, k or units. */
static void ns_label(char *buf, size_t len, double ns, bool instructions)
{
	static const char *const times[] = { "s", "ms", "\u00b5s", "ns" };
	static const char *const count[] = { "G", "M", "k", "" };
	double scale = 1e9;
	int i;

	for (i = 0; i < 3 && ns < scale; i++)
		scale /= 1e3;
	snprintf(buf, len, instructions ? "%g%s" : "%g %s", ns / scale,
		 instructions ? count[i] : times[i]);
}

static int cmp_point(const void *a, const void *b)
{
	const struct point *x = a, *y = b;

	return x->size < y->size ? -1 : x->size > y->size;
}

/* A vertical line at SIZE with a label, for PAGE_SIZE and KMALLOC_MAX_CACHE_SIZE. */
static void marker_line(FILE *out, double size, const char *label, double dy)
{
	double x;

	if (size < lo_x || size > hi_x)
		return;
	x = px(size);
	fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"mark\"/>\n",
		x, TOP, x, H - BOTTOM);
	fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" class=\"marklabel\">", x + 4, TOP + 14 + dy);
	md_xml_escape(out, label);
	fputs("</text>\n", out);
}

bool plot_about_arg(int argc, char **argv, int *i, struct plot_about *about)
{
	const char *a = argv[*i];

	if (*i + 1 >= argc)
		return false;
	if (!strcmp(a, "--title"))
		about->title = argv[++*i];
	else if (!strcmp(a, "--note"))
		about->note = argv[++*i];
	else if (!strcmp(a, "--unit") && (!strcmp(argv[*i + 1], "ns") ||
					   !strcmp(argv[*i + 1], "instructions")))
		about->unit = argv[++*i];
	else
		return false;
	return true;
}

/* Series I of the chart: its api (also its label), colour and marker. */
static void series_set(struct series *sr, size_t i, const char *api)
{
	sr->api = api;
	sr->label = api;
	sr->colour = colours[i % (sizeof(colours) / sizeof(colours[0]))];
	sr->marker = markers[i % (sizeof(markers) / sizeof(markers[0]))];
}

bool plot_bench(FILE *out, const struct md_report *r, const struct plot_about *about)
{
	struct curve c[MAXSERIES] = { 0 };
	struct series series[MAXSERIES];
	size_t ns = 0;
	const struct md_line *l = NULL;
	uint64_t page = 0, kcache = 0, v;
	const char *s;
	char buf[64];
	int total = 0;
	bool instr = about->unit && !strcmp(about->unit, "instructions");

	while ((l = md_next(r, l, "bench"))) {
		struct point pt;
		size_t i;

		s = md_get(l, "api");
		for (i = 0; s && i < ns && strcmp(s, series[i].api); i++)
			;
		if (!s || i == MAXSERIES)
			continue;
		if (i == ns) {
			series_set(&series[i], i, s);
			ns++;
		}
		if (c[i].n == MAXPTS)
			continue;
		if (!md_get_u64(l, "size", &v) || !v)
			continue;
		pt.size = (double)v;
		if (!md_get_u64(l, "pair_min", &v))
			continue;
		pt.min = v ? (double)v : 1;
		if (!md_get_u64(l, "pair_med", &v))
			continue;
		pt.med = v ? (double)v : 1;
		if (!md_get_u64(l, "pair_p99", &v))
			continue;
		pt.p99 = v ? (double)v : 1;
		c[i].p[c[i].n++] = pt;
		total++;
	}
	if (!total)
		return false;
	if ((s = md_layout(r, "page_size")))
		md_parse_u64(s, &page);
	if ((s = md_layout(r, "kmalloc_max_cache_size")))
		md_parse_u64(s, &kcache);

	/* The axes: whole powers of two in size, of ten in time. */
	lo_x = INFINITY, hi_x = 0, lo_y = INFINITY, hi_y = 0;
	for (size_t i = 0; i < ns; i++) {
		qsort(c[i].p, (size_t)c[i].n, sizeof(c[i].p[0]), cmp_point);
		for (int k = 0; k < c[i].n; k++) {
			lo_x = fmin(lo_x, c[i].p[k].size);
			hi_x = fmax(hi_x, c[i].p[k].size);
			lo_y = fmin(lo_y, c[i].p[k].min);
			hi_y = fmax(hi_y, c[i].p[k].p99);
		}
	}
	lo_x = exp2(floor(log2(lo_x)));
	hi_x = exp2(ceil(log2(hi_x)));
	if (hi_x <= lo_x)
		hi_x = lo_x * 2;
	lo_y = pow(10, floor(log10(lo_y)));
	hi_y = pow(10, ceil(log10(hi_y)));
	if (hi_y <= lo_y)
		hi_y = lo_y * 10;

	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\">\n",
		W, H, W, H);
	fputs("<title>Allocator cost: alloc+free against size</title>\n"
	      "<style>\n"
	      "text { font-family: DejaVu Sans, Helvetica, Arial, sans-serif; font-size: 12px; fill: #1f2937; }\n"
	      ".title { font-size: 17px; font-weight: bold; }\n"
	      ".sub { font-size: 12px; fill: #4b5563; }\n"
	      ".note { font-size: 12px; fill: #b45309; }\n"
	      ".grid { stroke: #e5e7eb; stroke-width: 1; }\n"
	      ".axis { stroke: #374151; stroke-width: 1.2; }\n"
	      ".mark { stroke: #6b7280; stroke-width: 1.2; stroke-dasharray: 5 4; }\n"
	      ".marklabel { font-size: 11px; fill: #374151; }\n"
	      ".med { fill: none; stroke-width: 2.2; }\n"
	      ".band { stroke: none; fill-opacity: 0.16; }\n"
	      ".whisker { stroke-width: 1.5; }\n"
	      "</style>\n"
	      "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n", out);
	fputs("<text x=\"20\" y=\"30\" class=\"title\">Allocator cost: one alloc + free against the size asked for</text>\n",
	      out);
	fputs("<text x=\"20\" y=\"50\" class=\"sub\">", out);
	md_xml_escape(out, about && about->title ? about->title : r->title ? r->title : "memdemo");
	fputs("</text>\n<text x=\"20\" y=\"68\" class=\"sub\">line: median; band and whiskers: min .. p99; both axes logarithmic</text>\n",
	      out);
	if (about && about->note) {
		fputs("<text x=\"20\" y=\"86\" class=\"note\">", out);
		md_xml_escape(out, about->note);
		fputs("</text>\n", out);
	}

	/* Grid and axes. */
	for (double y = lo_y; y <= hi_y * 1.0001; y *= 10) {
		ns_label(buf, sizeof(buf), y, instr);
		fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>\n",
			LEFT, py(y), W - RIGHT, py(y));
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
			LEFT - 8, py(y) + 4, buf);
	}
	for (double x = lo_x; x <= hi_x * 1.0001; x *= 4) {
		size_label(buf, sizeof(buf), x);
		fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>\n",
			px(x), TOP, px(x), H - BOTTOM);
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n",
			px(x), H - BOTTOM + 18, buf);
	}
	fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"axis\"/>\n",
		LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM);
	fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"axis\"/>\n",
		LEFT, TOP, LEFT, H - BOTTOM);
	fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">size asked for</text>\n",
		(LEFT + W - RIGHT) / 2, H - 22);
	fprintf(out, "<text x=\"18\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 18 %.1f)\">%s</text>\n",
		(TOP + H - BOTTOM) / 2, (TOP + H - BOTTOM) / 2,
		instr ? "instructions executed per alloc + free" : "time per alloc + free");
	if (page) {
		snprintf(buf, sizeof(buf), "PAGE_SIZE");
		marker_line(out, (double)page, buf, 0);
	}
	if (kcache) {
		snprintf(buf, sizeof(buf), "KMALLOC_MAX_CACHE_SIZE");
		marker_line(out, (double)kcache, buf, kcache == page ? 14 : (kcache < page * 4 ? 14 : 0));
	}

	/* Bands first, then lines and markers above them. */
	for (size_t i = 0; i < ns; i++) {
		if (c[i].n < 2)
			continue;
		fprintf(out, "<path class=\"band\" fill=\"%s\" d=\"", series[i].colour);
		for (int k = 0; k < c[i].n; k++)
			fprintf(out, "%s%.1f %.1f", k ? "L" : "M", px(c[i].p[k].size), py(c[i].p[k].p99));
		for (int k = c[i].n - 1; k >= 0; k--)
			fprintf(out, "L%.1f %.1f", px(c[i].p[k].size), py(c[i].p[k].min));
		fputs("Z\"/>\n", out);
	}
	for (size_t i = 0; i < ns; i++) {
		if (!c[i].n)
			continue;
		fprintf(out, "<g stroke=\"%s\" fill=\"%s\" data-api=\"", series[i].colour,
			series[i].colour);
		md_xml_escape(out, series[i].api);
		fputs("\">\n", out);
		if (c[i].n > 1) {
			fputs("<path class=\"med\" d=\"", out);
			for (int k = 0; k < c[i].n; k++)
				fprintf(out, "%s%.1f %.1f", k ? "L" : "M", px(c[i].p[k].size),
					py(c[i].p[k].med));
			fputs("\"/>\n", out);
		}
		for (int k = 0; k < c[i].n; k++) {
			const struct point *p = &c[i].p[k];

			fprintf(out, "<line class=\"whisker\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
				px(p->size), py(p->min), px(p->size), py(p->p99));
			fprintf(out, "<path d=\"%s\" transform=\"translate(%.1f %.1f)\"><title>",
				series[i].marker, px(p->size), py(p->med));
			md_xml_escape(out, series[i].label);
			fprintf(out, " %.0f B: median %.0f %s (%.0f..%.0f)</title></path>\n", p->size,
				p->med, instr ? "instructions" : "ns", p->min, p->p99);
		}
		fputs("</g>\n", out);
	}

	/* Legend: marker and name, so that no colour has to be told apart. */
	for (size_t i = 0, row = 0; i < ns; i++) {
		double y = TOP + 10 + 24.0 * (double)row;

		if (!c[i].n)
			continue;
		row++;
		fprintf(out, "<g stroke=\"%s\" fill=\"%s\"><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke-width=\"2.2\"/>"
			"<path d=\"%s\" transform=\"translate(%.1f %.1f)\"/></g>\n",
			series[i].colour, series[i].colour, W - RIGHT + 20, y, W - RIGHT + 52, y,
			series[i].marker, W - RIGHT + 36, y);
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\">", W - RIGHT + 60, y + 4);
		md_xml_escape(out, series[i].label);
		fputs("</text>\n", out);
	}
	fputs("</svg>\n", out);
	return true;
}
