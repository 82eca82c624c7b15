// SPDX-License-Identifier: GPL-2.0
/*
 * fail-nth-load: load a kernel module with the Nth fault-injectable call of
 * the loading task failing, the way Documentation/fault-injection/
 * fault-injection.rst ("Systematic faults using fail-nth") does it: write N
 * to this thread's fail-nth, make the one system call (finit_module, once,
 * like guest-insmod), read fail-nth back, then write 0 to disarm it.
 *
 * Reading back in the same task is what tells whether the fault was
 * injected: 0 means it was; a positive value R means the call made only
 * N - R injectable calls, so nothing failed.  The module file is opened
 * before N is written, so every counted call is inside finit_module: the
 * module loader, the module's init, and what the loader does after init.
 *
 * Needs CONFIG_FAULT_INJECTION and failslab / fail_page_alloc set up in
 * debugfs (tests/guest/90-faults.sh does that).  Built static for the guest
 * by scripts/vm-run.sh, into /usr/bin.
 *
 * usage: fail-nth-load N FILE [param=value ...]
 * Prints one line: "injected=0|1 remaining=R result=ok|ERRNO-NAME"
 * Exit status: 0 loaded, 1 refused, 2 usage or setup error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char params[4096] = "", nbuf[32], rbuf[32];
	unsigned long n;
	size_t used = 0;
	ssize_t r;
	char *end;
	int fd, fn, i, rc, err;

	if (argc < 3) {
		fprintf(stderr, "usage: %s N FILE [param=value ...]\n", argv[0]);
		return 2;
	}
	errno = 0;
	n = strtoul(argv[1], &end, 10);
	if (errno || *end || n == 0 || n > 0x7fffffffUL) {
		fprintf(stderr, "%s: N must be 1..2147483647\n", argv[0]);
		return 2;
	}
	for (i = 3; i < argc; i++) {
		size_t len = strlen(argv[i]);

		if (used + len + 2 > sizeof(params)) {
			fprintf(stderr, "%s: parameters too long\n", argv[0]);
			return 2;
		}
		if (used)
			params[used++] = ' ';
		memcpy(params + used, argv[i], len + 1);
		used += len;
	}
	fd = open(argv[2], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "%s: %s: %s\n", argv[0], argv[2], strerror(errno));
		return 2;
	}
	fn = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	if (fn < 0) {
		fprintf(stderr, "%s: /proc/thread-self/fail-nth: %s\n", argv[0], strerror(errno));
		return 2;
	}
	snprintf(nbuf, sizeof(nbuf), "%lu", n);

	/* Nothing but the one system call between arming and reading back. */
	if (write(fn, nbuf, strlen(nbuf)) < 0) {
		fprintf(stderr, "%s: writing fail-nth: %s\n", argv[0], strerror(errno));
		return 2;
	}
	rc = syscall(SYS_finit_module, fd, params, 0);
	err = errno;
	r = pread(fn, rbuf, sizeof(rbuf) - 1, 0);
	if (write(fn, "0", 1) < 0 || r <= 0) {
		fprintf(stderr, "%s: reading back fail-nth: %s\n", argv[0], strerror(errno));
		return 2;
	}
	rbuf[r] = '\0';
	printf("injected=%d remaining=%lu result=%s\n", atol(rbuf) == 0,
	       strtoul(rbuf, NULL, 10), rc == 0 ? "ok" : strerrorname_np(err));
	return rc == 0 ? 0 : 1;
}
