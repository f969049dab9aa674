/*
 * The PL041 driver's own counters at exit, for the end-to-end tests on
 * vexpress-a9: part of that board's test image (board/vexpress-a9/board.mk,
 * E2E_BOARD_OBJS), never of the shipped firmware.  The device side of an
 * underrun: QEMU's PL041 keeps no count of its own, so the driver's is
 * what the tests read (with QEMU's audio_timer trace).
 *
 *   pl041: F frames, D underruns, P frames primed, S frames of silence after stop
 */
#include <stdio.h>
#include <stdlib.h>

#include "board/vexpress-a9/vexpress.h"

static void report(void)
{
	if (!vexpress_board.aaci_up)
		return;
	struct pl041_stats st;
	pl041_get_stats(&vexpress_board.aaci, &st);
	printf("pl041: %lu frames, %lu underruns, %lu frames primed, %lu frames of silence after stop\n",
	       (unsigned long)st.frames, (unsigned long)st.dry, (unsigned long)st.primed,
	       (unsigned long)st.silent);
}

/* Constructors run before main (board/boot.c); atexit handlers at exit,
 * before stdio is flushed. */
__attribute__((constructor)) static void arm_report(void)
{
	atexit(report);
}
