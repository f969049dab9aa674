/* Goldfish audio driver; see goldfish_audio.h. */
#include "drivers/goldfish_audio.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>

#include "boot/board.h"
#include "boot/cpu.h"
#include "boot/mmu.h"
#include "drivers/goldfish_bus.h"
#include "drivers/goldfish_pic.h"
#include "drivers/mmio.h"

/*
 * Concurrency: the ISR and submit() (from the event callback, i.e. the
 * ISR, or from the main loop) share the slot queues.  Main-loop entry
 * points mask interrupts around every access, so each structure below is
 * only ever touched by one context at a time.  A playback submit() also
 * services completions itself (see there), so the event callback can run
 * from inside submit(), as it would from an interrupt taken right after.
 */
struct gfa_play {
	bool started;
	uint32_t period;     /* configured bytes per period */
	uint8_t q[2];        /* slots in play order: q[0] completes next */
	uint32_t nq;
	uint8_t next_slot;   /* slot for the next submit when both are free */
	uint8_t *area;
};

struct gfa_cap {
	bool started;
	uint32_t period;
	bool busy;
	uint32_t asked;      /* bytes of the period in flight */
	uint8_t *area;
};

static struct gfa {
	uintptr_t base;
	uint32_t irq;
	bool probed, read_supported, enabled;
	struct gfa_play play;
	struct gfa_cap cap;
	struct goldfish_audio_stats st;
	struct audio_dev dev;
} gfa;

static uint32_t rd(uint32_t off) { return mmio_read32(gfa.base + off); }
static void wr(uint32_t off, uint32_t v) { mmio_write32(gfa.base + off, v); }

static int gfa_get_caps(struct audio_dev *dev, enum audio_dir dir,
			struct audio_caps *c)
{
	(void)dev;
	if (dir == AUDIO_PLAYBACK) {
		*c = (struct audio_caps){
			.rate = GF_AUDIO_RATE, .channels = GF_AUDIO_CHANNELS,
			.frame_bytes = 2u * GF_AUDIO_CHANNELS,
			.min_period_bytes = GF_AUDIO_MIN_PERIOD,
			.max_period_bytes = GF_AUDIO_MAX_PERIOD,
			.hw_slots = 2, .max_buffer_bytes = GF_AUDIO_PLAY_AREA,
		};
		return 0;
	}
	if (dir == AUDIO_CAPTURE && gfa.read_supported) {
		*c = (struct audio_caps){
			.rate = GF_AUDIO_IN_RATE, .channels = GF_AUDIO_IN_CHANNELS,
			.frame_bytes = 2u * GF_AUDIO_IN_CHANNELS,
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
	struct audio_caps c;
	if (gfa_get_caps(dev, dir, &c) || bytes == 0 || bytes > c.max_buffer_bytes)
		return NULL;
	return dir == AUDIO_PLAYBACK ? gfa.play.area : gfa.cap.area;
}

static int gfa_configure(struct audio_dev *dev, enum audio_dir dir,
			 uint32_t period_bytes)
{
	struct audio_caps c;
	int r = gfa_get_caps(dev, dir, &c);
	if (r)
		return r;
	if (period_bytes < c.min_period_bytes || period_bytes > c.max_period_bytes ||
	    period_bytes % c.frame_bytes)
		return -EINVAL;
	if (dir == AUDIO_PLAYBACK) {
		if (gfa.play.started)
			return -EPERM;
		gfa.play.period = period_bytes;
	} else {
		if (gfa.cap.started)
			return -EPERM;
		gfa.cap.period = period_bytes;
	}
	return 0;
}

/* With interrupts masked.  INT_ENABLE resets the device and, with the
 * EMPTY bits enabled, raises the line at once; reading INT_STATUS right
 * after drops it, otherwise it could stay stuck high (reference §3.4). */
static void set_enable_locked(void)
{
	bool want = gfa.play.started || gfa.cap.started;
	if (want == gfa.enabled)
		return;
	wr(AUDIO_INT_ENABLE, want ? (gfa.read_supported ? AUDIO_INT_MASK
				     : AUDIO_INT_WRITE_BUFFER_1_EMPTY |
				       AUDIO_INT_WRITE_BUFFER_2_EMPTY) : 0);
	(void)rd(AUDIO_INT_STATUS);
	gfa.enabled = want;
	/* The reset emptied both directions. */
	gfa.play.nq = 0;
	gfa.cap.busy = false;
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
	int r = dir_exists(dev, dir);
	if (r)
		return r;
	uint32_t s = irq_save();
	if (dir == AUDIO_PLAYBACK) {
		if (gfa.play.started || !gfa.play.period) {
			irq_restore(s);
			return gfa.play.started ? -EPERM : -EINVAL;
		}
		gfa.play.nq = 0;
		gfa.play.next_slot = 0;
		gfa.play.started = true;
	} else {
		if (gfa.cap.started || !gfa.cap.period) {
			irq_restore(s);
			return gfa.cap.started ? -EPERM : -EINVAL;
		}
		gfa.cap.busy = false;
		gfa.cap.started = true;
	}
	set_enable_locked();
	irq_restore(s);
	return 0;
}

static int gfa_stop(struct audio_dev *dev, enum audio_dir dir)
{
	int r = dir_exists(dev, dir);
	if (r)
		return r;
	uint32_t s = irq_save();
	if (dir == AUDIO_PLAYBACK) {
		gfa.play.started = false;
		gfa.play.nq = 0;
	} else {
		gfa.cap.started = false;
		gfa.cap.busy = false;
	}
	set_enable_locked();
	irq_restore(s);
	return 0;
}

/*
 * Completions in one INT_STATUS value.  Whoever reads INT_STATUS must call
 * this: the read acknowledges the line, so the interrupt will not come
 * again for these events.  EMPTY/FULL bits are sticky (cleared only by the
 * next WRITE_BUFFER/START_READ), so a bit means "this slot is free", and
 * only a slot we queued can complete.  `behind` is the number of playback
 * slots that were queued before a submit that is reading the status right
 * after its WRITE_BUFFER (0 from the ISR): if all of them are done, the
 * device may have run dry before the new buffer reached it.  Returns
 * whether anything completed.
 */
static bool service(uint32_t status, uint32_t behind)
{
	bool any = false;

	/* Capture first: its event may submit capture only.  The playback
	 * event may submit playback, which reads INT_STATUS again and services
	 * what it finds (capture included): after it, `status` is stale, so
	 * nothing here may look at it any more. */
	if (gfa.cap.started && gfa.cap.busy && (status & AUDIO_INT_READ_BUFFER_FULL)) {
		uint32_t got = rd(AUDIO_READ_BUFFER_AVAILABLE);
		gfa.cap.busy = false;
		gfa.st.cap_done++;
		if (got < gfa.cap.asked)
			gfa.st.cap_short++;
		any = true;
		if (gfa.dev.event)
			gfa.dev.event(gfa.dev.event_ctx, AUDIO_CAPTURE,
				      AUDIO_EV_PERIOD_DONE | AUDIO_EV_IDLE, 1);
	}
	if (gfa.play.started) {
		struct gfa_play *p = &gfa.play;
		uint32_t done = 0;
		/* In order: the second slot cannot finish before the first. */
		while (p->nq && (status & (1u << p->q[0]))) {
			p->q[0] = p->q[1];
			p->nq--;
			done++;
		}
		if (done) {
			any = true;
			gfa.st.play_done += done;
			uint32_t ev = AUDIO_EV_PERIOD_DONE;
			if (!p->nq || (behind && done >= behind)) {
				ev |= AUDIO_EV_IDLE;
				gfa.st.play_idle++;
			}
			if (gfa.dev.event)
				gfa.dev.event(gfa.dev.event_ctx, AUDIO_PLAYBACK, ev, done);
		}
	}
	return any;
}

static bool in_area(const uint8_t *area, size_t size, const void *buf, uint32_t n)
{
	const uint8_t *p = buf;
	return p >= area && p <= area + size && n <= (size_t)(area + size - p);
}

static int gfa_submit(struct audio_dev *dev, enum audio_dir dir, void *buf,
		      uint32_t bytes)
{
	(void)dev;
	int r = 0;
	uint32_t s = irq_save();
	if (dir == AUDIO_PLAYBACK) {
		struct gfa_play *p = &gfa.play;
		if (!p->started)
			r = -EPERM;
		else if (!bytes || bytes % 4u || bytes > p->period ||
			 !in_area(p->area, GF_AUDIO_PLAY_AREA, buf, bytes))
			r = -EINVAL;
		else if (p->nq == 2)
			r = -EBUSY;
		if (!r) {
			/* The free slot: the one not queued, or, when the device
			 * is idle, alternate (either would do). */
			uint8_t slot = p->nq ? (uint8_t)!p->q[0] : p->next_slot;
			p->q[p->nq++] = slot;
			p->next_slot = (uint8_t)!slot;
			/* Samples written through the uncached mapping must
			 * be in memory before the device is told to read. */
			mmio_wmb();
			wr(slot ? AUDIO_SET_WRITE_BUFFER_2 : AUDIO_SET_WRITE_BUFFER_1,
			   mmio_phys(buf));
			wr(slot ? AUDIO_WRITE_BUFFER_2 : AUDIO_WRITE_BUFFER_1, bytes);
			/*
			 * The slots queued before this one may have run out
			 * already, with their interrupt not taken yet (masked
			 * here, or still on its way): then the device played
			 * silence before this buffer, but the interrupt would
			 * find this buffer queued and report no IDLE, and the
			 * stream would count one underrun fewer than the
			 * device.  So look now.  A slot that ended between the
			 * write and this read is reported IDLE too although
			 * nothing was heard: the count may exceed the device's,
			 * never fall short (docs/audio.md).
			 */
			if (p->nq > 1) {
				uint32_t status = rd(AUDIO_INT_STATUS);
				mmio_rmb();
				service(status, p->nq - 1u);
			}
		}
	} else if (dir == AUDIO_CAPTURE && gfa.read_supported) {
		struct gfa_cap *c = &gfa.cap;
		if (!c->started)
			r = -EPERM;
		else if (!bytes || bytes % 2u || bytes > c->period ||
			 !in_area(c->area, GF_AUDIO_CAP_AREA, buf, bytes))
			r = -EINVAL;
		else if (c->busy)
			r = -EBUSY;
		if (!r) {
			c->busy = true;
			c->asked = bytes;
			wr(AUDIO_SET_READ_BUFFER, mmio_phys(buf));
			wr(AUDIO_START_READ, bytes);
		}
	} else {
		r = -ENODEV;
	}
	irq_restore(s);
	return r;
}

static uint32_t gfa_queued(struct audio_dev *dev, enum audio_dir dir)
{
	(void)dev;
	if (dir == AUDIO_PLAYBACK)
		return gfa.play.nq;
	return dir == AUDIO_CAPTURE && gfa.cap.busy ? 1u : 0u;
}

static void gfa_isr(void *ctx)
{
	(void)ctx;
	uint32_t status = rd(AUDIO_INT_STATUS); /* acknowledges the line */
	mmio_rmb();
	gfa.st.irqs++;
	if (!service(status, 0))
		gfa.st.empty_irqs++;
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

int goldfish_audio_probe(struct audio_dev **out)
{
	if (gfa.probed) {
		*out = &gfa.dev;
		return 0;
	}
	const struct bus_dev *d = bus_find(BOARD_AUDIO_NAME, 0);
	if (!d || !d->base || !d->irq_count)
		return -ENODEV;
	if (!gfa.play.area)
		gfa.play.area = dma_alloc_coherent(GF_AUDIO_PLAY_AREA, 4096);
	if (!gfa.cap.area)
		gfa.cap.area = dma_alloc_coherent(GF_AUDIO_CAP_AREA, 4096);
	if (!gfa.play.area || !gfa.cap.area)
		return -ENOMEM;
	gfa.base = d->base;
	gfa.irq = d->irq;
	wr(AUDIO_INT_ENABLE, 0); /* quiet: reset, line low */
	gfa.enabled = false;
	gfa.read_supported = rd(AUDIO_READ_SUPPORTED) != 0;
	int r = pic_register(gfa.irq, gfa_isr, NULL);
	if (r)
		return r;
	pic_enable(gfa.irq);
	gfa.dev = (struct audio_dev){ .name = BOARD_AUDIO_NAME, .ops = &gfa_ops,
				      .priv = &gfa };
	gfa.probed = true;
	*out = &gfa.dev;
	return 0;
}

void goldfish_audio_get_stats(struct goldfish_audio_stats *st)
{
	uint32_t s = irq_save();
	*st = gfa.st;
	irq_restore(s);
}
