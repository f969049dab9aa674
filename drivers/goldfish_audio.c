/* Goldfish audio driver; see goldfish_audio.h. */
#include "drivers/goldfish_audio.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>

#include "arch/arm/cpu.h"
#include "arch/arm/mmu.h"
#include "drivers/mmio.h"

static uint32_t rd(const struct goldfish_audio *g, uint32_t off)
{
	return mmio_read32(g->base + off);
}

static void wr(const struct goldfish_audio *g, uint32_t off, uint32_t v)
{
	mmio_write32(g->base + off, v);
}

static int gfa_get_caps(struct audio_dev *dev, enum audio_dir dir,
			struct audio_caps *c)
{
	struct goldfish_audio *g = dev->priv;
	if (dir == AUDIO_PLAYBACK) {
		*c = (struct audio_caps){
			.rate = GF_AUDIO_RATE, .channels = GF_AUDIO_CHANNELS,
			.format = SAMPLE_S16, .frame_bytes = 2u * GF_AUDIO_CHANNELS,
			.min_period_bytes = GF_AUDIO_MIN_PERIOD,
			.max_period_bytes = GF_AUDIO_MAX_PERIOD,
			.hw_slots = 2, .max_buffer_bytes = GF_AUDIO_PLAY_AREA,
		};
		return 0;
	}
	if (dir == AUDIO_CAPTURE && g->read_supported) {
		*c = (struct audio_caps){
			.rate = GF_AUDIO_IN_RATE, .channels = GF_AUDIO_IN_CHANNELS,
			.format = SAMPLE_S16, .frame_bytes = 2u * GF_AUDIO_IN_CHANNELS,
			.min_period_bytes = GF_AUDIO_IN_MIN_PERIOD,
			.max_period_bytes = GF_AUDIO_MAX_PERIOD,
			.hw_slots = 1, .max_buffer_bytes = GF_AUDIO_CAP_AREA,
		};
		return 0;
	}
	return -ENODEV;
}

static void *gfa_alloc_buffer(struct audio_dev *dev, enum audio_dir dir,
			      size_t bytes)
{
	struct goldfish_audio *g = dev->priv;
	struct audio_caps c;
	if (gfa_get_caps(dev, dir, &c) || bytes == 0 || bytes > c.max_buffer_bytes)
		return NULL;
	return dir == AUDIO_PLAYBACK ? g->play.area : g->cap.area;
}

static int gfa_configure(struct audio_dev *dev, enum audio_dir dir,
			 uint32_t period_bytes)
{
	struct goldfish_audio *g = dev->priv;
	struct audio_caps c;
	int r = gfa_get_caps(dev, dir, &c);
	if (r)
		return r;
	if (period_bytes < c.min_period_bytes || period_bytes > c.max_period_bytes ||
	    period_bytes % c.frame_bytes)
		return -EINVAL;
	if (dir == AUDIO_PLAYBACK) {
		if (g->play.started)
			return -EPERM;
		g->play.period = period_bytes;
	} else {
		if (g->cap.started)
			return -EPERM;
		g->cap.period = period_bytes;
	}
	return 0;
}

/* With interrupts masked.  INT_ENABLE resets the device and, with the
 * EMPTY bits enabled, raises the line at once; reading INT_STATUS right
 * after drops it, otherwise it could stay stuck high (docs/goldfish-audio.md §3). */
static void set_enable_locked(struct goldfish_audio *g)
{
	bool want = g->play.started || g->cap.started;
	if (want == g->enabled)
		return;
	wr(g, GFA_INT_ENABLE, want ? (g->read_supported ? GFA_INT_MASK
					: GFA_INT_WRITE_BUFFER_1_EMPTY |
					  GFA_INT_WRITE_BUFFER_2_EMPTY) : 0);
	(void)rd(g, GFA_INT_STATUS);
	g->enabled = want;
	/* The reset emptied both directions. */
	g->play.nq = 0;
	g->play.held = 0;
	g->cap.busy = false;
}

/* 0 if the device has this direction (capture needs READ_SUPPORTED), else
 * get_caps' error. */
static int dir_exists(struct audio_dev *dev, enum audio_dir dir)
{
	struct audio_caps c;
	return gfa_get_caps(dev, dir, &c);
}

static int gfa_start(struct audio_dev *dev, enum audio_dir dir)
{
	struct goldfish_audio *g = dev->priv;
	int r = dir_exists(dev, dir);
	if (r)
		return r;
	uint32_t s = irq_save();
	if (dir == AUDIO_PLAYBACK) {
		if (g->play.started || !g->play.period || g->play.held) {
			irq_restore(s);
			return g->play.started ? -EPERM : g->play.held ? -EBUSY : -EINVAL;
		}
		g->play.nq = 0;
		g->play.next_slot = 0;
		g->play.started = true;
	} else {
		if (g->cap.started || !g->cap.period) {
			irq_restore(s);
			return g->cap.started ? -EPERM : -EINVAL;
		}
		g->cap.busy = false;
		g->cap.started = true;
	}
	set_enable_locked(g);
	irq_restore(s);
	return 0;
}

static int gfa_stop(struct audio_dev *dev, enum audio_dir dir)
{
	struct goldfish_audio *g = dev->priv;
	int r = dir_exists(dev, dir);
	if (r)
		return r;
	uint32_t s = irq_save();
	if (dir == AUDIO_PLAYBACK) {
		g->play.started = false;
		/* With capture running the device is not reset (below): what
		 * it holds plays on, and start() waits for it. */
		for (uint32_t i = 0; g->cap.started && i < g->play.nq; i++)
			g->play.held |= (uint8_t)(1u << g->play.q[i]);
		g->play.nq = 0;
	} else {
		g->cap.started = false;
		g->cap.busy = false;
	}
	set_enable_locked(g);
	irq_restore(s);
	return 0;
}

/*
 * Completions in one INT_STATUS value.  Whoever reads INT_STATUS must call
 * this: the read acknowledges the line, so the interrupt will not come
 * again for these events.  EMPTY/FULL bits are sticky (cleared only by the
 * next WRITE_BUFFER/START_READ), so a bit means "this slot is free", and
 * only a slot we queued can complete.  `behind` is the number of playback
 * slots that were queued before a submit that reads the status right
 * after its WRITE_BUFFER (0 from the ISR): if all of them are done, the
 * device may have run dry before the new buffer reached it.  Returns
 * whether anything completed.
 */
static bool service(struct goldfish_audio *g, uint32_t status, uint32_t behind)
{
	bool any = false;

	if (g->play.held & status) {
		/* Periods of a stopped run have played out: start() may go. */
		g->play.held &= (uint8_t)~status;
		any = true;
	}

	/* Capture first: its event may submit capture only.  The playback
	 * event may submit playback, which reads INT_STATUS again and services
	 * what it finds (capture included): after it, `status` is stale, so
	 * nothing here may look at it any more. */
	if (g->cap.started && g->cap.busy && (status & GFA_INT_READ_BUFFER_FULL)) {
		uint32_t got = rd(g, GFA_READ_BUFFER_AVAILABLE);
		g->cap.busy = false;
		g->st.cap_done++;
		if (got < g->cap.asked)
			g->st.cap_short++;
		any = true;
		if (g->dev.event)
			g->dev.event(g->dev.event_ctx, AUDIO_CAPTURE,
				      AUDIO_EV_PERIOD_DONE | AUDIO_EV_IDLE, 1);
	}
	if (g->play.started) {
		struct gfa_play *p = &g->play;
		uint32_t done = 0;
		/* In order: the second slot cannot finish before the first. */
		while (p->nq && (status & (1u << p->q[0]))) {
			p->q[0] = p->q[1];
			p->nq--;
			done++;
		}
		if (done) {
			any = true;
			g->st.play_done += done;
			uint32_t ev = AUDIO_EV_PERIOD_DONE;
			if (!p->nq || (behind && done >= behind)) {
				ev |= AUDIO_EV_IDLE;
				g->st.play_idle++;
			}
			if (g->dev.event)
				g->dev.event(g->dev.event_ctx, AUDIO_PLAYBACK, ev, done);
		}
	}
	return any;
}

static bool in_area(const uint8_t *area, size_t size, const void *buf, uint32_t n)
{
	const uint8_t *p = buf;
	return p >= area && p <= area + size && n <= (size_t)(area + size - p);
}

/* submit() for playback, with interrupts masked. */
static int submit_play(struct goldfish_audio *g, void *buf, uint32_t bytes)
{
	struct gfa_play *p = &g->play;
	if (!p->started)
		return -EPERM;
	if (!bytes || bytes % 4u || bytes > p->period ||
	    !in_area(p->area, GF_AUDIO_PLAY_AREA, buf, bytes))
		return -EINVAL;
	if (p->nq == 2)
		return -EBUSY;
	/* The free slot: the one not queued, or, when the device is idle,
	 * alternate (either would do). */
	uint8_t slot = p->nq ? (uint8_t)!p->q[0] : p->next_slot;
	p->q[p->nq++] = slot;
	p->next_slot = (uint8_t)!slot;
	/* Samples written through the uncached mapping must be in memory
	 * before the device is told to read. */
	mmio_wmb();
	wr(g, slot ? GFA_SET_WRITE_BUFFER_2 : GFA_SET_WRITE_BUFFER_1, mmio_phys(buf));
	wr(g, slot ? GFA_WRITE_BUFFER_2 : GFA_WRITE_BUFFER_1, bytes);
	/*
	 * The slots queued before this one may have run out already, with
	 * their interrupt not taken yet (masked here, or still on its way):
	 * then the device played silence before this buffer, but the
	 * interrupt would find this buffer queued and report no IDLE, and the
	 * stream would count one underrun fewer than the device.  So look
	 * now.  A slot that ended between the write and this read is reported
	 * IDLE too although nothing was heard: the count may exceed the
	 * device's, never fall short (docs/audio.md).
	 */
	if (p->nq > 1) {
		uint32_t status = rd(g, GFA_INT_STATUS);
		mmio_rmb();
		/* Usually 0: both slots queued and playing. */
		if (status)
			service(g, status, p->nq - 1u);
	}
	return 0;
}

/* submit() for capture, with interrupts masked. */
static int submit_capture(struct goldfish_audio *g, void *buf, uint32_t bytes)
{
	struct gfa_cap *c = &g->cap;
	if (!c->started)
		return -EPERM;
	if (!bytes || bytes % 2u || bytes > c->period ||
	    !in_area(c->area, GF_AUDIO_CAP_AREA, buf, bytes))
		return -EINVAL;
	if (c->busy)
		return -EBUSY;
	c->busy = true;
	c->asked = bytes;
	wr(g, GFA_SET_READ_BUFFER, mmio_phys(buf));
	wr(g, GFA_START_READ, bytes);
	return 0;
}

static int gfa_submit(struct audio_dev *dev, enum audio_dir dir, void *buf,
		      uint32_t bytes)
{
	struct goldfish_audio *g = dev->priv;
	int r = -ENODEV;
	uint32_t s = irq_save();
	if (dir == AUDIO_PLAYBACK)
		r = submit_play(g, buf, bytes);
	else if (dir == AUDIO_CAPTURE && g->read_supported)
		r = submit_capture(g, buf, bytes);
	irq_restore(s);
	return r;
}

static uint32_t gfa_queued(struct audio_dev *dev, enum audio_dir dir)
{
	struct goldfish_audio *g = dev->priv;
	if (dir == AUDIO_PLAYBACK)
		return g->play.nq;
	return dir == AUDIO_CAPTURE && g->cap.busy ? 1u : 0u;
}

void goldfish_audio_isr(void *ctx)
{
	struct goldfish_audio *g = ctx;
	uint32_t status = rd(g, GFA_INT_STATUS); /* acknowledges the line */
	mmio_rmb();
	g->st.irqs++;
	if (!service(g, status, 0))
		g->st.empty_irqs++;
}

static const struct audio_dev_ops gfa_ops = {
	.get_caps = gfa_get_caps,
	.alloc_buffer = gfa_alloc_buffer,
	.configure = gfa_configure,
	.start = gfa_start,
	.stop = gfa_stop,
	.submit = gfa_submit,
	.queued = gfa_queued,
};

int goldfish_audio_init(struct goldfish_audio *g, uintptr_t base)
{
	if (!base)
		return -ENODEV;
	if (!g->play.area)
		g->play.area = dma_alloc_coherent(GF_AUDIO_PLAY_AREA, 4096);
	if (!g->cap.area)
		g->cap.area = dma_alloc_coherent(GF_AUDIO_CAP_AREA, 4096);
	if (!g->play.area || !g->cap.area)
		return -ENOMEM;
	g->base = base;
	wr(g, GFA_INT_ENABLE, 0); /* quiet: reset, line low */
	g->enabled = false;
	g->read_supported = rd(g, GFA_READ_SUPPORTED) != 0;
	g->dev = (struct audio_dev){ .name = "goldfish_audio", .ops = &gfa_ops, .priv = g };
	return 0;
}

void goldfish_audio_get_stats(struct goldfish_audio *g, struct goldfish_audio_stats *st)
{
	uint32_t s = irq_save();
	*st = g->st;
	irq_restore(s);
}
