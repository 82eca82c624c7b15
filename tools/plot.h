/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memdemo's charts, as SVG documents: the allocators' cost curves from a
 * report's [bench] section (plot-bench.c), and the claims grid of
 * docs/claims.md (plot-claims.c).  memdemo-plot writes them to files;
 * memdemo-report puts them in its page.
 */
#ifndef MEMDEMO_PLOT_H
#define MEMDEMO_PLOT_H

#include <stdbool.h>
#include <stdio.h>

#include "libmemdemo.h"

/* What a chart says about where its figures come from. */
struct plot_about {
	const char *title;	/* what ran: kernel, lane, machine; NULL: the report's first line */
	const char *note;	/* e.g. "emulated CPU (qemu TCG): ..."; NULL for none */
	const char *unit;	/* what the guest's clock counted: "ns" (NULL) or "instructions" */
};

/*
 * Takes "--title TEXT", "--note TEXT" or "--unit ns|instructions" at
 * argv[*i] into ABOUT (moving *i past its value); false when argv[*i] is
 * none of them.  The unit is what the benchmark's figures are: nanoseconds,
 * or, where qemu counted instructions (icount: one nanosecond of the
 * guest's clock per instruction), instructions executed.
 */
bool plot_about_arg(int argc, char **argv, int *i, struct plot_about *about);

/* Cost of alloc+free against size, log-log; false when R has no [bench] cells. */
bool plot_bench(FILE *out, const struct md_report *r, const struct plot_about *about);

/*
 * The claims grid from docs/claims.md's table (claims by row, runs by
 * column); false when IN has no such table.
 */
bool plot_claims(FILE *out, FILE *in, const char *what);

#endif /* MEMDEMO_PLOT_H */
