/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lab's command parser, as code in a header on purpose: the module
 * includes it into its one translation unit, and the host's unit test and
 * fuzzer (tests/host/cmd-test.c, cmd-fuzz.c) include the same text to
 * build the very parser the module runs, in user space, unchanged.
 */
#ifndef MEMDEMO_CMD_H
#define MEMDEMO_CMD_H

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#else /* user space: tests/host builds the parser */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif
/* The includer provides the kernel's strict kstrtoul(). */
int kstrtoul(const char *s, unsigned int base, unsigned long *res);

#endif /* !__KERNEL__ */

/*
 * The lab's command parser: plain C, shared by the module and by the
 * user-space unit test and fuzzer in tests/host/, which supply kstrtoul().
 * Grammar (one command per write, at most MD_CMD_MAX bytes, one optional
 * trailing newline):
 *
 *   alloc <word> <size>[K|M] [gfp=<flags>]     (MD_CMD_ARG_KSIZE, _SIZE)
 *   alloc <word> order=<n> [gfp=<flags>]       (MD_CMD_ARG_ORDER)
 *   alloc <word> [gfp=<flags>]                 (MD_CMD_ARG_NONE)
 *   free <id> | free all | bench | bench loop [<count>]
 *   fragment order=<n>                         (n from 1 to max_order)
 *
 * The words, what follows each and the flags each takes are not the
 * parser's: they come from the table of allocators it is given (struct
 * md_cmd_limits.api, one struct md_cmd_api each), the module's md_apis
 * rows, which /proc/memdemo's [apis] section lists.  <flags> is
 * GFP_KERNEL, GFP_ATOMIC or GFP_NOWAIT, optionally followed by |-joined
 * modifiers __GFP_ZERO, __GFP_NORETRY, __GFP_DMA, __GFP_DMA32 and
 * __GFP_HIGHMEM (those the allocator takes); an allocator that takes none
 * (MD_CMD_GFP_NONE: vmalloc) refuses gfp= altogether.
 * Returns 0, -EINVAL for a malformed command or a flag the interface
 * refuses, -E2BIG for a size or order beyond the interface's limit (or a
 * loop count above MD_CMD_LOOPS_MAX).
 */
#define MD_CMD_MAX	128

/*
 * "bench loop": how many times the one-page vmalloc/vfree loop runs when no
 * count is given, and the most it may be asked to run (test_vmalloc's own
 * default test_loop_count).
 */
#define MD_CMD_LOOPS_DEFAULT	2000
#define MD_CMD_LOOPS_MAX	1000000

enum md_cmd_op {
	MD_CMD_ALLOC, MD_CMD_FREE, MD_CMD_FREE_ALL, MD_CMD_BENCH, MD_CMD_BENCH_LOOP,
	MD_CMD_FRAGMENT,
};

enum md_cmd_gfp {
	MD_CMD_GFP_KERNEL	= 1 << 0,
	MD_CMD_GFP_ATOMIC	= 1 << 1,
	MD_CMD_GFP_NOWAIT	= 1 << 2,
	MD_CMD_GFP_ZERO		= 1 << 3,
	MD_CMD_GFP_NORETRY	= 1 << 4,
	MD_CMD_GFP_DMA		= 1 << 5,
	MD_CMD_GFP_DMA32	= 1 << 6,
	MD_CMD_GFP_HIGHMEM	= 1 << 7,
};

#define MD_CMD_GFP_BASE	(MD_CMD_GFP_KERNEL | MD_CMD_GFP_ATOMIC | MD_CMD_GFP_NOWAIT)

#define MD_CMD_GFP_NONE	0U	/* takes no gfp= (vmalloc: always GFP_KERNEL) */
#define MD_CMD_GFP_ALL	0xffU
#define MD_CMD_GFP_ZONES (MD_CMD_GFP_DMA | MD_CMD_GFP_DMA32 | MD_CMD_GFP_HIGHMEM)
/*
 * What the allocators accept, by kind: slab, only the DMA caches; no zone
 * at all where the cache fixed it or vmalloc may serve; an address, so no
 * highmem.
 */
#define MD_CMD_GFP_SLAB	(MD_CMD_GFP_ALL & ~(MD_CMD_GFP_DMA32 | MD_CMD_GFP_HIGHMEM))
#define MD_CMD_GFP_NOZONE (MD_CMD_GFP_ALL & ~MD_CMD_GFP_ZONES)
#define MD_CMD_GFP_LOWMEM (MD_CMD_GFP_ALL & ~MD_CMD_GFP_HIGHMEM)

/* What follows an allocator's name in "alloc <name> ...". */
enum md_cmd_arg {
	MD_CMD_ARG_NONE,	/* nothing: kmem_cache (the cache fixes the size) */
	MD_CMD_ARG_KSIZE,	/* <size>, up to kmalloc_max */
	MD_CMD_ARG_SIZE,	/* <size>, up to lab_max (the lab's cap) */
	MD_CMD_ARG_ORDER,	/* order=<n>, up to max_order */
};

/*
 * How the lab offers one allocator: its word, its argument, and the gfp
 * bits it accepts (0: it takes no gfp= at all).  The module fills these in
 * from its table of allocators (md_apis in memdemo.c), one per row; the
 * number of an entry is the allocator's, which md_cmd.api returns.
 */
struct md_cmd_api {
	const char *name;	/* NULL: not offered in the lab */
	enum md_cmd_arg arg;
	unsigned int gfp;
};

struct md_cmd_limits {
	unsigned long kmalloc_max;	/* KMALLOC_MAX_SIZE */
	unsigned long lab_max;		/* the lab's cap: lab_max, the parameter */
	unsigned int max_order;
	/* the allocators, by number: api(0) .. api(nr_apis - 1) */
	const struct md_cmd_api *(*api)(unsigned int i);
	unsigned int nr_apis;
};

struct md_cmd {
	enum md_cmd_op op;
	unsigned int api;		/* the allocator's number (md_cmd_limits.api) */
	unsigned long size;
	unsigned int order;		/* alloc <word> order=, fragment */
	unsigned int gfp;		/* enum md_cmd_gfp bits */
	unsigned long id;
	unsigned long loops;		/* bench loop */
};

struct md_cmd_name {
	const char *name;
	unsigned int value;
};

static const struct md_cmd_name md_cmd_gfps[] = {
	{ "GFP_KERNEL", MD_CMD_GFP_KERNEL }, { "GFP_ATOMIC", MD_CMD_GFP_ATOMIC },
	{ "GFP_NOWAIT", MD_CMD_GFP_NOWAIT }, { "__GFP_ZERO", MD_CMD_GFP_ZERO },
	{ "__GFP_NORETRY", MD_CMD_GFP_NORETRY }, { "__GFP_DMA", MD_CMD_GFP_DMA },
	{ "__GFP_DMA32", MD_CMD_GFP_DMA32 }, { "__GFP_HIGHMEM", MD_CMD_GFP_HIGHMEM },
};

/* Looks up a length-@len word in @names; -EINVAL when absent. */
static inline int md_cmd_lookup(const struct md_cmd_name *names, unsigned int n,
				const char *word, size_t len, unsigned int *value)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (strlen(names[i].name) == len && !strncmp(names[i].name, word, len)) {
			*value = names[i].value;
			return 0;
		}
	}
	return -EINVAL;
}

/* A strict unsigned number of @len characters; K and M multiply by 2^10, 2^20. */
static inline int md_cmd_number(const char *word, size_t len, bool suffix,
				unsigned long *value)
{
	char digits[24];
	unsigned int shift = 0;

	if (suffix && len > 1 && (word[len - 1] == 'K' || word[len - 1] == 'M')) {
		shift = word[len - 1] == 'K' ? 10 : 20;
		len--;
	}
	if (!len || len >= sizeof(digits) || word[0] == '+' || word[0] == '-')
		return -EINVAL;
	memcpy(digits, word, len);
	digits[len] = '\0';
	if (kstrtoul(digits, 0, value))
		return -EINVAL;
	if (shift && *value > (~0UL >> shift))
		return -E2BIG;
	*value <<= shift;
	return 0;
}

/* "order=<n>" of @len characters, n at most @max_order. */
static inline int md_cmd_order(const char *word, size_t len, unsigned int max_order,
			       unsigned int *order)
{
	unsigned long v;

	if (len < 7 || strncmp(word, "order=", 6) || md_cmd_number(word + 6, len - 6, false, &v))
		return -EINVAL;
	if (v > max_order)
		return -E2BIG;
	*order = v;
	return 0;
}

/* Parses "GFP_BASE[|__GFP_MOD...]" into cmd->gfp. */
static inline int md_cmd_gfp_flags(const char *word, size_t len, unsigned int *gfp)
{
	unsigned int bit;
	size_t n;

	*gfp = 0;
	while (len) {
		for (n = 0; n < len && word[n] != '|'; n++)
			;
		if (md_cmd_lookup(md_cmd_gfps, ARRAY_SIZE(md_cmd_gfps), word, n, &bit) ||
		    (*gfp & bit))
			return -EINVAL;
		*gfp |= bit;
		if (n == len)
			break;
		word += n + 1;
		len -= n + 1;
		if (!len)
			return -EINVAL;		/* trailing '|' */
	}
	return 0;
}

/* The gfp bits the allocator accepts, and whether it takes gfp= at all. */
static inline int md_cmd_check_gfp(struct md_cmd *cmd, const struct md_cmd_api *api, bool given)
{
	unsigned int base = cmd->gfp & MD_CMD_GFP_BASE;
	unsigned int zones = MD_CMD_GFP_ZONES;
	unsigned int allowed = api->gfp;

	if (!allowed)
		return given ? -EINVAL : 0;
	if (base & (base - 1))
		return -EINVAL;		/* two base flags */
	if (!base)
		cmd->gfp |= MD_CMD_GFP_KERNEL;
	if ((cmd->gfp & zones) & ((cmd->gfp & zones) - 1))
		return -EINVAL;		/* two zone modifiers */
	return cmd->gfp & ~allowed ? -EINVAL : 0;
}

/* Splits off the next space-separated word; returns its length (0 at the end). */
static inline size_t md_cmd_word(const char **p, const char *end, const char **word)
{
	const char *s = *p;

	while (s < end && *s == ' ')
		s++;
	*word = s;
	while (s < end && *s != ' ')
		s++;
	*p = s;
	return s - *word;
}

static inline bool md_cmd_is(const char *word, size_t len, const char *what)
{
	return strlen(what) == len && !strncmp(word, what, len);
}

static inline int md_cmd_parse(const char *buf, size_t len,
			       const struct md_cmd_limits *lim, struct md_cmd *cmd)
{
	const char *p = buf, *end, *w;
	const struct md_cmd_api *api = NULL;
	bool given = false;
	size_t n, i;
	int ret;

	if (!len || len > MD_CMD_MAX)
		return -EINVAL;
	if (buf[len - 1] == '\n')
		len--;
	for (i = 0; i < len; i++)
		if (buf[i] < ' ' || buf[i] > '~')
			return -EINVAL;		/* NUL, newline, control or non-ASCII */
	end = buf + len;
	*cmd = (struct md_cmd){ 0 };

	n = md_cmd_word(&p, end, &w);
	if (md_cmd_is(w, n, "bench")) {
		const char *q = p;

		cmd->op = MD_CMD_BENCH;
		n = md_cmd_word(&q, end, &w);
		if (md_cmd_is(w, n, "loop")) {
			cmd->op = MD_CMD_BENCH_LOOP;
			cmd->loops = MD_CMD_LOOPS_DEFAULT;
			p = q;
			n = md_cmd_word(&q, end, &w);
			if (n) {
				if (md_cmd_number(w, n, false, &cmd->loops) || !cmd->loops)
					return -EINVAL;
				if (cmd->loops > MD_CMD_LOOPS_MAX)
					return -E2BIG;
				p = q;
			}
		}
	} else if (md_cmd_is(w, n, "free")) {
		n = md_cmd_word(&p, end, &w);
		if (md_cmd_is(w, n, "all")) {
			cmd->op = MD_CMD_FREE_ALL;
		} else {
			cmd->op = MD_CMD_FREE;
			ret = md_cmd_number(w, n, false, &cmd->id);
			if (ret)
				return -EINVAL;
		}
	} else if (md_cmd_is(w, n, "fragment")) {
		cmd->op = MD_CMD_FRAGMENT;
		n = md_cmd_word(&p, end, &w);
		ret = md_cmd_order(w, n, lim->max_order, &cmd->order);
		if (ret)
			return ret;
		if (!cmd->order)
			return -EINVAL;		/* every free page is a block of order 0 */
	} else if (md_cmd_is(w, n, "alloc")) {
		cmd->op = MD_CMD_ALLOC;
		n = md_cmd_word(&p, end, &w);
		for (i = 0; i < lim->nr_apis; i++) {
			api = lim->api(i);
			if (api->name && md_cmd_is(w, n, api->name))
				break;
		}
		if (i == lim->nr_apis)
			api = NULL;
		if (!api)
			return -EINVAL;
		cmd->api = i;
		n = md_cmd_word(&p, end, &w);
		if (api->arg == MD_CMD_ARG_ORDER) {
			ret = md_cmd_order(w, n, lim->max_order, &cmd->order);
			if (ret)
				return ret;
			n = md_cmd_word(&p, end, &w);
		} else if (api->arg != MD_CMD_ARG_NONE) {
			ret = md_cmd_number(w, n, true, &cmd->size);
			if (ret)
				return ret;
			if (!cmd->size)
				return -EINVAL;
			if (cmd->size > (api->arg == MD_CMD_ARG_KSIZE ?
					 lim->kmalloc_max : lim->lab_max))
				return -E2BIG;
			n = md_cmd_word(&p, end, &w);
		}
		if (n) {
			if (n < 5 || strncmp(w, "gfp=", 4) ||
			    md_cmd_gfp_flags(w + 4, n - 4, &cmd->gfp))
				return -EINVAL;
			given = true;
			n = md_cmd_word(&p, end, &w);
		}
		if (n)
			return -EINVAL;
		return md_cmd_check_gfp(cmd, api, given);
	} else {
		return -EINVAL;
	}
	n = md_cmd_word(&p, end, &w);
	return n ? -EINVAL : 0;		/* nothing may follow */
}

#endif /* MEMDEMO_CMD_H */
