/*
 * ARM Generic Interrupt Controller, architecture version 1 (IHI0048A; the
 * Cortex-A9 MPCore's, DDI0407 chapter 3) — the register map of the
 * firmware's driver (drivers/gic.c) and its host test.  Names are GIC v1's
 * (ICD* distributor, ICC* CPU interface), the GICv2 names beside them.
 * Plain #define lines, one value each.
 */
#ifndef KOI_REGS_GIC_H
#define KOI_REGS_GIC_H

/* Distributor (offsets from its base). */
#define ICDDCR   0x000u  /* GICD_CTLR: bit 0 enables forwarding to CPUs */
#define ICDICTR  0x004u  /* GICD_TYPER: bits 4:0 = lines / 32 - 1 */
#define ICDIIDR  0x008u  /* GICD_IIDR: implementer */
#define ICDISER  0x100u  /* GICD_ISENABLERn: 1 bit per ID, write 1 enables */
#define ICDICER  0x180u  /* GICD_ICENABLERn: write 1 disables */
#define ICDISPR  0x200u  /* GICD_ISPENDRn: write 1 sets pending */
#define ICDICPR  0x280u  /* GICD_ICPENDRn: write 1 clears pending */
#define ICDABR   0x300u  /* GICD_ISACTIVERn: read-only in v1 */
#define ICDIPR   0x400u  /* GICD_IPRIORITYRn: 1 byte per ID, 0 = highest */
#define ICDIPTR  0x800u  /* GICD_ITARGETSRn: 1 byte per ID, CPU bit mask */
#define ICDICFR  0xc00u  /* GICD_ICFGRn: 2 bits per ID, bit 1 = edge */
#define ICDSGIR  0xf00u  /* GICD_SGIR */

#define ICDDCR_ENABLE       (1u << 0)
#define ICDICTR_ITLINES     0x1fu  /* lines = 32 * (ITLinesNumber + 1) */
#define ICDICFR_EDGE        0x2u   /* of each ID's 2-bit field */

/* CPU interface (offsets from its base). */
#define ICCICR   0x00u   /* GICC_CTLR: bit 0 enables signalling to the CPU */
#define ICCPMR   0x04u   /* GICC_PMR: only priorities below this signal */
#define ICCBPR   0x08u   /* GICC_BPR: priority grouping */
#define ICCIAR   0x0cu   /* GICC_IAR: read = acknowledge, returns the ID */
#define ICCEOIR  0x10u   /* GICC_EOIR: write the IAR value = end of interrupt */
#define ICCRPR   0x14u   /* GICC_RPR: running priority */
#define ICCHPIR  0x18u   /* GICC_HPPIR: highest pending */
#define ICCIIDR  0xfcu   /* GICC_IIDR */

#define ICCICR_ENABLE       (1u << 0)
#define ICCIAR_ID           0x3ffu /* the interrupt ID; bits 12:10 the SGI's source CPU */
#define GIC_ID_SPURIOUS     1023u  /* IAR when nothing is pending */
#define GIC_ID_SPECIAL      1020u  /* 1020..1023 are never real interrupts */

#define GIC_SPI_BASE        32u    /* board line n = ID 32 + n */

#endif /* KOI_REGS_GIC_H */
