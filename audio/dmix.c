/* Several playback streams mixed in software; see dmix.h. */
#include "audio/dmix.h"

#include <errno.h>
#include <string.h>

#include "audio/dspmath.h"

/* ---- the ports: a client's device --------------------------------------- */

static struct dmix_port *port_of(struct audio_dev *dev)
{
	return dev->priv;
}

static uint32_t frame_bytes(const struct dmix *d)
{
	return 2u * d->src.channels;
}

static int port_get_caps(struct audio_dev *dev, enum audio_dir dir, struct audio_caps *c)
{
	const struct dmix *d = port_of(dev)->mix;
	if (dir != AUDIO_PLAYBACK)
		return -ENODEV;
	const uint32_t fb = frame_bytes(d);
	*c = (struct audio_caps){
		.rate = d->src.rate, .channels = d->src.channels, .format = SAMPLE_S16,
		.frame_bytes = fb, .min_period_bytes = fb,
		.max_period_bytes = DMIX_PERIOD * fb, .hw_slots = DMIX_SLOTS,
		.max_buffer_bytes = DMIX_PERIOD * DMIX_PERIODS * fb,
	};
	return 0;
}

static void *port_alloc(struct audio_dev *dev, enum audio_dir dir, size_t bytes)
{
	struct dmix_port *p = port_of(dev);
	struct audio_caps c;
	if (port_get_caps(dev, dir, &c) || bytes == 0 || bytes > c.max_buffer_bytes)
		return NULL;
	return p->area;
}

static int port_configure(struct audio_dev *dev, enum audio_dir dir, uint32_t period_bytes)
{
	struct dmix_port *p = port_of(dev);
	struct audio_caps c;
	int r = port_get_caps(dev, dir, &c);
	if (r)
		return r;
	if (p->started)
		return -EPERM;
	if (period_bytes < c.min_period_bytes || period_bytes > c.max_period_bytes ||
	    period_bytes % c.frame_bytes)
		return -EINVAL;
	p->period_bytes = period_bytes;
	return 0;
}

static int port_start(struct audio_dev *dev, enum audio_dir dir)
{
	struct dmix_port *p = port_of(dev);
	if (dir != AUDIO_PLAYBACK)
		return -ENODEV;
	if (p->started || !p->period_bytes)
		return p->started ? -EPERM : -EINVAL;
	p->started = true;
	p->count = p->done = 0;
	p->dry = p->idle_told = false;
	return 0;
}

static int port_stop(struct audio_dev *dev, enum audio_dir dir)
{
	struct dmix_port *p = port_of(dev);
	if (dir != AUDIO_PLAYBACK)
		return -ENODEV;
	/* What is queued is dropped, and no event follows (the contract). */
	p->started = false;
	p->count = p->done = 0;
	return 0;
}

static int port_submit(struct audio_dev *dev, enum audio_dir dir, void *buf, uint32_t bytes)
{
	struct dmix_port *p = port_of(dev);
	const uint32_t fb = frame_bytes(p->mix);
	const uint8_t *b = buf;
	if (dir != AUDIO_PLAYBACK)
		return -ENODEV;
	if (!p->started)
		return -EPERM;
	if (!bytes || bytes % fb || bytes > p->period_bytes || b < p->area ||
	    (size_t)(b - p->area) + bytes > sizeof p->area)
		return -EINVAL;
	if (p->count == DMIX_SLOTS)
		return -EBUSY;
	uint32_t tail = (p->head + p->count) % DMIX_SLOTS;
	p->q[tail].buf = b;
	p->q[tail].bytes = bytes;
	p->q[tail].pos = 0;
	p->count++;
	p->dry = p->idle_told = false;
	return 0;
}

static uint32_t port_queued(struct audio_dev *dev, enum audio_dir dir)
{
	return dir == AUDIO_PLAYBACK ? port_of(dev)->count : 0;
}

static const struct audio_dev_ops port_ops = {
	.get_caps = port_get_caps,
	.alloc_buffer = port_alloc,
	.configure = port_configure,
	.start = port_start,
	.stop = port_stop,
	.submit = port_submit,
	.queued = port_queued,
};

/* Frames the port holds, queued and not yet mixed. */
static uint32_t port_frames(const struct dmix_port *p)
{
	uint32_t bytes = 0;
	for (uint32_t k = 0; k < p->count; k++) {
		uint32_t i = (p->head + k) % DMIX_SLOTS;
		bytes += p->q[i].bytes - p->q[i].pos;
	}
	return bytes / frame_bytes(p->mix);
}

/* Adds n frames of what the port holds into acc, consuming them (the caller
 * made sure it holds n). */
static void port_mix(struct dmix_port *p, int32_t *acc, uint32_t n)
{
	const uint32_t fb = frame_bytes(p->mix), ch = p->mix->src.channels;
	while (n) {
		uint32_t i = p->head;
		uint32_t k = (p->q[i].bytes - p->q[i].pos) / fb;
		if (k > n)
			k = n;
		const uint8_t *b = p->q[i].buf + p->q[i].pos;
		for (uint32_t j = 0; j < k * ch; j++) {
			int16_t v;
			memcpy(&v, b + 2 * j, 2);
			acc[j] += v;
		}
		acc += k * ch;
		n -= k;
		p->q[i].pos += k * fb;
		if (p->q[i].pos == p->q[i].bytes) {
			p->head = (p->head + 1) % DMIX_SLOTS;
			p->count--;
			p->done++;
		}
	}
}

/* Tells the client what the mix did with its port: the periods it
 * consumed, and once that the mix went on without it (silence where its
 * frames should have been: its underrun).  A port the mix emptied exactly
 * is not dry: the next chunk waits for its refill.  The client's pump runs
 * in here and may submit its next periods. */
static void port_report(struct dmix_port *p)
{
	if (!p->started || !p->dev.event)
		return;
	uint32_t ev = 0, n = p->done;
	if (n)
		ev |= AUDIO_EV_PERIOD_DONE;
	if (p->dry && !p->idle_told) {
		ev |= AUDIO_EV_IDLE;
		p->idle_told = true;
	}
	p->done = 0;
	if (ev)
		p->dev.event(p->dev.event_ctx, AUDIO_PLAYBACK, ev, n);
}

/* ---- the clients ----------------------------------------------------------- */

/* Keeps a client's ring full from its source, drains it once the source
 * has ended, recovers it from an underrun.  Never waits. */
static void feed(struct dmix *d, struct dmix_client *c)
{
	if (c->finished || c->hold)
		return;
	enum pcm_state st = pcm_state(&c->s);
	if (st == PCM_STATE_XRUN) {
		c->xruns++;
		/* -EPIPE: what its next call would say.  Recovery keeps
		 * what was written. */
		int r = pcm_recover(&c->s, -EPIPE, 0);
		if (r) {
			d->error = r;
			return;
		}
	}
	while (!c->src_ended) {
		void *area;
		uint32_t n;
		if (pcm_mmap_begin(&c->s, &area, &n) || n == 0)
			break; /* full, or not writable now (paused is) */
		uint32_t got = source_render(c->src, area, n);
		int r = pcm_mmap_commit(&c->s, got);
		if (r) {
			d->error = r;
			return;
		}
		if (got < n)
			c->src_ended = true;
	}
	if (c->src_ended && pcm_state(&c->s) != PCM_STATE_PAUSED) {
		int r = pcm_drain(&c->s); /* non-blocking: -EAGAIN while it plays */
		if (r == 0)
			c->finished = true;
		else if (r != -EAGAIN)
			d->error = r;
	}
}

static uint32_t dmix_render(struct koi_source *src, int16_t *out, uint32_t frames)
{
	struct dmix *d = (struct dmix *)src;
	const uint32_t ch = src->channels;
	uint32_t done = 0;
	while (done < frames && !d->error) {
		bool live = false, data = false;
		uint32_t m = frames - done;
		if (m > DMIX_PERIOD)
			m = DMIX_PERIOD;
		for (uint32_t i = 0; i < d->n; i++) {
			struct dmix_client *c = &d->c[i];
			feed(d, c);
			live |= !c->finished;
			/* A chunk runs no port dry that has frames: the ones
			 * with none (paused, starved) add silence instead. */
			uint32_t k = port_frames(&c->port);
			if (k) {
				data = true;
				if (k < m)
					m = k;
			}
		}
		if (!data && !live)
			break; /* every client has played its last frame */
		memset(d->acc, 0, (size_t)m * ch * sizeof d->acc[0]);
		for (uint32_t i = 0; i < d->n; i++) {
			struct dmix_port *p = &d->c[i].port;
			if (port_frames(p))
				port_mix(p, d->acc, m);
			else if (p->started)
				p->dry = true;
		}
		for (uint32_t k = 0; k < m * ch; k++)
			out[done * ch + k] = koi_sat16(d->acc[k]);
		done += m;
		for (uint32_t i = 0; i < d->n; i++) {
			struct dmix_client *c = &d->c[i];
			c->hold = c->hold > m ? c->hold - m : 0;
			port_report(&c->port);
		}
	}
	return done;
}

int dmix_init(struct dmix *d, uint32_t rate, uint32_t channels)
{
	if (rate == 0 || channels < 1 || channels > DMIX_MAX_CHANNELS)
		return -EINVAL;
	memset(d, 0, sizeof *d);
	d->src = (struct koi_source){dmix_render, "mix", rate, channels, NULL};
	return 0;
}

int dmix_add(struct dmix *d, struct koi_source *src)
{
	if (!src || src->rate != d->src.rate || src->channels != d->src.channels)
		return -EINVAL;
	if (d->n == DMIX_CLIENTS)
		return -ENOSPC;
	struct dmix_client *c = &d->c[d->n];
	memset(c, 0, sizeof *c);
	c->src = src;
	c->port.mix = d;
	c->port.dev = (struct audio_dev){.name = "dmix", .ops = &port_ops, .priv = &c->port};
	int r = pcm_open(&c->s, &c->port.dev, AUDIO_PLAYBACK);
	if (r)
		return r;
	pcm_set_nonblock(&c->s, true);
	r = pcm_hw_params(&c->s, DMIX_PERIOD, DMIX_PERIODS);
	if (r == 0)
		r = pcm_prepare(&c->s);
	if (r) {
		pcm_close(&c->s);
		return r;
	}
	return (int)d->n++;
}

void dmix_free(struct dmix *d)
{
	for (uint32_t i = 0; i < d->n; i++)
		pcm_close(&d->c[i].s);
	d->n = 0;
}

int dmix_pause(struct dmix *d, uint32_t i, bool on)
{
	if (i >= d->n)
		return -EINVAL;
	return pcm_pause(&d->c[i].s, on);
}

void dmix_starve(struct dmix *d, uint32_t i, uint32_t frames)
{
	if (i < d->n)
		d->c[i].hold = frames;
}

void dmix_client_stats(const struct dmix *d, uint32_t i, struct pcm_stats *st)
{
	memset(st, 0, sizeof *st);
	if (i < d->n) {
		pcm_get_stats(&d->c[i].s, st);
		st->xruns = d->c[i].xruns > st->xruns ? d->c[i].xruns : st->xruns;
	}
}
