/*
 * fw_mmio_fake.h — register model hooks for host tests of drivers.
 *
 * Drivers built with KOI_HOST call koi_host_mmio_read32/write32 (see
 * drivers/mmio.h); a test points fw_fake_read/fw_fake_write at its model.
 * Unset hooks read 0 and ignore writes.  Buffers given to a device become
 * 32-bit bus addresses through koi_host_phys(); fw_fake_dma() turns one
 * back into the host pointer.
 */
#ifndef KOI_FW_MMIO_FAKE_H
#define KOI_FW_MMIO_FAKE_H

#include <stdint.h>

extern uint32_t (*fw_fake_read)(uintptr_t addr);
extern void (*fw_fake_write)(uintptr_t addr, uint32_t val);
void *fw_fake_dma(uint32_t bus_addr);

/* The board's side, faked: interrupt lines (the test attaches a driver's
 * ISR to a line as a board would, and "raises" the line by calling
 * fw_fake_irq) and coherent memory (dma_alloc_coherent from a static
 * arena, like the linker's .dma region). */
void fw_fake_attach(uint32_t irq, void (*isr)(void *ctx), void *ctx);
void fw_fake_irq(uint32_t irq);
/* Gives the whole arena back (a test that sets up a device afresh). */
void fw_fake_dma_reset(void);

#endif
