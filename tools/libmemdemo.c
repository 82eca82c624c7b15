// SPDX-License-Identifier: GPL-2.0
/*
 * libmemdemo: reads memdemo's report into lines of key=value fields (see
 * libmemdemo.h), and the helpers every tool shares.
 *
 * No <errno.h> here or in any tool: it needs the kernel's asm headers,
 * which an amd64 host's gcc -m32 may lack; perror() says what errno says.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libmemdemo.h"

const char *md_prog = "memdemo";

void md_die(int status, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", md_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		md_die(2, "out of memory");
	return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	char *s;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		md_die(2, "bad format");
	s = xrealloc(NULL, (size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

char *xstrdup(const char *s)
{
	return xasprintf("%s", s);
}

bool md_parse_u64(const char *s, uint64_t *out)
{
	unsigned int base = 10;
	uint64_t v = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return false;
	for (; *s; s++) {
		unsigned int d;

		if (*s >= '0' && *s <= '9')
			d = (unsigned int)(*s - '0');
		else if (*s >= 'a' && *s <= 'f')
			d = (unsigned int)(*s - 'a' + 10);
		else if (*s >= 'A' && *s <= 'F')
			d = (unsigned int)(*s - 'A' + 10);
		else
			return false;
		if (d >= base || v > (UINT64_MAX - d) / base)
			return false;
		v = v * base + d;
	}
	*out = v;
	return true;
}

bool md_is_hex(const char *s)
{
	return s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
}

void md_human(char *buf, size_t len, double bytes)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	unsigned int u = 0;
	double v = bytes;

	while (v >= 1024.0 && u + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1024.0;
		u++;
	}
	if (v == (double)(uint64_t)v)
		snprintf(buf, len, "%.0f %s", v, units[u]);
	else if (v < 10)
		snprintf(buf, len, "%.2f %s", v, units[u]);
	else if (v < 100)
		snprintf(buf, len, "%.1f %s", v, units[u]);
	else
		snprintf(buf, len, "%.0f %s", v, units[u]);
	/* "8.00 MiB" -> "8 MiB", "2.50 MiB" -> "2.5 MiB" */
	if (strchr(buf, '.')) {
		char *sp = strchr(buf, ' '), *e = sp;

		while (e[-1] == '0')
			e--;
		if (e[-1] == '.')
			e--;
		memmove(e, sp, strlen(sp) + 1);
	}
}

void md_xml_escape(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		default: fputc(*s, out);
		}
	}
}

FILE *md_open(const char *path, const char **what)
{
	FILE *in;

	if (!path)
		path = MD_PROC_PATH;
	if (!strcmp(path, "-")) {
		*what = "standard input";
		return stdin;
	}
	*what = path;
	in = fopen(path, "r");
	if (!in) {
		fprintf(stderr, "%s: cannot open ", md_prog);
		perror(path);
		if (!strcmp(path, MD_PROC_PATH) && access(MD_PROC_PATH, F_OK))
			fprintf(stderr, "%s: is memdemo loaded? (or give a saved report as FILE)\n",
				md_prog);
		exit(2);
	}
	return in;
}

/* Splits "kind k=v k=v # comment" in place into L. */
static void split_line(struct md_line *l)
{
	char *save = NULL, *tok;

	l->kind = strtok_r(l->text, " \t", &save);
	for (tok = strtok_r(NULL, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		char *eq;

		if (tok[0] == '#') {
			l->comment = save && *save ? save : NULL;
			break;
		}
		eq = strchr(tok, '=');
		if (!eq || l->nf == MD_MAX_FIELDS)
			continue;
		*eq = '\0';
		l->key[l->nf] = tok;
		l->val[l->nf] = eq + 1;
		l->nf++;
	}
}

/* A section's name, kept until md_free(): lines point to it. */
static char *keep_section(struct md_report *r, const char *name)
{
	GROW(r->sections, r->nsections, r->capsections);
	return r->sections[r->nsections++] = xstrdup(name);
}

void md_read(FILE *in, struct md_report *r)
{
	char *line = NULL, *section;
	size_t cap = 0;
	ssize_t len;

	memset(r, 0, sizeof(*r));
	section = keep_section(r, "");
	while ((len = getline(&line, &cap, in)) >= 0) {
		struct md_line *l;

		r->nread++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (r->nread == 1 && !strncmp(line, "memdemo ", 8)) {
			char rel[256], mach[64];

			r->title = xstrdup(line);
			if (sscanf(line, "memdemo %*s on %255s %63s", rel, mach) == 2) {
				r->release = xstrdup(rel);
				r->machine = xstrdup(mach);
			}
			continue;
		}
		if (!strncmp(line, "# addresses hidden", 18)) {
			r->hidden = true;
			free(r->hidden_why);
			r->hidden_why = xstrdup(line + 2);
			continue;
		}
		if (line[0] == '[' && len > 1 && line[len - 1] == ']') {
			line[len - 1] = '\0';
			section = keep_section(r, line + 1);
			continue;
		}
		if (!line[0] || line[0] == '#' || line[0] == ' ')
			continue;
		GROW(r->lines, r->nlines, r->caplines);
		l = &r->lines[r->nlines++];
		memset(l, 0, sizeof(*l));
		l->lineno = r->nread;
		l->section = section;
		l->text = xstrdup(line);
		split_line(l);
	}
	free(line);
}

void md_load(const char *path, struct md_report *r, const char **what)
{
	FILE *in = md_open(path, what);

	md_read(in, r);
	if (in != stdin)
		fclose(in);
}

void md_free(struct md_report *r)
{
	for (size_t i = 0; i < r->nlines; i++)
		free(r->lines[i].text);
	free(r->lines);
	for (size_t i = 0; i < r->nsections; i++)
		free(r->sections[i]);
	free(r->sections);
	free(r->title);
	free(r->release);
	free(r->machine);
	free(r->hidden_why);
	memset(r, 0, sizeof(*r));
}

const struct md_line *md_next(const struct md_report *r, const struct md_line *after,
			      const char *kind)
{
	size_t i = after ? (size_t)(after - r->lines) + 1 : 0;

	for (; i < r->nlines; i++)
		if (!strcmp(r->lines[i].kind, kind))
			return &r->lines[i];
	return NULL;
}

const char *md_get(const struct md_line *l, const char *key)
{
	for (int i = 0; i < l->nf; i++)
		if (!strcmp(l->key[i], key))
			return l->val[i];
	return NULL;
}

bool md_get_u64(const struct md_line *l, const char *key, uint64_t *out)
{
	const char *v = md_get(l, key);

	return v && md_parse_u64(v, out);
}

const char *md_layout(const struct md_report *r, const char *key)
{
	const struct md_line *l = NULL;

	while ((l = md_next(r, l, "layout")))
		if (l->nf && !strcmp(l->key[0], key))
			return l->val[0];
	return NULL;
}
