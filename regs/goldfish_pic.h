/*
 * goldfish interrupt controller registers (QEMU 7.2's hw/intc/goldfish_pic.c,
 * its bitmask dialect) — used by the firmware's driver
 * (drivers/goldfish_pic.c) and the tests (tests/regs.py).  The QEMU model is
 * QEMU's own and keeps its own enum; docs/goldfish-machine.md, "Interrupts",
 * is the contract.
 */
#ifndef KOI_REGS_GOLDFISH_PIC_H
#define KOI_REGS_GOLDFISH_PIC_H

#define PIC_STATUS      0x00u  /* R: number of pending enabled lines */
#define PIC_PENDING     0x04u  /* R: bitmask of pending enabled lines */
#define PIC_DISABLE_ALL 0x08u  /* W: clears pending and enabled */
#define PIC_DISABLE     0x0cu  /* W: enabled &= ~value */
#define PIC_ENABLE      0x10u  /* W: enabled |= value */

#define PIC_NR_IRQS     32u

#endif /* KOI_REGS_GOLDFISH_PIC_H */
