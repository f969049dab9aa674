/* The virtio sound device as an audio_dev; see virtio_snd.h and
 * docs/virtio-sound.md. */
#include "drivers/virtio_snd.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "arch/arm/cpu.h"
#include "arch/arm/mmu.h"

#define STATUS_PENDING 0xffffffffu /* written before posting: no answer yet */

static const uint32_t rate_hz[VIRTIO_SND_PCM_RATE_COUNT] = {
	5512, 8000, 11025, 16000, 22050, 32000, 44100,
	48000, 64000, 88200, 96000, 176400, 192000, 384000,
};

/* Koi's formats the device may offer, in the order the driver prefers
 * them: S16 is what Koi's sources render. */
static const struct { uint8_t vfmt; enum sample_format fmt; } formats[] = {
	{ VIRTIO_SND_PCM_FMT_S16, SAMPLE_S16 },
	{ VIRTIO_SND_PCM_FMT_S32, SAMPLE_S32 },
	{ VIRTIO_SND_PCM_FMT_FLOAT, SAMPLE_F32 },
	{ VIRTIO_SND_PCM_FMT_U8, SAMPLE_U8 },
	{ VIRTIO_SND_PCM_FMT_S8, SAMPLE_S8 },
};
#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

static struct virtio_snd *of(struct audio_dev *dev) { return dev->priv; }

static int status_errno(uint32_t code)
{
	switch (code) {
	case VIRTIO_SND_S_OK: return 0;
	case VIRTIO_SND_S_BAD_MSG: return -EINVAL;
	case VIRTIO_SND_S_NOT_SUPP: return -EOPNOTSUPP;
	default: return -EIO;
	}
}

static bool valid_dir(const struct virtio_snd *s, enum audio_dir dir)
{
	return (unsigned)dir <= AUDIO_CAPTURE && s->dir[dir].present;
}

static void latch(struct virtio_snd_dir *d, int err)
{
	if (!d->error)
		d->error = err;
}

/* ---- control queue ------------------------------------------------------- */

/* Interrupts masked: takes the control queue's answers, each marked done
 * for its waiter (the ISR calls this too, so whichever context looks
 * first takes them). */
static void ctl_reap(struct virtio_snd *s)
{
	void *t;
	uint32_t len;
	while ((t = virtq_get(&s->ctlq, &len)) != NULL) {
		size_t i = (size_t)((struct virtio_snd_ctl *)t - s->ctl);
		if (i >= VIRTIO_SND_CTL_SLOTS)
			continue;
		s->ctl_len[i] = len;
		s->ctl_done[i] = true;
	}
}

/* Interrupts masked: a free control slot, -EBUSY if none. */
static int ctl_take(struct virtio_snd *s)
{
	for (int i = 0; i < (int)VIRTIO_SND_CTL_SLOTS; i++) {
		if (s->ctl_busy[i])
			continue;
		s->ctl_busy[i] = true;
		s->ctl_done[i] = false;
		memset(&s->ctl[i], 0, sizeof(s->ctl[i]));
		s->ctl[i].resp.code = STATUS_PENDING;
		return i;
	}
	return -EBUSY;
}

/* Interrupts masked: posts slot i's request (req_len bytes) with room for
 * the status and info_len bytes of answer. */
static int ctl_post(struct virtio_snd *s, int i, uint32_t req_len, uint32_t info_len)
{
	struct virtio_snd_ctl *c = &s->ctl[i];
	struct virtq_buf b[3] = {
		{ &c->req, req_len }, { &c->resp, sizeof(c->resp) }, { c->info, info_len },
	};
	int r = virtq_add(&s->ctlq, b, 1, info_len ? 2 : 1, c);
	if (r == 0)
		virtq_kick(&s->ctlq);
	return r;
}

/* Sends the request prepared by fill() and waits for its answer: its
 * status as an errno, -ETIMEDOUT if the device does not answer.  The
 * answer's items (info_len bytes, as fill() said) are copied to `info`. */
typedef uint32_t (*ctl_fill_fn)(struct virtio_snd_ctl *c, const void *arg, uint32_t *info_len);

static int ctl_sync(struct virtio_snd *s, ctl_fill_fn fill, const void *arg, void *info)
{
	uint32_t save = irq_save();
	int i = ctl_take(s), r = i;
	uint32_t info_len = 0;
	if (i >= 0) {
		uint32_t req_len = fill(&s->ctl[i], arg, &info_len);
		r = ctl_post(s, i, req_len, info_len);
		if (r)
			s->ctl_busy[i] = false;
	}
	irq_restore(save);
	if (r < 0)
		return r;
	uint64_t deadline = s->clock->now_ns() + VIRTIO_SND_CTL_TIMEOUT_NS;
	for (;;) {
		save = irq_save();
		ctl_reap(s);
		bool done = s->ctl_done[i];
		irq_restore(save);
		if (done)
			break;
		/* The slot stays taken: the device may still write it. */
		if (s->clock->now_ns() > deadline)
			return -ETIMEDOUT;
	}
	r = s->ctl_len[i] < sizeof(struct virtio_snd_hdr) + info_len ? -EIO
	    : status_errno(s->ctl[i].resp.code);
	if (!r && info)
		memcpy(info, s->ctl[i].info, info_len);
	s->ctl_busy[i] = false;
	return r;
}

struct pcm_req { uint32_t code, stream; const struct virtio_snd_dir *d; };

static uint32_t fill_pcm(struct virtio_snd_ctl *c, const void *arg, uint32_t *info_len)
{
	const struct pcm_req *p = arg;
	*info_len = 0;
	c->req.pcm.hdr.code = p->code;
	c->req.pcm.stream_id = p->stream;
	if (p->code != VIRTIO_SND_R_PCM_SET_PARAMS)
		return sizeof(c->req.pcm);
	c->req.params.period_bytes = p->d->period_bytes;
	/* The device holds at most VIRTIO_SND_SLOTS periods: its buffer. */
	c->req.params.buffer_bytes = p->d->period_bytes * VIRTIO_SND_SLOTS;
	c->req.params.channels = (uint8_t)p->d->caps.channels;
	c->req.params.format = p->d->vformat;
	c->req.params.rate = p->d->vrate;
	return sizeof(c->req.params);
}

static int pcm_request(struct virtio_snd *s, enum audio_dir dir, uint32_t code)
{
	struct pcm_req p = { code, s->dir[dir].stream_id, &s->dir[dir] };
	return ctl_sync(s, fill_pcm, &p, NULL);
}

static uint32_t fill_info(struct virtio_snd_ctl *c, const void *arg, uint32_t *info_len)
{
	uint32_t n = *(const uint32_t *)arg;
	c->req.query.hdr.code = VIRTIO_SND_R_PCM_INFO;
	c->req.query.start_id = 0;
	c->req.query.count = n;
	c->req.query.size = sizeof(struct virtio_snd_pcm_info);
	*info_len = n * (uint32_t)sizeof(struct virtio_snd_pcm_info);
	return sizeof(c->req.query);
}

/* ---- I/O queues ---------------------------------------------------------- */

static struct virtq *io_queue(struct virtio_snd *s, enum audio_dir dir)
{
	return dir == AUDIO_PLAYBACK ? &s->txq : &s->rxq;
}

/* ---- playback pacing ----------------------------------------------------- */

/* QEMU's audio timer period (its default, -audiodev timer-period=10000): the
 * sound starts at its first tick after the first message is queued. */
#define PACE_START_NS 10000000ull

/* The product in pace_submit(): frames (at most a period's bytes) times a
 * frame's Q32 ns at the slowest rate, plus a fraction under 2^32. */
_Static_assert((uint64_t)VIRTIO_SND_MAX_PERIOD * ((1000000000ull << 32) / 5512u) <
	       UINT64_MAX - 0xffffffffull, "pace_submit() overflows");

/* Interrupts masked: every message in flight, and the next one
 * submitted, are due `by` ns later. */
static void pace_shift(struct virtio_snd_dir *d, uint64_t by)
{
	for (uint32_t k = d->done; k != d->sub; k++)
		d->due[k % VIRTIO_SND_SLOTS] += by;
	d->end_ns += by;
}

/*
 * Interrupts masked: playback messages from..back just came back at `now`.
 * The first message back after the clock (re)started says when the sound
 * began: QEMU takes frames only on its audio tick, so it began at the first
 * tick after the message was queued, at most PACE_START_NS later (a message
 * larger than one tick's take comes back only ticks after its sound began,
 * hence the bound).  The messages back before their time are held
 * (counted).  One back after its time is reported at once, and the clock
 * stays: the frames were due, and the device did not have them (its
 * threads ran late, its backend held it back, or the ring is too short for
 * its tick); if that leaves nothing in flight, it is a gap (io_report()),
 * and the clock starts again with the next message.
 */
static void pace_returned(struct virtio_snd_dir *d, uint32_t from, uint64_t now)
{
	if (d->pace_sync) {
		d->pace_sync = false;
		uint64_t late = now > d->start_ns ? now - d->start_ns : 0u;
		pace_shift(d, late < PACE_START_NS ? late : PACE_START_NS);
	}
	for (uint32_t k = from; k != d->back; k++)
		d->held += d->due[k % VIRTIO_SND_SLOTS] > now;
}

/* Interrupts masked: takes the messages the device returned and moves
 * `back` past those now back in submission order (a message returned
 * before an older one waits for it). */
static void io_reap(struct virtio_snd *s, enum audio_dir dir)
{
	struct virtio_snd_dir *d = &s->dir[dir];
	void *t;
	uint32_t len;
	while ((t = virtq_get(io_queue(s, dir), &len)) != NULL) {
		size_t slot = (size_t)((struct virtio_snd_msg *)t - d->msg);
		if (slot >= VIRTIO_SND_SLOTS)
			continue;
		d->returned[slot] = true;
		if (len < sizeof(struct virtio_snd_pcm_status))
			latch(d, -EIO); /* no status written */
		else
			latch(d, status_errno(d->msg[slot].status.status));
	}
	uint32_t back = d->back;
	while (d->back != d->sub && d->returned[d->back % VIRTIO_SND_SLOTS]) {
		d->returned[d->back % VIRTIO_SND_SLOTS] = false;
		d->back++;
	}
	if (dir != AUDIO_PLAYBACK || back == d->back || d->state != VSND_RUNNING)
		return;
	pace_returned(d, back, s->clock->now_ns());
}

/* Interrupts masked: the messages back from the device that are due by
 * the clock (capture: all of them) are done; returns how many. */
static uint32_t io_retire(struct virtio_snd *s, enum audio_dir dir)
{
	struct virtio_snd_dir *d = &s->dir[dir];
	uint32_t n = 0;
	if (dir != AUDIO_PLAYBACK) {
		n = d->back - d->done;
		d->done = d->back;
		return n;
	}
	if (d->done == d->back)
		return 0;
	uint64_t now = s->clock->now_ns();
	while (d->done != d->back && d->due[d->done % VIRTIO_SND_SLOTS] <= now) {
		d->done++;
		n++;
	}
	return n;
}

static void io_report(struct virtio_snd *s, enum audio_dir dir, bool xrun);

/* The alarm for the oldest message held: it is due now. */
static void pace_fire(struct alarm *a, void *ctx)
{
	(void)a;
	struct virtio_snd *s = ctx;
	s->dir[AUDIO_PLAYBACK].pace_armed = false;
	io_report(s, AUDIO_PLAYBACK, false);
}

/* Interrupts masked: an alarm for the oldest message held, if none is set.
 * One set earlier is never later than that message's time (times only
 * grow, and stop() cancels it): when it fires it reports and comes back
 * here.  A clock that cannot set an alarm fails the stream: the error is
 * latched for the next submit(), and what is back is reported at once
 * (unpaced), so that a drain with nothing more to submit still ends.
 * Returns 0, or the clock's error. */
static int pace_arm(struct virtio_snd *s)
{
	struct virtio_snd_dir *d = &s->dir[AUDIO_PLAYBACK];
	if (d->pace_armed || d->state != VSND_RUNNING || d->done == d->back)
		return 0;
	int r = s->clock->alarm_at(&d->pace, d->due[d->done % VIRTIO_SND_SLOTS], pace_fire, s);
	if (r) {
		latch(d, r);
		for (uint32_t k = d->done; k != d->back; k++)
			d->due[k % VIRTIO_SND_SLOTS] = 0;
	} else {
		d->pace_armed = true;
	}
	return r;
}

/* Interrupts masked: no alarm from now on (stop()). */
static void pace_cancel(struct virtio_snd *s)
{
	struct virtio_snd_dir *d = &s->dir[AUDIO_PLAYBACK];
	if (d->pace_armed)
		s->clock->alarm_cancel(&d->pace);
	d->pace_armed = false;
}

/* Interrupts masked, from submit(): the time the message in `slot` will
 * have been played by, by the clock: right after the last one submitted.
 * When nothing is in flight (the first message after start(), or the
 * first after the device ran dry: QEMU plays nothing while its queue is
 * empty) the clock starts again, and pace_returned() moves that start to
 * when the device first takes the message.  A message submitted after the
 * clock has passed the last one but while others are still in flight (the
 * device is late with them) keeps the clock: so the frames it lacked stay
 * due, and if they leave nothing in flight when they come back, that is
 * the gap it was.  Rounded up. */
static void pace_submit(struct virtio_snd *s, struct virtio_snd_dir *d, uint32_t slot,
			uint32_t bytes)
{
	if (d->done == d->sub) {
		d->end_ns = d->start_ns = s->clock->now_ns();
		d->end_frac = 0;
		d->pace_sync = true;
	}
	uint64_t t = (uint64_t)d->end_frac +
		     (uint64_t)(bytes / d->caps.frame_bytes) * d->ns_per_frame_q32;
	d->end_ns += t >> 32;
	d->end_frac = (uint32_t)t;
	d->due[slot] = d->end_ns + (d->end_frac != 0u);
}

/* ---- the interrupt ------------------------------------------------------- */

/* Event buffers go straight back to the device once read. */
static void events_post(struct virtio_snd *s, struct virtio_snd_event *ev)
{
	ev->hdr.code = 0;
	struct virtq_buf b = { ev, sizeof(*ev) };
	if (virtq_add(&s->eventq, &b, 0, 1, ev) == 0)
		virtq_kick(&s->eventq);
}

/* Returns the AUDIO_EV_IDLE mask per direction (bit = enum audio_dir). */
static uint32_t events_reap(struct virtio_snd *s)
{
	uint32_t idle = 0;
	void *t;
	uint32_t len;
	while ((t = virtq_get(&s->eventq, &len)) != NULL) {
		struct virtio_snd_event *ev = t;
		s->events_seen++;
		for (unsigned dir = 0; len >= sizeof(*ev) && dir < 2u; dir++) {
			struct virtio_snd_dir *d = &s->dir[dir];
			if (!d->present || d->stream_id != ev->data ||
			    ev->hdr.code != VIRTIO_SND_EVT_PCM_XRUN)
				continue;
			/* PERIOD_ELAPSED says what the returned message says
			 * already; an xrun is a gap. */
			d->xruns++;
			if (d->state == VSND_RUNNING)
				idle |= 1u << dir;
		}
		events_post(s, ev);
	}
	return idle;
}

/* Interrupts masked: tells the PCM layer what is done (from the ISR, or
 * the pacing alarm), then sets the alarm for what is still held. */
static void io_report(struct virtio_snd *s, enum audio_dir dir, bool xrun)
{
	struct virtio_snd_dir *d = &s->dir[dir];
	uint32_t n = io_retire(s, dir);
	if (d->state != VSND_RUNNING || !s->dev.event)
		return;
	uint32_t ev = n ? AUDIO_EV_PERIOD_DONE : 0u;
	d->periods += n;
	/* Nothing left in the device: it is playing nothing. */
	if (n && d->done == d->sub) {
		d->ran_dry = true; /* a gap, if anything follows */
		ev |= AUDIO_EV_IDLE;
	}
	if (xrun)
		ev |= AUDIO_EV_IDLE;
	if (ev)
		s->dev.event(s->dev.event_ctx, dir, ev, n);
	/* Refused, the held messages are due at once: report them now (the
	 * second pass finds none held, so it stops there). */
	if (dir == AUDIO_PLAYBACK && pace_arm(s) != 0)
		io_report(s, dir, false);
}

void virtio_snd_isr(void *ctx)
{
	struct virtio_snd *s = ctx;
	uint32_t why = virtio_mmio_ack_irq(&s->vm);
	if ((why & VIRTIO_MMIO_INT_CONFIG) && virtio_mmio_needs_reset(&s->vm)) {
		latch(&s->dir[AUDIO_PLAYBACK], -EIO);
		latch(&s->dir[AUDIO_CAPTURE], -EIO);
	}
	ctl_reap(s);
	uint32_t idle = events_reap(s);
	for (unsigned i = 0; i < 2u; i++) {
		enum audio_dir dir = (enum audio_dir)i;
		if (!s->dir[dir].present)
			continue;
		io_reap(s, dir);
		io_report(s, dir, idle & 1u << i);
	}
}

/* ---- audio_dev ops -------------------------------------------------------- */

static int vs_get_caps(struct audio_dev *dev, enum audio_dir dir, struct audio_caps *caps)
{
	struct virtio_snd *s = of(dev);
	if (!valid_dir(s, dir))
		return -ENODEV;
	*caps = s->dir[dir].caps;
	return 0;
}

static void *vs_alloc_buffer(struct audio_dev *dev, enum audio_dir dir, size_t bytes)
{
	struct virtio_snd *s = of(dev);
	if (!valid_dir(s, dir) || bytes == 0 || bytes > VIRTIO_SND_AREA)
		return NULL;
	struct virtio_snd_dir *d = &s->dir[dir];
	if (!d->area)
		d->area = dma_alloc_coherent(VIRTIO_SND_AREA, 64);
	return d->area;
}

/* The direction of an op that wants its stream stopped (configure, start,
 * set_rate): NULL with *err = -ENODEV (no such direction) or -EPERM
 * (started). */
static struct virtio_snd_dir *stopped_dir(struct audio_dev *dev, enum audio_dir dir, int *err)
{
	struct virtio_snd *s = of(dev);
	*err = -ENODEV;
	if (!valid_dir(s, dir))
		return NULL;
	struct virtio_snd_dir *d = &s->dir[dir];
	*err = -EPERM;
	return d->state == VSND_IDLE || d->state == VSND_DRAINED ? d : NULL;
}

static int vs_configure(struct audio_dev *dev, enum audio_dir dir, uint32_t period_bytes)
{
	int err;
	struct virtio_snd_dir *d = stopped_dir(dev, dir, &err);
	if (!d)
		return err;
	if (period_bytes < d->caps.min_period_bytes || period_bytes > d->caps.max_period_bytes ||
	    period_bytes % d->caps.frame_bytes)
		return -EINVAL;
	d->period_bytes = period_bytes;
	return 0;
}

/* Waits until the device has handed back every message (RELEASE makes
 * QEMU return the ones it held). */
static int io_drain(struct virtio_snd *s, enum audio_dir dir)
{
	struct virtio_snd_dir *d = &s->dir[dir];
	uint64_t deadline = s->clock->now_ns() + VIRTIO_SND_CTL_TIMEOUT_NS;
	for (;;) {
		uint32_t save = irq_save();
		io_reap(s, dir);
		bool empty = d->back == d->sub;
		if (empty)
			d->done = d->back; /* dropped: none left in the device */
		irq_restore(save);
		if (empty)
			return 0;
		if (s->clock->now_ns() > deadline)
			return -ETIMEDOUT;
	}
}

/* STOP (if started) and RELEASE for a stream left in state `was`, then
 * every message back from the device. */
static int halt(struct virtio_snd *s, enum audio_dir dir, enum virtio_snd_state was)
{
	int r = 0;
	if (was == VSND_RUNNING || was == VSND_DRAINED)
		r = pcm_request(s, dir, VIRTIO_SND_R_PCM_STOP);
	if (was != VSND_IDLE) {
		int r2 = pcm_request(s, dir, VIRTIO_SND_R_PCM_RELEASE);
		if (!r)
			r = r2;
		r2 = io_drain(s, dir);
		if (!r)
			r = r2;
	}
	return r;
}

static int vs_stop(struct audio_dev *dev, enum audio_dir dir)
{
	struct virtio_snd *s = of(dev);
	if (!valid_dir(s, dir))
		return -ENODEV;
	struct virtio_snd_dir *d = &s->dir[dir];
	uint32_t save = irq_save();
	enum virtio_snd_state was = d->state;
	/* From here on neither the ISR nor the alarm reports anything.  All
	 * played: STOP waits for the next start() (virtio_snd.h), so the
	 * device's last frames get out. */
	bool played = was == VSND_RUNNING && d->done == d->sub && dir == AUDIO_PLAYBACK;
	d->state = played || was == VSND_DRAINED ? VSND_DRAINED : VSND_IDLE;
	if (dir == AUDIO_PLAYBACK)
		pace_cancel(s);
	irq_restore(save);
	if (d->state == VSND_DRAINED)
		return 0;
	return halt(s, dir, was);
}

static int vs_start(struct audio_dev *dev, enum audio_dir dir)
{
	struct virtio_snd *s = of(dev);
	int err;
	struct virtio_snd_dir *d = stopped_dir(dev, dir, &err);
	if (!d)
		return err;
	if (!d->period_bytes || !d->area)
		return -EINVAL;
	int r = 0;
	if (d->state == VSND_DRAINED) {
		r = halt(s, dir, VSND_DRAINED);
		d->state = VSND_IDLE;
	}
	d->error = 0;
	if (!r)
		r = pcm_request(s, dir, VIRTIO_SND_R_PCM_SET_PARAMS);
	if (r == 0)
		r = pcm_request(s, dir, VIRTIO_SND_R_PCM_PREPARE);
	if (r)
		return r;
	/* START before the first message: QEMU 10.0.2 under -icount now and
	 * then never played messages queued before START (docs/virtio-sound.md,
	 * "Stream states"); a started stream with nothing queued plays
	 * nothing, so the first submit() still starts the sound. */
	r = pcm_request(s, dir, VIRTIO_SND_R_PCM_START);
	if (r) {
		/* Prepared but not started: RELEASE undoes PREPARE. */
		if (r != -ETIMEDOUT)
			pcm_request(s, dir, VIRTIO_SND_R_PCM_RELEASE);
		return r;
	}
	/* A frame's duration in ns, Q32: 2^32 * 10^9 / rate < 2^50. */
	uint64_t ns_per_frame = (1000000000ull << 32) / d->caps.rate;
	uint32_t save = irq_save();
	d->sub = d->back = d->done = 0;
	d->ns_per_frame_q32 = ns_per_frame;
	d->ran_dry = false;
	memset(d->returned, 0, sizeof(d->returned));
	d->state = VSND_RUNNING;
	irq_restore(save);
	return 0;
}

static int io_post(struct virtio_snd *s, enum audio_dir dir, void *buf, uint32_t bytes)
{
	struct virtio_snd_dir *d = &s->dir[dir];
	struct virtio_snd_msg *m = &d->msg[d->sub % VIRTIO_SND_SLOTS];
	m->xfer.stream_id = d->stream_id;
	m->status.status = STATUS_PENDING;
	m->status.latency_bytes = 0;
	struct virtq_buf b[3] = { { &m->xfer, sizeof(m->xfer) }, { buf, bytes },
				  { &m->status, sizeof(m->status) } };
	/* tx: header and frames readable; rx: the frames are written. */
	uint32_t n_out = dir == AUDIO_PLAYBACK ? 2u : 1u;
	int r = virtq_add(io_queue(s, dir), b, n_out, 3u - n_out, m);
	if (r)
		return r == -ENOSPC ? -EBUSY : r;
	if (dir == AUDIO_PLAYBACK)
		pace_submit(s, d, d->sub % VIRTIO_SND_SLOTS, bytes);
	virtq_kick(io_queue(s, dir));
	d->sub++;
	if (d->ran_dry && d->state == VSND_RUNNING)
		d->dry++;
	d->ran_dry = false;
	return 0;
}

static int vs_submit(struct audio_dev *dev, enum audio_dir dir, void *buf, uint32_t bytes)
{
	struct virtio_snd *s = of(dev);
	if (!valid_dir(s, dir))
		return -ENODEV;
	struct virtio_snd_dir *d = &s->dir[dir];
	uint8_t *b = buf, *area = d->area;
	uint32_t save = irq_save();
	int r = 0;
	/* The contract's order: the state first (-EPERM before start and after
	 * stop, whatever the arguments or an error latched by the messages
	 * that stop() took back), then the latched error, then the arguments. */
	if (d->state == VSND_IDLE || d->state == VSND_DRAINED)
		r = -EPERM;
	else if (d->error)
		r = d->error;
	else if (!b || !bytes || bytes > d->period_bytes || bytes % d->caps.frame_bytes ||
		 b < area || b + bytes > area + VIRTIO_SND_AREA)
		r = -EINVAL;
	else if (d->sub - d->done >= VIRTIO_SND_SLOTS)
		r = -EBUSY;
	if (!r)
		r = io_post(s, dir, buf, bytes);
	irq_restore(save);
	return r;
}

static uint32_t vs_queued(struct audio_dev *dev, enum audio_dir dir)
{
	struct virtio_snd *s = of(dev);
	if (!valid_dir(s, dir))
		return 0;
	uint32_t save = irq_save();
	uint32_t n = s->dir[dir].sub - s->dir[dir].done;
	irq_restore(save);
	return n;
}

/* The smallest period at `rate`: a message goes to QEMU and back once an
 * audio tick (10 ms), so VIRTIO_SND_SLOTS periods must carry more than a
 * tick plays, or the stream starves at every tick whatever the firmware
 * does (docs/virtio-sound.md, section 7): a tick's frames and a sixteenth
 * more (48 kHz: 128 frames, 10.7 ms in 4).  Never above the largest. */
static uint32_t min_period_bytes(const struct audio_caps *c)
{
	uint32_t frames = (c->rate / 100u * 17u / 16u + VIRTIO_SND_SLOTS - 1u) / VIRTIO_SND_SLOTS;
	uint32_t b = frames * c->frame_bytes;
	return b < c->max_period_bytes ? b : c->max_period_bytes;
}

static int vs_set_rate(struct audio_dev *dev, enum audio_dir dir, uint32_t rate)
{
	int err;
	struct virtio_snd_dir *d = stopped_dir(dev, dir, &err);
	if (!d)
		return err;
	for (uint32_t i = 0; i < VIRTIO_SND_PCM_RATE_COUNT; i++) {
		if (rate_hz[i] == rate && (d->info.rates & 1ull << i)) {
			d->vrate = (uint8_t)i;
			d->caps.rate = rate;
			d->caps.min_period_bytes = min_period_bytes(&d->caps);
			return 0;
		}
	}
	return -EINVAL;
}

static const struct audio_dev_ops vs_ops = {
	.get_caps = vs_get_caps, .alloc_buffer = vs_alloc_buffer,
	.configure = vs_configure, .start = vs_start, .stop = vs_stop,
	.submit = vs_submit, .queued = vs_queued, .set_rate = vs_set_rate,
};

/* ---- set-up --------------------------------------------------------------- */

/* The format, channels and rate a direction plays in, from PCM_INFO:
 * -ENODEV if the stream offers nothing Koi can play. */
static int pick_caps(struct virtio_snd_dir *d)
{
	const struct virtio_snd_pcm_info *in = &d->info;
	size_t f = 0;
	while (f < NFORMATS && !(in->formats & 1ull << formats[f].vfmt))
		f++;
	if (f == NFORMATS || in->channels_min == 0 || in->channels_max < in->channels_min)
		return -ENODEV;
	int rate = -1;
	for (int i = 0; i < (int)VIRTIO_SND_PCM_RATE_COUNT; i++)
		if ((in->rates & 1ull << i) && (rate < 0 || rate_hz[i] <= 48000u))
			rate = i;
	if (rate < 0)
		return -ENODEV;
	uint32_t ch = in->channels_min <= 2u && in->channels_max >= 2u ? 2u : in->channels_min;
	uint32_t fb = ch * sample_format_bytes(formats[f].fmt);
	d->vformat = formats[f].vfmt;
	d->vrate = (uint8_t)rate;
	d->caps = (struct audio_caps){
		.rate = rate_hz[rate], .channels = ch, .format = formats[f].fmt,
		.frame_bytes = fb,
		.max_period_bytes = VIRTIO_SND_MAX_PERIOD - VIRTIO_SND_MAX_PERIOD % fb,
		.hw_slots = VIRTIO_SND_SLOTS, .max_buffer_bytes = VIRTIO_SND_AREA,
	};
	d->caps.min_period_bytes = min_period_bytes(&d->caps);
	return 0;
}

/* The first output and the first input stream, from PCM_INFO. */
static int find_streams(struct virtio_snd *s)
{
	uint32_t n = s->streams < VIRTIO_SND_MAX_STREAMS ? s->streams : VIRTIO_SND_MAX_STREAMS;
	if (n == 0)
		return -ENODEV;
	struct virtio_snd_pcm_info info[VIRTIO_SND_MAX_STREAMS];
	int r = ctl_sync(s, fill_info, &n, info);
	if (r)
		return r;
	for (uint32_t i = 0; i < n; i++) {
		enum audio_dir dir = info[i].direction == VIRTIO_SND_D_OUTPUT ? AUDIO_PLAYBACK
			: info[i].direction == VIRTIO_SND_D_INPUT ? AUDIO_CAPTURE : (enum audio_dir)2;
		if ((unsigned)dir > AUDIO_CAPTURE || s->dir[dir].present)
			continue;
		struct virtio_snd_dir *d = &s->dir[dir];
		d->info = info[i];
		d->stream_id = i;
		if (pick_caps(d) == 0)
			d->present = true;
	}
	return s->dir[AUDIO_PLAYBACK].present ? 0 : -ENODEV;
}

/* Queues, DMA memory, event buffers. */
static int setup_queues(struct virtio_snd *s)
{
	int r = virtq_init(&s->vm, &s->ctlq, VIRTIO_SND_VQ_CONTROL, 16);
	if (!r)
		r = virtq_init(&s->vm, &s->eventq, VIRTIO_SND_VQ_EVENT, 16);
	if (!r)
		r = virtq_init(&s->vm, &s->txq, VIRTIO_SND_VQ_TX, 16);
	if (!r)
		r = virtq_init(&s->vm, &s->rxq, VIRTIO_SND_VQ_RX, 16);
	if (r)
		return r;
	s->ctl = dma_alloc_coherent(sizeof(*s->ctl) * VIRTIO_SND_CTL_SLOTS, 64);
	s->events = dma_alloc_coherent(sizeof(*s->events) * VIRTIO_SND_EVENTS, 64);
	s->dir[0].msg = dma_alloc_coherent(sizeof(struct virtio_snd_msg) * VIRTIO_SND_SLOTS, 64);
	s->dir[1].msg = dma_alloc_coherent(sizeof(struct virtio_snd_msg) * VIRTIO_SND_SLOTS, 64);
	if (!s->ctl || !s->events || !s->dir[0].msg || !s->dir[1].msg)
		return -ENOMEM;
	for (uint32_t i = 0; i < VIRTIO_SND_EVENTS; i++)
		events_post(s, &s->events[i]);
	return 0;
}

int virtio_snd_init(struct virtio_snd *s, uintptr_t base, const struct virtio_snd_clock *clock)
{
	if (!clock || !clock->now_ns || !clock->alarm_at || !clock->alarm_cancel)
		return -EINVAL;
	*s = (struct virtio_snd){ .clock = clock };
	s->dev = (struct audio_dev){ .name = "virtio-snd", .ops = &vs_ops, .priv = s };
	int r = virtio_mmio_init(&s->vm, base, 0);
	if (r)
		return r;
	if (s->vm.device_id != VIRTIO_ID_SOUND) {
		virtio_mmio_fail(&s->vm);
		return -ENODEV;
	}
	r = setup_queues(s);
	if (!r) {
		s->jacks = virtio_mmio_config32(&s->vm, VIRTIO_SND_CFG_JACKS);
		s->streams = virtio_mmio_config32(&s->vm, VIRTIO_SND_CFG_STREAMS);
		s->chmaps = virtio_mmio_config32(&s->vm, VIRTIO_SND_CFG_CHMAPS);
		virtio_mmio_driver_ok(&s->vm);
		r = find_streams(s);
	}
	if (r)
		virtio_mmio_fail(&s->vm);
	return r;
}

int virtio_snd_error(const struct virtio_snd *s, enum audio_dir dir)
{
	return (unsigned)dir <= AUDIO_CAPTURE ? s->dir[dir].error : -EINVAL;
}

void virtio_snd_get_stats(const struct virtio_snd *s, enum audio_dir dir,
			  struct virtio_snd_stats *st)
{
	const struct virtio_snd_dir *d = &s->dir[dir == AUDIO_CAPTURE ? 1 : 0];
	*st = (struct virtio_snd_stats){ .periods = d->periods, .held = d->held,
					 .dry = d->dry, .xruns = d->xruns };
}

const char *virtio_snd_transport(const struct virtio_snd *s)
{
	return s->vm.version == 1u ? "legacy" : "modern";
}
