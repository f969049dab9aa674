/* The PMU cycle counter; see pmu.h. */
#include "arch/arm/pmu.h"

#include <errno.h>

static uint32_t counts_per_insn;
static int present;

uint32_t pmu_cycles(void)
{
	uint32_t c;
	__asm__ volatile("mrc p15, 0, %0, c9, c13, 0" : "=r"(c));
	return c;
}

/* Two reads with nothing between, and two with 64 NOPs between: under
 * icount the difference of the differences is 64 instructions' worth of
 * counts.  Both blocks are asm so the compiler cannot reorder or pad them. */
static uint32_t span(int with_nops)
{
	uint32_t a, b;
	if (with_nops)
		__asm__ volatile("mrc p15, 0, %0, c9, c13, 0\n\t"
				 ".rept 64\n\tnop\n\t.endr\n\t"
				 "mrc p15, 0, %1, c9, c13, 0"
				 : "=&r"(a), "=r"(b));
	else
		__asm__ volatile("mrc p15, 0, %0, c9, c13, 0\n\t"
				 "mrc p15, 0, %1, c9, c13, 0"
				 : "=&r"(a), "=r"(b));
	return b - a;
}

int pmu_init(void)
{
	uint32_t dfr0;
	__asm__ volatile("mrc p15, 0, %0, c0, c1, 2" : "=r"(dfr0));
	uint32_t perfmon = (dfr0 >> 24) & 0xfu;
	if (perfmon == 0u || perfmon == 0xfu)
		return -ENODEV;
	/* PMCR: E (enable all) | C (reset the cycle counter); D = 0, so one
	 * count per cycle, not per 64.  PMCNTENSET bit 31: the cycle counter. */
	__asm__ volatile("mcr p15, 0, %0, c9, c12, 0" :: "r"(0x5u));
	__asm__ volatile("mcr p15, 0, %0, c9, c12, 1" :: "r"(1u << 31));
	__asm__ volatile("isb");
	present = 1;
	uint32_t d0 = span(0), d64 = span(1);
	/* Exact multiples of 64 and a stable base mean icount; anything else
	 * (host-clock timing) is not an instruction count. */
	uint32_t d0b = span(0), d64b = span(1);
	if (d64 > d0 && (d64 - d0) % 64u == 0 && d0 == d0b && d64 == d64b)
		counts_per_insn = (d64 - d0) / 64u;
	return 0;
}

uint32_t pmu_counts_per_insn(void)
{
	return present ? counts_per_insn : 0;
}

uint32_t pmu_insns(uint32_t a, uint32_t b)
{
	return counts_per_insn ? (b - a) / counts_per_insn : 0;
}
