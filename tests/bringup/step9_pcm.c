/*
 * Bring-up checkpoint 9: the PCM layer.
 *
 * Stages 1-6 and interrupts on; then what app/player.c does, cut to the
 * bone: a PCM stream on the board's sound device, a 997 Hz tone rendered
 * straight into the stream's ring (pcm_mmap_begin/commit), the board's
 * wait as the stream's block hook, then pcm_drain.  From here on the
 * firmware itself runs on the board (make run).  An underrun here with
 * checkpoint 8 passing: the render is too slow for the period (try a
 * longer one), or the block hook does not wake on the period interrupt.
 */
#include <errno.h>
#include <stdint.h>

#include "arch/arm/cpu.h"
#include "audio/pcm.h"
#include "audio/tone.h"
#include "board/board.h"
#include "board/boot.h"
#include "tests/bringup/bringup.h"

#define SECONDS 0.5

static struct pcm_stream out;
static struct tone tone;


void boot_main(void)
{
	board_stage_console();
	board_stage_faults();
	board_stage_memory();
	board_stage_interrupts();
	board_stage_input();
	board_stage_devices();
	irq_enable();
	say("koi bring-up 9: a 0.5 s tone through a PCM stream\n");
	struct audio_dev *dev;
	int r = board_audio_dev(&dev);
	if (r == 0)
		r = pcm_open(&out, dev, AUDIO_PLAYBACK);
	/* The tone at the device's own rate and channel count. */
	struct pcm_hw_info hw;
	if (r == 0)
		r = pcm_hw_info(&out, &hw);
	if (r == 0)
		r = tone_init(&tone, hw.rate, hw.channels, OSC_SINE, 997.0, 1.0, SECONDS);
	if (r == 0) {
		pcm_set_block(&out, board_wait, NULL);
		r = pcm_hw_params(&out, 512u, 4u);
	}
	if (r == 0)
		r = pcm_prepare(&out);
	if (!check(r == 0, "stream open, 4 periods of 512 frames"))
		step_end();
	for (uint32_t got = 1; r == 0 && got;) {
		void *area;
		uint32_t n;
		r = pcm_mmap_begin(&out, &area, &n);
		if (r == 0 && n == 0) {
			r = pcm_wait(&out);
			continue;
		}
		if (r == 0) {
			got = source_render(&tone.src, area, n);
			r = pcm_mmap_commit(&out, got);
		}
	}
	if (r == 0)
		r = pcm_drain(&out);
	struct pcm_stats st;
	pcm_get_stats(&out, &st);
	pcm_close(&out);
	say("  ");
	say_dec(st.frames);
	say(" frames played, ");
	say_dec(st.xruns);
	say(" underruns\n");
	check(r == 0, "rendered, written and drained without an error");
	check(st.frames > 0 && st.xruns == 0, "every frame played, no underrun");
	board_sleep_ns(board_audio_drain_ns());
	step_end();
}
