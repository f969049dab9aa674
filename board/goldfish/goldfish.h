/*
 * goldfish.h — the goldfish board's own view of its machine: the driver
 * instances board.c starts in its boot stages (board/boot.h).  For the board's files, its bring-up
 * steps (board/goldfish/bringup/) and the tests that are about goldfish
 * itself (tests/target/test_bus.c, ...).  Programs use board/board.h.
 *
 * The machine is one, so its devices are one struct, defined and owned by
 * board.c: a deliberate singleton.  Drivers keep no state of their own
 * outside the instance the board hands them.
 */
#ifndef KOI_BOARD_GOLDFISH_H
#define KOI_BOARD_GOLDFISH_H

#include <stdbool.h>
#include <stdint.h>

#include "drivers/goldfish_audio.h"
#include "drivers/goldfish_bus.h"
#include "drivers/goldfish_pic.h"
#include "drivers/goldfish_timer.h"
#include "drivers/goldfish_tty.h"
#include "regs/goldfish_machine.h"

struct goldfish_board {
	struct goldfish_bus bus;       /* the devices the platform bus listed */
	struct goldfish_pic pic;
	struct goldfish_timer timer;
	struct goldfish_tty tty;       /* base 0: no TTY (console on semihosting) */
	uintptr_t poweroff;            /* goldfish_poweroff's base, 0: none */
	struct goldfish_audio audio;
	bool audio_up;                 /* board_audio_dev() succeeded */
};

extern struct goldfish_board goldfish_board;

#endif /* KOI_BOARD_GOLDFISH_H */
