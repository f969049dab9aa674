/*
 * libFuzzer target: the PCM stream API (audio/pcm.h) on the fake device
 * (tests/host/fake_audio_dev.h), driven by a byte-coded program of calls in
 * any order and with any arguments, with device completions, nested
 * "interrupts" inside submit and injected driver errors in between.
 *
 * After every step:
 *  - the fake device saw no breach of the audio_dev contract;
 *  - the state is a valid one; fill and avail agree with the ring size;
 *  - what the device played is the written frames, in order, none twice,
 *    with only silence between them: every written frame carries its own
 *    non-zero number, so a stale, repeated or invented frame shows.
 * A wait or a drain that never ends is caught by the block hook.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audio/pcm.h"
#include "tests/host/fake_audio_dev.h"

#define MAX_BLOCKS 20000u /* block calls in one pcm_* call: "never ends" */

static struct fake_dev f;
static struct pcm_stream play, cap;
static uint32_t next_frame; /* number carried by the next written frame */
static uint32_t last_heard; /* highest frame number the device played */
static size_t checked;      /* bytes of f.d[0].out already checked */
static uint32_t blocks;
static int16_t buf[2 * 4096];

static void die(const char *why)
{
	fprintf(stderr, "fuzz_pcm: %s (state %s, fake: %s)\n", why,
		pcm_state_name(pcm_state(&play)), f.why);
	abort();
}

static void block(void *ctx, pcm_ready_fn ready, const void *arg)
{
	if (++blocks > MAX_BLOCKS)
		die("a wait that never ends");
	fake_dev_block(ctx, ready, arg);
}

/* Frame k is (k+1) split over L and R: never (0, 0), which is silence. */
static void make_frames(int16_t *p, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		uint32_t v = ++next_frame;
		p[2 * i] = (int16_t)(uint16_t)(v & 0xffffu);
		p[2 * i + 1] = (int16_t)(uint16_t)(v >> 16);
	}
}

static void check_output(void)
{
	const struct fake_dir *d = &f.d[AUDIO_PLAYBACK];
	for (; checked + 4 <= d->out_len; checked += 4) {
		const uint8_t *p = d->out + checked;
		uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 |
			     (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
		if (v == 0)
			continue; /* silence */
		if (v <= last_heard)
			die("a frame played twice or out of order");
		if (v > next_frame)
			die("a frame played that was never written");
		last_heard = v;
	}
}

static void check(struct pcm_stream *s)
{
	if (f.violations)
		die("audio_dev contract broken");
	enum pcm_state st = pcm_state(s);
	if (st >= PCM_STATE_COUNT)
		die("invalid state");
	/* Playback: fill + avail is the buffer (with adaptive latency, the
	 * fill may stand above a buffer that shrank: then avail is 0);
	 * capture: avail is the fill. */
	uint32_t fill = pcm_fill(s), avail = pcm_avail(s), ring = pcm_buffer_frames(s);
	bool ok = s->dir == AUDIO_PLAYBACK ? (fill <= ring ? fill + avail == ring : avail == 0)
					   : avail == fill && fill <= ring;
	if (st != PCM_STATE_OPEN && !ok) {
		fprintf(stderr, "%s: fill %u avail %u ring %u\n",
			s->dir == AUDIO_PLAYBACK ? "playback" : "capture",
			(unsigned)fill, (unsigned)avail, (unsigned)ring);
		die("fill and avail disagree with the ring");
	}
	check_output();
}

static int32_t arg_int(const uint8_t **p, const uint8_t *end)
{
	uint32_t v = 0;
	for (int i = 0; i < 2 && *p < end; i++)
		v = v << 8 | *(*p)++;
	/* Mostly small values, sometimes the extremes. */
	switch (v >> 13) {
	case 0: return 0;
	case 1: return -1;
	case 2: return (int32_t)0x7fffffff;
	default: return (int32_t)(v & 0x1fffu);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct audio_caps pc = fake_caps_playback(), cc = fake_caps_capture();
	fake_dev_init(&f, &pc, &cc);
	next_frame = last_heard = 0;
	checked = 0;
	if (pcm_open(&play, &f.dev, AUDIO_PLAYBACK) || pcm_open(&cap, &f.dev, AUDIO_CAPTURE))
		die("open");
	pcm_set_block(&play, block, &f);
	pcm_set_block(&cap, block, &f);

	const uint8_t *p = data, *end = data + size;
	while (p < end) {
		uint8_t op = *p++;
		struct pcm_stream *s = op & 0x80 ? &cap : &play;
		enum audio_dir dir = op & 0x80 ? AUDIO_CAPTURE : AUDIO_PLAYBACK;
		int32_t a = arg_int(&p, end);
		blocks = 0;
		switch (op & 0x7f) {
		case 0: pcm_hw_params(s, (uint32_t)a, (uint32_t)arg_int(&p, end) % 9u); break;
		case 1: pcm_prepare(s); break;
		case 2: pcm_start(s); break;
		case 3: {
			uint32_t n = (uint32_t)a % 4097u;
			if (dir == AUDIO_PLAYBACK) {
				uint32_t before = next_frame;
				make_frames(buf, n);
				int32_t w = pcm_write(s, buf, n);
				/* Frames not taken were never written. */
				next_frame = before + (w > 0 ? (uint32_t)w : 0u);
			} else {
				pcm_read(s, buf, n);
			}
			break;
		}
		case 4: {
			void *area;
			uint32_t n;
			if (dir == AUDIO_PLAYBACK && pcm_mmap_begin(s, &area, &n) == 0) {
				uint32_t k = n ? (uint32_t)a % (n + 1u) : 0u;
				make_frames(area, k);
				if (pcm_mmap_commit(s, k))
					next_frame -= k;
			}
			break;
		}
		case 5: pcm_pause(s, a & 1); break;
		case 6: pcm_drain(s); break;
		case 7: pcm_drop(s); break;
		case 8: fake_dev_complete(&f, dir, (uint32_t)a % 9u); break;
		case 9: fake_dev_complete_batch(&f, dir, (uint32_t)a % 5u); break;
		case 10: pcm_set_start_threshold(s, (uint32_t)a); break;
		case 11: pcm_wait(s); break;
		case 12: f.d[dir].fail_submit = a & 1 ? -EIO : -EBUSY; break;
		case 13: f.d[dir].irq_in_submit = (uint32_t)a % 3u; break;
		case 14: {
			struct pcm_stats st;
			pcm_get_stats(s, &st);
			if (st.state != pcm_state(s) || st.fill != pcm_fill(s))
				die("stats disagree with the stream");
			(void)pcm_pointer(s);
			break;
		}
		case 16: /* adaptive latency: up to x8, any quiet interval */
			pcm_hw_params_adapt(s, (uint32_t)a, (uint32_t)arg_int(&p, end) % 9u,
					    (uint32_t)a << (arg_int(&p, end) & 3),
					    (uint32_t)arg_int(&p, end));
			break;
		case 17: /* the start's step: in range or not, any state */
			pcm_set_adapt_start(s, (uint32_t)a % (PCM_ADAPT_START_CEILING + 2u));
			break;
		case 15:
			pcm_close(s);
			if (pcm_open(s, &f.dev, dir))
				die("reopen");
			pcm_set_block(s, block, &f);
			break;
		default: break;
		}
		check(&play);
		check(&cap);
	}
	pcm_close(&play);
	pcm_close(&cap);
	if (f.violations)
		die("audio_dev contract broken at close");
	fake_dev_free(&f);
	return 0;
}
