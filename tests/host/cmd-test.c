// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test of the lab's command parser (memdemo-cmd.h), built for the host.
 * Prints TAP; exits non-zero on any failure.
 */
#include <stdio.h>
#include <string.h>

#include "kstrtoul.h"
#include "../../memdemo-cmd.h"
#include "lab-apis.h"

static const struct md_cmd_limits lim = {
	.kmalloc_max = 4UL << 20, .lab_max = 64UL << 20, .max_order = 10,
	.api = md_test_api, .nr_apis = MD_TEST_NR_APIS,
};
static int n, failed;

static void expect(const char *in, int want, const struct md_cmd *want_cmd)
{
	struct md_cmd cmd;
	int got = md_cmd_parse(in, strlen(in), &lim, &cmd);
	int ok = got == want;

	if (ok && !want && want_cmd)
		ok = cmd.op == want_cmd->op && cmd.api == want_cmd->api &&
		     cmd.size == want_cmd->size && cmd.order == want_cmd->order &&
		     cmd.gfp == want_cmd->gfp && cmd.id == want_cmd->id &&
		     cmd.loops == want_cmd->loops;
	n++;
	if (!ok)
		failed++;
	printf("%sok %d - \"%s\" -> %d%s\n", ok ? "" : "not ", n, in, got,
	       ok ? "" : " (unexpected)");
}

#define CMD(...) (&(struct md_cmd){ __VA_ARGS__ })

int main(void)
{
	char big[300];

	/* Accepted, with the command they mean. */
	expect("alloc kmalloc 100", 0, CMD(.op = MD_CMD_ALLOC, .api = md_test_api_of("kmalloc"),
					   .size = 100, .gfp = MD_CMD_GFP_KERNEL));
	expect("alloc kmalloc 4K\n", 0, CMD(.op = MD_CMD_ALLOC, .api = md_test_api_of("kmalloc"),
					    .size = 4096, .gfp = MD_CMD_GFP_KERNEL));
	expect("alloc vmalloc 1M", 0, CMD(.op = MD_CMD_ALLOC, .api = md_test_api_of("vmalloc"),
					  .size = 1 << 20));
	expect("alloc kzalloc 0x40 gfp=GFP_ATOMIC|__GFP_DMA", 0,
	       CMD(.op = MD_CMD_ALLOC, .api = md_test_api_of("kzalloc"), .size = 64,
		   .gfp = MD_CMD_GFP_ATOMIC | MD_CMD_GFP_DMA));
	expect("alloc pages order=3 gfp=GFP_KERNEL|__GFP_HIGHMEM", 0,
	       CMD(.op = MD_CMD_ALLOC, .api = md_test_api_of("pages"), .order = 3,
		   .gfp = MD_CMD_GFP_KERNEL | MD_CMD_GFP_HIGHMEM));
	expect("alloc get_free_pages order=10", 0,
	       CMD(.op = MD_CMD_ALLOC, .api = md_test_api_of("get_free_pages"), .order = 10,
		   .gfp = MD_CMD_GFP_KERNEL));
	expect("alloc kmem_cache", 0, CMD(.op = MD_CMD_ALLOC, .api = md_test_api_of("kmem_cache"),
					  .gfp = MD_CMD_GFP_KERNEL));
	expect("alloc kvmalloc 8M gfp=GFP_KERNEL|__GFP_NORETRY", 0,
	       CMD(.op = MD_CMD_ALLOC, .api = md_test_api_of("kvmalloc"), .size = 8 << 20,
		   .gfp = MD_CMD_GFP_KERNEL | MD_CMD_GFP_NORETRY));
	expect("  alloc   kmalloc   8  ", 0, CMD(.op = MD_CMD_ALLOC, .api = md_test_api_of("kmalloc"),
					      .size = 8, .gfp = MD_CMD_GFP_KERNEL));
	expect("free 12", 0, CMD(.op = MD_CMD_FREE, .id = 12));
	expect("free all\n", 0, CMD(.op = MD_CMD_FREE_ALL));
	expect("bench", 0, CMD(.op = MD_CMD_BENCH));
	expect("bench loop", 0, CMD(.op = MD_CMD_BENCH_LOOP, .loops = MD_CMD_LOOPS_DEFAULT));
	expect("bench loop\n", 0, CMD(.op = MD_CMD_BENCH_LOOP, .loops = MD_CMD_LOOPS_DEFAULT));
	expect("bench loop 4096", 0, CMD(.op = MD_CMD_BENCH_LOOP, .loops = 4096));
	expect("bench loop 1\n", 0, CMD(.op = MD_CMD_BENCH_LOOP, .loops = 1));
	expect("bench loop 1000000", 0, CMD(.op = MD_CMD_BENCH_LOOP, .loops = MD_CMD_LOOPS_MAX));
	expect("bench loop 1000001", -E2BIG, NULL);
	expect("bench loop 0", -EINVAL, NULL);
	expect("bench loop -1", -EINVAL, NULL);
	expect("bench loop 4K", -EINVAL, NULL);
	expect("bench loop 10 10", -EINVAL, NULL);
	expect("bench loop loop", -EINVAL, NULL);
	expect("bench loops", -EINVAL, NULL);
	expect("fragment order=10", 0, CMD(.op = MD_CMD_FRAGMENT, .order = 10));
	expect("fragment order=1\n", 0, CMD(.op = MD_CMD_FRAGMENT, .order = 1));
	expect("fragment order=0", -EINVAL, NULL);
	expect("fragment", -EINVAL, NULL);
	expect("fragment 10", -EINVAL, NULL);
	expect("fragment order=", -EINVAL, NULL);
	expect("fragment order=3 gfp=GFP_KERNEL", -EINVAL, NULL);
	expect("fragment order=11", -E2BIG, NULL);

	/* Syntax: -EINVAL. */
	expect("", -EINVAL, NULL);
	expect("\n", -EINVAL, NULL);
	expect("alloc", -EINVAL, NULL);
	expect("alloc kmalloc", -EINVAL, NULL);
	expect("alloc kmalloc 0", -EINVAL, NULL);
	expect("alloc kmalloc -1", -EINVAL, NULL);
	expect("alloc kmalloc +5", -EINVAL, NULL);
	expect("alloc kmalloc 12x", -EINVAL, NULL);
	expect("alloc kmalloc 1G", -EINVAL, NULL);
	expect("alloc kmalloc 100 extra", -EINVAL, NULL);
	expect("alloc kmalloc 100 gfp=", -EINVAL, NULL);
	expect("alloc kmalloc 100 gfp=GFP_KERNEL|", -EINVAL, NULL);
	expect("alloc kmalloc 100 gfp=GFP_KERNEL|GFP_ATOMIC", -EINVAL, NULL);
	expect("alloc kmalloc 100 gfp=GFP_KERNEL|GFP_KERNEL", -EINVAL, NULL);
	expect("alloc kmalloc 100 gfp=__GFP_DMA32", -EINVAL, NULL);
	expect("alloc kmalloc 100 gfp=__GFP_HIGHMEM", -EINVAL, NULL);
	expect("alloc kmem_cache gfp=__GFP_DMA", -EINVAL, NULL);
	expect("alloc kmem_cache 100", -EINVAL, NULL);
	expect("alloc vmalloc 4096 gfp=GFP_KERNEL", -EINVAL, NULL);
	expect("alloc kvmalloc 4096 gfp=__GFP_DMA", -EINVAL, NULL);
	expect("alloc get_free_pages order=1 gfp=__GFP_HIGHMEM", -EINVAL, NULL);
	expect("alloc pages order=1 gfp=__GFP_DMA|__GFP_DMA32", -EINVAL, NULL);
	expect("alloc pages 4096", -EINVAL, NULL);
	expect("alloc pages order=", -EINVAL, NULL);
	expect("alloc pages order=-1", -EINVAL, NULL);
	expect("alloc malloc 100", -EINVAL, NULL);
	expect("free", -EINVAL, NULL);
	expect("free x", -EINVAL, NULL);
	expect("free 1 2", -EINVAL, NULL);
	expect("free all now", -EINVAL, NULL);
	expect("bench now", -EINVAL, NULL);
	expect("alloc kmalloc\t100", -EINVAL, NULL);
	expect("alloc kmalloc 100\n\n", -EINVAL, NULL);
	expect("ALLOC kmalloc 100", -EINVAL, NULL);
	expect("alloc kmalloc 99999999999999999999999", -EINVAL, NULL);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	expect(big, -EINVAL, NULL);

	/* Beyond an interface's limit: -E2BIG. */
	expect("alloc kmalloc 5M", -E2BIG, NULL);
	expect("alloc kzalloc 4194305", -E2BIG, NULL);
	expect("alloc vmalloc 65M", -E2BIG, NULL);
	expect("alloc kvmalloc 128M", -E2BIG, NULL);
	expect("alloc pages order=11", -E2BIG, NULL);
	expect("alloc kmalloc 18014398509481983M", -E2BIG, NULL);

	{
		/* An embedded NUL ends nothing: the parser sees every byte. */
		static const char nul[] = "alloc kmalloc 1\0 00";
		struct md_cmd cmd;
		int got = md_cmd_parse(nul, sizeof(nul) - 1, &lim, &cmd);

		n++;
		failed += got != -EINVAL;
		printf("%sok %d - embedded NUL -> %d\n", got == -EINVAL ? "" : "not ", n, got);
	}

	printf("%d passed, %d failed, on the %u allocators memdemo.h offers the lab\n",
	       n - failed, failed, md_test_nr_offered());
	return failed ? 1 : 0;
}
