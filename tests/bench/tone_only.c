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

#include "audio/pcm.h"
#include "audio/programs.h"
#include "board/board.h"


static struct pcm_stream out;
static struct prog_tone tone;

int main(void)
{
	struct audio_dev *dev;
	if (board_audio_dev(&dev) || prog_tone_init(&tone, OSC_SINE, 997.0, 2.0, 0.0))
		return 3;
	int r = pcm_open(&out, dev, AUDIO_PLAYBACK);
	if (r == 0) {
		pcm_set_block(&out, board_wait, NULL);
		r = pcm_hw_params(&out, 512u, 4u);
	}
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
