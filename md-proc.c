// SPDX-License-Identifier: GPL-2.0
/*
 * memdemo: /proc/memdemo and the load report in the kernel log.
 *
 * Offers md_proc_ops (/proc/memdemo: reading every section, writing the
 * lab's commands) and md_log_report() to init.  Needs every other part's
 * state and formatters: md-format.c for the lines, memdemo.c's rows for
 * [apis] and the parser's table, md-lab.c and md-bench.c for the commands
 * and their sections, md-claims.c and md-tables.c for theirs.
 *
 * A part of memdemo.c, built into its one translation unit (see Kbuild);
 * memdemo-internal.h names what the parts call across files.
 */

/* ---- /proc/memdemo ------------------------------------------------------ */

/* What the opener of /proc/memdemo may see, decided at open. */
struct md_reader {
	bool real;		/* real addresses and what follows from them */
};

enum md_kptr { MD_KPTR_HASHED, MD_KPTR_REAL, MD_KPTR_ZERO };

/*
 * What %pK shows the current task for a kernel address: kptr_restrict is
 * not exported to modules, so lib/vsprintf.c's restricted_pointer() is
 * asked itself, with an address memdemo knows.  Zeros: kptr_restrict=2,
 * or 1 and the task lacks CAP_SYSLOG or runs with effective ids other than
 * its real ones.  The address: 1 and the task passes (or 0 with
 * no_hash_pointers).  Anything else, a hash: 0.
 */
static enum md_kptr md_kptr_shown(void)
{
	const void *p = &md_lock;
	unsigned long v;
	char buf[32];

	snprintf(buf, sizeof(buf), "%pK", p);
	if (kstrtoul(buf, 16, &v))
		return MD_KPTR_HASHED;
	if (!v)
		return MD_KPTR_ZERO;
	return v == (unsigned long)p ? MD_KPTR_REAL : MD_KPTR_HASHED;
}

/*
 * Whether the task opening /proc/memdemo sees real addresses: as %pK
 * decides (restricted_pointer()), but once, at open, with the opener's
 * credentials, as /proc/kallsyms decides; a descriptor handed on, or
 * privileges gained after open, change nothing.
 *   kptr_restrict=2: nobody.
 *   kptr_restrict=1: a task with CAP_SYSLOG whose effective uid and gid
 *   are its real ones (not a set-id program).
 *   kptr_restrict=0, where %pK hashes: the same task.  memdemo is there to
 *   show root the real layout, and a hash would show nothing.
 */
static bool md_opener_sees_addresses(const struct file *file)
{
	const struct cred *cred = file->f_cred;

	if (md_kptr_shown() == MD_KPTR_ZERO)
		return false;
	/* At open the opener is current, its credentials file->f_cred. */
	return ns_capable_noaudit(&init_user_ns, CAP_SYSLOG) &&
	       uid_eq(cred->euid, cred->uid) && gid_eq(cred->egid, cred->gid);
}

/* The [bench] section: the last benchmark and loop.  Called with md_lock held. */
static void md_bench_show(struct seq_file *m)
{
	static const char * const stat[] = { "min", "med", "p99", "mean" };
	unsigned int i, s;

	seq_puts(m, "[bench]\n");
	if (md_bench_loop_ns)
		seq_printf(m, "bench-loop api=%s size=%lu loops=%lu pair_mean=%llu\n",
			   md_apis[MD_API_VMALLOC].name, PAGE_SIZE, md_bench_loop_count,
			   md_bench_loop_ns);
	if (!md_nr_bench)
		return;
	seq_printf(m, "bench-info timer_overhead_ns=%llu total_ms=%llu cells=%u\n",
		   md_bench_overhead, md_bench_ms, md_nr_bench);
	for (i = 0; i < md_nr_bench; i++) {
		const struct md_bench_cell *b = &md_bench[i];

		seq_printf(m, "bench api=%s size=%zu order=%u samples=%u", md_apis[b->api].name,
			   b->size, b->order, b->samples);
		for (s = 0; s < MD_NR_STATS; s++)
			seq_printf(m, " alloc_%s=%llu", stat[s], b->alloc[s]);
		for (s = 0; s < MD_NR_STATS; s++)
			seq_printf(m, " free_%s=%llu", stat[s], b->free[s]);
		for (s = 0; s < MD_NR_STATS; s++)
			seq_printf(m, " pair_%s=%llu", stat[s], b->pair[s]);
		seq_puts(m, "\n");
	}
}

/* The lab's word, argument and GFP flags of allocator I: memdemo.h's md_lab_offers. */
static const struct md_cmd_api *md_lab_api(unsigned int i)
{
	return &md_lab_offers[i];
}

/* The lab's limits: what md_write() gives the parser and [apis] prints. */
static void md_lab_limits(struct md_cmd_limits *lim)
{
	*lim = (struct md_cmd_limits) {
		.kmalloc_max = KMALLOC_MAX_SIZE, .lab_max = lab_max,
		.max_order = MD_MAX_ORDER, .api = md_lab_api, .nr_apis = MD_API_COUNT,
	};
}

/*
 * The [apis] section: one line per row of md_apis, what the tools and the
 * tests know the allocators by (none of them keeps a list of its own):
 * its name, the function of memdemo's that calls it (take=: the call site
 * SLUB's owner tracks record for its slab objects), family, GFP flags and
 * slab cache kind; whether its alloc lines carry an order; the blocks it
 * made at load; its word in the lab, what
 * follows the word and up to what (bytes, or the largest order), the gfp=
 * flags the lab takes for it (none: its own flags); the sizes the
 * benchmark times it at.
 */
static void md_apis_show(struct seq_file *m)
{
	static const char * const slab[] = { "none", "kmalloc", "obj" };
	static const char * const arg[] = { "none", "size", "size", "order" };
	const struct md_api_ops *ops;
	const struct md_cmd_api *lab;
	struct md_cmd_limits lim;
	unsigned int api, i, k;
	unsigned long s, max;
	const char *sep;

	md_lab_limits(&lim);
	seq_puts(m, "[apis]\n");
	for (api = 0; api < MD_API_COUNT; api++) {
		ops = &md_apis[api];
		seq_printf(m, "api name=%s take=%ps family=%s gfp=%pGg slab=%s paged=%d load=",
			   ops->name, ops->take, md_family_names[ops->family], &ops->gfp,
			   slab[ops->slab], ops->paged);
		sep = "";
		for (i = 0; i < MD_NR_LOAD; i++) {
			if (md_allocs[i].api != api || !md_allocs[i].name || !md_allocs[i].size)
				continue;
			seq_printf(m, "%s%s", sep, md_allocs[i].name);
			sep = ",";
		}
		lab = md_lab_api(api);
		seq_printf(m, "%s lab=%s", *sep ? "" : "none", lab->name ?: "none");
		if (lab->name) {
			max = lab->arg == MD_CMD_ARG_ORDER ? lim.max_order :
			      lab->arg == MD_CMD_ARG_KSIZE ? lim.kmalloc_max :
			      lab->arg == MD_CMD_ARG_SIZE ? lim.lab_max : 0;
			seq_printf(m, " lab_arg=%s lab_max=%lu lab_gfp=", arg[lab->arg], max);
			sep = "";
			for (k = 0; k < ARRAY_SIZE(md_cmd_gfps); k++) {
				if (!(lab->gfp & md_cmd_gfps[k].value))
					continue;
				seq_printf(m, "%s%s", sep, md_cmd_gfps[k].name);
				sep = "|";
			}
			seq_puts(m, *sep ? "" : "none");
		}
		seq_puts(m, " bench=");
		sep = "";
		for (s = md_bench_size(ops, 0); s; s = md_bench_size(ops, s)) {
			seq_printf(m, "%s%lu", sep, s);
			sep = ",";
		}
		seq_printf(m, "%s\n", *sep ? "" : "none");
	}
}

static ssize_t md_write(struct file *file, const char __user *ubuf, size_t len, loff_t *ppos)
{
	struct md_cmd_limits lim;
	char buf[MD_CMD_MAX + 1];
	struct md_cmd cmd;
	int ret;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	md_lab_limits(&lim);
	if (!len || len > MD_CMD_MAX)
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	ret = md_cmd_parse(buf, len, &lim, &cmd);
	if (ret)
		return ret;

	if (cmd.op == MD_CMD_BENCH) {
		ret = md_bench_run();
	} else if (cmd.op == MD_CMD_BENCH_LOOP) {
		ret = md_bench_loop_run(cmd.loops);
	} else {
		mutex_lock(&md_lock);
		if (cmd.op == MD_CMD_ALLOC)
			ret = md_lab_alloc(&cmd);
		else if (cmd.op == MD_CMD_FREE)
			ret = md_lab_free(cmd.id);
		else if (cmd.op == MD_CMD_FRAGMENT)
			ret = md_fragment(cmd.order);
		else
			md_lab_free_all();
		mutex_unlock(&md_lock);
	}
	return ret ? ret : len;
}

/*
 * The claims whose measurements are distances between two addresses, hidden
 * from a reader who may not see the addresses, as the claims' own secret
 * ones are (md_claim_format()): claim 8's gap, VMALLOC_START - high_memory,
 * and claim 10's lowmem, high_memory - PAGE_OFFSET, with what follows from
 * high_memory.  Both change with the boot on x86-64 with memory
 * randomization (the gap plus the linear map is vmalloc_base -
 * page_offset_base) and on arm64 with KASLR (the linear map starts at a
 * random offset); on 32-bit x86 they do not, and are hidden all the same,
 * so that the rule is one: what is computed from a hidden address is hidden.
 */
static const unsigned int md_claims_of_distances[] = { 8, 10 };

static noinline_for_stack int md_claim_shown(char *buf, size_t len, const struct md_claim *cl,
					     bool real)
{
	struct md_claim shown;
	unsigned int i;

	for (i = 0; !real && i < ARRAY_SIZE(md_claims_of_distances); i++) {
		if (cl->id == md_claims_of_distances[i]) {
			shown = *cl;
			shown.secret = true;
			return md_claim_format(buf, len, &shown, real);
		}
	}
	return md_claim_format(buf, len, cl, real);
}

/* Everything up to [zones]: fixed at load but for the live zone counts. */
static void md_head_show(struct seq_file *m, bool real)
{
	char line[MD_LINE_MAX];
	unsigned int i;

	seq_printf(m, "memdemo %s on %s %s\n", MEMDEMO_VERSION,
		   init_utsname()->release, init_utsname()->machine);
	if (!real)
		seq_puts(m, "# addresses hidden: reading them needs CAP_SYSLOG and kptr_restrict below 2\n");
	seq_puts(m, "[layout]\n");
	for (i = 0; i < md_nr_layout; i++) {
		md_var_format(line, sizeof(line), &md_layout[i], real);
		seq_printf(m, "%s\n", line);
	}
	seq_puts(m, "[regions]\n");
	for (i = 0; i < md_nr_spans; i++) {
		md_span_format(line, sizeof(line), &md_spans[i], real);
		seq_printf(m, "%s\n", line);
	}
	md_apis_show(m);
	md_params_show(m);
	seq_puts(m, "[allocations]\n");
	for (i = 0; i < md_nr_allocs; i++) {
		if (!md_allocs[i].ptr)
			continue;
		md_alloc_format(line, sizeof(line), &md_allocs[i], real);
		seq_printf(m, "%s\n", line);
	}
	md_sites_show(m, real);
	seq_puts(m, "[claims]\n");
	for (i = 0; i < md_nr_claims; i++) {
		md_claim_about_format(line, sizeof(line), i, false);
		seq_printf(m, "%s\n", line);
		md_claim_about_format(line, sizeof(line), i, true);
		seq_printf(m, "%s\n", line);
		md_claim_shown(line, sizeof(line), &md_claims[i], real);
		seq_printf(m, "%s\n", line);
	}
	md_tables_show(m, real);
}

/*
 * /proc/memdemo is a seq_file of records: everything up to [zones] (one
 * record), the [lab] header, one record per block the lab holds, then
 * [bench].  No reader needs a buffer for the lab's whole list, however
 * long.  start() takes md_lock and stop() drops it, so each read() sees
 * the lab between two commands; seq_file copies to user space after
 * stop(), never under the lock.  A record's position is fixed by what it
 * is, not by how many came before: a lab block's is its id, which only
 * grows along the list, so blocks freed or added between two reads of one
 * pass move nothing: the next read goes on from the first block at or
 * after where the last one stopped, and [bench] always ends the pass.
 */
#define MD_SEQ_HEAD	((void *)1)
#define MD_SEQ_LAB	((void *)2)
#define MD_SEQ_BENCH	((void *)3)

#define MD_POS_LAB	1
#define MD_POS_BLOCK	2			/* + the block's id */
#define MD_POS_BENCH	((loff_t)1 << 62)

/* The first block at or after position @pos, or [bench]; sets @pos to it. */
static void *md_seq_from(loff_t *pos)
{
	struct md_lab *lab;

	list_for_each_entry(lab, &md_lab_list, node) {
		if (MD_POS_BLOCK + (loff_t)lab->id >= *pos) {
			*pos = MD_POS_BLOCK + lab->id;
			return &lab->node;
		}
	}
	*pos = MD_POS_BENCH;
	return MD_SEQ_BENCH;
}

static void *md_seq_next(struct seq_file *m, void *v, loff_t *pos)
{
	if (v == MD_SEQ_HEAD) {
		*pos = MD_POS_LAB;
		return MD_SEQ_LAB;
	}
	if (v == MD_SEQ_BENCH) {
		*pos = MD_POS_BENCH + 1;
		return NULL;
	}
	if (v == MD_SEQ_LAB)
		*pos = MD_POS_BLOCK;
	else
		*pos = MD_POS_BLOCK + list_entry(v, struct md_lab, node)->id + 1;
	return md_seq_from(pos);
}

static void *md_seq_start(struct seq_file *m, loff_t *pos)
{
	mutex_lock(&md_lock);
	if (*pos == 0)
		return MD_SEQ_HEAD;
	if (*pos == MD_POS_LAB)
		return MD_SEQ_LAB;
	if (*pos > MD_POS_BENCH)
		return NULL;
	return md_seq_from(pos);
}

static void md_seq_stop(struct seq_file *m, void *v)
{
	mutex_unlock(&md_lock);
}

static int md_seq_show(struct seq_file *m, void *v)
{
	const struct md_reader *r = m->private;
	char line[MD_LINE_MAX];

	if (v == MD_SEQ_HEAD) {
		md_head_show(m, r->real);
	} else if (v == MD_SEQ_LAB) {
		seq_puts(m, "[lab]\n");
		seq_printf(m, "lab total=%zu max=%lu next_id=%lu entries=%u max_entries=%u\n",
			   md_lab_total, lab_max, md_lab_next_id, md_lab_entries,
			   MD_LAB_MAX_ENTRIES);
		md_fragment_show(m);
	} else if (v == MD_SEQ_BENCH) {
		md_bench_show(m);
	} else {
		md_alloc_format(line, sizeof(line),
				&list_entry(v, struct md_lab, node)->a, r->real);
		seq_printf(m, "%s\n", line);
	}
	return 0;
}

static const struct seq_operations md_seq_ops = {
	.start	= md_seq_start,
	.next	= md_seq_next,
	.stop	= md_seq_stop,
	.show	= md_seq_show,
};

static int md_open(struct inode *inode, struct file *file)
{
	struct md_reader *r;

	r = __seq_open_private(file, &md_seq_ops, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->real = md_opener_sees_addresses(file);
	return 0;
}

static const struct proc_ops md_proc_ops = {
	.proc_open	= md_open,
	.proc_read	= seq_read,
	.proc_lseek	= seq_lseek,
	.proc_write	= md_write,
	.proc_release	= seq_release_private,
};

static void md_log_report(void)
{
	char line[MD_LINE_MAX];
	unsigned int i;

	for (i = 0; i < md_nr_layout; i++) {
		md_var_format(line, sizeof(line), &md_layout[i], true);
		pr_info("%s\n", line);
	}
	for (i = 0; i < md_nr_spans; i++) {
		md_span_format(line, sizeof(line), &md_spans[i], true);
		pr_info("%s\n", line);
	}
	for (i = 0; i < md_nr_allocs; i++) {
		if (!md_allocs[i].ptr)
			continue;
		md_alloc_format(line, sizeof(line), &md_allocs[i], true);
		pr_info("%s\n", line);
	}
}
