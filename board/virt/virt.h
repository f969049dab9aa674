/*
 * virt.h — the virt board's own view of its machine (QEMU's -M virt,
 * Cortex-A15): the driver instances board.c starts in its boot stages
 * (board/boot.h).  For the board's files, its bring-up steps
 * (board/virt/bringup/) and the tests about this board.  Programs use
 * board/board.h.
 *
 * The machine is one, so its devices are one struct, defined and owned by
 * board.c: a deliberate singleton.
 */
#ifndef KOI_BOARD_VIRT_H
#define KOI_BOARD_VIRT_H

#include <stdbool.h>
#include <stdint.h>

#include "drivers/generic_timer.h"
#include "drivers/gic.h"
#include "drivers/pl011.h"
#include "drivers/virtio_snd.h"
#include "regs/virt_machine.h"

struct virt_board {
	struct gic gic;
	struct generic_timer timer; /* the virtual timer: clock and alarms */
	struct pl011 uart;          /* UART0: the console */
	int32_t snd_slot;           /* virtio-mmio slot of the sound device, -1 */
	struct virtio_snd snd;      /* the sound device, started on first use */
	bool snd_up;                /* board_audio_dev() succeeded */
};

extern struct virt_board virt_board;

/* The GIC ID of a shared interrupt (regs/virt_machine.h). */
#define VIRT_GIC_ID(irq) (GIC_SPI_BASE + (irq))
/* A virtio-mmio slot's base and GIC ID. */
#define VIRT_MMIO_SLOT_BASE(i) (VIRT_MMIO_BASE + (uint32_t)(i) * VIRT_MMIO_STRIDE)
#define VIRT_MMIO_SLOT_ID(i)   VIRT_GIC_ID(VIRT_MMIO_IRQ0 + (uint32_t)(i))

#endif /* KOI_BOARD_VIRT_H */
