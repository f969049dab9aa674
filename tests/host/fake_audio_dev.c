/*
 * fake_audio_dev.c — see fake_audio_dev.h.  Test-only; aborts on allocation
 * failure because a test without memory cannot say anything useful.
 */
#include "tests/host/fake_audio_dev.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint32_t fake_dev_block_calls;

static void violation(struct fake_dev *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f->why, sizeof(f->why), fmt, ap);
	va_end(ap);
	f->violations++;
}

static struct fake_dev *fd_of(struct audio_dev *dev)
{
	return dev->priv;
}

static struct fake_dir *dir_of(struct fake_dev *f, enum audio_dir dir)
{
	if ((unsigned)dir > AUDIO_CAPTURE || !f->d[dir].present)
		return NULL;
	return &f->d[dir];
}

/* Fletcher-style: position-sensitive, so a swap of two bytes shows. */
static uint32_t checksum(const uint8_t *p, uint32_t n)
{
	uint32_t a = 1, b = 0;
	for (uint32_t i = 0; i < n; i++) {
		a = (a + p[i]) % 65521u;
		b = (b + a) % 65521u;
	}
	return b << 16 | a;
}

int16_t fake_dev_capture_sample(uint32_t n, uint32_t ch)
{
	/* Never 0, so captured frames cannot pass for silence, and
	 * different on every channel. */
	return (int16_t)(((n * 7u + ch * 1000u) % 30000u) + 1u);
}

static int f_get_caps(struct audio_dev *dev, enum audio_dir dir,
		      struct audio_caps *caps)
{
	struct fake_dir *d = dir_of(fd_of(dev), dir);
	if (!d)
		return -ENODEV;
	*caps = d->caps;
	return 0;
}

static void *f_alloc(struct audio_dev *dev, enum audio_dir dir, size_t bytes)
{
	struct fake_dir *d = dir_of(fd_of(dev), dir);
	if (!d || bytes > d->caps.max_buffer_bytes)
		return NULL;
	/* One region per direction, as a driver with a fixed coherent area
	 * would do: a second call returns the same memory. */
	if (bytes > d->alloc_bytes)
		d->alloc_bytes = bytes;
	return d->mem;
}

static int f_configure(struct audio_dev *dev, enum audio_dir dir,
		       uint32_t period_bytes)
{
	struct fake_dev *f = fd_of(dev);
	struct fake_dir *d = dir_of(f, dir);
	if (!d)
		return -ENODEV;
	if (d->started) {
		violation(f, "configure while started");
		return -EPERM;
	}
	if (period_bytes < d->caps.min_period_bytes ||
	    period_bytes > d->caps.max_period_bytes ||
	    period_bytes % d->caps.frame_bytes) {
		violation(f, "configure with %u bytes", period_bytes);
		return -EINVAL;
	}
	d->period_bytes = period_bytes;
	return 0;
}

static int f_start(struct audio_dev *dev, enum audio_dir dir)
{
	struct fake_dev *f = fd_of(dev);
	struct fake_dir *d = dir_of(f, dir);
	if (!d)
		return -ENODEV;
	if (d->started)
		violation(f, "start while started");
	if (!d->period_bytes)
		violation(f, "start before configure");
	d->started = true;
	d->head = d->count = 0;
	d->starts++;
	return 0;
}

static int f_stop(struct audio_dev *dev, enum audio_dir dir)
{
	struct fake_dir *d = dir_of(fd_of(dev), dir);
	if (!d)
		return -ENODEV;
	d->started = false;
	d->head = d->count = 0;
	d->stops++;
	return 0;
}

static bool overlaps(const uint8_t *a, uint32_t an, const uint8_t *b,
		     uint32_t bn)
{
	return a < b + bn && b < a + an;
}

static int f_submit(struct audio_dev *dev, enum audio_dir dir, void *buf,
		    uint32_t bytes)
{
	struct fake_dev *f = fd_of(dev);
	struct fake_dir *d = dir_of(f, dir);
	if (!d)
		return -ENODEV;
	d->submits++;
	if (d->fail_submit) {
		int r = d->fail_submit;
		d->fail_submit = 0;
		return r;
	}
	if (!d->started) {
		violation(f, "submit while stopped");
		return -EPERM;
	}
	uint8_t *p = buf;
	if (!p || p < d->mem || p + bytes > d->mem + d->alloc_bytes) {
		violation(f, "submit outside the buffer area");
		return -EINVAL;
	}
	if (bytes == 0 || bytes % d->caps.frame_bytes ||
	    bytes > d->period_bytes) {
		violation(f, "submit of %u bytes (period %u)", bytes,
			  d->period_bytes);
		return -EINVAL;
	}
	if (d->count >= d->caps.hw_slots) {
		violation(f, "submit with all %u slots queued", d->caps.hw_slots);
		return -EBUSY;
	}
	for (uint32_t i = 0; i < d->count; i++) {
		struct fake_slot *q = &d->q[(d->head + i) % FAKE_MAX_SLOTS];
		if (overlaps(q->buf, q->bytes, p, bytes))
			violation(f, "submit overlaps a queued buffer");
	}
	struct fake_slot *q = &d->q[(d->head + d->count) % FAKE_MAX_SLOTS];
	q->buf = p;
	q->bytes = bytes;
	q->sum = checksum(p, bytes);
	d->count++;
	if (d->irq_in_submit) {
		d->irq_in_submit--;
		fake_dev_complete(f, dir, 1);
	}
	return 0;
}

static uint32_t f_queued(struct audio_dev *dev, enum audio_dir dir)
{
	struct fake_dir *d = dir_of(fd_of(dev), dir);
	return d ? d->count : 0;
}

static int f_set_rate(struct audio_dev *dev, enum audio_dir dir, uint32_t rate)
{
	struct fake_dev *f = fd_of(dev);
	struct fake_dir *d = dir_of(f, dir);
	if (!d)
		return -ENODEV;
	if (d->started)
		return -EPERM;
	if (rate < f->rate_min || rate > f->rate_max)
		return -EINVAL;
	d->caps.rate = rate;
	return 0;
}

static const struct audio_dev_ops fake_ops = {
	.get_caps = f_get_caps,
	.alloc_buffer = f_alloc,
	.configure = f_configure,
	.start = f_start,
	.stop = f_stop,
	.submit = f_submit,
	.queued = f_queued,
};

void fake_dev_allow_rates(struct fake_dev *f, uint32_t min, uint32_t max)
{
	f->rate_min = min;
	f->rate_max = max;
	f->ops = fake_ops;
	f->ops.set_rate = f_set_rate;
	f->dev.ops = &f->ops;
}

static void out_append(struct fake_dir *d, const uint8_t *p, size_t n)
{
	if (d->out_len + n > d->out_cap) {
		size_t cap = d->out_cap ? d->out_cap : 4096;
		while (cap < d->out_len + n)
			cap *= 2;
		d->out = realloc(d->out, cap);
		if (!d->out)
			abort();
		d->out_cap = cap;
	}
	if (p)
		memcpy(d->out + d->out_len, p, n);
	else
		memset(d->out + d->out_len, 0, n);
	d->out_len += n;
}

void fake_dev_init(struct fake_dev *f, const struct audio_caps *play,
		   const struct audio_caps *cap)
{
	memset(f, 0, sizeof(*f));
	f->dev.name = "fake";
	f->dev.ops = &fake_ops;
	f->dev.priv = f;
	const struct audio_caps *c[2] = {play, cap};
	for (int i = 0; i < 2; i++) {
		if (!c[i])
			continue;
		struct fake_dir *d = &f->d[i];
		d->present = true;
		d->caps = *c[i];
		d->mem = malloc(d->caps.max_buffer_bytes);
		if (!d->mem)
			abort();
		/* Junk, not zeros: stale memory must never reach the output. */
		memset(d->mem, 0xA5, d->caps.max_buffer_bytes);
	}
}

void fake_dev_free(struct fake_dev *f)
{
	for (int i = 0; i < 2; i++) {
		free(f->d[i].mem);
		free(f->d[i].out);
	}
	memset(f, 0, sizeof(*f));
}

/* Complete the oldest queued period, or play silence; no event yet.
 * Returns 1 if a period completed. */
static uint32_t step(struct fake_dev *f, enum audio_dir dir)
{
	struct fake_dir *d = &f->d[dir];
	if (d->count == 0) {
		if (d->started && dir == AUDIO_PLAYBACK) {
			out_append(d, NULL, d->period_bytes);
			d->silence_frames += d->period_bytes / d->caps.frame_bytes;
		}
		return 0;
	}
	struct fake_slot *q = &d->q[d->head];
	if (checksum(q->buf, q->bytes) != q->sum)
		violation(f, "%s buffer changed while queued",
			  dir == AUDIO_PLAYBACK ? "playback" : "capture");
	if (dir == AUDIO_PLAYBACK) {
		out_append(d, q->buf, q->bytes);
	} else {
		uint32_t ch = d->caps.channels, n = q->bytes / d->caps.frame_bytes;
		for (uint32_t i = 0; i < n; i++, d->cap_frames++)
			for (uint32_t c = 0; c < ch; c++) {
				int16_t v = fake_dev_capture_sample(d->cap_frames, c);
				memcpy(q->buf + (i * ch + c) * 2, &v, 2);
			}
	}
	d->head = (d->head + 1) % FAKE_MAX_SLOTS;
	d->count--;
	d->periods_done++;
	return 1;
}

static void fire(struct fake_dev *f, enum audio_dir dir, uint32_t n)
{
	uint32_t ev = AUDIO_EV_PERIOD_DONE;
	if (f->d[dir].count == 0)
		ev |= AUDIO_EV_IDLE;
	if (f->dev.event)
		f->dev.event(f->dev.event_ctx, dir, ev, n);
}

uint32_t fake_dev_complete(struct fake_dev *f, enum audio_dir dir, uint32_t n)
{
	struct fake_dir *d = dir_of(f, dir);
	if (!d)
		return 0;
	if (d->batch_events)
		return fake_dev_complete_batch(f, dir, n);
	uint32_t done = 0;
	for (uint32_t i = 0; i < n; i++) {
		if (step(f, dir)) {
			done++;
			fire(f, dir, 1);
		}
	}
	return done;
}

uint32_t fake_dev_complete_batch(struct fake_dev *f, enum audio_dir dir,
				 uint32_t n)
{
	struct fake_dir *d = dir_of(f, dir);
	if (!d)
		return 0;
	uint32_t done = 0;
	for (uint32_t i = 0; i < n; i++)
		done += step(f, dir);
	if (done)
		fire(f, dir, done);
	return done;
}

void fake_dev_block(void *ctx, pcm_ready_fn ready, const void *arg)
{
	struct fake_dev *f = ctx;
	fake_dev_block_calls++;
	if (ready(arg))
		return;
	for (int i = 0; i < 2; i++)
		if (f->d[i].present && f->d[i].started)
			fake_dev_complete(f, (enum audio_dir)i, 1);
}

struct audio_caps fake_caps_playback(void)
{
	return (struct audio_caps){
		.rate = 44100,
		.channels = 2,
		.format = SAMPLE_S16,
		.frame_bytes = 4,
		.min_period_bytes = 64 * 4,
		.max_period_bytes = 16384,
		.hw_slots = 2,
		.max_buffer_bytes = 65536,
	};
}

struct audio_caps fake_caps_format(uint32_t rate, uint32_t channels,
				   enum sample_format format)
{
	struct audio_caps c = fake_caps_playback();
	c.rate = rate;
	c.channels = channels;
	c.format = format;
	c.frame_bytes = channels * sample_format_bytes(format);
	c.min_period_bytes = 64 * c.frame_bytes;
	return c;
}

struct audio_caps fake_caps_capture(void)
{
	return (struct audio_caps){
		.rate = 8000,
		.channels = 1,
		.format = SAMPLE_S16,
		.frame_bytes = 2,
		.min_period_bytes = 64 * 2,
		.max_period_bytes = 16384,
		.hw_slots = 1,
		.max_buffer_bytes = 65536,
	};
}
