/*
 * Bring-up checkpoint 7: the sound device by its registers alone, one
 * buffer played by polling.
 *
 * Stages 1-6, interrupts still masked at the CPU.  The board's sound
 * device, with no driver, no audio_dev and no interrupt: the registers
 * straight from regs/, one buffer of step7_sample() handed to the device,
 * and the device's own status polled until it has played it.  How is the
 * board's to say (board/NAME/bringup/steps.c, step7_play_polled(): goldfish
 * by DMA from a coherent buffer, vexpress-a9 by writes into the PL041's
 * FIFO); what every board shares is here: the stages, the signal, the
 * report.  `make bringup-7` leaves the sound in build/[BOARD/]bringup/step7.wav.
 */
#include <stdint.h>

#include "board/boot.h"
#include "tests/bringup/bringup.h"

int16_t step7_sample(uint32_t i, uint32_t channel)
{
	/* 100 samples a cycle on the left, 50 at half the level on the right. */
	return channel == 0 ? (int16_t)((i / 50u) % 2u ? -8000 : 8000)
			    : (int16_t)((i / 25u) % 2u ? -4000 : 4000);
}

void boot_main(void)
{
	board_stage_console();
	board_stage_faults();
	board_stage_memory();
	board_stage_interrupts();
	board_stage_input();
	board_stage_devices();
	say("koi bring-up 7: one buffer of ");
	say_dec(step7_frames);
	say(" frames, played by polling\n");
	step7_play_polled();
	step_end();
}
