/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libmemdemo: the one reader of memdemo's report (/proc/memdemo, or a saved
 * copy of it) that every tool under tools/ uses, and the few helpers they
 * share.
 *
 * The report is lines of text:
 *
 *   memdemo <version> on <release> <machine>     the first line
 *   [section]                                    a section starts
 *   <kind> key=value key=value ... # comment     a fact
 *
 * md_read() keeps every fact line as a struct md_line: its section, its
 * kind (the first word) and its key=value fields, split once here so no
 * tool parses the text again.  A tool asks for lines by kind (md_next())
 * and for fields by key (md_get(), md_get_u64()).  Fields the tool does
 * not know are simply not asked for: new fields never break a reader.
 *
 * The input may be anything (a file mailed by a stranger), so md_read()
 * promises its callers:
 *   - every kept line has a kind, a word of [A-Za-z0-9_-]; every field a
 *     key of the same letters; at most MD_MAX_FIELDS fields;
 *   - no string it hands out (title, section, kind, key, value, comment)
 *     holds a control character (C0 but tab, DEL, C1), a bidirectional
 *     override or invalid UTF-8: each such byte reads as '?', so text
 *     output cannot carry a terminal escape;
 *   - a line it cannot use (blanks only, not "kind key=value ...", longer
 *     than MD_MAX_LINE) is skipped, and each skipped or mended line is
 *     named by its number in r->problems.
 * Markup is not its business: HTML and SVG writers escape with
 * md_xml_escape().
 */
#ifndef LIBMEMDEMO_H
#define LIBMEMDEMO_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define MD_PROC_PATH	"/proc/memdemo"
#define MD_MAX_FIELDS	64
#define MD_MAX_LINE	8192		/* bytes; memdemo's longest lines are a few hundred */
#define MD_MAX_LINES	1000000		/* lines read at most; the rest is ignored */
#define MD_MAX_PROBLEMS	10		/* messages kept; the others are only counted */
#define MD_STR_(x)	#x
#define MD_STR(x)	MD_STR_(x)

struct md_line {
	int lineno;
	const char *section;	/* the [section] it is under, no brackets; "" before any */
	const char *kind;	/* its first word: layout, region, alloc, claim, waste, ... */
	int nf;
	const char *key[MD_MAX_FIELDS], *val[MD_MAX_FIELDS];
	const char *comment;	/* the words after a "#" field, or NULL */
	char *text;		/* the storage the pointers above point into */
};

struct md_report {
	char *title;		/* "memdemo <version> on <release> <machine>", or NULL */
	char *release, *machine;	/* from the title, or NULL */
	bool hidden;		/* a "# addresses hidden ..." line: read without CAP_SYSLOG */
	char *hidden_why;	/* that line, without "# " */
	int nread;		/* lines read, the title included */
	struct md_line *lines;	/* the fact lines, in order */
	size_t nlines, caplines;
	char **sections;	/* the section names the lines point to */
	size_t nsections, capsections;
	char *problems[MD_MAX_PROBLEMS];	/* "line 3: ...": the first lines skipped or mended */
	unsigned long nproblems;	/* all of them */
};

/* The program's name for messages ("memdemo-map"); set by main(). */
extern const char *md_prog;

void md_die(int status, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 2, 3)));
void *xrealloc(void *p, size_t n);
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xstrdup(const char *s);

/* Appends to a growing array: GROW(arr, n, cap) makes room for arr[n]. */
#define GROW(arr, n, cap)						\
	do {								\
		if ((n) >= (cap)) {					\
			(cap) = (cap) ? 2 * (cap) : 16;			\
			(arr) = xrealloc((arr), (cap) * sizeof(*(arr)));	\
		}							\
	} while (0)

/* A whole decimal or 0x-hex number that fits 64 bits. */
bool md_parse_u64(const char *s, uint64_t *out);
bool md_is_hex(const char *s);

/* Size in human units, 3 digits at most: "4 KiB", "2.28 MiB", "12.5 PiB". */
void md_human(char *buf, size_t len, double bytes);

/*
 * The length of the character at S (at most N bytes) when it is text one
 * may show: valid UTF-8, not a control character, not a bidirectional
 * override or isolate, not U+FFFE or U+FFFF; 0 when it is not.  A tab is
 * text.
 */
size_t md_text_char(const char *s, size_t n);

/*
 * Writes S to OUT for HTML or SVG, as text or an attribute value in
 * double quotes (the tools write no other): & < > " as entities, and every
 * byte md_text_char() does not accept as '?', so that no string from the
 * input can open markup or make the document ill-formed.  The one escaping
 * helper of every tool.
 */
void md_xml_escape(FILE *out, const char *s);

/*
 * Opens PATH for md_read(): NULL means /proc/memdemo, "-" standard input.
 * Sets *what to a name for messages.  On failure says why (and whether
 * memdemo is loaded) and exits with status 2.
 */
FILE *md_open(const char *path, const char **what);

/*
 * Reads the whole report from IN; never fails (out of memory exits).  Lines
 * it skipped or mended are in r->problems; it prints nothing.
 */
void md_read(FILE *in, struct md_report *r);

/* Says r->problems on stderr: "<prog>: <what>, line 3: ...". */
void md_say_problems(const struct md_report *r, const char *what);

/* md_open(), md_read(), md_say_problems() and close. */
void md_load(const char *path, struct md_report *r, const char **what);

void md_free(struct md_report *r);

/* The next line of KIND after AFTER (NULL: the first), or NULL. */
const struct md_line *md_next(const struct md_report *r, const struct md_line *after,
			      const char *kind);

/* The value of KEY on line L, or NULL when L has no such field. */
const char *md_get(const struct md_line *l, const char *key);

/* The value of KEY as a number; false when absent or not a number. */
bool md_get_u64(const struct md_line *l, const char *key, uint64_t *out);

/* The value of "layout KEY=..." (its first field), or NULL. */
const char *md_layout(const struct md_report *r, const char *key);

#endif /* LIBMEMDEMO_H */
