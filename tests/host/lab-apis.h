/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lab's allocators as the parser is given them (struct md_cmd_api, by
 * number): memdemo.h's md_lab_offers, included as the module includes it,
 * so that the unit test and the fuzzer hold the parser to the module's own
 * offers and restate none of them.  The tests name allocators by their lab
 * word only (md_test_api_of()); the guest test 80-lab.sh holds the running
 * module to the same grammar.
 */
#ifndef MEMDEMO_LAB_APIS_H
#define MEMDEMO_LAB_APIS_H

#include <stdio.h>
#include <stdlib.h>

#include "memdemo.h"

#define md_test_apis	md_lab_offers
#define MD_TEST_NR_APIS	ARRAY_SIZE(md_lab_offers)

static inline const struct md_cmd_api *md_test_api(unsigned int i)
{
	return &md_test_apis[i];
}

/* How many allocators the lab offers: those with a word. */
static inline unsigned int md_test_nr_offered(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < MD_TEST_NR_APIS; i++)
		n += md_test_apis[i].name != NULL;
	return n;
}

/* The number of the allocator whose lab word is WORD; exits when there is none. */
static inline unsigned int md_test_api_of(const char *word)
{
	unsigned int i;

	for (i = 0; i < MD_TEST_NR_APIS; i++)
		if (md_test_apis[i].name && !strcmp(md_test_apis[i].name, word))
			return i;
	fprintf(stderr, "memdemo.h's md_lab_offers offer no \"%s\" in the lab\n", word);
	exit(2);
}

#endif /* MEMDEMO_LAB_APIS_H */
