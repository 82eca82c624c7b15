// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the lab's command parser (memdemo-cmd.h).  Checks that
 * the parser never reads outside its input (ASan), returns only its
 * documented errors, and that an accepted command is self-consistent.
 */
#include <stdint.h>
#include <stdlib.h>

#include "kstrtoul.h"
#include "../../memdemo-cmd.h"
#include "lab-apis.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct md_cmd_limits lim = {
		.kmalloc_max = 4UL << 20, .lab_max = 64UL << 20, .max_order = 10,
		.api = md_test_api, .nr_apis = MD_TEST_NR_APIS,
	};
	struct md_cmd cmd;
	char *buf;
	int ret;

	/* An exact-size heap copy, so ASan catches any read past the end. */
	buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	ret = md_cmd_parse(buf, size, &lim, &cmd);
	free(buf);
	if (ret != 0 && ret != -EINVAL && ret != -E2BIG)
		abort();
	if (ret)
		return 0;
	if (size > MD_CMD_MAX)
		abort();
	if (cmd.op == MD_CMD_ALLOC) {
		const struct md_cmd_api *api = md_test_api(cmd.api);
		unsigned int base = cmd.gfp & MD_CMD_GFP_BASE;

		/* The allocator's row says what an accepted command may hold. */
		if (cmd.api >= MD_TEST_NR_APIS)
			abort();
		if (api->gfp && (!base || (base & (base - 1)) || (cmd.gfp & ~api->gfp)))
			abort();
		if (!api->gfp && cmd.gfp)
			abort();
		if (cmd.order > lim.max_order || (api->arg != MD_CMD_ARG_ORDER && cmd.order))
			abort();
		if (api->arg == MD_CMD_ARG_KSIZE && (!cmd.size || cmd.size > lim.kmalloc_max))
			abort();
		if (api->arg == MD_CMD_ARG_SIZE && (!cmd.size || cmd.size > lim.lab_max))
			abort();
		if ((api->arg == MD_CMD_ARG_NONE || api->arg == MD_CMD_ARG_ORDER) && cmd.size)
			abort();
	}
	return 0;
}
