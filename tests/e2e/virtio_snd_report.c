/*
 * The virtio-sound driver's own counters at exit, for the end-to-end tests
 * on the virt board: part of that board's test image (board/virt/board.mk,
 * E2E_BOARD_OBJS), never of the shipped firmware.  The device side of an
 * underrun: QEMU's virtio-sound sends no PCM_XRUN event, so the driver's
 * count of the times the device had no message left is what the tests read.
 *
 *   virtio-snd: TRANSPORT, playback P periods, D dry, X xruns, H held; capture ...
 *
 * H: messages QEMU returned before they were due by the clock (held back
 * by the driver's pacing, drivers/virtio_snd.h).
 */
#include <stdio.h>
#include <stdlib.h>

#include "board/virt/virt.h"

static void report(void)
{
	if (!virt_board.snd_up)
		return;
	struct virtio_snd_stats p, c;
	virtio_snd_get_stats(&virt_board.snd, AUDIO_PLAYBACK, &p);
	virtio_snd_get_stats(&virt_board.snd, AUDIO_CAPTURE, &c);
	printf("virtio-snd: %s, playback %lu periods, %lu dry, %lu xruns, %lu held; "
	       "capture %lu periods, %lu dry, %lu xruns\n", virtio_snd_transport(&virt_board.snd),
	       (unsigned long)p.periods, (unsigned long)p.dry, (unsigned long)p.xruns,
	       (unsigned long)p.held,
	       (unsigned long)c.periods, (unsigned long)c.dry, (unsigned long)c.xruns);
}

/* Constructors run before main (board/boot.c); atexit handlers at exit,
 * before stdio is flushed. */
__attribute__((constructor)) static void arm_report(void)
{
	atexit(report);
}
