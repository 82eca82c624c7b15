// SPDX-License-Identifier: GPL-2.0
/*
 * memdemo: the benchmark: the cost of alloc, free and the pair, by size.
 *
 * Offers md_bench_run() ("bench": every allocator at every size of its
 * row's ladder, md_bench_size(), which [apis] prints too), md_bench_loop_run()
 * ("bench loop"), and their results (md_bench, md_bench_loop_ns, ...) for
 * md-proc.c's [bench].  Needs memdemo.c's rows (md_apis) and md_take() and
 * md_release(), lab_max (the ladders' cap) and md-lab.c's md_lock, under
 * which it publishes.
 *
 * A part of memdemo.c, built into its one translation unit (see Kbuild);
 * memdemo-internal.h names what the parts call across files.
 */

/* ---- The benchmark: cost of alloc, free and the pair, by size ----------- */

#define MD_BENCH_CELLS		64
#define MD_BENCH_SAMPLES	64
#define MD_BENCH_MIN_SAMPLES	8
#define MD_BENCH_WARMUP		4
#define MD_BENCH_CELL_NS	(250 * NSEC_PER_MSEC)

enum { MD_STAT_MIN, MD_STAT_MEDIAN, MD_STAT_P99, MD_STAT_MEAN, MD_NR_STATS };

struct md_bench_cell {
	enum md_api api;
	size_t size;
	unsigned int order;
	unsigned int samples;
	u64 alloc[MD_NR_STATS], free[MD_NR_STATS], pair[MD_NR_STATS];
};

static struct md_bench_cell md_bench[MD_BENCH_CELLS];
static unsigned int md_nr_bench;
static u64 md_bench_overhead, md_bench_ms, md_bench_loop_ns;
static unsigned long md_bench_loop_count;
static DEFINE_MUTEX(md_bench_running);

static int md_u64_cmp(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static void md_stats(u64 *v, unsigned int n, u64 *stats)
{
	u64 sum = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		sum += v[i];
	stats[MD_STAT_MEAN] = div_u64(sum, n);
	sort(v, n, sizeof(*v), md_u64_cmp, NULL);
	stats[MD_STAT_MIN] = v[0];
	stats[MD_STAT_MEDIAN] = v[n / 2];
	stats[MD_STAT_P99] = v[(n * 99 + 99) / 100 - 1];
}

static u64 md_minus_overhead(u64 t, u64 overhead)
{
	return t > overhead ? t - overhead : 0;
}

/* The median cost of reading the clock, subtracted from every sample. */
static u64 md_clock_overhead(u64 *v)
{
	unsigned int i;
	u64 stats[MD_NR_STATS];

	for (i = 0; i < MD_BENCH_SAMPLES; i++) {
		u64 t0 = ktime_get_ns();

		v[i] = ktime_get_ns() - t0;
	}
	md_stats(v, MD_BENCH_SAMPLES, stats);
	return stats[MD_STAT_MEDIAN];
}

/*
 * Times one cell: warm-up, then samples until the count or the time is
 * reached; @overhead, the clock's own cost, comes off every sample.
 */
static int md_bench_cell(struct md_bench_cell *cell, u64 overhead, u64 *va, u64 *vf, u64 *vp)
{
	struct md_alloc a = {
		.name = "bench", .api = cell->api, .size = cell->size, .order = cell->order,
		.gfp = md_apis[cell->api].gfp,
	};
	u64 t0, t1, t2, start = ktime_get_ns();
	unsigned int i, n = 0;

	for (i = 0; i < MD_BENCH_WARMUP + MD_BENCH_SAMPLES; i++) {
		t0 = ktime_get_ns();
		if (md_take(&a))
			return -ENOMEM;
		t1 = ktime_get_ns();
		md_release(&a);
		t2 = ktime_get_ns();
		if (i >= MD_BENCH_WARMUP) {
			va[n] = md_minus_overhead(t1 - t0, overhead);
			vf[n] = md_minus_overhead(t2 - t1, overhead);
			vp[n] = md_minus_overhead(t2 - t0, overhead);
			n++;
		}
		cond_resched();
		if (n >= MD_BENCH_MIN_SAMPLES && t2 - start > MD_BENCH_CELL_NS)
			break;
	}
	cell->samples = n;
	md_stats(va, n, cell->alloc);
	md_stats(vf, n, cell->free);
	md_stats(vp, n, cell->pair);
	return 0;
}

static void md_bench_add(struct md_bench_cell *cells, unsigned int *n, enum md_api api,
			 size_t size, unsigned int order)
{
	if (*n < MD_BENCH_CELLS)
		cells[(*n)++] = (struct md_bench_cell) {
			.api = api, .size = size, .order = order,
		};
}

/*
 * The sizes the benchmark times @ops at, from its row's ladder (a size it
 * fixes itself is its one size): the first when @prev is 0, else the one
 * after @prev; 0 past the last.  No rung above lab_max, the most the lab
 * may hold, rounded down to a power of two (a block of the largest order
 * is 512 MiB with 64 KiB pages, more than a small machine has).  The
 * [apis] section prints the same.
 */
static unsigned long md_bench_size(const struct md_api_ops *ops, unsigned long prev)
{
	unsigned long from = ops->fixed_size ? *ops->fixed_size : ops->bench.from;
	unsigned long to = ops->fixed_size ? *ops->fixed_size :
			   min(ops->bench.to, rounddown_pow_of_two(lab_max));

	if (!ops->bench.shift)
		return 0;
	if (!prev)
		return from;
	if (prev >= to)
		return 0;
	return min(prev << ops->bench.shift, to);
}

/* Every allocator's ladder, in the order of md_apis. */
static unsigned int md_bench_plan(struct md_bench_cell *cells)
{
	const struct md_api_ops *ops;
	unsigned int api, n = 0;
	unsigned long s;

	for (api = 0; api < MD_API_COUNT; api++) {
		ops = &md_apis[api];
		for (s = md_bench_size(ops, 0); s; s = md_bench_size(ops, s))
			md_bench_add(cells, &n, api, s, ops->paged ? get_order(s) : 0);
	}
	return n;
}

/*
 * One page's vmalloc, a write to it and vfree, @loops times in a row and
 * timed as a whole, as the kernel's own test_vmalloc (fix_size_alloc_test)
 * times it.  vfree only queues an area; once the queue passes
 * lazy_max_pages() a purge unmaps the lot, a cost that lands in whichever
 * loop happens to be running.  So the loop starts from an empty queue and
 * leaves one (vm_unmap_aliases(), untimed, both sides): a run shorter than
 * a batch then pays no purge, and neither does the kernel's test that make
 * bench runs next, in the same boot, to compare (see tests/guest/init).
 */
static int md_bench_loop(unsigned long loops, u64 *mean)
{
	unsigned long i;
	int ret = 0;
	u64 t0;
	u8 *p;

	vm_unmap_aliases();
	t0 = ktime_get_ns();
	for (i = 0; i < loops; i++) {
		p = vmalloc(PAGE_SIZE);
		if (!p) {
			ret = -ENOMEM;
			break;
		}
		*p = 0;
		vfree(p);
	}
	*mean = div_u64(ktime_get_ns() - t0, loops);
	vm_unmap_aliases();
	return ret;
}

/* The loop in a kthread of its own, as test_vmalloc runs its test. */
struct md_loop_job {
	struct completion done;
	unsigned long loops;
	u64 mean;
	int ret;
};

static int md_bench_loop_thread(void *arg)
{
	struct md_loop_job *job = arg;

	job->ret = md_bench_loop(job->loops, &job->mean);
	complete(&job->done);
	return 0;
}

/*
 * "bench loop [<count>]": only that loop, in a kthread (the kernel's own
 * test runs in one: no user process, no lock of the writer's held while it
 * runs), outside md_lock; published under it.  The thread is held and
 * stopped, so that none of it runs on once the writer returns (and the
 * module may go).
 */
static int md_bench_loop_run(unsigned long loops)
{
	struct md_loop_job job = { .loops = loops };
	struct task_struct *t;

	if (!mutex_trylock(&md_bench_running))
		return -EBUSY;
	init_completion(&job.done);
	t = kthread_create(md_bench_loop_thread, &job, "memdemo-bench");
	if (IS_ERR(t)) {
		job.ret = PTR_ERR(t);
		goto out_unlock;
	}
	get_task_struct(t);
	wake_up_process(t);
	wait_for_completion(&job.done);
	kthread_stop(t);
	put_task_struct(t);
	if (!job.ret) {
		mutex_lock(&md_lock);
		md_bench_loop_ns = job.mean;
		md_bench_loop_count = loops;
		mutex_unlock(&md_lock);
	}
out_unlock:
	mutex_unlock(&md_bench_running);
	return job.ret;
}

/*
 * Runs the whole benchmark outside md_lock, then publishes it under it:
 * every result, the clock's overhead too (a u64 that readers take under
 * md_lock, and that a 32-bit CPU stores in two halves).
 */
static int md_bench_run(void)
{
	struct md_bench_cell *cells;
	u64 *v, start, overhead, loop = 0;
	unsigned int i, n;
	int ret = 0;

	if (!mutex_trylock(&md_bench_running))
		return -EBUSY;
	cells = kcalloc(MD_BENCH_CELLS, sizeof(*cells), GFP_KERNEL);
	v = kcalloc(3 * MD_BENCH_SAMPLES, sizeof(*v), GFP_KERNEL);
	if (!cells || !v) {
		ret = -ENOMEM;
		goto out_free;
	}
	start = ktime_get_ns();
	overhead = md_clock_overhead(v);
	n = md_bench_plan(cells);
	/* The loop first, and the cells from the empty backlog it leaves. */
	ret = md_bench_loop(MD_CMD_LOOPS_DEFAULT, &loop);
	for (i = 0; i < n && !ret; i++)
		ret = md_bench_cell(&cells[i], overhead, v, v + MD_BENCH_SAMPLES,
				    v + 2 * MD_BENCH_SAMPLES);
	if (!ret) {
		mutex_lock(&md_lock);
		memcpy(md_bench, cells, n * sizeof(*cells));
		md_nr_bench = n;
		md_bench_overhead = overhead;
		md_bench_loop_ns = loop;
		md_bench_loop_count = MD_CMD_LOOPS_DEFAULT;
		md_bench_ms = div_u64(ktime_get_ns() - start, NSEC_PER_MSEC);
		mutex_unlock(&md_lock);
		pr_info("bench: %u cells in %llu ms\n", n, md_bench_ms);
	}
out_free:
	kfree(v);
	kfree(cells);
	mutex_unlock(&md_bench_running);
	return ret;
}
