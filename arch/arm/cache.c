/* Cache maintenance by MVA and by set/way (ARMv7, CP15 c7). */
#include "arch/arm/cache.h"

uint32_t cache_line_size(void)
{
	uint32_t ctr;
	__asm__ volatile("mrc p15, 0, %0, c0, c0, 1" : "=r"(ctr));
	return 4u << ((ctr >> 16) & 0xfu);
}

#define CACHE_OP(name, crm, opc2)                                            \
	static inline void name(uintptr_t a)                                  \
	{                                                                     \
		__asm__ volatile("mcr p15, 0, %0, c7, " #crm ", " #opc2       \
				 :: "r"(a) : "memory");                       \
	}
CACHE_OP(dccmvac, c10, 1)   /* clean to PoC */
CACHE_OP(dcimvac, c6, 1)    /* invalidate to PoC */
CACHE_OP(dccimvac, c14, 1)  /* clean and invalidate to PoC */

void cache_clean_range(const void *p, size_t n)
{
	uintptr_t line = cache_line_size();
	uintptr_t a = (uintptr_t)p & ~(line - 1u), end = (uintptr_t)p + n;
	for (; a < end; a += line)
		dccmvac(a);
	__asm__ volatile("dsb" ::: "memory");
}

void cache_flush_range(const void *p, size_t n)
{
	uintptr_t line = cache_line_size();
	uintptr_t a = (uintptr_t)p & ~(line - 1u), end = (uintptr_t)p + n;
	for (; a < end; a += line)
		dccimvac(a);
	__asm__ volatile("dsb" ::: "memory");
}

void cache_invalidate_range(void *p, size_t n)
{
	uintptr_t line = cache_line_size();
	uintptr_t start = (uintptr_t)p, end = start + n;
	uintptr_t a = start & ~(line - 1u);
	if (n == 0)
		return;
	/* Partial lines also hold someone else's data: write them back. */
	if (a != start)
		dccimvac(a);
	if (end & (line - 1u))
		dccimvac(end & ~(line - 1u));
	for (; a < end; a += line)
		if (a >= start && a + line <= end)
			dcimvac(a);
	__asm__ volatile("dsb" ::: "memory");
}

/*
 * Cores whose L1 and L2 data caches are invalidated by the hardware at
 * reset (their TRMs: "it is not necessary for software to invalidate the
 * caches on start-up"): Cortex-A7, A12, A15, A17.  On those a set/way pass
 * only spends time (on cortex-a15, 2304 sets x 16 ways of L2: ~190k
 * instructions at every boot).  Cortex-A8 and A9, and any core not known,
 * get the full pass the architecture requires before the caches are used.
 */
static int dcache_clean_at_reset(void)
{
	uint32_t midr;
	__asm__ volatile("mrc p15, 0, %0, c0, c0, 0" : "=r"(midr));
	uint32_t part = (midr >> 4) & 0xfffu;
	return (midr >> 24) == 0x41u &&
	       (part == 0xc07u || part == 0xc0du || part == 0xc0eu || part == 0xc0fu);
}

void cache_invalidate_all(void)
{
	uint32_t clidr;
	__asm__ volatile("mrc p15, 1, %0, c0, c0, 1" : "=r"(clidr));
	uint32_t loc = dcache_clean_at_reset() ? 0u : (clidr >> 24) & 7u;
	for (uint32_t level = 0; level < loc; level++) {
		uint32_t ctype = (clidr >> (level * 3u)) & 7u;
		if (ctype < 2)
			continue; /* no cache, or instruction only */
		uint32_t ccsidr;
		__asm__ volatile("mcr p15, 2, %1, c0, c0, 0\n\tisb\n\t"
				 "mrc p15, 1, %0, c0, c0, 0"
				 : "=r"(ccsidr) : "r"(level << 1));
		uint32_t log2_line = (ccsidr & 7u) + 4u;
		uint32_t ways = ((ccsidr >> 3) & 0x3ffu) + 1u;
		uint32_t sets = ((ccsidr >> 13) & 0x7fffu) + 1u;
		uint32_t way_shift = (uint32_t)__builtin_clz(ways - 1u);
		for (uint32_t w = 0; w < ways; w++)
			for (uint32_t s = 0; s < sets; s++) {
				uint32_t sw = (level << 1) | (s << log2_line) |
					      (ways > 1 ? w << way_shift : 0);
				__asm__ volatile("mcr p15, 0, %0, c7, c6, 2" :: "r"(sw));
			}
	}
	/* I-cache and branch predictor. */
	__asm__ volatile("mcr p15, 0, %0, c7, c5, 0\n\t"
			 "mcr p15, 0, %0, c7, c5, 6\n\tdsb\n\tisb" :: "r"(0) : "memory");
}
