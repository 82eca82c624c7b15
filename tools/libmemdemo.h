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

/* Writes S to OUT with XML's metacharacters escaped (SVG and HTML text). */
void md_xml_escape(FILE *out, const char *s);

/*
 * Opens PATH for md_read(): NULL means /proc/memdemo, "-" standard input.
 * Sets *what to a name for messages.  On failure says why (and whether
 * memdemo is loaded) and exits with status 2.
 */
FILE *md_open(const char *path, const char **what);

/* Reads the whole report from IN; never fails (out of memory exits). */
void md_read(FILE *in, struct md_report *r);

/* md_open(), md_read() and close. */
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
