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

size_t md_text_char(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c;
	size_t len;

	if (!n)
		return 0;
	if (s[0] < 0x80)
		return (s[0] >= 0x20 && s[0] != 0x7f) || s[0] == '\t';
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, c = s[0] & 0x07;
	else
		return 0;	/* a continuation byte, or a lead byte UTF-8 never uses */
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)))
		return 0;	/* overlong, or past Unicode */
	if (c >= 0xd800 && c <= 0xdfff)
		return 0;	/* a surrogate */
	if (c < 0xa0 ||					/* C1 controls: 0x9b is CSI */
	    (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) ||	/* bidi */
	    c == 0xfffe || c == 0xffff)			/* not characters in XML */
		return 0;
	return len;
}

void md_xml_escape(FILE *out, const char *s)
{
	size_t n = strlen(s);

	while (n) {
		size_t k = md_text_char(s, n);

		if (!k) {
			fputc('?', out);
			k = 1;
		} else if (k > 1) {
			fwrite(s, 1, k, out);
		} else {
			switch (*s) {
			case '&': fputs("&amp;", out); break;
			case '<': fputs("&lt;", out); break;
			case '>': fputs("&gt;", out); break;
			case '"': fputs("&quot;", out); break;
			default: fputc(*s, out);
			}
		}
		s += k;
		n -= k;
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

/* Whether S[0..N) is a word: letters, digits, '_' and '-', at least one. */
static bool is_word(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
			return false;
	return true;
}

/*
 * Splits "kind k=v k=v # comment" in place into L.  Returns NULL, or why
 * the line is not one: a tool would misread what it could not split.
 */
static const char *split_line(struct md_line *l)
{
	char *save = NULL, *tok;

	l->kind = strtok_r(l->text, " \t", &save);
	if (!l->kind)
		return "only blanks";
	if (!is_word(l->kind, strlen(l->kind)))
		return "does not begin with a record type (letters, digits, _ and -)";
	while ((tok = strtok_r(NULL, " \t", &save))) {
		char *eq;

		if (tok[0] == '#') {
			l->comment = save && *save ? save : NULL;
			break;
		}
		eq = strchr(tok, '=');
		if (!eq || !is_word(tok, (size_t)(eq - tok)))
			return "a field that is not key=value";
		if (l->nf == MD_MAX_FIELDS)
			return "more than " MD_STR(MD_MAX_FIELDS) " fields";
		*eq = '\0';
		l->key[l->nf] = tok;
		l->val[l->nf] = eq + 1;
		l->nf++;
	}
	return NULL;
}

static void problem(struct md_report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Keeps the first MD_MAX_PROBLEMS messages, counts all. */
static void problem(struct md_report *r, const char *fmt, ...)
{
	va_list ap;

	if (r->nproblems < MD_MAX_PROBLEMS) {
		va_start(ap, fmt);
		r->problems[r->nproblems] = xvasprintf(fmt, ap);
		va_end(ap);
	}
	r->nproblems++;
}

/* Every byte of S[0..LEN) that is not text (md_text_char()) becomes '?'; how many. */
static size_t mend(char *s, size_t len)
{
	size_t bad = 0;

	for (size_t i = 0; i < len;) {
		size_t k = md_text_char(s + i, len - i);

		if (k) {
			i += k;
		} else {
			s[i++] = '?';
			bad++;
		}
	}
	return bad;
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
	size_t cap = 0, bad;
	ssize_t len;

	memset(r, 0, sizeof(*r));
	section = keep_section(r, "");
	while ((len = getline(&line, &cap, in)) >= 0) {
		struct md_line *l;
		const char *why;

		if (r->nread == MD_MAX_LINES) {
			problem(r, "line %d: more than %d lines: the rest is ignored", r->nread + 1,
				MD_MAX_LINES);
			break;
		}
		r->nread++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len > MD_MAX_LINE) {
			problem(r, "line %d: longer than %d bytes: skipped", r->nread, MD_MAX_LINE);
			continue;
		}
		bad = mend(line, (size_t)len);
		if (bad)
			problem(r, "line %d: %zu control character(s), NUL(s) or bytes not UTF-8 read as '?'",
				r->nread, bad);
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
		if (!line[0] || line[0] == '#')
			continue;
		if (line[0] == ' ' || line[0] == '\t') {
			problem(r, "line %d: %s: skipped", r->nread,
				line[strspn(line, " \t")] ? "begins with a blank" : "only blanks");
			continue;
		}
		GROW(r->lines, r->nlines, r->caplines);
		l = &r->lines[r->nlines];
		memset(l, 0, sizeof(*l));
		l->lineno = r->nread;
		l->section = section;
		l->text = xstrdup(line);
		why = split_line(l);
		if (why) {
			problem(r, "line %d: %s: skipped", r->nread, why);
			free(l->text);
			continue;
		}
		r->nlines++;
	}
	free(line);
}

void md_say_problems(const struct md_report *r, const char *what)
{
	for (unsigned long i = 0; i < r->nproblems && i < MD_MAX_PROBLEMS; i++)
		fprintf(stderr, "%s: %s, %s\n", md_prog, what, r->problems[i]);
	if (r->nproblems > MD_MAX_PROBLEMS)
		fprintf(stderr, "%s: %s: %lu more lines skipped or mended\n", md_prog, what,
			r->nproblems - MD_MAX_PROBLEMS);
}

void md_load(const char *path, struct md_report *r, const char **what)
{
	FILE *in = md_open(path, what);

	md_read(in, r);
	md_say_problems(r, *what);
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
	for (unsigned long i = 0; i < r->nproblems && i < MD_MAX_PROBLEMS; i++)
		free(r->problems[i]);
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
