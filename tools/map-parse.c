// SPDX-License-Identifier: GPL-2.0
/*
 * memdemo-map, stage 1 (parse): the report's [layout], [regions] and [allocations]
 * lines, already split by libmemdemo, into a typed description of the
 * address space (struct space).  Lines it cannot use are said on stderr
 * and left out.
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "map.h"

static void parse_layout(struct space *r, const struct md_line *f)
{
	struct lvar *v;

	if (f->nf < 1)
		return;
	GROW(r->vars, r->nvars, r->capvars);
	v = &r->vars[r->nvars++];
	v->key = xstrdup(f->key[0]);
	v->text = xstrdup(f->val[0]);
	v->val = 0;
	if (!strcmp(f->val[0], "none")) {
		v->kind = LV_NONE;
		free(v->text);
		v->text = xstrdup(f->comment ? f->comment : "");
	} else if (md_is_hex(f->val[0]) && md_parse_u64(f->val[0], &v->val)) {
		v->kind = LV_ADDR;
	} else if (md_parse_u64(f->val[0], &v->val)) {
		v->kind = LV_NUM;
	} else {
		v->kind = LV_TEXT;
	}
}

static void parse_region(struct space *r, const struct md_line *f, const char *what)
{
	const char *name = md_get(f, "name"), *s = md_get(f, "start"), *e = md_get(f, "end");
	const char *sz = md_get(f, "size");
	uint64_t start, end, size = 0;
	struct region *g;

	if (!name || !s || !e || !md_parse_u64(s, &start) || !md_parse_u64(e, &end)) {
		fprintf(stderr, "%s: %s, line %d: region without name, start or end: ignored\n",
			md_prog, what, f->lineno);
		return;
	}
	if (start == 0 && end == 0) {	/* what an unprivileged reader sees */
		r->hidden = true;
		return;
	}
	if (end != 0 && end <= start) {
		fprintf(stderr, "%s: %s, line %d: region %s ends before it starts: ignored\n",
			md_prog, what, f->lineno, name);
		return;
	}
	if (sz && md_parse_u64(sz, &size) && end != 0 && size != end - start)
		fprintf(stderr, "%s: %s, line %d: region %s: size=%s is not end - start\n",
			md_prog, what, f->lineno, name, sz);
	GROW(r->regions, r->nregions, r->capregions);
	g = &r->regions[r->nregions++];
	g->name = xstrdup(name);
	g->start = start;
	g->last = end - 1;
	g->to_top = end == 0;	/* its last byte is known once the width is */
	g->lineno = f->lineno;
}

static void parse_alloc(struct space *r, const struct md_line *f)
{
	struct alloc *a;
	const char *s;
	uint64_t v;

	GROW(r->allocs, r->nallocs, r->capallocs);
	a = &r->allocs[r->nallocs++];
	memset(a, 0, sizeof(*a));
	a->name = xstrdup((s = md_get(f, "name")) ? s : "?");
	a->api = xstrdup((s = md_get(f, "api")) ? s : "?");
	a->region = (s = md_get(f, "region")) ? xstrdup(s) : NULL;
	a->path = (s = md_get(f, "path")) ? xstrdup(s) : NULL;
	a->has_virt = (s = md_get(f, "virt")) && md_parse_u64(s, &a->virt);
	if ((s = md_get(f, "size")))
		md_parse_u64(s, &a->size);
	if ((s = md_get(f, "reserved")))
		md_parse_u64(s, &a->reserved);
	a->highmem = -1;
	if (md_get_u64(f, "highmem", &v))
		a->highmem = v != 0;
}

static bool machine_is_64bit(const char *m)
{
	static const char *const m64[] = {
		"x86_64", "aarch64", "arm64", "ppc64", "ppc64le", "s390x", "riscv64",
		"mips64", "loongarch64", "sparc64", "alpha", "ia64",
	};

	for (size_t i = 0; m && i < sizeof(m64) / sizeof(m64[0]); i++)
		if (!strcmp(m, m64[i]))
			return true;
	return false;
}

void space_read(const struct md_report *md, const char *what, struct space *r)
{
	memset(r, 0, sizeof(*r));
	if (!md->nread)
		md_die(2, "%s is empty", what);
	if (!md->title)
		md_die(2, "%s is not memdemo output (its first line should be \"memdemo <version> on <release> <machine>\")",
		       what);
	r->title = md->title;
	r->machine = md->machine;
	r->hidden = md->hidden;
	r->hidden_why = md->hidden_why;
	for (size_t i = 0; i < md->nlines; i++) {
		const struct md_line *l = &md->lines[i];

		if (!strcmp(l->section, "layout") && !strcmp(l->kind, "layout"))
			parse_layout(r, l);
		else if (!strcmp(l->section, "regions") && !strcmp(l->kind, "region"))
			parse_region(r, l, what);
		else if (!strcmp(l->section, "allocations") && !strcmp(l->kind, "alloc"))
			parse_alloc(r, l);
		/* anything else: a section or line this version does not know */
	}

	r->bits = machine_is_64bit(r->machine) ? 64 : 32;
	for (size_t i = 0; i < r->nregions; i++)
		if (r->regions[i].last > UINT32_MAX && !r->regions[i].to_top)
			r->bits = 64;
	for (size_t i = 0; i < r->nvars; i++)
		if (r->vars[i].kind == LV_ADDR && r->vars[i].val > UINT32_MAX)
			r->bits = 64;
	for (size_t i = 0; i < r->nregions; i++)
		if (r->regions[i].to_top)
			r->regions[i].last = r->bits == 64 ? UINT64_MAX : UINT32_MAX;
}

void space_free(struct space *r)
{
	for (size_t i = 0; i < r->nvars; i++) {
		free(r->vars[i].key);
		free(r->vars[i].text);
	}
	free(r->vars);
	for (size_t i = 0; i < r->nregions; i++)
		free(r->regions[i].name);
	free(r->regions);
	for (size_t i = 0; i < r->nallocs; i++) {
		free(r->allocs[i].name);
		free(r->allocs[i].api);
		free(r->allocs[i].region);
		free(r->allocs[i].path);
	}
	free(r->allocs);
	memset(r, 0, sizeof(*r));
}
