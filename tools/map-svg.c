// SPDX-License-Identifier: GPL-2.0
/*
 * memdemo-map, stage 3 (SVG): the rows as one SVG document, boxes coloured by region,
 * the same legend as the text map.
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "map.h"

/* Where render_svg() writes, for every helper below. */
static FILE *out;

#define SVG_CW 7.8		/* width of a character cell at 13px monospace */
#define SVG_LH 18.0		/* height of a line */
#define SVG_FONT 13
#define SVG_MARGIN 20.0
#define SVG_TOP 96.0		/* the title above the map */

static void xml_text(const char *s)
{
	md_xml_escape(out, s);
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
	fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" class=\"%s\"%s%s%s>", x, y + 4.5, cls,
	       anchor ? " text-anchor=\"" : "", anchor ? anchor : "", anchor ? "\"" : "");
	xml_text(s);
	fputs("</text>\n", out);
}

static void svg_box(struct box *b, void *arg)
{
	const struct svg *s = arg;
	const struct style *st = box_style(b);
	double x = svg_in_l(s, b->depth), w = svg_in_r(s, b->depth) - x;
	double y = svg_y(b->line_top), h = svg_y(b->line_bottom) - y;

	fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"%d\" fill=\"%s\" stroke=\"%s\" class=\"%s\"/>\n",
	       x, y, w, h, b->depth > 0 ? 4 : 0, st->fill, st->stroke,
	       b->kind == BK_REGION ? "region" : "gap");
}

static void svg_label(const struct svg *s, double y, const char *labels)
{
	double x = svg_in_r(s, 0) + 8;

	fprintf(out, "<path d=\"M%.1f %.1fl7 -4v8z\" class=\"arrow\"/>\n", x, y);
	fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"arrowline\"/>\n",
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
		fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"tick\"/>\n",
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
		fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" class=\"%s\"/>\n",
		       l + SVG_CW / 2, y, w->bad ? "dot bad" : "dot");
		svg_text(l + 2 * SVG_CW, y, w->bad ? "alloc bad" : "alloc", NULL, w->left + 2);
		svg_text(r, y, w->bad ? "size bad" : "size", "end", w->right);
		break;
	case R_MARK:
		fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"mark\"/>\n",
		       l, y, r, y);
		break;
	case R_ELIDE: {
		double mid = (l + r) / 2, tw = strlen(w->left) * SVG_CW;

		fprintf(out, "<path d=\"M%.1f %.1f", l + 6, y);
		for (double x = l + 6; x + 8 <= r - 6; x += 8)
			fprintf(out, " q2 -4 4 0 t4 0");
		fprintf(out, "\" class=\"wave\"/>\n");
		fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"elidebg\"/>\n",
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

void render_svg(const struct map *m, FILE *to)
{
	out = to;
	struct svg s = { .m = m };
	size_t nlegend = legend_nlines + (m->rep->bits == 64);
	char *facts = facts_line(m->rep), *space = space_line(m);
	double legend_y;

	s.x0 = SVG_MARGIN + m->axis_w * SVG_CW + 16;
	s.width = svg_in_r(&s, 0) + 34 + m->label_w * SVG_CW + SVG_MARGIN;
	if (s.width < s.x0 + 86 * SVG_CW)
		s.width = s.x0 + 86 * SVG_CW;
	legend_y = svg_y(m->lines) + 20;
	s.height = legend_y + (nlegend + 4) * SVG_LH + SVG_MARGIN;

	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" xml:space=\"preserve\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">\n",
	       s.width, s.height, s.width, s.height);
	fputs("<title>", out);
	xml_text(m->rep->title);
	fputs("</title>\n", out);
	fprintf(out, "<style>\n"
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
	fprintf(out, "<defs><pattern id=\"hatch\" width=\"10\" height=\"10\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
	       "<rect width=\"10\" height=\"10\" fill=\"#f8fafc\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"10\" stroke=\"#e2e8f0\" stroke-width=\"4\"/>"
	       "</pattern></defs>\n");
	fprintf(out, "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n");
	fprintf(out, "<text x=\"%.1f\" y=\"32\" class=\"title\">", SVG_MARGIN);
	xml_text(m->rep->title);
	fputs("</text>\n", out);
	fprintf(out, "<text x=\"%.1f\" y=\"54\" class=\"subtitle\">", SVG_MARGIN);
	xml_text(space);
	fputs(", highest address at the top", out);
	fputs("</text>\n", out);
	if (facts) {
		fprintf(out, "<text x=\"%.1f\" y=\"74\" class=\"subtitle\">", SVG_MARGIN);
		xml_text(facts);
		fputs("</text>\n", out);
	}

	walk((struct box *)&m->root, svg_box, &s);
	for (size_t i = 0; i < m->nrows; i++)
		svg_row(&s, &m->rows[i]);

	svg_text(SVG_MARGIN, legend_y, "legend legendhead", NULL, "Legend");
	for (size_t i = 0; i < nlegend; i++)
		svg_text(SVG_MARGIN, legend_y + (i + 1) * SVG_LH, "legend", NULL,
			 i < nlegend - (m->rep->bits == 64) ? legend_lines[i] : legend_hole);
	fprintf(out, "</svg>\n");
	free(facts);
	free(space);
}

