/*
 * QEMU's generic Arm machine (-M virt, 32-bit: Cortex-A15, GICv2): memory
 * map and interrupt numbers, for the firmware's board (board/virt/).  Read
 * from QEMU 10.0's hw/arm/virt.c (base_memmap[], a15irqmap[]) and checked
 * on it (/work/shared/qemu10-virtio.md); docs/virtio-sound.md is the
 * contract.  The machine also describes itself in the device tree it
 * places at the start of RAM; Koi finds its one discoverable kind of
 * device, virtio-mmio, by scanning the slots instead (each says what it is).
 * Shared interrupts are GIC SPIs: interrupt n is GIC ID 32 + n.
 */
#ifndef KOI_REGS_VIRT_MACHINE_H
#define KOI_REGS_VIRT_MACHINE_H

#define VIRT_RAM_BASE          0x40000000u  /* the device tree blob sits here */

/* Devices, each window a multiple of 1 MiB for the MMU's sections. */
#define VIRT_GIC_WINDOW        0x08000000u
#define VIRT_GIC_WINDOW_SIZE   0x00100000u
#define VIRT_GICD_BASE         0x08000000u  /* GICv2 distributor */
#define VIRT_GICC_BASE         0x08010000u  /* GICv2 CPU interface */
#define VIRT_UART_WINDOW       0x09000000u
#define VIRT_UART_WINDOW_SIZE  0x00100000u
#define VIRT_UART0_BASE        0x09000000u  /* PL011, -serial (the console) */
#define VIRT_MMIO_WINDOW       0x0a000000u
#define VIRT_MMIO_WINDOW_SIZE  0x00100000u
#define VIRT_MMIO_BASE         0x0a000000u  /* virtio-mmio slot 0 */
#define VIRT_MMIO_STRIDE       0x200u       /* slot i at BASE + i * STRIDE */
#define VIRT_MMIO_SLOTS        32u

/* Interrupts (GIC ID = 32 + these). */
#define VIRT_UART0_IRQ         1u
#define VIRT_MMIO_IRQ0         16u          /* slot i: VIRT_MMIO_IRQ0 + i */

/* The PL011's reference clock as the device tree states it (apb-pclk). */
#define VIRT_UARTCLK_HZ        24000000u

#endif /* KOI_REGS_VIRT_MACHINE_H */
