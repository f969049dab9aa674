/*
 * Bring-up checkpoint 7 on goldfish: one DMA buffer played by polling.
 *
 * Stages 1-6, interrupts still masked at the CPU.  The goldfish_audio
 * device is found in the board's table, one buffer of 0.1 s (4410 stereo
 * frames: a 441 Hz square wave on the left, half as loud at 882 Hz on the
 * right) is written into the coherent DMA region, handed to the device
 * with SET_WRITE_BUFFER_1/WRITE_BUFFER_1, and INT_STATUS is polled until
 * WRITE_BUFFER_1_EMPTY says the device has played it (the bit is enabled
 * in INT_ENABLE so that INT_STATUS shows it; the line is never unmasked at
 * the interrupt controller, so no interrupt is taken).  This is the device
 * and its DMA working before any driver: the registers straight from
 * regs/goldfish_audio.h, no audio_dev, no interrupt.
 *
 * QEMU's exit report (-global goldfish_audio.exit-report=on) must count
 * 4410 frames played; `make bringup-7` leaves the sound in
 * build/bringup/step7.wav.  Silence in the capture with frames counted:
 * the samples never reached memory the device reads (cache, or a wrong
 * physical address); nothing counted: the address or length was refused
 * (QEMU's -d guest_errors says why).
 */
#include <stdint.h>

#include "arch/arm/mmu.h"
#include "board/board.h"
#include "board/boot.h"
#include "board/goldfish/goldfish.h"
#include "drivers/mmio.h"
#include "tests/bringup/bringup.h"

#define FRAMES 4410u
#define TIMEOUT_NS 1000000000ull
/* QEMU's audio core hands played frames to its backend on a 10 ms tick:
 * give it a few before the run ends, or the capture misses the tail. */
#define FLUSH_NS 50000000ull

void boot_main(void)
{
	board_stage_console();
	board_stage_faults();
	board_stage_memory();
	board_stage_interrupts();
	board_stage_input();
	board_stage_devices();
	say("koi bring-up 7: one buffer of ");
	say_dec(FRAMES);
	say(" frames, played by polling\n");
	const struct bus_dev *d = goldfish_bus_find(&goldfish_board.bus, "goldfish_audio", 0);
	if (!check(d != NULL, "goldfish_audio is in the device table"))
		step_end();
	uintptr_t base = d->base;
	int16_t *buf = dma_alloc_coherent(FRAMES * GOLDFISH_AUDIO_OUT_FRAME, 4096);
	if (!check(buf != NULL, "the buffer fits the DMA region"))
		step_end();
	for (uint32_t i = 0; i < FRAMES; i++) {
		buf[2 * i] = (int16_t)((i / 50u) % 2u ? -8000 : 8000);      /* 441 Hz */
		buf[2 * i + 1] = (int16_t)((i / 25u) % 2u ? -4000 : 4000);  /* 882 Hz */
	}
	/* INT_ENABLE resets the device; bit 0 makes INT_STATUS show buffer 1. */
	mmio_write32(base + AUDIO_INT_ENABLE, AUDIO_INT_WRITE_BUFFER_1_EMPTY);
	(void)mmio_read32(base + AUDIO_INT_STATUS);
	mmio_wmb(); /* the samples are in memory before the device is told */
	mmio_write32(base + AUDIO_SET_WRITE_BUFFER_1, mmio_phys(buf));
	uint64_t t0 = board_now_ns();
	mmio_write32(base + AUDIO_WRITE_BUFFER_1, FRAMES * GOLDFISH_AUDIO_OUT_FRAME);
	check((mmio_read32(base + AUDIO_INT_STATUS) & AUDIO_INT_WRITE_BUFFER_1_EMPTY) == 0,
	      "the device took the buffer (EMPTY cleared)");
	uint32_t polls = 0;
	while (!(mmio_read32(base + AUDIO_INT_STATUS) & AUDIO_INT_WRITE_BUFFER_1_EMPTY) &&
	       board_now_ns() - t0 < TIMEOUT_NS)
		polls++;
	uint64_t took = board_now_ns() - t0;
	mmio_write32(base + AUDIO_INT_ENABLE, 0); /* stop: reset, line low */
	say("  played in ");
	say_milli(took / 1000u);
	say(" ms\n");
	check(took < TIMEOUT_NS, "EMPTY came back: the device played the buffer");
	check(took >= 100000000u && took < 101000000u, "in 0.1 s, the buffer's length at 44.1 kHz");
	check(polls > 0, "by polling INT_STATUS");
	board_delay_ns(FLUSH_NS);
	step_end();
}
