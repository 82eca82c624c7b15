// SPDX-License-Identifier: GPL-2.0
/*
 * memdemo-plot: memdemo's charts as SVG, on standard output.
 *
 *   memdemo-plot --bench [--title TEXT] [--note TEXT] [--unit ns|instructions] [FILE | -]
 *       the cost curves from a report's [bench] section (FILE defaults to
 *       /proc/memdemo, after "echo bench > /proc/memdemo")
 *   memdemo-plot --claims FILE
 *       the claims grid of docs/claims.md
 *
 * Exit status: 0 drawn, 1 nothing to draw (no [bench] cells, no claims
 * table), 2 bad usage or unreadable input.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot.h"

static void usage(FILE *f)
{
	fputs("usage: memdemo-plot --bench [--title TEXT] [--note TEXT] [--unit ns|instructions]\n"
	      "                    [FILE | -]\n"
	      "       memdemo-plot --claims FILE\n"
	      "\n"
	      "Writes an SVG chart to standard output: --bench the allocators' cost\n"
	      "curves from memdemo's [bench] section (" MD_PROC_PATH " unless FILE;\n"
	      "run \"echo bench > /proc/memdemo\" first), --claims the claims grid of\n"
	      "docs/claims.md.  --title says what ran, --note where the figures come\n"
	      "from (an emulated CPU, for instance), --unit what the figures count\n"
	      "(instructions where qemu's icount drove the guest's clock).\n", f);
}

int main(int argc, char **argv)
{
	enum { NONE, BENCH, CLAIMS } mode = NONE;
	struct plot_about about = { 0 };
	const char *path = NULL, *what;
	struct md_report rep;
	bool drawn;

	md_prog = "memdemo-plot";
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--bench")) {
			mode = BENCH;
		} else if (!strcmp(argv[i], "--claims")) {
			mode = CLAIMS;
		} else if (plot_about_arg(argc, argv, &i, &about)) {
			continue;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "memdemo-plot: unknown option %s\n", argv[i]);
			usage(stderr);
			return 2;
		} else if (path) {
			fprintf(stderr, "memdemo-plot: one input only\n");
			return 2;
		} else {
			path = argv[i];
		}
	}
	if (mode == NONE || (mode == CLAIMS && !path)) {
		usage(stderr);
		return 2;
	}
	if (mode == CLAIMS) {
		FILE *in = md_open(path, &what);

		drawn = plot_claims(stdout, in, what);
		if (in != stdin)
			fclose(in);
		return drawn ? 0 : 1;
	}
	md_load(path, &rep, &what);
	drawn = plot_bench(stdout, &rep, &about);
	if (!drawn)
		fprintf(stderr, "memdemo-plot: %s has no [bench] cells (run \"echo bench > /proc/memdemo\" first)\n",
			what);
	md_free(&rep);
	return drawn ? 0 : 1;
}
