/* The capture stream into a WAV file on the host; see recorder.h. */
#include "app/recorder.h"

#include <errno.h>
#include <string.h>

#include "app/args.h"
#include "audio/wavfile.h"

static int fail(struct recorder *r, int e)
{
	if (!r->error)
		r->error = e;
	return e;
}

/* The header for what the file holds now. */
static int write_header(struct recorder *r)
{
	uint8_t h[WAVFILE_HEADER];
	int e = wavfile_header(h, r->hw.rate, r->hw.channels, r->hw.format, (uint32_t)r->frames);
	if (e == 0)
		e = board_file_write_at(&r->f, 0, h, sizeof h);
	return e ? fail(r, e) : 0;
}

int recorder_open(struct recorder *r, struct audio_dev *dev, const char *path,
		  double seconds, char *why, size_t whylen)
{
	struct msg m = MSG(why, whylen);
	msg_puts(&m, "");
	memset(r, 0, sizeof *r);
	r->device = dev->name;
	int e = pcm_open(&r->in, dev, AUDIO_CAPTURE);
	if (e == 0)
		e = pcm_hw_info(&r->in, &r->hw);
	if (e) {
		msg_puts(&m, e == -ENODEV ? "the audio device has no capture input here"
					  : "the capture stream does not open");
		return e;
	}
	/* A WAV file holds at most 4 GiB of samples. */
	r->limit = (UINT32_MAX - WAVFILE_HEADER) / r->hw.frame_bytes;
	if (seconds > 0.0 && seconds * r->hw.rate + 0.5 < (double)r->limit)
		r->limit = (uint64_t)(seconds * r->hw.rate + 0.5);
	uint32_t period = r->hw.rate * RECORDER_PERIOD_MS / 1000u;
	if (period < r->hw.min_period_frames)
		period = r->hw.min_period_frames;
	if (period > r->hw.max_period_frames)
		period = r->hw.max_period_frames;
	uint32_t periods = RECORDER_PERIODS;
	while (periods > 2 && (uint64_t)period * periods > r->hw.max_buffer_frames)
		periods--;
	e = pcm_hw_params(&r->in, period, periods);
	if (e == 0)
		e = pcm_prepare(&r->in);
	if (e) {
		pcm_close(&r->in);
		msg_puts(&m, "the capture stream refuses its ring");
		return e;
	}
	e = board_file_create(&r->f, path);
	if (e == 0)
		e = write_header(r);
	if (e) {
		board_file_close(&r->f);
		pcm_close(&r->in);
		msg_puts(&m, path);
		msg_puts(&m, ": ");
		msg_puts(&m, board_file_strerror(e));
		return e;
	}
	return 0;
}

int recorder_start(struct recorder *r)
{
	int e = pcm_start(&r->in);
	return e ? fail(r, e) : 0;
}

uint32_t recorder_rate(const struct recorder *r)
{
	return r->hw.rate;
}

/* What pcm_read gives, into the file, up to the limit. */
static int drain_ring(struct recorder *r)
{
	const uint32_t fb = r->hw.frame_bytes;
	for (;;) {
		uint32_t want = RECORDER_CHUNK / fb;
		if (r->limit - r->frames < want)
			want = (uint32_t)(r->limit - r->frames);
		if (want == 0)
			return 0;
		int32_t got = pcm_read(&r->in, r->buf, want);
		if (got == -EPIPE) {
			/* Overrun: the ring was full, frames were lost.  Say so
			 * (counted) and go on from now. */
			r->overruns++;
			int e = pcm_recover(&r->in, got, 0);
			if (e)
				return fail(r, e);
			continue;
		}
		if (got < 0)
			return got == -EPERM ? 0 : fail(r, got); /* not running: nothing */
		if (got == 0)
			return 0;
		int e = board_file_write_at(&r->f, WAVFILE_HEADER + (uint32_t)(r->frames * fb), r->buf,
					    (uint32_t)got * fb);
		if (e)
			return fail(r, e);
		r->frames += (uint32_t)got;
	}
}

int recorder_pump(struct recorder *r)
{
	if (r->error)
		return r->error;
	uint64_t before = r->frames;
	int e = drain_ring(r);
	if (e == 0 && r->frames != before)
		e = write_header(r); /* complete at every moment */
	if (e == 0 && !r->stopped && r->frames >= r->limit) {
		r->stopped = true;
		(void)pcm_drop(&r->in);
	}
	return e;
}

bool recorder_ready(const void *arg)
{
	const struct recorder *r = arg;
	return r->stopped || r->error || pcm_avail(&r->in) >= pcm_period_frames(&r->in) ||
	       pcm_state(&r->in) == PCM_STATE_XRUN;
}

int recorder_finish(struct recorder *r)
{
	/* Capture's drain stops the device at once and keeps what it got. */
	if (!r->stopped && (pcm_state(&r->in) == PCM_STATE_RUNNING ||
			    pcm_state(&r->in) == PCM_STATE_XRUN))
		(void)pcm_drain(&r->in);
	(void)recorder_pump(r);
	r->stopped = true;
	pcm_close(&r->in);
	int e = write_header(r);
	int c = board_file_close(&r->f);
	return r->error ? r->error : e ? e : c;
}
