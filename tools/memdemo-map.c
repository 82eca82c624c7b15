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
 * libmemdemo reads the report; the drawing is made in stages, one file
 * each (map.h lists them): parse, layout, then the text or SVG renderer.
 * This file is the command line.
 *
 * Exit status: 0 drawn (or --check found nothing wrong), 1 an allocation
 * lies outside the region it is drawn in, 2 cannot draw (addresses hidden,
 * no input, not memdemo output, bad usage).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "map.h"

static void usage(FILE *f)
{
	fputs("usage: memdemo-map [--svg | --check] [--color=never|always|auto] [--ascii | --unicode] [FILE | -]\n"
	      "\n"
	      "Draws the kernel's virtual address space from memdemo's report: each region\n"
	      "as a box, highest address at the top, the gaps between them, the layout\n"
	      "variables (PAGE_OFFSET, VMALLOC_START, ...) at the boundaries they name and\n"
	      "every memdemo allocation inside its region.  Reads " MD_PROC_PATH " unless\n"
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
	struct md_report md;
	struct space rep;
	struct map map;
	const char *what;

	md_prog = "memdemo-map";
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

	md_load(path, &md, &what);
	space_read(&md, what, &rep);

	if (rep.hidden)
		md_die(2, "cannot draw the map: %s hides its addresses (%s); read it as root, with CAP_SYSLOG",
		    what, rep.hidden_why ? rep.hidden_why : "all kernel regions read as 0x0");
	if (!rep.nregions)
		md_die(2, "cannot draw the map: %s has no [regions] section (memdemo too old?)", what);

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
		render_svg(&map, stdout);
	else
		render_text(&map, color, boxes);
	fflush(stdout);
	for (size_t i = 0; i < map.nproblems; i++)
		fprintf(stderr, "memdemo-map: warning: %s\n", map.problems[i]);
	return map.nproblems ? 1 : 0;
}
