/*
 * pmu.h — the ARMv7 PMU cycle counter (PMCCNTR), for measuring code.
 *
 * pmu_init() enables PMCCNTR when the CPU has a PMU (ID_DFR0.PerfMon) and
 * returns -ENODEV otherwise: QEMU 7.2 gives cortex-a15 a PMU but not
 * cortex-a8/a9, where touching the PMU registers would be undefined.
 *
 * Under -icount shift=N QEMU derives the counter from virtual time, one
 * count per nanosecond, i.e. 2^N counts per instruction.  pmu_init() measures
 * that ratio itself (a block of known length between two reads), so
 * pmu_insns() turns a count difference into instructions without being told
 * the shift.  Without -icount the counter follows the host clock and the
 * figures are not instruction counts (pmu_counts_per_insn() says 0 then).
 */
#ifndef KOI_PMU_H
#define KOI_PMU_H

#include <stdint.h>

/**
 * Starts the cycle counter.
 * @return 0 with the counter running
 * @retval -ENODEV  no PMU
 */
int pmu_init(void);
/**
 * The raw 32-bit counter.
 * @return its value (wraps after 4.3 s of virtual time)
 */
uint32_t pmu_cycles(void);
/**
 * Counts per instruction found by pmu_init().
 * @return 2^shift; 0 if the counter is not proportional to instructions
 *         (no -icount) or there is no PMU
 */
uint32_t pmu_counts_per_insn(void);
/**
 * Instructions in a count difference.
 * @param a  the earlier pmu_cycles()
 * @param b  the later one
 * @return instructions in b - a (modulo 2^32)
 */
uint32_t pmu_insns(uint32_t a, uint32_t b);

#endif /* KOI_PMU_H */
