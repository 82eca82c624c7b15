// SPDX-License-Identifier: GPL-2.0
/*
 * guest-insmod: load a kernel module with exactly one finit_module() call.
 *
 * busybox's insmod retries a failed finit_module() with init_module(), so a
 * module that refuses its parameters is called twice and logs its complaint
 * twice.  The guest tests want one attempt per insmod.  Freestanding (no
 * libc): built for each guest architecture by scripts/vm-run.sh.
 *
 * usage: guest-insmod FILE [param=value ...]
 */

#if defined(__x86_64__)
#define NR_write 1
#define NR_openat 257
#define NR_finit_module 313
#define NR_exit_group 231
static long sys3(long n, long a, long b, long c)
{
	long r;

	__asm__ volatile ("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c)
			  : "rcx", "r11", "memory");
	return r;
}
__asm__(".globl _start\n_start:\n\tmov %rsp, %rdi\n\tand $-16, %rsp\n\tcall cmain\n\thlt\n");
#elif defined(__i386__)
#define NR_write 4
#define NR_openat 295
#define NR_finit_module 350
#define NR_exit_group 252
static long sys3(long n, long a, long b, long c)
{
	long r;

	__asm__ volatile ("push %%ebx\n\tmov %2, %%ebx\n\tint $0x80\n\tpop %%ebx"
			  : "=a"(r) : "a"(n), "r"(a), "c"(b), "d"(c) : "memory");
	return r;
}
__asm__(".globl _start\n_start:\n\tmov %esp, %eax\n\tand $-16, %esp\n\tsub $12, %esp\n\tpush %eax\n\tcall cmain\n\thlt\n");
#elif defined(__aarch64__)
#define NR_write 64
#define NR_openat 56
#define NR_finit_module 273
#define NR_exit_group 94
static long sys3(long n, long a, long b, long c)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;

	__asm__ volatile ("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
	return x0;
}
__asm__(".globl _start\n_start:\n\tmov x0, sp\n\tbl cmain\n");
#else
#error "guest-insmod: unsupported architecture"
#endif

#define AT_FDCWD (-100)
#define O_RDONLY_CLOEXEC 02000000

static unsigned long len(const char *s)
{
	unsigned long n = 0;

	while (s[n])
		n++;
	return n;
}

static void put(const char *s)
{
	sys3(NR_write, 2, (long)s, (long)len(s));
}

static const char *errname(long e)
{
	switch (e) {
	case 1: return "Operation not permitted";
	case 2: return "No such file or directory";
	case 8: return "Exec format error";
	case 12: return "Cannot allocate memory";
	case 14: return "Bad address";
	case 16: return "Device or resource busy";
	case 17: return "File exists";
	case 19: return "No such device";
	case 22: return "Invalid argument";
	case 28: return "No space left on device";
	case 34: return "Numerical result out of range";
	case 61: return "No data available";
	case 129: return "Key was rejected by service";
	default: return "error";
	}
}

static char params[4096];

__attribute__((used)) void cmain(long *sp);
__attribute__((used)) void cmain(long *sp)
{
	long argc = sp[0];
	char **argv = (char **)(sp + 1);
	unsigned long n = 0;
	long fd, r, i;

	if (argc < 2) {
		put("usage: guest-insmod FILE [param=value ...]\n");
		sys3(NR_exit_group, 2, 0, 0);
	}
	for (i = 2; i < argc; i++) {
		const char *a = argv[i];

		while (*a && n < sizeof(params) - 2)
			params[n++] = *a++;
		if (i + 1 < argc)
			params[n++] = ' ';
	}
	params[n] = 0;
	fd = sys3(NR_openat, AT_FDCWD, (long)argv[1], O_RDONLY_CLOEXEC);
	r = fd < 0 ? fd : sys3(NR_finit_module, fd, (long)params, 0);
	if (r < 0) {
		put("insmod: can't insert '");
		put(argv[1]);
		put("': ");
		put(errname(-r));
		put("\n");
		sys3(NR_exit_group, 1, 0, 0);
	}
	sys3(NR_exit_group, 0, 0, 0);
}
