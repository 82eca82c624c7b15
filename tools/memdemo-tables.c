// SPDX-License-Identifier: GPL-2.0
/*
 * memdemo-tables: the tables behind /proc/memdemo's [waste], [rounding],
 * [buddy] and [bench] sections, for people (aligned text) or for plots
 * (--csv).  The module only reports facts; the arithmetic (bytes and
 * percent wasted, changes) and the layout happen here.
 *
 * usage: memdemo-tables [--waste] [--rounding] [--buddy] [--bench] [--csv]
 *                       [--unit ns|instructions] [FILE|-]
 * With no section named, prints every section the input has.  FILE
 * defaults to /proc/memdemo.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libmemdemo.h"

static struct md_report rep;
static const char *const kinds[4] = { "waste", "rounding", "buddy", "bench" };

/* Every line of kind K, in order: for_each(r, "waste") { ... }. */
#define for_each(r, k) for (r = md_next(&rep, NULL, k); r; r = md_next(&rep, r, k))

static const char *get(const struct md_line *r, const char *key)
{
	const char *v = md_get(r, key);

	return v ? v : "";
}

static unsigned long long num(const struct md_line *r, const char *key)
{
	return strtoull(get(r, key), NULL, 0);
}

/*
 * A field of --csv output from the input, as RFC 4180 has it: quoted, its
 * quotes doubled, when it holds a comma or a quote; and one that begins
 * like a formula (= + - @) gets a ' before it, so that a spreadsheet shows
 * it rather than computes it.
 */
static void csv_field(const char *s)
{
	bool formula = s[0] && strchr("=+-@", s[0]), quote = formula || strpbrk(s, ",\"");

	if (quote)
		putchar('"');
	if (formula)
		putchar('\'');
	for (; *s; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s);
	}
	if (quote)
		putchar('"');
}

static void waste(int csv)
{
	const struct md_line *r;

	if (csv)
		puts("request,ksize,wasted,percent,source,cache");
	else
		printf("Slab waste: kmalloc(request) really sets aside ksize bytes\n"
		       "%10s %10s %10s %8s  %s\n", "request", "ksize", "wasted", "wasted%", "from");
	for_each(r, "waste") {
		unsigned long long s = num(r, "size"), k = num(r, "ksize");
		double pct = k ? 100.0 * (double)(k - s) / (double)k : 0;
		int slab = !strcmp(get(r, "source"), "slab");
		const char *cache = get(r, "cache");

		if (csv) {
			printf("%llu,%llu,%llu,%.1f,%s,", s, k, k - s, pct,
			       slab ? "slab" : "page allocator");
			csv_field(cache);
			putchar('\n');
		} else
			printf("%10llu %10llu %10llu %7.1f%%  %s\n", s, k, k - s, pct,
			       !slab ? "page allocator" : *cache ? cache : "slab cache");
	}
}

static void rounding(int csv)
{
	const struct md_line *r;

	if (csv)
		puts("request,order,get_free_pages,wasted,alloc_pages_exact,wasted_exact");
	else
		printf("Page rounding: __get_free_pages(order) against alloc_pages_exact(size)\n"
		       "%10s %5s %16s %8s %18s %8s\n", "request", "order", "__get_free_pages",
		       "wasted", "alloc_pages_exact", "wasted");
	for_each(r, "rounding") {
		unsigned long long s = num(r, "size"), g = num(r, "get_free_pages");
		unsigned long long e = num(r, "alloc_pages_exact");

		printf(csv ? "%llu,%llu,%llu,%llu,%llu,%llu\n" :
			     "%10llu %5llu %16llu %8llu %18llu %8llu\n",
		       s, num(r, "order"), g, g - s, e, e - s);
	}
}

static void buddy(int csv)
{
	const struct md_line *r;
	char *b, *a, *sb, *sa, *tb, *ta;
	int o;

	for_each(r, "buddy") {

		if (csv)
			puts("order,free_before,free_after,change");
		else
			printf("The buddy allocator: free blocks per order in zone %s, node %s,\n"
			       "before and after one order-%s allocation\n%6s %10s %10s %7s\n",
			       get(r, "zone"), get(r, "node"), get(r, "order"),
			       "order", "before", "after", "change");
		b = xstrdup(get(r, "before"));
		a = xstrdup(get(r, "after"));
		tb = strtok_r(b, ",", &sb);
		ta = strtok_r(a, ",", &sa);
		for (o = 0; tb && ta; o++) {
			uint64_t x, y;
			char d[24] = "?", cx[24] = "?", cy[24] = "?";

			/* Counts: whole numbers, or "?"; the change computed without overflow. */
			if (md_parse_u64(tb, &x))
				snprintf(cx, sizeof(cx), "%llu", (unsigned long long)x);
			if (md_parse_u64(ta, &y))
				snprintf(cy, sizeof(cy), "%llu", (unsigned long long)y);
			if (cx[0] != '?' && cy[0] != '?')
				snprintf(d, sizeof(d), "%s%llu", y < x ? "-" : csv ? "" : "+",
					 (unsigned long long)(y < x ? x - y : y - x));
			printf(csv ? "%d,%s,%s,%s\n" : "%6d %10s %10s %7s\n", o, cx, cy, d);
			tb = strtok_r(NULL, ",", &sb);
			ta = strtok_r(NULL, ",", &sa);
		}
		free(b);
		free(a);
	}
}

/*
 * What the benchmark's figures count: "ns", or "instructions" where qemu
 * counted instructions for the guest's clock (--unit; scripts/bench.sh).
 */
static const char *unit = "ns";

static void bench(int csv)
{
	static const char *const ops[] = { "alloc", "free", "pair" };
	static const char *const st[] = { "min", "med", "p99" };
	char key[16], cell[48];
	const struct md_line *r;
	int o, s;

	if (csv) {
		printf("api,size,order,samples");
		for (o = 0; o < 3; o++)
			for (s = 0; s < 3; s++)
				printf(",%s_%s_%s", ops[o], st[s], unit);
		puts("");
	} else {
		printf("Allocator cost in %s: median (min..p99), timer overhead subtracted\n"
		       "%-18s %10s %7s %24s %24s %24s\n",
		       strcmp(unit, "ns") ? "instructions executed (qemu icount)" : "ns",
		       "api", "size", "samples",
		       "alloc", "free", "alloc+free");
	}
	for_each(r, "bench") {

		if (csv) {
			csv_field(get(r, "api"));
			for (s = 0; s < 3; s++) {
				putchar(',');
				csv_field(get(r, s == 0 ? "size" : s == 1 ? "order" : "samples"));
			}
		} else {
			printf("%-18s %10s %7s", get(r, "api"), get(r, "size"), get(r, "samples"));
		}
		for (o = 0; o < 3; o++) {
			if (csv) {
				for (s = 0; s < 3; s++) {
					snprintf(key, sizeof(key), "%s_%s", ops[o], st[s]);
					putchar(',');
					csv_field(get(r, key));
				}
				continue;
			}
			snprintf(key, sizeof(key), "%s_med", ops[o]);
			snprintf(cell, sizeof(cell), "%s", get(r, key));
			snprintf(key, sizeof(key), "%s_min", ops[o]);
			snprintf(cell + strlen(cell), sizeof(cell) - strlen(cell), " (%s..", get(r, key));
			snprintf(key, sizeof(key), "%s_p99", ops[o]);
			snprintf(cell + strlen(cell), sizeof(cell) - strlen(cell), "%s)", get(r, key));
			printf(" %24s", cell);
		}
		puts("");
	}
}

int main(int argc, char **argv)
{
	void (*const show[4])(int) = { waste, rounding, buddy, bench };
	const char *path = NULL, *what;
	int want[4] = { 0 }, any = 0, csv = 0, i, k, first = 1;

	md_prog = "memdemo-tables";
	for (i = 1; i < argc; i++) {
		for (k = 0; k < 4; k++)
			if (!strncmp(argv[i], "--", 2) && !strcmp(argv[i] + 2, kinds[k]))
				break;
		if (k < 4) {
			want[k] = any = 1;
		} else if (!strcmp(argv[i], "--csv")) {
			csv = 1;
		} else if (!strcmp(argv[i], "--unit") && i + 1 < argc &&
			   (!strcmp(argv[i + 1], "ns") || !strcmp(argv[i + 1], "instructions"))) {
			unit = argv[++i];
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			puts("usage: memdemo-tables [--waste] [--rounding] [--buddy] [--bench] [--csv]\n"
			     "                      [--unit ns|instructions] [FILE|-]");
			return 0;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "memdemo-tables: unknown option %s\n", argv[i]);
			return 2;
		} else {
			path = argv[i];
		}
	}
	md_load(path, &rep, &what);
	for (k = 0; k < 4; k++) {
		if ((any && !want[k]) || !md_next(&rep, NULL, kinds[k]))
			continue;
		if (!first)
			puts("");
		show[k](csv);
		first = 0;
	}
	md_free(&rep);
	if (first) {
		fprintf(stderr, "memdemo-tables: %s has none of the sections asked for\n", what);
		return 1;
	}
	return 0;
}
