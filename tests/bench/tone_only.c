/*
 * tone_only — the smallest complete Koi player: a 997 Hz sine for two
 * seconds (audio/tone.h, the tone program's sound) through the PCM stream
 * and the goldfish driver, nothing else (no command line, program table,
 * mixer, sequencer, converter or clips).  It exists for
 * its size: `make bench` compares it with the demo firmware, and
 * --gc-sections drops everything it does not reach.  It also plays, so the
 * size is that of a working image, not of dead code.
 */
#include <errno.h>
#include <stdio.h>

#include "audio/pcm.h"
#include "audio/tone.h"
#include "board/board.h"

static struct pcm_stream out;
static struct tone tone;

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct audio_dev *dev;
	struct pcm_hw_info hw;
	/* The tone program's sound (997 Hz sine, 2 s, 0 dB) at the device's
	 * rate and channel count. */
	if (board_audio_dev(&dev) || pcm_open(&out, dev, AUDIO_PLAYBACK) ||
	    pcm_hw_info(&out, &hw) || hw.format != SAMPLE_S16 ||
	    tone_init(&tone, hw.rate, hw.channels, OSC_SINE, 997.0, 1.0, 2.0))
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
			r = pcm_recover(&out, r, 0);
			continue;
		}
		if (r == 0 && n == 0) {
			r = pcm_wait(&out);
			r = r == -EPIPE ? 0 : r;
			continue;
		}
		if (r == 0) {
			got = source_render(&tone.src, area, n);
			r = pcm_mmap_commit(&out, got);
		}
	}
	if (r == 0)
		r = pcm_drain(&out);
	pcm_close(&out);
	board_sleep_ns(50000000u); /* let QEMU's audio tick flush the tail */
	printf("tone_only: %s\n", r ? "stream error" : "played");
	return r ? 1 : 0;
}
