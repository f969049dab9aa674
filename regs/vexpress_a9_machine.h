/*
 * The Versatile Express A9 machine (V2P-CA9 daughterboard on a V2M-P1
 * motherboard, QEMU's -M vexpress-a9): memory map and interrupt numbers,
 * for the firmware's board (board/vexpress-a9/).  Read from QEMU 7.2's and 10.0's
 * hw/arm/vexpress.c, which follows ARM's motherboard and daughterboard
 * TRMs (DUI0447, DUI0448).  docs/vexpress-a9.md is the contract.
 *
 * The A9 daughterboard keeps the motherboard's *legacy* memory map (its
 * peripherals in CS7 at 0x10000000), not the A-series map of the
 * vexpress-a15 (0x1c000000).  There is no bus to discover: this table is
 * the machine.  Shared interrupts reach the GIC as SPIs: the motherboard's
 * interrupt n is GIC ID 32 + n.
 */
#ifndef KOI_REGS_VEXPRESS_A9_MACHINE_H
#define KOI_REGS_VEXPRESS_A9_MACHINE_H

#define VEXPRESS_RAM_BASE        0x60000000u  /* 7.2: first 64 MiB also at 0 */
#define VEXPRESS_RAM_MAX         0x40000000u  /* 1 GiB (-m) */

/* Motherboard peripherals, CS7 (legacy map), each 4 KiB. */
#define VEXPRESS_MB_BASE         0x10000000u
#define VEXPRESS_MB_SIZE         0x00020000u
#define VEXPRESS_SYSREG_BASE     0x10000000u  /* V2M system registers */
#define VEXPRESS_AACI_BASE       0x10004000u  /* PL041 + LM4549 */
#define VEXPRESS_UART0_BASE      0x10009000u  /* PL011, -serial (the console) */
#define VEXPRESS_UART1_BASE      0x1000a000u
#define VEXPRESS_TIMER01_BASE    0x10011000u  /* SP804: timers 0 and 1 */
#define VEXPRESS_TIMER23_BASE    0x10012000u  /* SP804: timers 2 and 3 */
#define VEXPRESS_RTC_BASE        0x10017000u  /* PL031 */

/* Cortex-A9 MPCore private memory region (PERIPHBASE). */
#define VEXPRESS_PRIV_BASE       0x1e000000u
#define VEXPRESS_PRIV_SIZE       0x00002000u
#define VEXPRESS_SCU_BASE        0x1e000000u
#define VEXPRESS_GICC_BASE       0x1e000100u  /* GIC CPU interface */
#define VEXPRESS_GTIMER_BASE     0x1e000200u  /* global timer */
#define VEXPRESS_TWD_BASE        0x1e000600u  /* private timer and watchdog */
#define VEXPRESS_GICD_BASE       0x1e001000u  /* GIC distributor */

/* Motherboard interrupt numbers (GIC ID = 32 + these). */
#define VEXPRESS_TIMER01_IRQ     2u
#define VEXPRESS_TIMER23_IRQ     3u
#define VEXPRESS_RTC_IRQ         4u
#define VEXPRESS_UART0_IRQ       5u
#define VEXPRESS_UART1_IRQ       6u
#define VEXPRESS_AACI_IRQ        11u

/* Reference clocks on the motherboard. */
#define VEXPRESS_UARTCLK_HZ      24000000u    /* OSC2: the UARTs */
#define VEXPRESS_TIMCLK_HZ       1000000u     /* the SP804s (SP810 selects 1 MHz) */

#endif /* KOI_REGS_VEXPRESS_A9_MACHINE_H */
