/*
 * tone_only — the smallest complete Koi player: a 997 Hz sine for two
 * seconds through the PCM stream and the goldfish driver, nothing else
 * (no command line, mixer, sequencer, converter or clips).  It exists for
 * its size: `make bench` compares it with the demo firmware, and
 * --gc-sections drops everything it does not reach.  It also plays, so the
 * size is that of a working image, not of dead code.
 */
#include <errno.h>
#include <stdio.h>

#include "app/program.h"
#include "audio/pcm.h"
#include "boot/board.h"
#include "drivers/goldfish_audio.h"
#include "drivers/goldfish_timer.h"

static struct pcm_stream out;
/* The tone program's arguments (its defaults: 997 Hz sine, 2 s, 0 dB) and
 * its state, without the command line and the program table. */
static _Alignas(8) unsigned char args[64], state[1024];

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct audio_dev *dev;
	struct koi_source *tone;
	struct msg err = MSG(NULL, 0);
	struct pcm_hw_info hw;
	if (goldfish_audio_probe(&dev) || pcm_open(&out, dev, AUDIO_PLAYBACK) ||
	    pcm_hw_info(&out, &hw) || hw.format != SAMPLE_S16)
		return 3;
	/* The tone at the device's rate and channel count. */
	const struct stream_format fmt = {hw.rate, hw.channels, hw.format};
	program_tone.defaults(args);
	if (program_tone.args_size > sizeof args ||
	    program_tone.state_size(args, &fmt) > sizeof state ||
	    program_tone.create(args, &fmt, state, &tone, &err))
		return 3;
	pcm_set_block(&out, board_wait, NULL);
	int r = pcm_hw_params(&out, 512u, 4u);
	if (r == 0)
		r = pcm_prepare(&out);
	for (uint32_t got = 1; r == 0 && got;) {
		void *area;
		uint32_t n;
		r = pcm_mmap_begin(&out, &area, &n);
		if (r == -EPIPE) {
			r = pcm_prepare(&out);
			continue;
		}
		if (r == 0 && n == 0) {
			r = pcm_wait(&out);
			r = r == -EPIPE ? 0 : r;
			continue;
		}
		if (r == 0) {
			got = source_render(tone, area, n);
			r = pcm_mmap_commit(&out, got);
		}
	}
	if (r == 0)
		r = pcm_drain(&out);
	pcm_close(&out);
	timer_sleep_ns(50000000u); /* let QEMU's audio tick flush the tail */
	printf("tone_only: %s\n", r ? "stream error" : "played");
	return r ? 1 : 0;
}
