/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's kstrtoul() semantics for the user-space builds of the lab's
 * command parser: whole string, optional leading '+', one optional trailing
 * newline, base 0 meaning 0x/0 prefixes; -EINVAL or -ERANGE otherwise.
 */
#ifndef MEMDEMO_TEST_KSTRTOUL_H
#define MEMDEMO_TEST_KSTRTOUL_H

#include <errno.h>
#include <limits.h>

int kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	unsigned long v = 0, d;
	int any = 0;

	if (*s == '+')
		s++;
	if (base == 0) {
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
		    ((s[2] >= '0' && s[2] <= '9') || ((s[2] | 0x20) >= 'a' && (s[2] | 0x20) <= 'f'))) {
			base = 16;
			s += 2;
		} else if (s[0] == '0') {
			base = 8;
		} else {
			base = 10;
		}
	}
	for (; *s && *s != '\n'; s++) {
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z')
			d = (*s | 0x20) - 'a' + 10;
		else
			return -EINVAL;
		if (d >= base)
			return -EINVAL;
		if (v > (ULONG_MAX - d) / base)
			return -ERANGE;
		v = v * base + d;
		any = 1;
	}
	if (!any || (*s == '\n' && s[1]))
		return -EINVAL;
	*res = v;
	return 0;
}

#endif
