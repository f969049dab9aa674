/*
 * vexpress.h — the Versatile Express A9 board's own view of its machine:
 * the driver instances board.c starts in its boot stages (board/boot.h).
 * For the board's files, its bring-up steps (board/vexpress-a9/bringup/)
 * and the tests that are about this board.  Programs use board/board.h.
 *
 * The machine is one, so its devices are one struct, defined and owned by
 * board.c: a deliberate singleton.  Drivers keep no state of their own
 * outside the instance the board hands them.
 */
#ifndef KOI_BOARD_VEXPRESS_H
#define KOI_BOARD_VEXPRESS_H

#include <stdbool.h>
#include <stdint.h>

#include "drivers/gic.h"
#include "drivers/lm4549.h"
#include "drivers/pl011.h"
#include "drivers/pl041.h"
#include "drivers/sp804.h"
#include "regs/vexpress_a9_machine.h"

struct vexpress_board {
	struct gic gic;
	struct sp804 timer;      /* SP804 timers 0 and 1: clock and alarms */
	struct pl011 uart;       /* UART0: the console */
	struct pl041 aaci;       /* the sound device, started on first use */
	struct lm4549 codec;     /* the codec on its AC-link */
	bool aaci_up;            /* board_audio_dev() succeeded */
};

extern struct vexpress_board vexpress_board;

/* The GIC ID of a motherboard interrupt (regs/vexpress_a9_machine.h). */
#define VEXPRESS_GIC_ID(irq) (GIC_SPI_BASE + (irq))

#endif /* KOI_BOARD_VEXPRESS_H */
