/* PL041 AACI: the AC-link and the audio_dev; see pl041.h. */
#include "drivers/pl041.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "arch/arm/cpu.h"
#include "drivers/mmio.h"
#include "lib/container_of.h"

/* AC-link frames are 20.8 us at 48 kHz; a command goes out within one or
 * two.  Polls of 1 us each before a command or an answer counts as lost. */
#define LINK_POLLS 1000u

static uint32_t rd(const struct pl041 *p, uint32_t off)
{
	return mmio_read32(p->cfg->base + off);
}

static void wr(const struct pl041 *p, uint32_t off, uint32_t v)
{
	mmio_write32(p->cfg->base + off, v);
}

static void delay(const struct pl041 *p, uint32_t us)
{
	p->cfg->delay_us(us);
}

/* The sample clock: n more frames went into the FIFO.  They leave after
 * what is already on its way, or from now if the device had run dry. */
static void clock_frames(struct pl041 *p, uint32_t n, bool sound)
{
	uint64_t now = p->cfg->now_ns();
	uint32_t rate = p->codec->rate;
	if (p->play.out_end_ns < now)
		p->play.out_end_ns = now;
	p->play.out_end_ns += ((uint64_t)n * 1000000000u + rate - 1u) / rate;
	if (sound)
		p->play.sound_end_ns = p->play.out_end_ns;
}

/* Polls AACISLFR until (flags & mask) == want, 1 us apart. */
static int wait_slots(const struct pl041 *p, uint32_t mask, uint32_t want)
{
	for (uint32_t i = 0; i < LINK_POLLS; i++) {
		if ((rd(p, AACISLFR) & mask) == want)
			return 0;
		delay(p, 1);
	}
	return -ETIMEDOUT;
}

/* ---- the AC-link: ac97_bus ----------------------------------------------- */

static int link_write(struct ac97_bus *bus, uint32_t reg, uint16_t val)
{
	const struct pl041 *p = container_of(bus, struct pl041, link);
	/* Slot 2 first: writing slot 1 is what sends the command frame. */
	wr(p, AACISL2TX, (uint32_t)val << PL041_SL2_DATA_SHIFT);
	wr(p, AACISL1TX, reg << PL041_SL1_ADDR_SHIFT);
	return wait_slots(p, PL041_SLFR_SL1TXBUSY | PL041_SLFR_SL2TXBUSY, 0);
}

static int link_read(struct ac97_bus *bus, uint32_t reg, uint16_t *val)
{
	const struct pl041 *p = container_of(bus, struct pl041, link);
	wr(p, AACISL1TX, (reg << PL041_SL1_ADDR_SHIFT) | PL041_SL1TX_READ);
	int r = wait_slots(p, PL041_SLFR_SL1TXBUSY, 0);
	if (r)
		return r;
	/* The answer comes in a later frame; an older answer (another
	 * register's) may still sit in the slots: wait for ours. */
	for (uint32_t i = 0; i < LINK_POLLS; i++) {
		uint32_t f = rd(p, AACISLFR);
		if ((f & (PL041_SLFR_SL1RXVALID | PL041_SLFR_SL2RXVALID)) ==
		    (PL041_SLFR_SL1RXVALID | PL041_SLFR_SL2RXVALID) &&
		    ((rd(p, AACISL1RX) >> PL041_SL1_ADDR_SHIFT) & PL041_SL1_ADDR_MASK) == reg) {
			*val = (uint16_t)(rd(p, AACISL2RX) >> PL041_SL2_DATA_SHIFT);
			return 0;
		}
		delay(p, 1);
	}
	return -ETIMEDOUT;
}

static const struct ac97_bus_ops pl041_link_ops = {
	.read = link_read,
	.write = link_write,
};

/* The transmit FIFO's depth in samples, found as Linux's aaci driver does:
 * channel 1 on but given no slot, so nothing leaves it, and written until
 * full.  Disabling the channel does not empty the FIFO; switching the
 * interface off and on does. */
static uint32_t size_fifo(const struct pl041 *p, uint32_t maincr)
{
	wr(p, AACITXCR1, PL041_TXCR_TXFEN | PL041_TXCR_TSIZE_16 | PL041_TXCR_TXEN);
	uint32_t n = 0;
	while (n < 2u * PL041_FIFO_MAX && !(rd(p, AACISR1) & PL041_SR_TXFF)) {
		wr(p, AACIDR1, 0);
		n++;
	}
	wr(p, AACITXCR1, 0);
	wr(p, AACIMAINCR, maincr & ~PL041_MAINCR_IE);
	(void)rd(p, AACIMAINCR);
	delay(p, 1);
	wr(p, AACIMAINCR, maincr);
	return n;
}

/* ---- audio_dev ------------------------------------------------------------ */

static struct pl041 *of(struct audio_dev *dev)
{
	return dev->priv;
}

static int aaci_get_caps(struct audio_dev *dev, enum audio_dir dir,
			 struct audio_caps *c)
{
	if (dir != AUDIO_PLAYBACK)
		return -ENODEV;
	*c = (struct audio_caps){
		.rate = of(dev)->codec->rate, .channels = 2, .format = SAMPLE_S16,
		.frame_bytes = 4, .min_period_bytes = PL041_MIN_PERIOD,
		.max_period_bytes = PL041_MAX_PERIOD, .hw_slots = PL041_SLOTS,
		.max_buffer_bytes = of(dev)->cfg->ring_bytes,
	};
	return 0;
}

static void *aaci_alloc_buffer(struct audio_dev *dev, enum audio_dir dir,
			       size_t bytes)
{
	/* No DMA: ordinary (cached) memory; the CPU alone reads it. */
	const struct pl041_config *cfg = of(dev)->cfg;
	if (dir != AUDIO_PLAYBACK || bytes == 0 || bytes > cfg->ring_bytes)
		return NULL;
	return cfg->ring;
}

static int aaci_configure(struct audio_dev *dev, enum audio_dir dir,
			  uint32_t period_bytes)
{
	struct pl041 *p = of(dev);
	if (dir != AUDIO_PLAYBACK)
		return -ENODEV;
	if (period_bytes < PL041_MIN_PERIOD || period_bytes > PL041_MAX_PERIOD ||
	    period_bytes % 4u)
		return -EINVAL;
	if (p->play.started)
		return -EPERM;
	p->play.period = period_bytes;
	return 0;
}

static void set_irq_locked(struct pl041 *p, bool on)
{
	if (on != p->play.irq_on) {
		wr(p, AACIIE1, on ? PL041_IE_TXIE : 0);
		p->play.irq_on = on;
	}
}

/* With interrupts masked: silence into the FIFO until it is full. */
static void prime_locked(struct pl041 *p)
{
	uint32_t n = 0;
	while (n < PL041_PRIME_MAX && !(rd(p, AACISR1) & PL041_SR_TXFF)) {
		wr(p, AACIDR1, 0);
		wr(p, AACIDR1, 0);
		n++;
	}
	p->st.primed += n;
	clock_frames(p, n, false);
}

static int aaci_start(struct audio_dev *dev, enum audio_dir dir)
{
	struct pl041 *p = of(dev);
	if (dir != AUDIO_PLAYBACK)
		return -ENODEV;
	uint32_t s = irq_save();
	int r = 0;
	if (p->play.started || !p->play.period) {
		r = p->play.started ? -EPERM : -EINVAL;
	} else {
		/* A flush still running ends here: its silence so far stays
		 * in the FIFO ahead of the new sound. */
		p->play.flushing = false;
		p->play.nq = 0;
		p->play.pos = 0;
		p->play.starving = false;
		p->play.started = true;
		wr(p, AACITXCR1, PL041_TXCR_TXEN | PL041_TXCR_TXSLOT3 | PL041_TXCR_TXSLOT4 |
		   PL041_TXCR_TSIZE_16 | PL041_TXCR_TXFEN);
		prime_locked(p);
		/* The FIFO interrupt waits for the first period. */
		set_irq_locked(p, false);
	}
	irq_restore(s);
	return r;
}

static int aaci_stop(struct audio_dev *dev, enum audio_dir dir)
{
	struct pl041 *p = of(dev);
	if (dir != AUDIO_PLAYBACK)
		return -ENODEV;
	uint32_t s = irq_save();
	if (p->play.started) {
		p->play.started = false;
		p->play.nq = 0;
		p->play.pos = 0;
		/* What is in the FIFO plays; silence behind it pushes it out
		 * (the ISR ends the flush when the sample clock says).  A
		 * start without sound left nothing to push. */
		p->play.flushing = p->cfg->now_ns() < p->play.sound_end_ns + PL041_TAIL_NS;
		set_irq_locked(p, p->play.flushing);
	}
	irq_restore(s);
	return 0;
}

static bool in_ring(const struct pl041 *p, const void *buf, uint32_t n)
{
	const uint8_t *b = buf, *ring = p->cfg->ring;
	return b >= ring && b <= ring + p->cfg->ring_bytes &&
	       n <= (size_t)(ring + p->cfg->ring_bytes - b);
}

static int aaci_submit(struct audio_dev *dev, enum audio_dir dir, void *buf,
		       uint32_t bytes)
{
	struct pl041 *p = of(dev);
	if (dir != AUDIO_PLAYBACK)
		return -ENODEV;
	int r = 0;
	uint32_t s = irq_save();
	if (!p->play.started)
		r = -EPERM;
	else if (!bytes || bytes % 4u || bytes > p->play.period || !in_ring(p, buf, bytes))
		r = -EINVAL;
	else if (p->play.nq == PL041_SLOTS)
		r = -EBUSY;
	if (!r) {
		p->play.q[p->play.nq].buf = buf;
		p->play.q[p->play.nq].bytes = bytes;
		p->play.nq++;
		/* More sound after the FIFO asked in vain: an underrun if, by
		 * the sample clock, the device has run out meanwhile. */
		if (p->play.starving) {
			p->play.starving = false;
			if (p->cfg->now_ns() > p->play.out_end_ns)
				p->st.dry++;
		}
		/* The FIFO was waiting for data (start, or an underrun): its
		 * half-empty interrupt comes at once and the ISR copies. */
		set_irq_locked(p, true);
	}
	irq_restore(s);
	return r;
}

static uint32_t aaci_queued(struct audio_dev *dev, enum audio_dir dir)
{
	return dir == AUDIO_PLAYBACK ? of(dev)->play.nq : 0;
}

static int aaci_set_rate(struct audio_dev *dev, enum audio_dir dir, uint32_t rate)
{
	struct pl041 *p = of(dev);
	if (dir != AUDIO_PLAYBACK)
		return -ENODEV;
	if (p->play.started)
		return -EPERM;
	/* The codec reopens its output at the new rate (QEMU: the voice). */
	return p->codec->ops->set_rate(p->codec, rate);
}

static const struct audio_dev_ops pl041_ops = {
	.get_caps = aaci_get_caps,
	.alloc_buffer = aaci_alloc_buffer,
	.configure = aaci_configure,
	.start = aaci_start,
	.stop = aaci_stop,
	.submit = aaci_submit,
	.queued = aaci_queued,
	.set_rate = aaci_set_rate,
};

/* ---- the interrupt -------------------------------------------------------- */

/* Up to n frames into the FIFO: from the queued periods while started,
 * else silence while the flush lasts.  Each completed period is reported at
 * once, so the PCM layer can queue the next one and the copy goes on.
 * Returns the frames written. */
static uint32_t fill(struct pl041 *p, uint32_t n)
{
	/* The FIFO's address in a local: a register write could alias the
	 * configuration, and the copy would reload it for every sample. */
	const uintptr_t dr1 = p->cfg->base + AACIDR1;
	uint32_t done = 0;
	while (done < n) {
		if (p->play.nq) {
			const uint8_t *src = p->play.q[0].buf + p->play.pos;
			uint32_t k = (p->play.q[0].bytes - p->play.pos) / 4u;
			if (k > n - done)
				k = n - done;
			for (uint32_t i = 0; i < k; i++, src += 4) {
				int16_t l, r;
				memcpy(&l, src, 2);
				memcpy(&r, src + 2, 2);
				mmio_write32(dr1, (uint16_t)l);
				mmio_write32(dr1, (uint16_t)r);
			}
			done += k;
			p->st.frames += k;
			clock_frames(p, k, true);
			p->play.pos += 4u * k;
			if (p->play.pos == p->play.q[0].bytes) {
				p->play.q[0] = p->play.q[1];
				p->play.nq--;
				p->play.pos = 0;
				p->st.play_done++;
				if (p->dev.event)
					p->dev.event(p->dev.event_ctx, AUDIO_PLAYBACK,
						     AUDIO_EV_PERIOD_DONE, 1);
			}
		} else if (!p->play.started && p->play.flushing &&
			   p->cfg->now_ns() < p->play.sound_end_ns + PL041_TAIL_NS) {
			uint32_t k = n - done;
			for (uint32_t i = 0; i < 2u * k; i++)
				mmio_write32(dr1, 0);
			done += k;
			p->st.silent += k;
			clock_frames(p, k, false);
		} else {
			if (!p->play.started)
				p->play.flushing = false; /* the sound is out */
			break;
		}
	}
	return done;
}

void pl041_isr(void *ctx)
{
	struct pl041 *p = ctx;
	p->st.irqs++;
	uint32_t moved = 0;
	for (;;) {
		/* Room the status promises: half the FIFO when TXHE, else one
		 * frame while not full (the level is always whole frames). */
		uint32_t sr = rd(p, AACISR1);
		uint32_t room = (sr & PL041_SR_TXFF) ? 0u
				: (sr & PL041_SR_TXHE) ? p->fifo_frames / 2u : 1u;
		if (!room)
			break;
		uint32_t n = fill(p, room);
		moved += n;
		if (n == room)
			continue;
		/* The FIFO wants more than there is: with a stream running, the
		 * device is starving.  Nothing to write until the next submit
		 * (or ever, after a flush): the half-empty interrupt would only
		 * repeat. */
		if (p->play.started)
			p->play.starving = true;
		set_irq_locked(p, false);
		break;
	}
	if (!moved)
		p->st.empty_irqs++;
}

uint64_t pl041_drain_ns(struct pl041 *p)
{
	uint32_t s = irq_save();
	uint64_t end = p->play.sound_end_ns + PL041_TAIL_NS, now = p->cfg->now_ns();
	irq_restore(s);
	return end > now ? end - now : 0;
}

void pl041_get_stats(struct pl041 *p, struct pl041_stats *st)
{
	uint32_t s = irq_save();
	*st = p->st;
	irq_restore(s);
}

int pl041_init(struct pl041 *p, const struct pl041_config *cfg)
{
	if (!cfg->base)
		return -ENODEV;
	if (!cfg->delay_us || !cfg->now_ns || !cfg->ring || !cfg->ring_bytes)
		return -EINVAL;
	*p = (struct pl041){ .cfg = cfg };
	/* AC'97 cold reset: RESET# low for at least 1 us. */
	wr(p, AACIMAINCR, 0);
	wr(p, AACIIE1, 0);
	wr(p, AACIRESET, 0);
	delay(p, 2);
	wr(p, AACIRESET, PL041_RESET_NRST);
	delay(p, 2);
	const uint32_t maincr = PL041_MAINCR_IE | PL041_MAINCR_SL1RXEN | PL041_MAINCR_SL1TXEN |
				PL041_MAINCR_SL2RXEN | PL041_MAINCR_SL2TXEN;
	wr(p, AACIMAINCR, maincr);
	uint32_t depth = size_fifo(p, maincr);
	if (depth < 4u || depth > PL041_FIFO_MAX)
		return -ENODEV; /* no FIFO that fills: no AACI here */
	p->fifo_frames = depth / 2u;
	p->link.ops = &pl041_link_ops;
	return 0;
}

int pl041_bind_codec(struct pl041 *p, struct ac97_codec *codec)
{
	if (!codec->ops || !codec->rate)
		return -EINVAL;
	p->codec = codec;
	p->dev = (struct audio_dev){ .name = "pl041", .ops = &pl041_ops, .priv = p };
	return 0;
}
