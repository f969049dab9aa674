/*
 * What goldfish adds to the bring-up checkpoints (tests/bringup/bringup.h).
 *
 * Step 7: one DMA buffer played by polling.  The goldfish_audio device is
 * found in the board's table, one buffer of 0.1 s (4410 stereo frames of
 * step7_sample(): 441 Hz on the left, half as loud at 882 Hz on the right)
 * is written into the coherent DMA region, handed to the device with
 * SET_WRITE_BUFFER_1/WRITE_BUFFER_1, and INT_STATUS is polled until
 * WRITE_BUFFER_1_EMPTY says the device has played it (the bit is enabled
 * in INT_ENABLE so that INT_STATUS shows it; the line is never unmasked at
 * the interrupt controller, so no interrupt is taken).  This is the device
 * and its DMA working before any driver: the registers straight from
 * regs/goldfish_audio.h, no audio_dev, no interrupt.
 *
 * QEMU's exit report (-global goldfish_audio.exit-report=on) must count
 * 4410 frames played.  Silence in the capture with frames counted: the
 * samples never reached memory the device reads (cache, or a wrong
 * physical address); nothing counted: the address or length was refused
 * (QEMU's -d guest_errors says why).
 *
 * Step 8: the device takes each buffer whole by DMA, so the last period
 * completes within 1 ms of the sound's length.
 */
#include <stdint.h>

#include "arch/arm/mmu.h"
#include "board/board.h"
#include "board/goldfish/goldfish.h"
#include "drivers/mmio.h"
#include "tests/bringup/bringup.h"

const uint32_t step7_frames = 4410u;
const uint64_t step8_slack_ns = 1000000u;
const uint64_t step8_early_ns = 0;

#define TIMEOUT_NS 1000000000ull
/* QEMU's audio core hands played frames to its backend on a 10 ms tick:
 * give it a few before the run ends, or the capture misses the tail. */
#define FLUSH_NS 50000000ull

void step7_play_polled(void)
{
	const struct bus_dev *d = goldfish_bus_find(&goldfish_board.bus, "goldfish_audio", 0);
	if (!check(d != NULL, "goldfish_audio is in the device table"))
		return;
	uintptr_t base = d->base;
	int16_t *buf = dma_alloc_coherent(step7_frames * GOLDFISH_AUDIO_OUT_FRAME, 4096);
	if (!check(buf != NULL, "the buffer fits the DMA region"))
		return;
	for (uint32_t i = 0; i < step7_frames; i++) {
		buf[2 * i] = step7_sample(i, 0);
		buf[2 * i + 1] = step7_sample(i, 1);
	}
	/* INT_ENABLE resets the device; bit 0 makes INT_STATUS show buffer 1. */
	mmio_write32(base + GFA_INT_ENABLE, GFA_INT_WRITE_BUFFER_1_EMPTY);
	(void)mmio_read32(base + GFA_INT_STATUS);
	mmio_wmb(); /* the samples are in memory before the device is told */
	mmio_write32(base + GFA_SET_WRITE_BUFFER_1, mmio_phys(buf));
	uint64_t t0 = board_now_ns();
	mmio_write32(base + GFA_WRITE_BUFFER_1, step7_frames * GOLDFISH_AUDIO_OUT_FRAME);
	check((mmio_read32(base + GFA_INT_STATUS) & GFA_INT_WRITE_BUFFER_1_EMPTY) == 0,
	      "the device took the buffer (EMPTY cleared)");
	uint32_t polls = 0;
	while (!(mmio_read32(base + GFA_INT_STATUS) & GFA_INT_WRITE_BUFFER_1_EMPTY) &&
	       board_now_ns() - t0 < TIMEOUT_NS)
		polls++;
	uint64_t took = board_now_ns() - t0;
	mmio_write32(base + GFA_INT_ENABLE, 0); /* stop: reset, line low */
	say("  played in ");
	say_milli(took / 1000u);
	say(" ms\n");
	check(took < TIMEOUT_NS, "EMPTY came back: the device played the buffer");
	check(took >= 100000000u && took < 101000000u, "in 0.1 s, the buffer's length at 44.1 kHz");
	check(polls > 0, "by polling INT_STATUS");
	board_delay_ns(FLUSH_NS);
}
