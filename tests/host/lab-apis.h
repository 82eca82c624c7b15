/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host tests' own table of the lab's allocators, as the parser is given
 * it (struct md_cmd_api, by number): the words, arguments and gfp bits
 * memdemo.c's md_apis rows offer, restated here as the fixture the unit
 * test and the fuzzer hold the parser to.  The guest test 80-lab.sh holds
 * the module's real table to the same grammar.
 */
#ifndef MEMDEMO_LAB_APIS_H
#define MEMDEMO_LAB_APIS_H

enum { MD_API_KMALLOC, MD_API_KZALLOC, MD_API_CACHE, MD_API_FREE_PAGES, MD_API_ALLOC_PAGES,
	MD_API_VMALLOC, MD_API_VZALLOC, MD_API_KVMALLOC, MD_API_COUNT };

static const struct md_cmd_api md_test_apis[MD_API_COUNT] = {
	[MD_API_KMALLOC] = { "kmalloc", MD_CMD_ARG_KSIZE, MD_CMD_GFP_SLAB },
	[MD_API_KZALLOC] = { "kzalloc", MD_CMD_ARG_KSIZE, MD_CMD_GFP_SLAB },
	[MD_API_CACHE] = { "kmem_cache", MD_CMD_ARG_NONE, MD_CMD_GFP_NOZONE },
	[MD_API_FREE_PAGES] = { "get_free_pages", MD_CMD_ARG_ORDER, MD_CMD_GFP_LOWMEM },
	[MD_API_ALLOC_PAGES] = { "pages", MD_CMD_ARG_ORDER, MD_CMD_GFP_ALL },
	[MD_API_VMALLOC] = { "vmalloc", MD_CMD_ARG_SIZE },
	[MD_API_VZALLOC] = { "vzalloc", MD_CMD_ARG_SIZE },
	[MD_API_KVMALLOC] = { "kvmalloc", MD_CMD_ARG_SIZE, MD_CMD_GFP_NOZONE },
};

static inline const struct md_cmd_api *md_test_api(unsigned int i)
{
	return &md_test_apis[i];
}

#endif /* MEMDEMO_LAB_APIS_H */
