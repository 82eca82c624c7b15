// SPDX-License-Identifier: GPL-2.0
/*
 * memdemo: the [sites] census: the kmalloc cache each of 128 call sites gets.
 *
 * Where the kernel keeps copies of each kmalloc cache, kmalloc_type() in
 * include/linux/slab.h picks one of 16 caches per call: the plain
 * kmalloc-<size> or a copy NN from 01 to 15.  With RANDOM_KMALLOC_CACHES
 * (6.6 to 7.1, kmalloc-rnd-NN-<size>) it hashes the caller's address
 * (_RET_IP_) with a seed drawn at boot; with KMALLOC_PARTITION_CACHES'
 * random mode (7.2 on, kmalloc-part-NN-<size>) the address of the kmalloc
 * call itself (_CODE_LOCATION_); its typed mode picks by the type
 * allocated instead, the same for every site here.  So, hashed, one call
 * site in sixteen lands in the plain cache, and memdemo's own rows, a
 * handful of call sites, show it only in some boots.  Here 128 call sites,
 * a function each, take one small kmalloc block apiece at load and keep it
 * until unload: the census shows how the sites spread over the caches,
 * and the chance that none lands in the plain cache is (15/16)^128, under
 * 1 in 3800.  Each site writes its own number into its block, so that no
 * two site functions are alike and the compiler cannot fold them into one
 * (GCC's identical code folding, -fipa-icf, is on at -O2).  On kernels
 * with one cache per size every site gets it.
 *
 * [sites] prints one line per site: its function (take=, as SLUB's owner
 * tracks name the caller), the cache that holds its block, found on the
 * slab as md-record.c finds any kmalloc block's, and whether KFENCE
 * sampled the block (its objects have no SLUB owner track).
 *
 * A part of memdemo.c, built into its one translation unit.
 */

/* ---- The call sites' census ------------------------------------------- */

#define MD_NR_SITES	128
#define MD_SITE_SIZE	64

/*
 * The size is hidden from the compiler: up to 7.1, kmalloc() of a constant
 * size picks its cache inline, with _RET_IP_ (include/linux/slab.h), the
 * return address of the function it is written in, which for all 128
 * sites would be the one call in md_sites_take()'s loop; of a size it
 * cannot see, kmalloc() calls __kmalloc(), whose _RET_IP_ is in the site.
 */
#define MD_SITE(n)							\
	static noinline void *md_site_##n(size_t size)			\
	{								\
		u8 *p;							\
									\
		OPTIMIZER_HIDE_VAR(size);				\
		p = kmalloc(size, GFP_KERNEL);				\
		if (p)							\
			*p = n;						\
		return md_in_stack(p);					\
	}
/* The sites, md_site_0 to md_site_127. */
MD_SITE(0) MD_SITE(1) MD_SITE(2) MD_SITE(3) MD_SITE(4) MD_SITE(5) MD_SITE(6)
MD_SITE(7) MD_SITE(8) MD_SITE(9) MD_SITE(10) MD_SITE(11) MD_SITE(12) MD_SITE(13)
MD_SITE(14) MD_SITE(15) MD_SITE(16) MD_SITE(17) MD_SITE(18) MD_SITE(19) MD_SITE(20)
MD_SITE(21) MD_SITE(22) MD_SITE(23) MD_SITE(24) MD_SITE(25) MD_SITE(26) MD_SITE(27)
MD_SITE(28) MD_SITE(29) MD_SITE(30) MD_SITE(31) MD_SITE(32) MD_SITE(33) MD_SITE(34)
MD_SITE(35) MD_SITE(36) MD_SITE(37) MD_SITE(38) MD_SITE(39) MD_SITE(40) MD_SITE(41)
MD_SITE(42) MD_SITE(43) MD_SITE(44) MD_SITE(45) MD_SITE(46) MD_SITE(47) MD_SITE(48)
MD_SITE(49) MD_SITE(50) MD_SITE(51) MD_SITE(52) MD_SITE(53) MD_SITE(54) MD_SITE(55)
MD_SITE(56) MD_SITE(57) MD_SITE(58) MD_SITE(59) MD_SITE(60) MD_SITE(61) MD_SITE(62)
MD_SITE(63) MD_SITE(64) MD_SITE(65) MD_SITE(66) MD_SITE(67) MD_SITE(68) MD_SITE(69)
MD_SITE(70) MD_SITE(71) MD_SITE(72) MD_SITE(73) MD_SITE(74) MD_SITE(75) MD_SITE(76)
MD_SITE(77) MD_SITE(78) MD_SITE(79) MD_SITE(80) MD_SITE(81) MD_SITE(82) MD_SITE(83)
MD_SITE(84) MD_SITE(85) MD_SITE(86) MD_SITE(87) MD_SITE(88) MD_SITE(89) MD_SITE(90)
MD_SITE(91) MD_SITE(92) MD_SITE(93) MD_SITE(94) MD_SITE(95) MD_SITE(96) MD_SITE(97)
MD_SITE(98) MD_SITE(99) MD_SITE(100) MD_SITE(101) MD_SITE(102) MD_SITE(103) MD_SITE(104)
MD_SITE(105) MD_SITE(106) MD_SITE(107) MD_SITE(108) MD_SITE(109) MD_SITE(110) MD_SITE(111)
MD_SITE(112) MD_SITE(113) MD_SITE(114) MD_SITE(115) MD_SITE(116) MD_SITE(117) MD_SITE(118)
MD_SITE(119) MD_SITE(120) MD_SITE(121) MD_SITE(122) MD_SITE(123) MD_SITE(124) MD_SITE(125)
MD_SITE(126) MD_SITE(127)

static void *(* const md_site_takes[MD_NR_SITES])(size_t size) = {
	md_site_0, md_site_1, md_site_2, md_site_3, md_site_4, md_site_5, md_site_6,
	md_site_7, md_site_8, md_site_9, md_site_10, md_site_11, md_site_12, md_site_13,
	md_site_14, md_site_15, md_site_16, md_site_17, md_site_18, md_site_19, md_site_20,
	md_site_21, md_site_22, md_site_23, md_site_24, md_site_25, md_site_26, md_site_27,
	md_site_28, md_site_29, md_site_30, md_site_31, md_site_32, md_site_33, md_site_34,
	md_site_35, md_site_36, md_site_37, md_site_38, md_site_39, md_site_40, md_site_41,
	md_site_42, md_site_43, md_site_44, md_site_45, md_site_46, md_site_47, md_site_48,
	md_site_49, md_site_50, md_site_51, md_site_52, md_site_53, md_site_54, md_site_55,
	md_site_56, md_site_57, md_site_58, md_site_59, md_site_60, md_site_61, md_site_62,
	md_site_63, md_site_64, md_site_65, md_site_66, md_site_67, md_site_68, md_site_69,
	md_site_70, md_site_71, md_site_72, md_site_73, md_site_74, md_site_75, md_site_76,
	md_site_77, md_site_78, md_site_79, md_site_80, md_site_81, md_site_82, md_site_83,
	md_site_84, md_site_85, md_site_86, md_site_87, md_site_88, md_site_89, md_site_90,
	md_site_91, md_site_92, md_site_93, md_site_94, md_site_95, md_site_96, md_site_97,
	md_site_98, md_site_99, md_site_100, md_site_101, md_site_102, md_site_103, md_site_104,
	md_site_105, md_site_106, md_site_107, md_site_108, md_site_109, md_site_110, md_site_111,
	md_site_112, md_site_113, md_site_114, md_site_115, md_site_116, md_site_117, md_site_118,
	md_site_119, md_site_120, md_site_121, md_site_122, md_site_123, md_site_124, md_site_125,
	md_site_126, md_site_127,
};

static struct {
	void *block;
	bool kfence;		/* KFENCE sampled it: no SLUB owner track */
	char cache[32];
} md_sites[MD_NR_SITES];

/* Each site's block, and the cache that holds it; a failed one is left out. */
static void md_sites_take(void)
{
	unsigned int i;

	for (i = 0; i < MD_NR_SITES; i++) {
		md_sites[i].block = md_site_takes[i](MD_SITE_SIZE);
		if (!md_sites[i].block)
			continue;
		md_sites[i].kfence = is_kfence_address(md_sites[i].block);
		md_kmalloc_cache_of(md_sites[i].block, md_sites[i].cache,
				    sizeof(md_sites[i].cache));
	}
}

static void md_sites_release(void)
{
	unsigned int i;

	for (i = 0; i < MD_NR_SITES; i++) {
		kfree(md_sites[i].block);
		md_sites[i].block = NULL;
	}
}

/* @real: false hides a cache's copy number, as md-format.c does. */
static void md_sites_show(struct seq_file *m, bool real)
{
	char cache[sizeof(md_sites[0].cache) + 8];
	unsigned int i;

	seq_puts(m, "[sites]\n");
	for (i = 0; i < MD_NR_SITES; i++)
		if (md_sites[i].block)
			seq_printf(m, "site take=%ps size=%d cache=%s kfence=%d\n",
				   md_site_takes[i], MD_SITE_SIZE,
				   md_cache_shown(md_sites[i].cache, real, cache, sizeof(cache)),
				   md_sites[i].kfence);
}
