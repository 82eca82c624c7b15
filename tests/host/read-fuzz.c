// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for libmemdemo's reader (tools/libmemdemo.c) and the
 * stages every tool draws with: memdemo-map's (parse, layout, text and
 * SVG) and memdemo-plot's cost curves.  Checks that none of them reads
 * outside its input or overflows (ASan, UBSan), that md_read() keeps its
 * promises (libmemdemo.h: a kind and word keys on every line, no string
 * that is not printable text), and that no output carries a control
 * character or an escape, nor an SVG markup from the input.
 *
 * Built by scripts/host-tests.sh with the tools' sources; run with
 * -close_fd_mask=3, as the stages say what they skip on stderr.  Its
 * checks are its own (all_text()), not libmemdemo's.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "map.h"
#include "plot.h"

/*
 * Whether S is printable text: UTF-8 (no overlong form, no surrogate),
 * no C0 control but tab (and newline when LINES), no DEL, no C1 control.
 * Written again here rather than taken from libmemdemo, so that the test
 * does not share the code it tests; this file is built without libFuzzer's
 * coverage, which would trace every byte of every output.
 */
static bool all_text(const char *str, size_t n, bool lines)
{
	const unsigned char *s = (const unsigned char *)str, *end = s + n;

	while (s < end) {
		unsigned int c = *s++, more = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;
		unsigned int min = more == 3 ? 0x10000 : more == 2 ? 0x800 : 0x80;

		if (c < 0x80) {
			if ((c < 0x20 && c != '\t' && !(lines && c == '\n')) || c == 0x7f)
				return false;
			continue;
		}
		if ((c & 0xc0) == 0x80 || c >= 0xf8 || (size_t)(end - s) < more)
			return false;
		c &= 0x3f >> more;
		for (unsigned int i = 0; i < more; i++, s++) {
			if ((*s & 0xc0) != 0x80)
				return false;
			c = c << 6 | (*s & 0x3f);
		}
		if (c < min || (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff || c < 0xa0)
			return false;
	}
	return true;
}

static bool text(const char *s)
{
	return !s || all_text(s, strlen(s), false);
}

static bool word(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-", *s))
			return false;
	return true;
}

static void check_report(const struct md_report *r)
{
	int last = 0;

	if (r->nread < 0 || r->nread > MD_MAX_LINES || !text(r->title) || !text(r->release) ||
	    !text(r->machine) || !text(r->hidden_why))
		abort();
	for (size_t i = 0; i < r->nlines; i++) {
		const struct md_line *l = &r->lines[i];

		if (l->lineno <= last || l->lineno > r->nread)
			abort();
		last = l->lineno;
		if (!word(l->kind) || !text(l->section) || !text(l->comment))
			abort();
		if (l->nf < 0 || l->nf > MD_MAX_FIELDS)
			abort();
		for (int f = 0; f < l->nf; f++)
			if (!word(l->key[f]) || !text(l->val[f]) || strchr(l->val[f], ' '))
				abort();
		if (md_next(r, i ? &r->lines[i - 1] : NULL, l->kind) != l)
			abort();
	}
	for (unsigned long i = 0; i < r->nproblems && i < MD_MAX_PROBLEMS; i++)
		if (!text(r->problems[i]))
			abort();
}

/*
 * An SVG document of the tools: text, and no element but those the tools
 * write (a name from the input would have opened one of its own).
 */
static void check_svg(const char *buf, size_t len)
{
	static const char *const elements[] = {
		"?xml", "svg", "title", "style", "defs", "pattern", "rect", "line", "text",
		"path", "circle", "g",
	};

	if (!all_text(buf, len, true))
		abort();
	for (const char *p = buf; (p = memchr(p, '<', len - (size_t)(p - buf))); p++) {
		size_t n = strcspn(p + 1, " />\n"), i;

		if (p[1] == '/')
			continue;
		for (i = 0; i < sizeof(elements) / sizeof(elements[0]); i++)
			if (strlen(elements[i]) == n && !strncmp(p + 1, elements[i], n))
				break;
		if (i == sizeof(elements) / sizeof(elements[0]))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct plot_about about = { .unit = "instructions" };
	struct md_report r;
	char *copy, *buf = NULL;
	size_t len = 0;
	FILE *in, *out, *saved;

	/* An exact-size heap copy, so ASan catches any read past the end. */
	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	in = size ? fmemopen(copy, size, "r") : fopen("/dev/null", "r");
	if (!in) {
		free(copy);
		return 0;
	}
	md_read(in, &r);
	fclose(in);
	free(copy);
	check_report(&r);

	if (r.nread && r.title) {	/* what space_read() needs, else it exits */
		struct space sp;
		struct map m;

		space_read(&r, "fuzz", &sp);
		if (!sp.hidden && sp.nregions) {
			build_map(&m, &sp);
			/* The text map, colourless: no control character but newlines. */
			saved = stdout;
			out = open_memstream(&buf, &len);
			if (!out)
				abort();
			stdout = out;
			render_text(&m, false, true);
			stdout = saved;
			fclose(out);
			if (!all_text(buf, len, true))
				abort();
			free(buf);
			buf = NULL;
			out = open_memstream(&buf, &len);
			if (!out)
				abort();
			render_svg(&m, out);
			fclose(out);
			check_svg(buf, len);
			free(buf);
			buf = NULL;
			map_free(&m);
		}
		space_free(&sp);
	}
	out = open_memstream(&buf, &len);
	if (!out)
		abort();
	if (plot_bench(out, &r, &about)) {
		fclose(out);
		check_svg(buf, len);
	} else {
		fclose(out);
	}
	free(buf);
	md_free(&r);
	return 0;
}
