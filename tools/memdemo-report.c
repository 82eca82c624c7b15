// SPDX-License-Identifier: GPL-2.0
/*
 * memdemo-report: one self-contained HTML page from memdemo's report, to
 * read offline: the kernel and machine, the map of the address space, the
 * allocations (a table whose columns sort), the claims with their
 * verdicts and what was measured, the waste, rounding and buddy tables,
 * and the cost curves when a benchmark ran.  No network, no framework: the
 * pictures are SVG inside the page, the sorting a few lines of script.
 * Every string from the input is escaped (md_xml_escape()), and the page's
 * Content-Security-Policy allows no script or style but its own and no
 * load but its data: figures.
 *
 *   memdemo-report [--title TEXT] [--note TEXT] [FILE | -] > report.html
 *
 * Reads /proc/memdemo unless given FILE ("-": standard input), through
 * libmemdemo like every tool; draws the map with memdemo-map's stages and
 * the curves with memdemo-plot's.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "map.h"
#include "plot.h"

static FILE *out;

static void esc(const char *s)
{
	md_xml_escape(out, s ? s : "");
}

/* Writes BUF (LEN bytes) as base64, for a data: URL or a CSP hash. */
static void base64(const unsigned char *buf, size_t len)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

	for (size_t i = 0; i < len; i += 3) {
		unsigned int v = buf[i] << 16 | (i + 1 < len ? buf[i + 1] << 8 : 0) |
				 (i + 2 < len ? buf[i + 2] : 0);

		fputc(b64[v >> 18 & 63], out);
		fputc(b64[v >> 12 & 63], out);
		fputc(i + 1 < len ? b64[v >> 6 & 63] : '=', out);
		fputc(i + 2 < len ? b64[v & 63] : '=', out);
	}
}

/* SHA-256 (FIPS 180-4) of S, for the page's Content-Security-Policy. */
static void sha256(const char *s, unsigned char digest[32])
{
	static const uint32_t k[64] = {
		0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
		0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
		0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
		0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
		0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
		0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
		0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
		0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
	};
	uint32_t h[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
			  0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	size_t len = strlen(s), nblocks = (len + 8) / 64 + 1;

#define ROR(x, n) ((x) >> (n) | (x) << (32 - (n)))
	for (size_t b = 0; b < nblocks; b++) {
		uint32_t w[64], v[8], t1, t2;
		unsigned char blk[64];

		/* The message, then 0x80, zeros and its length in bits, big-endian. */
		for (size_t i = 0; i < 64; i++) {
			size_t at = b * 64 + i;

			blk[i] = at < len ? (unsigned char)s[at] : at == len ? 0x80 : 0;
		}
		if (b == nblocks - 1)
			for (int i = 0; i < 8; i++)
				blk[63 - i] = (unsigned char)((uint64_t)len * 8 >> (8 * i));
		for (int i = 0; i < 16; i++)
			w[i] = (uint32_t)blk[4 * i] << 24 | (uint32_t)blk[4 * i + 1] << 16 |
			       (uint32_t)blk[4 * i + 2] << 8 | blk[4 * i + 3];
		for (int i = 16; i < 64; i++)
			w[i] = w[i - 16] + (ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ w[i - 15] >> 3) +
			       w[i - 7] + (ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ w[i - 2] >> 10);
		memcpy(v, h, sizeof(v));
		for (int i = 0; i < 64; i++) {
			t1 = v[7] + (ROR(v[4], 6) ^ ROR(v[4], 11) ^ ROR(v[4], 25)) +
			     ((v[4] & v[5]) ^ (~v[4] & v[6])) + k[i] + w[i];
			t2 = (ROR(v[0], 2) ^ ROR(v[0], 13) ^ ROR(v[0], 22)) +
			     ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
			memmove(v + 1, v, 7 * sizeof(v[0]));
			v[4] += t1;
			v[0] = t1 + t2;
		}
		for (int i = 0; i < 8; i++)
			h[i] += v[i];
	}
#undef ROR
	for (int i = 0; i < 32; i++)
		digest[i] = (unsigned char)(h[i / 4] >> (24 - 8 * (i % 4)));
}

/* 'sha256-<base64>': a CSP source that allows the inline element whose text is S. */
static void csp_hash(const char *s)
{
	unsigned char d[32];

	sha256(s, d);
	fputs("'sha256-", out);
	base64(d, sizeof(d));
	fputc('\'', out);
}

/* An SVG document as an <img> of its own (its styles stay inside it). */
static void figure(const char *id, const char *alt, char *svg, size_t len, bool tall)
{
	fprintf(out, "<figure%s><img class=\"figure\" id=\"%s\" alt=\"", tall ? " class=\"tall\"" : "", id);
	esc(alt);
	fputs("\" src=\"data:image/svg+xml;base64,", out);
	base64((const unsigned char *)svg, len);
	fputs("\"></figure>\n", out);
}

/* A table cell; numbers get a sort key (data-v), zero-padded, hex or not. */
static void cell(const char *v)
{
	uint64_t n;

	if (v && md_parse_u64(v, &n))
		fprintf(out, "<td data-v=\"%020llu\">", (unsigned long long)n);
	else
		fputs("<td>", out);
	esc(v);
	fputs("</td>", out);
}

/* A table of every KIND line, one column per field named in COLS. */
static int table(const struct md_report *r, const char *id, const char *kind,
		 const char *const *cols, const char *const *heads, size_t ncols)
{
	const struct md_line *l = NULL;
	int n = 0;

	if (!md_next(r, NULL, kind))
		return 0;
	fprintf(out, "<table class=\"sortable\" id=\"%s\">\n<thead><tr>", id);
	for (size_t c = 0; c < ncols; c++) {
		fputs("<th scope=\"col\">", out);
		esc(heads[c]);
		fputs("</th>", out);
	}
	fputs("</tr></thead>\n<tbody>\n", out);
	while ((l = md_next(r, l, kind))) {
		fputs("<tr>", out);
		for (size_t c = 0; c < ncols; c++)
			cell(md_get(l, cols[c]));
		fputs("</tr>\n", out);
		n++;
	}
	fputs("</tbody></table>\n", out);
	return n;
}

static const char *const verdict_sign[][2] = {
	{ "holds", "\u2713" }, { "differs", "\u2717" },
	{ "not-demonstrated", "\u2013" }, { "inconclusive", "?" },
};

static void claims(const struct md_report *r)
{
	const struct md_line *l = NULL;

	if (!md_next(r, NULL, "claim")) {
		fputs("<p>No claims in this report.</p>\n", out);
		return;
	}
	fputs("<table class=\"sortable\" id=\"claims-table\">\n<thead><tr><th scope=\"col\">claim</th><th scope=\"col\">verdict</th>"
	      "<th scope=\"col\">article</th><th scope=\"col\">measured</th><th scope=\"col\">what it means</th></tr></thead>\n<tbody>\n",
	      out);
	while ((l = md_next(r, l, "claim"))) {
		const char *v = md_get(l, "verdict"), *sign = "", *cls = "", *id = md_get(l, "id");
		const struct md_line *w = NULL;

		for (size_t i = 0; v && i < sizeof(verdict_sign) / sizeof(verdict_sign[0]); i++)
			if (!strcmp(v, verdict_sign[i][0])) {
				cls = verdict_sign[i][0];	/* a class only from this table */
				sign = verdict_sign[i][1];
			}
		/* The claim's row, printed before it: its words. */
		while ((w = md_next(r, w, "claim-words")))
			if (id && md_get(w, "id") && !strcmp(md_get(w, "id"), id))
				break;
		fputs("<tr>", out);
		if (w && w->comment) {
			fprintf(out, "<td data-v=\"%020llu\">", strtoull(id, NULL, 10));
			esc(id);
			fputs(" ", out);
			esc(w->comment);
			fputs("</td>", out);
		} else {
			cell(id);
		}
		fprintf(out, "<td class=\"verdict %s\">%s ", cls, sign);
		esc(v);
		fputs("</td>", out);
		cell(md_get(l, "article"));
		fputs("<td class=\"measured\">", out);
		esc(md_get(l, "measured"));
		fputs("</td><td>", out);
		esc(l->comment);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table>\n", out);
}

/* The wasted bytes of each [waste] line, computed here, as memdemo-tables does. */
static void waste(const struct md_report *r)
{
	const struct md_line *l = NULL;

	if (!md_next(r, NULL, "waste"))
		return;
	fputs("<table class=\"sortable\" id=\"waste-table\">\n<thead><tr><th scope=\"col\">kmalloc(request)</th><th scope=\"col\">ksize</th>"
	      "<th scope=\"col\">wasted</th><th scope=\"col\">wasted %</th><th scope=\"col\">from</th></tr></thead>\n<tbody>\n",
	      out);
	while ((l = md_next(r, l, "waste"))) {
		uint64_t s = 0, k = 0;
		char buf[3][32];
		const char *src = md_get(l, "source"), *cache = md_get(l, "cache");

		md_get_u64(l, "size", &s);
		md_get_u64(l, "ksize", &k);
		snprintf(buf[0], sizeof(buf[0]), "%llu", (unsigned long long)(k - s));
		snprintf(buf[1], sizeof(buf[1]), "%.1f", k ? 100.0 * (double)(k - s) / (double)k : 0);
		fputs("<tr>", out);
		cell(md_get(l, "size"));
		cell(md_get(l, "ksize"));
		cell(buf[0]);
		fprintf(out, "<td data-v=\"%08.1f\">%s</td>", k ? 100.0 * (double)(k - s) / (double)k : 0, buf[1]);
		snprintf(buf[2], sizeof(buf[2]), "%s", src && !strcmp(src, "slab") ?
			 (cache ? cache : "slab cache") : "page allocator");
		cell(buf[2]);
		fputs("</tr>\n", out);
	}
	fputs("</tbody></table>\n", out);
}

static char *capture_map(const struct md_report *md, const char *what, size_t *len, int *problems)
{
	struct space rep;
	struct map map;
	char *buf = NULL;
	FILE *f;

	space_read(md, what, &rep);
	if (rep.hidden || !rep.nregions) {
		space_free(&rep);
		return NULL;
	}
	build_map(&map, &rep);
	*problems = (int)map.nproblems;
	f = open_memstream(&buf, len);
	if (!f)
		md_die(2, "out of memory");
	render_svg(&map, f);
	fclose(f);
	map_free(&map);
	space_free(&rep);
	return buf;
}

static const char style[] =
	"body { font-family: DejaVu Sans, Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 1200px; padding: 0 1em; color: #1f2937; }\n"
	"h1 { margin-bottom: 0.2em; } h2 { margin-top: 2em; border-bottom: 1px solid #d1d5db; }\n"
	"nav a { margin-right: 1em; }\n"
	".facts { color: #4b5563; } .note { color: #b45309; }\n"
	"figure { margin: 1em 0; overflow-x: auto; } figure img { max-width: 100%; height: auto; border: 1px solid #e5e7eb; }\n"
	"figure.tall { max-height: 640px; overflow-y: auto; }\n"
	"table { border-collapse: collapse; font-size: 13px; margin: 0.5em 0; }\n"
	"th, td { border: 1px solid #d1d5db; padding: 3px 6px; text-align: left; vertical-align: top; }\n"
	"td[data-v] { text-align: right; font-family: DejaVu Sans Mono, monospace; }\n"
	"th { background: #f3f4f6; cursor: pointer; }\n"
	"th[aria-sort=ascending]::after { content: \" \\25B2\"; } th[aria-sort=descending]::after { content: \" \\25BC\"; }\n"
	".verdict.holds { background: #bbf7d0; } .verdict.differs { background: #fed7aa; }\n"
	".verdict.not-demonstrated { background: #e5e7eb; } .verdict.inconclusive { background: #bfdbfe; }\n"
	".measured { font-family: DejaVu Sans Mono, monospace; word-break: break-all; }\n"
	".scroll { overflow-x: auto; }\n";

/*
 * Sorting: a click on a column's head sorts by it (numbers by their
 * data-v key), again the other way.  On load each figure's drawn size is
 * recorded (data-rendered), which the tests read.
 */
static const char script[] =
	"function mdSort(th) {\n"
	"  var tr = th.parentNode, i = Array.prototype.indexOf.call(tr.children, th);\n"
	"  var body = th.closest('table').tBodies[0], rows = Array.prototype.slice.call(body.rows);\n"
	"  var asc = th.getAttribute('aria-sort') !== 'ascending';\n"
	"  Array.prototype.forEach.call(tr.children, function (h) { h.removeAttribute('aria-sort'); });\n"
	"  th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');\n"
	"  function key(r) { var c = r.cells[i]; return c ? (c.dataset.v !== undefined ? c.dataset.v : c.textContent) : ''; }\n"
	"  rows.sort(function (a, b) { var x = key(a), y = key(b); return (x < y ? -1 : x > y ? 1 : 0) * (asc ? 1 : -1); });\n"
	"  rows.forEach(function (r) { body.appendChild(r); });\n"
	"}\n"
	"document.querySelectorAll('table.sortable th').forEach(function (th) {\n"
	"  th.addEventListener('click', function () { mdSort(th); });\n"
	"});\n"
	"window.addEventListener('load', function () {\n"
	"  document.querySelectorAll('img.figure').forEach(function (img) {\n"
	"    var b = img.getBoundingClientRect();\n"
	"    img.dataset.rendered = img.naturalWidth + 'x' + img.naturalHeight + ' ' + Math.round(b.width) + 'x' + Math.round(b.height);\n"
	"  });\n"
	"  document.body.dataset.ready = 'yes';\n"
	"});\n";

static void usage(FILE *f)
{
	fputs("usage: memdemo-report [--title TEXT] [--note TEXT] [FILE | -] > report.html\n"
	      "\n"
	      "Writes one self-contained HTML page from memdemo's report (" MD_PROC_PATH "\n"
	      "unless FILE; \"-\": standard input): the map, the allocations, the claims,\n"
	      "the tables and, after \"echo bench > /proc/memdemo\", the cost curves.\n"
	      "--title says what ran, --note where the figures come from.\n", f);
}

int main(int argc, char **argv)
{
	static const char *const pcols[] = { "name", "family", "gfp", "slab", "load", "lab", "lab_arg",
					     "lab_max", "lab_gfp", "bench" };
	static const char *const acols[] = { "name", "api", "gfp", "size", "reserved", "order",
		"virt", "phys", "pages", "runs", "zone", "node", "region", "cache", "zeroed", "ctx" };
	static const char *const rcols[] = { "size", "order", "get_free_pages", "alloc_pages_exact" };
	static const char *const rheads[] = { "request", "order", "__get_free_pages", "alloc_pages_exact" };
	static const char *const gcols[] = { "name", "start", "end", "size" };
	static const char *const zcols[] = { "node", "name", "start_pfn", "end_pfn", "min", "low",
					     "high", "free" };
	static const char *const bcols[] = { "zone", "node", "order", "before", "after" };
	struct plot_about about = { 0 };
	const char *path = NULL, *what;
	struct md_report rep;
	char *svg, *title, *css, *js;
	size_t len;
	int problems = 0;
	FILE *f;

	md_prog = "memdemo-report";
	out = stdout;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else if (plot_about_arg(argc, argv, &i, &about)) {
			continue;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "memdemo-report: unknown option %s\n", argv[i]);
			usage(stderr);
			return 2;
		} else if (path) {
			fprintf(stderr, "memdemo-report: one input only\n");
			return 2;
		} else {
			path = argv[i];
		}
	}
	md_load(path, &rep, &what);
	if (!rep.title)
		md_die(2, "%s is not memdemo output (its first line should be \"memdemo <version> on <release> <machine>\")",
		       what);
	title = xasprintf("%s", about.title ? about.title : rep.title);

	/*
	 * What the page may load and run: its own style sheet and script, by
	 * their hashes, and data: images (the figures), nothing else.  So a
	 * string from the input that got past esc() still could not run a
	 * script, load or send anything, or restyle the page.
	 */
	css = xasprintf("\n%s", style);
	js = xasprintf("\n%s", script);
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src ",
	      out);
	csp_hash(css);
	fputs("; script-src ", out);
	csp_hash(js);
	fputs("; base-uri 'none'; form-action 'none'\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>memdemo: ", out);
	esc(rep.title);
	fprintf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n", css);
	fputs("<header id=\"kernel\">\n<h1>memdemo report</h1>\n<p class=\"facts\">", out);
	esc(rep.title);
	fputs("</p>\n", out);
	if (about.title) {
		fputs("<p class=\"facts\">", out);
		esc(about.title);
		fputs("</p>\n", out);
	}
	if (about.note) {
		fputs("<p class=\"note\">", out);
		esc(about.note);
		fputs("</p>\n", out);
	}
	fputs("<nav><a href=\"#map\">map</a><a href=\"#allocations\">allocations</a><a href=\"#claims\">claims</a>"
	      "<a href=\"#tables\">tables</a><a href=\"#bench\">cost curves</a><a href=\"#layout\">layout</a></nav>\n</header>\n",
	      out);

	fputs("<section id=\"map-section\">\n<h2 id=\"map\">The kernel's address space</h2>\n", out);
	svg = capture_map(&rep, what, &len, &problems);
	if (svg) {
		figure("map-figure", "The kernel's virtual address space, highest address at the top, with every memdemo allocation in its region",
		       svg, len, true);
		if (problems)
			fprintf(out, "<p class=\"note\">%d allocation(s) lie outside the region they are drawn in.</p>\n",
				problems);
		free(svg);
	} else {
		fputs("<p class=\"note\">No map: the report hides its addresses (read it as root) or has no [regions].</p>\n",
		      out);
	}
	fputs("</section>\n", out);

	fputs("<section id=\"allocations-section\">\n<h2 id=\"allocations\">Allocations</h2>\n"
	      "<p>One row per block memdemo holds; click a column's head to sort by it.</p>\n<div class=\"scroll\">\n",
	      out);
	table(&rep, "allocations-table", "alloc", acols, acols, sizeof(acols) / sizeof(acols[0]));
	fputs("</div>\n", out);
	if (md_next(&rep, NULL, "api")) {
		fputs("<h3>The allocators</h3>\n<p>memdemo's table of allocators ([apis]): the blocks each made at load, "
		      "its word in the lab and the sizes the benchmark times it at.</p>\n<div class=\"scroll\">\n", out);
		table(&rep, "apis-table", "api", pcols, pcols, sizeof(pcols) / sizeof(pcols[0]));
		fputs("</div>\n", out);
	}
	fputs("</section>\n", out);

	fputs("<section id=\"claims-section\">\n<h2 id=\"claims\">The articles' claims</h2>\n", out);
	claims(&rep);
	fputs("</section>\n", out);

	fputs("<section id=\"tables-section\">\n<h2 id=\"tables\">Waste, rounding and the buddy allocator</h2>\n"
	      "<h3>Slab waste: what kmalloc(request) really sets aside</h3>\n", out);
	waste(&rep);
	fputs("<h3>Page rounding: __get_free_pages(order) against alloc_pages_exact(size)</h3>\n", out);
	table(&rep, "rounding-table", "rounding", rcols, rheads, sizeof(rcols) / sizeof(rcols[0]));
	fputs("<h3>The buddy allocator: free blocks per order, before and after one allocation</h3>\n", out);
	table(&rep, "buddy-table", "buddy", bcols, bcols, sizeof(bcols) / sizeof(bcols[0]));
	fputs("<h3>Zones</h3>\n", out);
	table(&rep, "zones-table", "zone", zcols, zcols, sizeof(zcols) / sizeof(zcols[0]));
	fputs("</section>\n", out);

	fputs("<section id=\"bench-section\">\n<h2 id=\"bench\">Cost curves</h2>\n", out);
	svg = NULL;
	f = open_memstream(&svg, &len);
	if (!f)
		md_die(2, "out of memory");
	about.title = title;
	if (plot_bench(f, &rep, &about)) {
		fclose(f);
		figure("bench-figure", "Cost of one allocation and free against the size asked for, per allocator",
		       svg, len, false);
	} else {
		fclose(f);
		fputs("<p>No benchmark in this report: run <code>echo bench &gt; /proc/memdemo</code> as root (it takes seconds), then the report again.</p>\n",
		      out);
	}
	free(svg);
	fputs("</section>\n", out);

	fputs("<section id=\"layout-section\">\n<h2 id=\"layout\">Layout and regions</h2>\n<table id=\"layout-table\">\n"
	      "<thead><tr><th scope=\"col\">variable</th><th scope=\"col\">value</th></tr></thead>\n<tbody>\n", out);
	for (const struct md_line *l = NULL; (l = md_next(&rep, l, "layout"));) {
		if (!l->nf)
			continue;
		fputs("<tr><td>", out);
		esc(l->key[0]);
		fputs("</td>", out);
		cell(l->val[0]);
		fputs("</tr>\n", out);
	}
	fputs("</tbody></table>\n", out);
	table(&rep, "regions-table", "region", gcols, gcols, sizeof(gcols) / sizeof(gcols[0]));
	fputs("</section>\n", out);

	fputs("<footer><p class=\"facts\">Written by memdemo-report from ", out);
	esc(what);
	fprintf(out, ".</p></footer>\n<script>%s</script>\n</body>\n</html>\n", js);
	free(css);
	free(js);
	free(title);
	md_free(&rep);
	return 0;
}
