// SPDX-License-Identifier: GPL-2.0
/*
 * memdemo-map, stage 3 (text): the rows as characters, ASCII or box drawing, with
 * ANSI colour on a terminal.
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "map.h"

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

void render_text(const struct map *m, bool color, bool utf8)
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
	for (size_t i = 0; i < legend_nlines; i++)
		printf("  %s\n", legend_lines[i]);
	if (m->rep->bits == 64)
		printf("  %s\n", legend_hole);
	free(facts);
	free(space);
}

