/*
 * boot.h — a board's boot in stages.  Each board implements the six stages
 * (board/goldfish/board.c); board/boot.c's boot_main() runs them in this
 * order, then turns interrupts on, runs newlib's constructors, reads the
 * command line and calls main().  The bring-up checkpoints (docs/bring-up.md,
 * tests/bringup/) each run the first stages and check what the last one
 * made work, so a new board is brought up one stage at a time.
 *
 * Stages 2 and 3 are the same on every board (board/stages.c); a board
 * writes 1, 4, 5 and 6.  A stage that cannot do its work does not return:
 * it reports through the fatal path (once stage 1 made one, board_fail in
 * board/common.h) and ends the run, status 137.
 * Interrupts stay masked at the CPU through all six stages.
 */
#ifndef KOI_BOARD_BOOT_H
#define KOI_BOARD_BOOT_H

#include <stddef.h>
#include <stdint.h>

#include "arch/arm/mmu.h"

/** 1. The console: polled output on the board's serial port, with the MMU
 *    still off; also the writer of fatal reports (exc_set_output). */
void board_stage_console(void);
/** 2. Faults: stack canaries written, fatal errors end through board_exit
 *    (exc_set_exit).  The vectors themselves are live since reset. */
void board_stage_faults(void);
/** 3. Memory: the MMU map (the image, board_io_windows, the DMA region),
 *    caches and branch prediction on. */
void board_stage_memory(void);
/** 4. Interrupts: the interrupt controller and the timer, the timer's
 *    interrupt attached and enabled at the controller: board_now_ns() and
 *    the alarms work once the CPU unmasks interrupts. */
void board_stage_interrupts(void);
/** 5. Console input: the serial port's receive interrupt attached
 *    (board_console_input_start() then turns it on). */
void board_stage_input(void);
/** 6. Devices: the board's table of devices filled (by discovery on a bus,
 *    or from a fixed list) and the ones needed at boot probed; the sound
 *    device waits for board_audio_dev(). */
void board_stage_devices(void);

/* The board's device windows, mapped as Device memory by stage 3. */
extern const struct mmu_region board_io_windows[];
extern const size_t board_io_window_count;

/* The board's devices after stage 6, in its table's order. */
struct board_device_info {
	const char *name;
	uint32_t base, size;
	int32_t irq;          /* first interrupt line, -1 for none */
};
/**
 * The board's devices after stage 6.
 * @return their count
 */
size_t board_device_count(void);
/**
 * One device of the board's table.
 * @param index  0 for the first, in the table's order
 * @param info   receives it
 * @return 0
 * @retval -ENOENT  past the end
 */
int board_device_get(size_t index, struct board_device_info *info);

#endif /* KOI_BOARD_BOOT_H */
