/*
 * The virtio-mmio transport (drivers/virtio_mmio.c) and the virtio-sound
 * driver (drivers/virtio_snd.c) against a device model in C: the register
 * file of virtio-mmio versions 1 and 2, split virtqueues read and written
 * in coherent memory as a device does (chains walked from the descriptor
 * table, the used ring written, the interrupt raised), and a sound device
 * with the behaviour QEMU 10's hw/audio/virtio-snd.c shows: control
 * requests answered at once, tx/rx messages held until the test plays
 * them, RELEASE handing back what is held; and the board's clock, whose
 * time and one alarm the tests move (the driver's playback pacing).  What the model does on
 * purpose that QEMU does not: answer with a chosen status, never answer,
 * return messages out of order, send PCM_XRUN events, set NEEDS_RESET.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "drivers/virtio_snd.h"
#include "tests/host/fw_mmio_fake.h"

#define BASE 0x0a003e00u
#define IRQ 5u
#define HELD_MAX 16u

struct chain { uint16_t head; uint32_t nr, nw; struct virtq_buf r[4], w[4]; };

static struct {
	uint32_t version, device_id, status, features_sel, drv_features[2], page_size;
	uint32_t sel, isr;
	bool no_version_1;               /* a modern device without VERSION_1 */
	struct { uint32_t num, pfn, align, ready; uint64_t desc, avail, used;
		 uint16_t last_avail; } q[4];
	uint32_t ctl_status;              /* answer to the PCM requests ... */
	uint32_t fail_code;               /* ... of this code (0: all of them) */
	bool ctl_silent;                  /* never answer */
	uint32_t requests[32], nreq;      /* codes seen */
	struct virtio_snd_pcm_set_params params;
	struct chain held[4][HELD_MAX];   /* per queue: messages held */
	uint32_t nheld[4];
	uint64_t now, step;
	uint32_t still_looks;             /* looks since the time last moved */
} m;

/* The board's clock: m.step ns pass at every look (1 ms, so that a
 * control request's deadline passes), or none (0: the pacing tests move
 * the time themselves with advance_to()). */
static uint64_t model_now(void)
{
	/* Held still, the time never reaches a deadline: a driver that polls
	 * it (a control request, a drain) would spin for ever; fail instead. */
	if (m.step == 0 && ++m.still_looks > 100000u)
		fail_msg("the driver polls a clock the test holds still");
	return m.now += m.step;
}

/* The board's one alarm, fired by advance_to() as the timer's interrupt
 * would; `fail` makes alarm_at() refuse. */
static struct { struct alarm *a; uint64_t when; alarm_fn fn; void *ctx; int fail; } al;

static int model_alarm_at(struct alarm *a, uint64_t when, alarm_fn fn, void *ctx)
{
	if (al.fail)
		return al.fail;
	if (al.a)
		return -EBUSY;
	al.a = a;
	al.when = when;
	al.fn = fn;
	al.ctx = ctx;
	return 0;
}

static int model_alarm_cancel(struct alarm *a)
{
	if (al.a != a)
		return -ENOENT;
	al.a = NULL;
	return 0;
}

static const struct virtio_snd_clock clk = {
	.now_ns = model_now, .alarm_at = model_alarm_at, .alarm_cancel = model_alarm_cancel,
};

/* The time moves on to t (ns); an alarm due by then fires. */
static void advance_to(uint64_t t)
{
	m.now = t;
	m.still_looks = 0;
	while (al.a && al.when <= m.now) {
		struct alarm *a = al.a;
		al.a = NULL;
		al.fn(a, al.ctx);
	}
}

#define MS 1000000ull

/* The driver's clock: n frames at `rate`, in ns, rounded up as it does. */
static uint64_t frames_ns(uint64_t n, uint32_t rate)
{
	uint64_t q = (1000000000ull << 32) / rate;
	unsigned __int128 t = (unsigned __int128)n * q; /* 1000 periods: > 2^64 */
	return (uint64_t)(t >> 32) + ((t & 0xffffffffu) != 0u);
}
/* k periods of 256 frames at 48 kHz: 5333333.33 ns each */
#define PERIOD_NS(k) frames_ns((k) * 256ull, 48000u)

/* ---- the rings, from the device's side ---------------------------------- */

static void ring_addrs(uint32_t qi)
{
	if (m.version != 1u)
		return;
	uint64_t base = (uint64_t)m.q[qi].pfn * m.page_size;
	uint32_t num = m.q[qi].num;
	m.q[qi].desc = base;
	m.q[qi].avail = base + 16u * num;
	uint64_t used = m.q[qi].avail + 6u + 2u * num;
	m.q[qi].used = (used + m.q[qi].align - 1u) / m.q[qi].align * m.q[qi].align;
}

static struct virtq_desc *desc(uint32_t qi, uint16_t i)
{
	return (struct virtq_desc *)fw_fake_dma((uint32_t)m.q[qi].desc) + i;
}

static bool next_chain(uint32_t qi, struct chain *c)
{
	struct virtq_avail *av = fw_fake_dma((uint32_t)m.q[qi].avail);
	if (av->idx == m.q[qi].last_avail)
		return false;
	uint16_t d = av->ring[m.q[qi].last_avail++ % m.q[qi].num];
	*c = (struct chain){ .head = d };
	for (;;) {
		struct virtq_desc *e = desc(qi, d);
		struct virtq_buf b = { fw_fake_dma((uint32_t)e->addr), e->len };
		if (e->flags & VIRTQ_DESC_F_WRITE)
			c->w[c->nw++] = b;
		else
			c->r[c->nr++] = b;
		if (!(e->flags & VIRTQ_DESC_F_NEXT))
			return true;
		d = e->next;
	}
}

static void push_used(uint32_t qi, const struct chain *c, uint32_t len)
{
	struct virtq_used *u = fw_fake_dma((uint32_t)m.q[qi].used);
	u->ring[u->idx % m.q[qi].num] = (struct virtq_used_elem){ c->head, len };
	u->idx++;
	m.isr |= VIRTIO_MMIO_INT_VRING;
}

/* ---- the sound device --------------------------------------------------- */

static void pcm_info(const struct chain *c)
{
	const struct virtio_snd_query_info *q = c->r[0].addr;
	struct virtio_snd_pcm_info info[2] = {
		{ .formats = 1ull << VIRTIO_SND_PCM_FMT_S16 | 1ull << VIRTIO_SND_PCM_FMT_U8,
		  .rates = 1ull << VIRTIO_SND_PCM_RATE_44100 | 1ull << VIRTIO_SND_PCM_RATE_48000,
		  .direction = VIRTIO_SND_D_OUTPUT, .channels_min = 1, .channels_max = 2 },
		{ .formats = 1ull << VIRTIO_SND_PCM_FMT_S16, .rates = 1ull << VIRTIO_SND_PCM_RATE_8000,
		  .direction = VIRTIO_SND_D_INPUT, .channels_min = 1, .channels_max = 1 },
	};
	((struct virtio_snd_hdr *)c->w[0].addr)->code = VIRTIO_SND_S_OK;
	assert_int_equal(q->size, sizeof(info[0]));
	assert_true(q->count <= 2u && c->w[1].len == q->count * sizeof(info[0]));
	memcpy(c->w[1].addr, info, c->w[1].len);
	push_used(0, c, 4u + c->w[1].len);
}

/* RELEASE: everything held for the stream's queue goes back. */
static void release(uint32_t stream)
{
	uint32_t qi = stream == 0 ? VIRTIO_SND_VQ_TX : VIRTIO_SND_VQ_RX;
	for (uint32_t i = 0; i < m.nheld[qi]; i++) {
		struct chain *c = &m.held[qi][i];
		struct virtio_snd_pcm_status st = { VIRTIO_SND_S_OK, 0 };
		memcpy(c->w[c->nw - 1u].addr, &st, sizeof(st));
		push_used(qi, c, sizeof(st));
	}
	m.nheld[qi] = 0;
}

static void control(void)
{
	struct chain c;
	while (next_chain(0, &c)) {
		uint32_t code = ((struct virtio_snd_hdr *)c.r[0].addr)->code;
		m.requests[m.nreq++ % 32u] = code;
		if (m.ctl_silent)
			continue;
		if (code == VIRTIO_SND_R_PCM_INFO) {
			pcm_info(&c);
			continue;
		}
		if (code == VIRTIO_SND_R_PCM_SET_PARAMS)
			memcpy(&m.params, c.r[0].addr, sizeof(m.params));
		uint32_t st = !m.fail_code || m.fail_code == code ? m.ctl_status : VIRTIO_SND_S_OK;
		((struct virtio_snd_hdr *)c.w[0].addr)->code = st;
		push_used(0, &c, 4);
		if (code == VIRTIO_SND_R_PCM_RELEASE && st == VIRTIO_SND_S_OK)
			release(((struct virtio_snd_pcm_hdr *)c.r[0].addr)->stream_id);
	}
}

static void notify(uint32_t qi)
{
	if (qi == VIRTIO_SND_VQ_CONTROL) {
		control();
		return;
	}
	struct chain c;
	while (m.nheld[qi] < HELD_MAX && next_chain(qi, &c))
		m.held[qi][m.nheld[qi]++] = c;
}

/* The device returns held message i of queue qi (tx: played; rx: filled
 * with `fill`) with status st, and interrupts. */
static void give_back(uint32_t qi, uint32_t i, uint32_t st, uint8_t fill)
{
	assert_true(i < m.nheld[qi]);
	struct chain c = m.held[qi][i];
	memmove(&m.held[qi][i], &m.held[qi][i + 1u], (m.nheld[qi] - i - 1u) * sizeof(c));
	m.nheld[qi]--;
	uint32_t len = 8;
	if (qi == VIRTIO_SND_VQ_RX) {
		memset(c.w[0].addr, fill, c.w[0].len);
		len += c.w[0].len;
	}
	struct virtio_snd_pcm_status s = { st, 0 };
	memcpy(c.w[c.nw - 1u].addr, &s, sizeof(s));
	push_used(qi, &c, len);
	fw_fake_irq(IRQ);
}

static uint32_t *qreg(uint32_t off)
{
	switch (off) {
	case VIRTIO_MMIO_QUEUE_NUM: return &m.q[m.sel].num;
	case VIRTIO_MMIO_QUEUE_PFN: return &m.q[m.sel].pfn;
	case VIRTIO_MMIO_QUEUE_ALIGN: return &m.q[m.sel].align;
	case VIRTIO_MMIO_QUEUE_READY: return &m.q[m.sel].ready;
	default: return NULL;
	}
}

static uint32_t rd(uintptr_t a)
{
	uint32_t off = (uint32_t)(a - BASE);
	if (a < BASE || off >= 0x200u)
		return 0;
	switch (off) {
	case VIRTIO_MMIO_MAGIC_VALUE: return VIRTIO_MMIO_MAGIC;
	case VIRTIO_MMIO_VERSION: return m.version;
	case VIRTIO_MMIO_DEVICE_ID: return m.device_id;
	case VIRTIO_MMIO_DEVICE_FEATURES:
		return m.features_sel == 1u && m.version == 2u && !m.no_version_1 ? 1u : 0u;
	case VIRTIO_MMIO_QUEUE_NUM_MAX: return m.sel < 4u ? 64u : 0u;
	case VIRTIO_MMIO_INTERRUPT_STATUS: return m.isr;
	case VIRTIO_MMIO_STATUS: return m.status;
	case VIRTIO_MMIO_CONFIG + VIRTIO_SND_CFG_STREAMS: return 2;
	default: {
		uint32_t *r = m.sel < 4u ? qreg(off) : NULL;
		return r ? *r : 0;
	}
	}
}

static void set64(uint64_t *r, uint32_t off, uint32_t v)
{
	*r = off & 4u ? (*r & 0xffffffffu) | (uint64_t)v << 32 : (*r & ~0xffffffffull) | v;
}

static void wr(uintptr_t a, uint32_t v)
{
	uint32_t off = (uint32_t)(a - BASE);
	switch (off) {
	case VIRTIO_MMIO_DEVICE_FEATURES_SEL: m.features_sel = v; return;
	case VIRTIO_MMIO_DRIVER_FEATURES: m.drv_features[m.features_sel & 1u] = v; return;
	case VIRTIO_MMIO_DRIVER_FEATURES_SEL: m.features_sel = v; return;
	case VIRTIO_MMIO_GUEST_PAGE_SIZE: m.page_size = v; return;
	case VIRTIO_MMIO_QUEUE_SEL: m.sel = v; return;
	case VIRTIO_MMIO_QUEUE_NOTIFY: notify(v); return;
	case VIRTIO_MMIO_INTERRUPT_ACK: m.isr &= ~v; return;
	case VIRTIO_MMIO_STATUS: m.status = v; return;
	case VIRTIO_MMIO_QUEUE_DESC_LOW: case VIRTIO_MMIO_QUEUE_DESC_HIGH:
		set64(&m.q[m.sel].desc, off, v); return;
	case VIRTIO_MMIO_QUEUE_AVAIL_LOW: case VIRTIO_MMIO_QUEUE_AVAIL_HIGH:
		set64(&m.q[m.sel].avail, off, v); return;
	case VIRTIO_MMIO_QUEUE_USED_LOW: case VIRTIO_MMIO_QUEUE_USED_HIGH:
		set64(&m.q[m.sel].used, off, v); return;
	default: {
		uint32_t *r = m.sel < 4u ? qreg(off) : NULL;
		if (r)
			*r = v;
		if (off == VIRTIO_MMIO_QUEUE_PFN && m.sel < 4u)
			ring_addrs(m.sel);
	}
	}
}

/* ---- the PCM layer's side ------------------------------------------------ */

static struct virtio_snd snd;
static struct { uint32_t done, idle, calls; } ev[2];
static uint8_t *refill; /* non-NULL: the callback submits a period from it */

static void on_event(void *ctx, enum audio_dir dir, uint32_t events, uint32_t count)
{
	(void)ctx;
	ev[dir].calls++;
	if (events & AUDIO_EV_PERIOD_DONE)
		ev[dir].done += count;
	if (events & AUDIO_EV_IDLE)
		ev[dir].idle++;
	for (uint32_t i = 0; refill && dir == AUDIO_PLAYBACK && i < count; i++)
		assert_int_equal(snd.dev.ops->submit(&snd.dev, dir, refill, 1024), 0);
}

static int setup_version(uint32_t version)
{
	memset(&m, 0, sizeof(m));
	memset(ev, 0, sizeof(ev));
	memset(&al, 0, sizeof(al));
	refill = NULL;
	m.step = MS;
	m.version = version;
	m.device_id = VIRTIO_ID_SOUND;
	m.ctl_status = VIRTIO_SND_S_OK;
	fw_fake_read = rd;
	fw_fake_write = wr;
	fw_fake_dma_reset();
	fw_fake_attach(IRQ, virtio_snd_isr, &snd);
	return 0;
}

static int setup_legacy(void **state) { (void)state; return setup_version(1); }
static int setup_modern(void **state) { (void)state; return setup_version(2); }

static struct audio_dev *up(void)
{
	assert_int_equal(virtio_snd_init(&snd, BASE, &clk), 0);
	snd.dev.event = on_event;
	return &snd.dev;
}

static uint32_t count_req(uint32_t code)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < m.nreq && i < 32u; i++)
		n += m.requests[i] == code;
	return n;
}

/* Configured for 256-frame periods and started, the ring in *ring. */
static uint8_t *started(struct audio_dev *d, enum audio_dir dir)
{
	struct audio_caps c;
	assert_int_equal(d->ops->get_caps(d, dir, &c), 0);
	uint8_t *ring = d->ops->alloc_buffer(d, dir, 16u * 256u * c.frame_bytes);
	assert_non_null(ring);
	assert_int_equal(d->ops->configure(d, dir, 256u * c.frame_bytes), 0);
	assert_int_equal(d->ops->start(d, dir), 0);
	return ring;
}

/* ---- tests ----------------------------------------------------------------- */

static void test_find(void **state)
{
	(void)state;
	uintptr_t base = 0;
	/* Slots below BASE read 0 (no magic); BASE is the last of 32. */
	assert_int_equal(virtio_mmio_find(BASE - 31u * 0x200u, 0x200u, 32, VIRTIO_ID_SOUND, &base), 0);
	assert_int_equal(base, BASE);
	assert_int_equal(virtio_mmio_find(BASE - 31u * 0x200u, 0x200u, 32, 2, &base), -ENODEV);
	m.device_id = 2; /* a block device is not a sound card */
	assert_int_equal(virtio_snd_init(&snd, BASE, &clk), -ENODEV);
	assert_true(m.status & VIRTIO_CONFIG_S_FAILED);
}

static void test_legacy_init(void **state)
{
	(void)state;
	struct audio_dev *d = up();
	assert_string_equal(virtio_snd_transport(&snd), "legacy");
	assert_int_equal(m.page_size, 4096);
	assert_int_equal(m.status, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
			 VIRTIO_CONFIG_S_DRIVER_OK);
	for (uint32_t q = 0; q < 4u; q++)
		assert_true(m.q[q].pfn != 0 && m.q[q].num == 16u);
	struct audio_caps c;
	assert_int_equal(d->ops->get_caps(d, AUDIO_PLAYBACK, &c), 0);
	assert_int_equal(c.rate, 48000);
	assert_int_equal(c.channels, 2);
	assert_int_equal(c.format, SAMPLE_S16);
	assert_int_equal(c.hw_slots, VIRTIO_SND_SLOTS);
	/* 4 periods carry more than QEMU's 10 ms tick: 128 frames at 48 kHz. */
	assert_int_equal(c.min_period_bytes, 128u * 4u);
	assert_int_equal(d->ops->configure(d, AUDIO_PLAYBACK, 127u * 4u), -EINVAL);
	assert_int_equal(d->ops->configure(d, AUDIO_PLAYBACK, 128u * 4u), 0);
	assert_int_equal(d->ops->get_caps(d, AUDIO_CAPTURE, &c), 0);
	assert_int_equal(c.rate, 8000);
	assert_int_equal(c.channels, 1);
	assert_int_equal(c.min_period_bytes, 22u * 2u); /* 88 frames > 80 */
	/* The event queue holds its buffers. */
	assert_int_equal(m.nheld[VIRTIO_SND_VQ_EVENT], VIRTIO_SND_EVENTS);
	assert_int_equal(d->ops->set_rate(d, AUDIO_PLAYBACK, 44100), 0);
	assert_int_equal(d->ops->get_caps(d, AUDIO_PLAYBACK, &c), 0);
	assert_int_equal(c.min_period_bytes, 117u * 4u); /* 468 frames > 441 */
	assert_int_equal(d->ops->set_rate(d, AUDIO_PLAYBACK, 32000), -EINVAL);
}

static void test_modern_init(void **state)
{
	(void)state;
	up();
	assert_string_equal(virtio_snd_transport(&snd), "modern");
	assert_int_equal(m.drv_features[1], 1u); /* VERSION_1 */
	assert_true(m.status & VIRTIO_CONFIG_S_FEATURES_OK);
	for (uint32_t q = 0; q < 4u; q++)
		assert_true(m.q[q].ready && m.q[q].desc && m.q[q].avail && m.q[q].used);
	setup_version(2);
	m.no_version_1 = true;
	assert_int_equal(virtio_snd_init(&snd, BASE, &clk), -ENODEV);
}

/* Four 256-frame messages queued at t0 (the clock stands still): */
static uint8_t *four_queued(struct audio_dev *d, uint64_t t0)
{
	m.step = 0;
	advance_to(t0);
	uint8_t *ring = started(d, AUDIO_PLAYBACK);
	for (uint32_t i = 0; i < 4u; i++) {
		memset(ring + i * 1024u, 0x10 + (int)i, 1024);
		assert_int_equal(d->ops->submit(d, AUDIO_PLAYBACK, ring + i * 1024u, 1024), 0);
	}
	return ring;
}

static void test_playback(void **state)
{
	(void)state;
	struct audio_dev *d = up();
	uint8_t *ring = four_queued(d, 100 * MS);
	assert_int_equal(m.params.period_bytes, 1024);
	assert_int_equal(m.params.buffer_bytes, 1024u * VIRTIO_SND_SLOTS);
	assert_int_equal(m.params.rate, VIRTIO_SND_PCM_RATE_48000);
	assert_int_equal(m.params.format, VIRTIO_SND_PCM_FMT_S16);
	assert_int_equal(count_req(VIRTIO_SND_R_PCM_PREPARE), 1);
	assert_int_equal(count_req(VIRTIO_SND_R_PCM_START), 1); /* before any data */
	assert_int_equal(d->ops->submit(d, AUDIO_PLAYBACK, ring + 4096u, 1024), -EBUSY);
	assert_int_equal(d->ops->queued(d, AUDIO_PLAYBACK), 4);
	/* The message: stream id, the period's bytes in place, the status. */
	struct chain *c = &m.held[VIRTIO_SND_VQ_TX][1];
	assert_int_equal(*(uint32_t *)c->r[0].addr, 0);
	assert_ptr_equal(c->r[1].addr, ring + 1024u);
	assert_int_equal(c->r[1].len, 1024);
	assert_int_equal(c->w[0].len, 8);
	/* Out of order: nothing is back until the oldest is.  Both come back
	 * before they are played: held until due by the clock, counted from
	 * when the device first took one (2 ms after they were queued). */
	give_back(VIRTIO_SND_VQ_TX, 1, VIRTIO_SND_S_OK, 0);
	advance_to(102 * MS);
	give_back(VIRTIO_SND_VQ_TX, 0, VIRTIO_SND_S_OK, 0);
	assert_int_equal(ev[0].done, 0);
	assert_int_equal(al.when, 102 * MS + PERIOD_NS(1));
	advance_to(102 * MS + PERIOD_NS(1) - 1u);
	assert_int_equal(ev[0].done, 0); /* a ns early */
	advance_to(102 * MS + PERIOD_NS(1));
	assert_int_equal(ev[0].done, 1);
	advance_to(102 * MS + PERIOD_NS(2));
	assert_int_equal(ev[0].done, 2);
	assert_int_equal(ev[0].idle, 0);
	assert_int_equal(d->ops->queued(d, AUDIO_PLAYBACK), 2);
	/* The last two come back early; once both are played by the clock the
	 * device has nothing left: IDLE, and the refill after it is a gap. */
	give_back(VIRTIO_SND_VQ_TX, 0, VIRTIO_SND_S_OK, 0);
	give_back(VIRTIO_SND_VQ_TX, 0, VIRTIO_SND_S_OK, 0);
	assert_int_equal(ev[0].done, 2);
	advance_to(130 * MS);
	assert_int_equal(ev[0].done, 4);
	assert_int_equal(ev[0].idle, 1);
	assert_null(al.a);
	assert_int_equal(d->ops->submit(d, AUDIO_PLAYBACK, ring, 1024), 0);
	struct virtio_snd_stats st;
	virtio_snd_get_stats(&snd, AUDIO_PLAYBACK, &st);
	assert_int_equal(st.periods, 4);
	assert_int_equal(st.held, 4);
	assert_int_equal(st.dry, 1);
	assert_int_equal(count_req(VIRTIO_SND_R_PCM_START), 1); /* once */
	/* After the gap the clock starts again when the device takes it. */
	advance_to(135 * MS);
	give_back(VIRTIO_SND_VQ_TX, 0, VIRTIO_SND_S_OK, 0);
	assert_int_equal(al.when, 135 * MS + PERIOD_NS(1));
}

/* frames_ns(), which the other cases compare the driver's times with (to
 * the ns), against the nominal 48 kHz: 1000 periods of 256 frames are 16/3
 * s, to the ns (the Q32 fraction loses under 1 ns); so the driver's are. */
static void test_clock_rate(void **state)
{
	(void)state;
	uint64_t nominal = 16000000000ull / 3u;
	assert_true(PERIOD_NS(1000) >= nominal && PERIOD_NS(1000) <= nominal + 1u);
	assert_int_equal(PERIOD_NS(3), 16000000u);
}

/* A message back after its time is reported at once, and not as held; the
 * clock stays (the ones behind it keep their times), and when that leaves
 * nothing in flight it is a gap: IDLE. */
static void test_late_device(void **state)
{
	(void)state;
	struct audio_dev *d = up();
	four_queued(d, 0);
	advance_to(1 * MS);
	give_back(VIRTIO_SND_VQ_TX, 0, VIRTIO_SND_S_OK, 0);
	advance_to(30 * MS); /* the first is due at 6.3 ms, the second at 11.7 */
	assert_int_equal(ev[0].done, 1);
	assert_null(al.a); /* nothing back to wait for */
	give_back(VIRTIO_SND_VQ_TX, 0, VIRTIO_SND_S_OK, 0);
	assert_int_equal(ev[0].done, 2);
	assert_int_equal(ev[0].idle, 0);
	give_back(VIRTIO_SND_VQ_TX, 0, VIRTIO_SND_S_OK, 0);
	give_back(VIRTIO_SND_VQ_TX, 0, VIRTIO_SND_S_OK, 0);
	assert_int_equal(ev[0].done, 4);
	assert_int_equal(ev[0].idle, 1);
	struct virtio_snd_stats st;
	virtio_snd_get_stats(&snd, AUDIO_PLAYBACK, &st);
	assert_int_equal(st.held, 1);
}

/* The PCM layer refills from the callback, in the alarm's interrupt: the
 * new message is due a period after the last one submitted. */
static void test_refill_from_callback(void **state)
{
	(void)state;
	struct audio_dev *d = up();
	uint8_t *ring = four_queued(d, 0);
	refill = ring;
	advance_to(2 * MS);
	for (uint32_t i = 0; i < 4u; i++)
		give_back(VIRTIO_SND_VQ_TX, 0, VIRTIO_SND_S_OK, 0);
	advance_to(2 * MS + PERIOD_NS(1));
	assert_int_equal(ev[0].done, 1);
	assert_int_equal(d->ops->queued(d, AUDIO_PLAYBACK), 4);
	assert_int_equal(snd.dir[AUDIO_PLAYBACK].due[0], 2 * MS + PERIOD_NS(5));
	/* The alarm's interrupt comes late, at 100 ms: the other three are
	 * reported together and refilled then, chained after the first
	 * refill: the clock stays, the frames are due. */
	advance_to(100 * MS);
	refill = NULL;
	assert_int_equal(ev[0].done, 4);
	assert_int_equal(ev[0].idle, 0); /* the refills are in flight */
	for (uint32_t k = 1; k < 4u; k++)
		assert_int_equal(snd.dir[AUDIO_PLAYBACK].due[k], 2 * MS + PERIOD_NS(5 + k));
	/* The device gives them back late, at 101 ms: reported at once, and
	 * with nothing left in flight, a gap; the next message starts the
	 * clock again. */
	advance_to(101 * MS);
	for (uint32_t i = 0; i < 4u; i++)
		give_back(VIRTIO_SND_VQ_TX, 0, VIRTIO_SND_S_OK, 0);
	assert_int_equal(ev[0].done, 8);
	assert_int_equal(ev[0].idle, 1);
	assert_int_equal(d->ops->submit(d, AUDIO_PLAYBACK, ring, 1024), 0);
	assert_int_equal(snd.dir[AUDIO_PLAYBACK].due[0], 101 * MS + PERIOD_NS(1));
}

/* The largest period at 44.1 kHz: the duration's arithmetic at its
 * largest product, and the start moved to the device's first take by at
 * most one QEMU tick (10 ms) when the message comes back ticks later. */
static void test_large_period(void **state)
{
	(void)state;
	struct audio_dev *d = up();
	m.step = 0;
	assert_int_equal(d->ops->set_rate(d, AUDIO_PLAYBACK, 44100), 0);
	uint8_t *ring = d->ops->alloc_buffer(d, AUDIO_PLAYBACK, VIRTIO_SND_AREA);
	assert_int_equal(d->ops->configure(d, AUDIO_PLAYBACK, VIRTIO_SND_MAX_PERIOD), 0);
	assert_int_equal(d->ops->start(d, AUDIO_PLAYBACK), 0);
	uint64_t t0 = m.now;
	assert_int_equal(d->ops->submit(d, AUDIO_PLAYBACK, ring, VIRTIO_SND_MAX_PERIOD), 0);
	advance_to(t0 + 50 * MS);
	give_back(VIRTIO_SND_VQ_TX, 0, VIRTIO_SND_S_OK, 0);
	uint64_t want = t0 + 10 * MS + frames_ns(VIRTIO_SND_MAX_PERIOD / 4u, 44100u);
	assert_int_equal(al.when, want);
	assert_true(want - t0 > 10 * MS + 92870000u && want - t0 < 10 * MS + 92880000u);
	advance_to(want);
	assert_int_equal(ev[0].done, 1);
	assert_int_equal(ev[0].idle, 1);
}

/* stop() with messages held: dropped, and the alarm with them. */
static void test_stop_while_held(void **state)
{
	(void)state;
	struct audio_dev *d = up();
	four_queued(d, 0);
	give_back(VIRTIO_SND_VQ_TX, 0, VIRTIO_SND_S_OK, 0);
	give_back(VIRTIO_SND_VQ_TX, 0, VIRTIO_SND_S_OK, 0);
	assert_non_null(al.a);
	uint32_t calls = ev[0].calls;
	assert_int_equal(d->ops->stop(d, AUDIO_PLAYBACK), 0);
	assert_null(al.a);
	assert_int_equal(count_req(VIRTIO_SND_R_PCM_STOP), 1); /* not played: at once */
	advance_to(100 * MS);
	assert_int_equal(ev[0].calls, calls);
	assert_int_equal(d->ops->queued(d, AUDIO_PLAYBACK), 0);
}

/* A board clock that cannot set an alarm: the stream fails, clearly. */
static void test_alarm_refused(void **state)
{
	(void)state;
	struct audio_dev *d = up();
	uint8_t *ring = four_queued(d, 0);
	al.fail = -ENODEV;
	give_back(VIRTIO_SND_VQ_TX, 0, VIRTIO_SND_S_OK, 0);
	assert_int_equal(virtio_snd_error(&snd, AUDIO_PLAYBACK), -ENODEV);
	assert_int_equal(ev[0].done, 1); /* reported unpaced: a drain still ends */
	advance_to(10 * MS);
	assert_int_equal(d->ops->submit(d, AUDIO_PLAYBACK, ring, 1024), -ENODEV);
	/* And a clock without alarms is refused at init. */
	static const struct virtio_snd_clock no_alarms = { .now_ns = model_now };
	setup_version(1);
	assert_int_equal(virtio_snd_init(&snd, BASE, &no_alarms), -EINVAL);
}

static void test_stop_drops(void **state)
{
	(void)state;
	struct audio_dev *d = up();
	uint8_t *ring = started(d, AUDIO_PLAYBACK);
	assert_int_equal(d->ops->submit(d, AUDIO_PLAYBACK, ring, 1024), 0);
	assert_int_equal(d->ops->submit(d, AUDIO_PLAYBACK, ring + 1024u, 1024), 0);
	uint32_t calls = ev[0].calls;
	assert_int_equal(d->ops->stop(d, AUDIO_PLAYBACK), 0);
	assert_int_equal(count_req(VIRTIO_SND_R_PCM_STOP), 1);
	assert_int_equal(count_req(VIRTIO_SND_R_PCM_RELEASE), 1);
	assert_int_equal(d->ops->queued(d, AUDIO_PLAYBACK), 0);
	assert_int_equal(ev[0].calls, calls); /* dropped, not reported */
	assert_int_equal(d->ops->submit(d, AUDIO_PLAYBACK, ring, 1024), -EPERM);
	/* Started again: the whole sequence. */
	assert_int_equal(d->ops->start(d, AUDIO_PLAYBACK), 0);
	assert_int_equal(count_req(VIRTIO_SND_R_PCM_PREPARE), 2);
	assert_int_equal(count_req(VIRTIO_SND_R_PCM_START), 2);
	assert_int_equal(d->ops->submit(d, AUDIO_PLAYBACK, ring, 1024), 0);
}

static void test_stop_after_drain(void **state)
{
	(void)state;
	struct audio_dev *d = up();
	uint8_t *ring = started(d, AUDIO_PLAYBACK);
	m.step = 0;
	assert_int_equal(d->ops->submit(d, AUDIO_PLAYBACK, ring, 1024), 0);
	give_back(VIRTIO_SND_VQ_TX, 0, VIRTIO_SND_S_OK, 0);
	advance_to(m.now + PERIOD_NS(1));
	assert_int_equal(ev[0].done, 1);
	/* All played: STOP waits, so the device's last frames get out. */
	assert_int_equal(d->ops->stop(d, AUDIO_PLAYBACK), 0);
	assert_int_equal(count_req(VIRTIO_SND_R_PCM_STOP), 0);
	assert_int_equal(d->ops->configure(d, AUDIO_PLAYBACK, 2048), 0);
	assert_int_equal(d->ops->start(d, AUDIO_PLAYBACK), 0);
	assert_int_equal(count_req(VIRTIO_SND_R_PCM_STOP), 1);
	assert_int_equal(count_req(VIRTIO_SND_R_PCM_RELEASE), 1);
	assert_int_equal(m.params.period_bytes, 2048);
}

static void test_tx_status_error(void **state)
{
	(void)state;
	struct audio_dev *d = up();
	uint8_t *ring = started(d, AUDIO_PLAYBACK);
	assert_int_equal(d->ops->submit(d, AUDIO_PLAYBACK, ring, 1024), 0);
	give_back(VIRTIO_SND_VQ_TX, 0, VIRTIO_SND_S_IO_ERR, 0);
	assert_int_equal(virtio_snd_error(&snd, AUDIO_PLAYBACK), -EIO);
	assert_int_equal(d->ops->submit(d, AUDIO_PLAYBACK, ring, 1024), -EIO);
}

static void test_control_errors(void **state)
{
	(void)state;
	struct audio_dev *d = up();
	struct audio_caps c;
	d->ops->get_caps(d, AUDIO_PLAYBACK, &c);
	assert_non_null(d->ops->alloc_buffer(d, AUDIO_PLAYBACK, 4096));
	assert_int_equal(d->ops->configure(d, AUDIO_PLAYBACK, 1024), 0);
	m.ctl_status = VIRTIO_SND_S_NOT_SUPP;
	assert_int_equal(d->ops->start(d, AUDIO_PLAYBACK), -EOPNOTSUPP);
	m.ctl_status = VIRTIO_SND_S_BAD_MSG;
	assert_int_equal(d->ops->start(d, AUDIO_PLAYBACK), -EINVAL);
	m.ctl_status = VIRTIO_SND_S_IO_ERR;
	assert_int_equal(d->ops->start(d, AUDIO_PLAYBACK), -EIO);
	/* A device that never answers: the deadline, not a hang. */
	m.ctl_status = VIRTIO_SND_S_OK;
	m.ctl_silent = true;
	assert_int_equal(d->ops->start(d, AUDIO_PLAYBACK), -ETIMEDOUT);
}

static void test_start_refused(void **state)
{
	(void)state;
	struct audio_dev *d = up();
	assert_non_null(d->ops->alloc_buffer(d, AUDIO_PLAYBACK, 4096));
	assert_int_equal(d->ops->configure(d, AUDIO_PLAYBACK, 1024), 0);
	m.ctl_status = VIRTIO_SND_S_IO_ERR;
	m.fail_code = VIRTIO_SND_R_PCM_START;
	assert_int_equal(d->ops->start(d, AUDIO_PLAYBACK), -EIO);
	/* Prepared, not started: released again, and still stopped. */
	assert_int_equal(count_req(VIRTIO_SND_R_PCM_RELEASE), 1);
	uint8_t *ring = d->ops->alloc_buffer(d, AUDIO_PLAYBACK, 4096);
	assert_int_equal(d->ops->submit(d, AUDIO_PLAYBACK, ring, 1024), -EPERM);
	m.fail_code = 0;
	m.ctl_status = VIRTIO_SND_S_OK;
	assert_int_equal(d->ops->start(d, AUDIO_PLAYBACK), 0);
}

static void test_capture(void **state)
{
	(void)state;
	struct audio_dev *d = up();
	uint8_t *ring = started(d, AUDIO_CAPTURE);
	assert_int_equal(m.params.hdr.stream_id, 1);
	assert_int_equal(m.params.rate, VIRTIO_SND_PCM_RATE_8000);
	assert_int_equal(m.params.channels, 1);
	memset(ring, 0, 1024);
	assert_int_equal(d->ops->submit(d, AUDIO_CAPTURE, ring, 512), 0);
	struct chain *c = &m.held[VIRTIO_SND_VQ_RX][0];
	assert_int_equal(c->nr, 1);                 /* the header alone */
	assert_int_equal(c->nw, 2);                 /* the frames, the status */
	give_back(VIRTIO_SND_VQ_RX, 0, VIRTIO_SND_S_OK, 0x5a);
	assert_int_equal(ev[1].done, 1);
	assert_int_equal(ring[0], 0x5a);
	assert_int_equal(ring[511], 0x5a);
	assert_int_equal(ring[512], 0);
}

static void test_events(void **state)
{
	(void)state;
	struct audio_dev *d = up();
	uint8_t *ring = started(d, AUDIO_PLAYBACK);
	assert_int_equal(d->ops->submit(d, AUDIO_PLAYBACK, ring, 1024), 0);
	assert_int_equal(d->ops->submit(d, AUDIO_PLAYBACK, ring + 1024u, 1024), 0);
	struct chain c = m.held[VIRTIO_SND_VQ_EVENT][0];
	memmove(&m.held[1][0], &m.held[1][1], sizeof(c) * (m.nheld[1] - 1u));
	m.nheld[1]--;
	*(struct virtio_snd_event *)c.w[0].addr =
		(struct virtio_snd_event){ { VIRTIO_SND_EVT_PCM_XRUN }, 0 };
	push_used(VIRTIO_SND_VQ_EVENT, &c, sizeof(struct virtio_snd_event));
	fw_fake_irq(IRQ);
	assert_int_equal(ev[0].idle, 1);
	assert_int_equal(ev[0].done, 0);
	struct virtio_snd_stats st;
	virtio_snd_get_stats(&snd, AUDIO_PLAYBACK, &st);
	assert_int_equal(st.xruns, 1);
	assert_int_equal(m.nheld[VIRTIO_SND_VQ_EVENT], VIRTIO_SND_EVENTS); /* posted again */
	/* The device needs a reset: every direction fails from now on. */
	m.status |= VIRTIO_CONFIG_S_NEEDS_RESET;
	m.isr |= VIRTIO_MMIO_INT_CONFIG;
	fw_fake_irq(IRQ);
	assert_int_equal(d->ops->submit(d, AUDIO_PLAYBACK, ring, 1024), -EIO);
}

static void test_bad_arguments(void **state)
{
	(void)state;
	struct audio_dev *d = up();
	struct audio_caps c;
	assert_int_equal(d->ops->get_caps(d, (enum audio_dir)7, &c), -ENODEV);
	assert_null(d->ops->alloc_buffer(d, AUDIO_PLAYBACK, VIRTIO_SND_AREA + 1u));
	uint8_t *ring = d->ops->alloc_buffer(d, AUDIO_PLAYBACK, 4096);
	assert_int_equal(d->ops->configure(d, AUDIO_PLAYBACK, 1023), -EINVAL);
	assert_int_equal(d->ops->configure(d, AUDIO_PLAYBACK, VIRTIO_SND_MAX_PERIOD + 4u), -EINVAL);
	assert_int_equal(d->ops->start(d, AUDIO_PLAYBACK), -EINVAL); /* not configured */
	assert_int_equal(d->ops->configure(d, AUDIO_PLAYBACK, 1024), 0);
	assert_int_equal(d->ops->submit(d, AUDIO_PLAYBACK, ring, 1024), -EPERM);
	assert_int_equal(d->ops->start(d, AUDIO_PLAYBACK), 0);
	assert_int_equal(d->ops->start(d, AUDIO_PLAYBACK), -EPERM);
	assert_int_equal(d->ops->configure(d, AUDIO_PLAYBACK, 2048), -EPERM);
	assert_int_equal(d->ops->submit(d, AUDIO_PLAYBACK, ring, 2048), -EINVAL);
	assert_int_equal(d->ops->submit(d, AUDIO_PLAYBACK, ring + VIRTIO_SND_AREA - 512u, 1024), -EINVAL);
	uint8_t outside[16];
	assert_int_equal(d->ops->submit(d, AUDIO_PLAYBACK, outside, 4), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_find, setup_legacy),
		cmocka_unit_test_setup(test_legacy_init, setup_legacy),
		cmocka_unit_test_setup(test_modern_init, setup_modern),
		cmocka_unit_test_setup(test_playback, setup_legacy),
		cmocka_unit_test_setup(test_playback, setup_modern),
		cmocka_unit_test_setup(test_clock_rate, setup_legacy),
		cmocka_unit_test_setup(test_late_device, setup_legacy),
		cmocka_unit_test_setup(test_refill_from_callback, setup_legacy),
		cmocka_unit_test_setup(test_large_period, setup_legacy),
		cmocka_unit_test_setup(test_stop_while_held, setup_legacy),
		cmocka_unit_test_setup(test_alarm_refused, setup_legacy),
		cmocka_unit_test_setup(test_stop_drops, setup_legacy),
		cmocka_unit_test_setup(test_stop_after_drain, setup_legacy),
		cmocka_unit_test_setup(test_tx_status_error, setup_legacy),
		cmocka_unit_test_setup(test_control_errors, setup_legacy),
		cmocka_unit_test_setup(test_start_refused, setup_legacy),
		cmocka_unit_test_setup(test_capture, setup_modern),
		cmocka_unit_test_setup(test_events, setup_legacy),
		cmocka_unit_test_setup(test_bad_arguments, setup_legacy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
