/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What memdemo's parts call across files.  memdemo.c holds the parameters,
 * the records of the allocations made at load (md_allocs), the calls that
 * make and free them, and init and exit; each md-*.c holds one concern and
 * is included into memdemo.c's translation unit (see Kbuild).
 */
#ifndef MEMDEMO_INTERNAL_H
#define MEMDEMO_INTERNAL_H

/*
 * md_param(name, &name, min, max, description) after "static unsigned
 * long name = default;" declares a module parameter with its range, in
 * one place (the idea of lib/test_vmalloc.c's __param); md_param_upto()
 * takes, instead of max, the variable whose value at load is the largest
 * allowed (another parameter, or md_ram_half).  The parameter is read-only
 * (0444) and set through md_param_ops, whose argument, a struct md_param,
 * holds the range: md-params.c finds every parameter through the module's
 * own parameter table (THIS_MODULE->kp) and checks each against it.
 */
struct md_param {
	const char *name;
	unsigned long *value;
	unsigned long min, max;
	const unsigned long *cap;	/* when set, the largest value instead of max */
	unsigned long def;		/* the declared default, before fitting */
	bool given;			/* the user gave a value (insmod, modprobe) */
};

static const struct kernel_param_ops md_param_ops;

#define md_param_range(var, ptr, lo, hi, capp, desc)			\
	static struct md_param md_param_##var = {			\
		.name = #var, .value = (ptr),				\
		.min = (lo), .max = (hi), .cap = (capp),		\
	};								\
	module_param_cb(var, &md_param_ops, &md_param_##var, 0444);	\
	MODULE_INFO(parm, #var ":" desc)

#define md_param(var, ptr, lo, hi, desc)				\
	md_param_range(var, ptr, lo, hi, NULL, desc)

#define md_param_upto(var, ptr, lo, cap, desc)				\
	md_param_range(var, ptr, lo, 0, &(cap), desc)

/*
 * What init and exit call, part by part.  One translation unit needs a
 * declaration only where a call comes before its definition (memdemo.c's
 * allocation code, above the parts); the rest are listed so that this
 * header is the parts' table of contents.
 */

/* md-params.c: ranges, fitted defaults, the bytes a load asks for. */
static int md_check_params(void);
static void md_report_fitted(void);
static unsigned long long md_plan_bytes(void);
static void md_params_show(struct seq_file *m);

/* md-layout.c: the layout variables and the regions of the address space. */
static void md_layout_collect(void);
static void md_spans_collect(void);

/* md-record.c: the facts about one allocation. */
static void md_context_record(struct md_context *ctx, const char *name);
static void md_describe(struct md_alloc *a);
static void md_obj_cache_identify(const char *asked, bool merge);

/* md-guard.c: the two closest vmalloc(100) blocks (claim 9). */
static int md_take_guard_pair(void);

/* md-claims.c: the articles' claims, measured. */
static void md_claims_measure(void);
static void md_claims_summary(void);

/* md-tables.c: slab waste, page rounding, the buddy allocator. */
static void md_tables_measure(void);

/* md-sites.c: the [sites] census of 128 kmalloc call sites. */
static void md_sites_take(void);
static void md_sites_release(void);
static void md_sites_show(struct seq_file *m, bool real);

/* md-lab.c: what the lab holds; md-bench.c: md_bench_run() and md_bench_loop_run(). */
static unsigned long md_lab_free_all(void);

/* md-fragment.c: the lab's fragment command and the pages it keeps. */
static int md_fragment(unsigned int order);
static unsigned long md_fragment_release(void);
static void md_fragment_show(struct seq_file *m);

/* md-proc.c: /proc/memdemo (md_proc_ops) and the load report. */
static void md_log_report(void);

#endif /* MEMDEMO_INTERNAL_H */
