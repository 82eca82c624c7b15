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
 * Prints "injected=0|1 remaining=R result=ok|refused" on stdout and, for a
 * refused load, "finit_module: <error text>" after it (perror: <errno.h>
 * needs the kernel's asm headers, which an amd64 host's gcc -m32 lacks; for
 * the same reason the system call numbers are spelled out here).
 * Exit status: 0 loaded, 1 refused, 2 usage or setup error.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__x86_64__)
#define NR_finit_module 313
#elif defined(__i386__)
#define NR_finit_module 350
#elif defined(__aarch64__)
#define NR_finit_module 273
#else
#error "fail-nth-load: unsupported architecture"
#endif

int main(int argc, char **argv)
{
	char params[4096] = "", nbuf[32], rbuf[32];
	unsigned long n;
	size_t used = 0;
	ssize_t r;
	char *end;
	long rc;
	int fd, fn, i;

	if (argc < 3) {
		fprintf(stderr, "usage: %s N FILE [param=value ...]\n", argv[0]);
		return 2;
	}
	n = strtoul(argv[1], &end, 10);
	if (*end || n == 0 || n > 0x7fffffffUL) {
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
		perror(argv[2]);
		return 2;
	}
	fn = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	if (fn < 0) {
		perror("/proc/thread-self/fail-nth");
		return 2;
	}
	snprintf(nbuf, sizeof(nbuf), "%lu", n);

	/* Nothing but the one system call between arming and reading back. */
	if (write(fn, nbuf, strlen(nbuf)) < 0) {
		perror("writing fail-nth");
		return 2;
	}
	rc = syscall(NR_finit_module, fd, params, 0);
	/* pread and write leave errno alone when they succeed. */
	r = pread(fn, rbuf, sizeof(rbuf) - 1, 0);
	if (r <= 0 || write(fn, "0", 1) < 0) {
		perror("reading back fail-nth");
		return 2;
	}
	rbuf[r] = '\0';
	printf("injected=%d remaining=%lu result=%s\n", atol(rbuf) == 0,
	       strtoul(rbuf, NULL, 10), rc == 0 ? "ok" : "refused");
	if (rc == 0)
		return 0;
	fflush(stdout);
	perror("finit_module");
	return 1;
}
