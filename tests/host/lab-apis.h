/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lab's allocators as the parser is given them (struct md_cmd_api, by
 * number): the .lab fields of memdemo.c's md_apis rows, taken from the
 * source by scripts/host-tests.sh into lab-apis.inc (one "{ word, argument,
 * gfp bits }," per allocator the lab offers), so that the unit test and the
 * fuzzer hold the parser to the module's own table and restate none of it.
 * The tests name allocators by their lab word only (md_test_api_of()); the
 * guest test 80-lab.sh holds the running module to the same grammar.
 */
#ifndef MEMDEMO_LAB_APIS_H
#define MEMDEMO_LAB_APIS_H

#include <stdio.h>
#include <stdlib.h>

static const struct md_cmd_api md_test_apis[] = {
#include "lab-apis.inc"
};

#define MD_TEST_NR_APIS	ARRAY_SIZE(md_test_apis)

static inline const struct md_cmd_api *md_test_api(unsigned int i)
{
	return &md_test_apis[i];
}

/* The number of the allocator whose lab word is WORD; exits when there is none. */
static inline unsigned int md_test_api_of(const char *word)
{
	unsigned int i;

	for (i = 0; i < MD_TEST_NR_APIS; i++)
		if (!strcmp(md_test_apis[i].name, word))
			return i;
	fprintf(stderr, "lab-apis.inc: memdemo.c's rows offer no \"%s\" in the lab\n", word);
	exit(2);
}

#endif /* MEMDEMO_LAB_APIS_H */
