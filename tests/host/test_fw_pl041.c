/*
 * PL041 AACI driver logic, with the LM4549 codec driver on its AC-link,
 * against a register model with the semantics of
 * QEMU 7.2's pl041.c and lm4549.c (the model Debian's qemu-system-arm runs
 * for -M vexpress-a9): the AC-link command slots, the codec's registers,
 * FIFO sizing, the transmit FIFO that moves to the codec once half full,
 * the codec that passes its samples on in 512-frame blocks to a backend
 * that takes what its tick frees, TXHE and the half-empty interrupt line.
 *
 * Checked: the codec sequence, the rate, caps, start's priming, the sound
 * arriving bit-exact in order through the whole chain, the underrun
 * (interrupt masked, counted when a submit resumes, no IDLE event), the
 * sample clock and stop's flush of silence until it says the sound is out,
 * argument checks.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "drivers/lm4549.h"
#include "drivers/pl041.h"
#include "tests/host/fw_mmio_fake.h"

#define BASE 0x10004000u
#define CODEC_BUF 1024u /* samples: 512 stereo frames */
#define OUT_MAX 40000u

static struct {
	uint32_t maincr, txcr1, sr1, ie1, sl1tx, sl2tx, sl1rx, sl2rx, slfr, reset;
	uint32_t depth;                 /* FIFO entries (vexpress: 512) */
	uint32_t fifo[4096], level;
	uint16_t codec[128];
	bool codec_absent;              /* nothing answers on the AC-link */
	uint16_t vendor1, ext_id;       /* what the codec's reset restores */
	uint16_t cbuf[CODEC_BUF];
	uint32_t clevel;
	int16_t out[OUT_MAX][2];        /* what the backend took */
	uint32_t nout, backend_free;    /* frames the backend takes now */
	uint32_t sl2_written;           /* SL2TX written since the last SL1TX */
	uint32_t codec_writes;
	uint64_t now_ns;                /* the board's clock: moves with the ticks */
} m;

static void no_delay(uint32_t us)
{
	(void)us;
}

static uint64_t model_now(void)
{
	return m.now_ns;
}

#define RING_BYTES (64u * 1024u)
static uint8_t ring_memory[RING_BYTES];
static const struct pl041_config cfg = {
	.base = BASE, .delay_us = no_delay, .now_ns = model_now,
	.ring = ring_memory, .ring_bytes = RING_BYTES,
};

static void codec_reset(void)
{
	memset(m.codec, 0, sizeof m.codec);
	m.codec[0x00] = 0x0d50;
	m.codec[0x02] = 0x8008;
	m.codec[0x18] = 0x8808;
	m.codec[0x26] = 0x000f;
	m.codec[0x28] = m.ext_id;
	m.codec[0x2c] = 0xbb80;
	m.codec[0x7c] = m.vendor1;
	m.codec[0x7e] = 0x4331;
}

static void aaci_reset(void)
{
	m.maincr = m.txcr1 = m.ie1 = m.sl1tx = m.sl2tx = m.sl1rx = m.sl2rx = 0;
	m.slfr = (1u << 7) | (1u << 9) | (1u << 11);
	m.sr1 = PL041_SR_TXFE | PL041_SR_TXHE | 1u;
	m.level = 0;
}

/* lm4549_audio_transfer: the codec's buffer to the backend, what fits. */
static void transfer(void)
{
	uint32_t frames = m.clevel / 2u;
	if (frames > m.backend_free)
		frames = m.backend_free;
	for (uint32_t i = 0; i < frames; i++) {
		assert_true(m.nout < OUT_MAX);
		m.out[m.nout][0] = (int16_t)m.cbuf[2 * i];
		m.out[m.nout][1] = (int16_t)m.cbuf[2 * i + 1];
		m.nout++;
	}
	m.backend_free -= frames;
	m.clevel -= 2u * frames;
	memmove(m.cbuf, m.cbuf + 2u * frames, m.clevel * sizeof m.cbuf[0]);
}

/* pl041_fifo1_transmit */
static void transmit(void)
{
	if (!(m.txcr1 & PL041_TXCR_TXEN) || !(m.txcr1 & (PL041_TXCR_TXSLOT3 | PL041_TXCR_TXSLOT4)))
		return;
	if (m.level < m.depth / 2u)
		return;
	uint32_t i = 0;
	for (; i < m.level / 2u; i++) {
		if (m.clevel > CODEC_BUF - 2u)
			break;
		m.cbuf[m.clevel++] = (uint16_t)(m.fifo[2 * i] >> 4);
		m.cbuf[m.clevel++] = (uint16_t)(m.fifo[2 * i + 1] >> 4);
		if (m.clevel == CODEC_BUF)
			transfer();
	}
	uint32_t n = 2u * i;
	if (!n)
		return;
	m.level -= n;
	memmove(m.fifo, m.fifo + n, m.level * sizeof m.fifo[0]);
	m.sr1 &= ~PL041_SR_TXFF;
	if (m.level <= m.depth / 2u)
		m.sr1 |= PL041_SR_TXHE;
	if (m.level == 0)
		m.sr1 |= PL041_SR_TXFE | PL041_SR_TXUNDERRUN;
}

static bool line(void)
{
	return (m.sr1 & PL041_SR_TXHE) && (m.ie1 & PL041_IE_TXIE);
}

static uint32_t rd(uintptr_t a)
{
	switch ((uint32_t)(a - BASE)) {
	case AACISR1: return m.sr1;
	case AACIISR1: return line() ? PL041_ISR_TXINTR : 0;
	case AACIIE1: return m.ie1;
	case AACISL1RX: return m.sl1rx;
	case AACISL2RX: return m.sl2rx;
	case AACISLFR: return m.slfr;
	case AACIMAINCR: return m.maincr;
	default: fail_msg("read of %#x", (unsigned)(a - BASE)); return 0;
	}
}

static void wr(uintptr_t a, uint32_t v)
{
	uint32_t off = (uint32_t)(a - BASE);
	switch (off) {
	case AACITXCR1: m.txcr1 = v; break;
	case AACIIE1: m.ie1 = v; break;
	case AACIINTCLR: if (v & PL041_INTCLR_TXUEC1) m.sr1 &= ~PL041_SR_TXUNDERRUN; break;
	case AACIRESET: m.reset = v; break;
	case AACIMAINCR:
		m.maincr = v;
		if (!(v & PL041_MAINCR_IE))
			aaci_reset();
		break;
	case AACISL2TX: m.sl2tx = v; m.sl2_written = 1; break;
	case AACISL1TX: {
		m.sl1tx = v;
		uint32_t reg = (v >> 12) & 0x7fu;
		if (m.codec_absent)
			break;
		if (v & PL041_SL1TX_READ) {
			m.sl1rx = v & ~PL041_SL1TX_READ;
			m.sl2rx = (uint32_t)m.codec[reg] << 4;
			m.slfr |= PL041_SLFR_SL1RXVALID | PL041_SLFR_SL2RXVALID;
			break;
		}
		assert_true(m.sl2_written); /* slot 2 before slot 1 */
		m.sl2_written = 0;
		m.codec_writes++;
		uint16_t d = (uint16_t)(m.sl2tx >> 4);
		if (reg == 0x00)
			codec_reset();
		else if (reg == 0x26)
			m.codec[reg] = (uint16_t)((d & ~0xfu) | (m.codec[reg] & 0xfu));
		else if (reg != 0x28 && reg != 0x7c && reg != 0x7e)
			m.codec[reg] = d;
		break;
	}
	case AACIDR1:
		if (m.level < m.depth)
			m.fifo[m.level++] = (v << 4) & 0xfffffu;
		if (m.level > 0)
			m.sr1 &= ~(PL041_SR_TXUNDERRUN | PL041_SR_TXFE);
		if (m.level >= m.depth / 2u)
			m.sr1 &= ~PL041_SR_TXHE;
		if (m.level >= m.depth)
			m.sr1 |= PL041_SR_TXFF;
		break;
	default: fail_msg("write of %#x", off);
	}
	transmit();
}

/* The driver's interrupt, as long as the line is high. */
static void serve(struct pl041 *p)
{
	for (unsigned n = 0; line(); n++) {
		assert_true(n < 100000u); /* an interrupt storm */
		pl041_isr(p);
	}
}

/* One backend tick: it took `frames`; the codec's callback passes a full
 * buffer on and asks the PL041 for data (lm4549_audio_out_callback). */
static void tick(struct pl041 *p, uint32_t frames)
{
	m.now_ns += (uint64_t)frames * 1000000000u / 48000u;
	m.backend_free += frames;
	if (m.clevel == CODEC_BUF) {
		transfer();
		transmit();
	}
	serve(p);
}

static struct pl041 aaci;
static struct lm4549 codec;

/* The board's wiring (board/vexpress-a9/board.c): the link, the codec on
 * it at rate, the two bound.  The first error. */
static int up_with(const struct pl041_config *c, uint32_t rate)
{
	int r = pl041_init(&aaci, c);
	if (!r)
		r = lm4549_init(&codec, &aaci.link, no_delay, rate);
	if (!r)
		r = pl041_bind_codec(&aaci, &codec.codec);
	return r;
}

static int up(uint32_t rate)
{
	return up_with(&cfg, rate);
}
static struct audio_dev *dev;
static uint8_t *ring;
static uint32_t periods_left, next_period, period_bytes, ring_periods;
static uint32_t ev_done, ev_idle;

static void on_event(void *ctx, enum audio_dir dir, uint32_t ev, uint32_t count)
{
	(void)ctx;
	assert_int_equal(dir, AUDIO_PLAYBACK);
	if (ev & AUDIO_EV_PERIOD_DONE)
		ev_done += count;
	if (ev & AUDIO_EV_IDLE)
		ev_idle++;
	while (periods_left && dev->ops->queued(dev, AUDIO_PLAYBACK) < PL041_SLOTS) {
		uint8_t *b = ring + (next_period++ % ring_periods) * period_bytes;
		assert_int_equal(dev->ops->submit(dev, AUDIO_PLAYBACK, b, period_bytes), 0);
		periods_left--;
	}
}

static int16_t left(uint32_t i) { return (int16_t)(i * 7u + 1u); }
static int16_t right(uint32_t i) { return (int16_t)~(i * 13u); }

static void init_model(uint32_t depth)
{
	memset(&m, 0, sizeof m);
	m.depth = depth;
	m.now_ns = 1000000000u; /* a second after reset */
	m.vendor1 = 0x4e53;
	m.ext_id = 0x0001;
	codec_reset();
	aaci_reset();
	fw_fake_read = rd;
	fw_fake_write = wr;
}

static int setup(void **state)
{
	(void)state;
	init_model(512);
	assert_int_equal(up(LM4549_RATE_RESET), 0);
	dev = &aaci.dev;
	dev->event = on_event;
	ev_done = ev_idle = periods_left = next_period = 0;
	period_bytes = PL041_MIN_PERIOD; /* 512 frames */
	ring_periods = 8;
	ring = dev->ops->alloc_buffer(dev, AUDIO_PLAYBACK, ring_periods * period_bytes);
	assert_non_null(ring);
	for (uint32_t i = 0; i < ring_periods * period_bytes / 4u; i++) {
		int16_t s[2] = {left(i), right(i)};
		memcpy(ring + 4u * i, s, 4);
	}
	assert_int_equal(dev->ops->configure(dev, AUDIO_PLAYBACK, period_bytes), 0);
	return 0;
}

static void codec_sequence(void **state)
{
	(void)state;
	assert_int_equal(aaci.fifo_frames, 256);
	assert_int_equal(m.maincr, PL041_MAINCR_IE | PL041_MAINCR_SL1RXEN | PL041_MAINCR_SL1TXEN |
				   PL041_MAINCR_SL2RXEN | PL041_MAINCR_SL2TXEN);
	assert_int_equal(m.reset, PL041_RESET_NRST);
	assert_int_equal(m.codec[AC97_POWERDOWN], AC97_POWER_READY);
	assert_int_equal(m.codec[AC97_EXT_AUDIO_CTRL], AC97_VRA);
	assert_int_equal(m.codec[AC97_PCM_FRONT_DAC_RATE], 48000);
	assert_int_equal(m.codec[AC97_MASTER_VOLUME], AC97_VOLUME_0DB);
	assert_int_equal(m.codec[AC97_PCM_OUT_VOLUME], AC97_PCM_OUT_0DB);
	/* Sizing the FIFO left nothing in it and nothing reached the codec. */
	assert_int_equal(m.level, 0);
	assert_int_equal(m.clevel, 0);
	assert_int_equal(m.ie1, 0);
	struct audio_caps c;
	assert_int_equal(dev->ops->get_caps(dev, AUDIO_PLAYBACK, &c), 0);
	assert_int_equal(c.rate, 48000);
	assert_int_equal(c.channels, 2);
	assert_int_equal(c.format, SAMPLE_S16);
	assert_int_equal(c.frame_bytes, 4);
	assert_int_equal(c.hw_slots, PL041_SLOTS);
	assert_int_equal(dev->ops->get_caps(dev, AUDIO_CAPTURE, &c), -ENODEV);
	uint16_t v;
	assert_int_equal(ac97_read(&aaci.link, AC97_VENDOR_ID2, &v), 0);
	assert_int_equal(v, LM4549_VENDOR_ID2);
}

static void other_rates(void **state)
{
	(void)state;
	init_model(512);
	assert_int_equal(up(44100), 0);
	assert_int_equal(m.codec[AC97_PCM_FRONT_DAC_RATE], 44100);
	struct audio_caps c;
	assert_int_equal(aaci.dev.ops->get_caps(&aaci.dev, AUDIO_PLAYBACK, &c), 0);
	assert_int_equal(c.rate, 44100);
	init_model(512);
	assert_int_equal(up(3999), -EINVAL);
	assert_int_equal(up(48001), -EINVAL);
	/* Without variable rate audio: 48 kHz only, VRA left off. */
	init_model(512);
	m.ext_id = 0;
	assert_int_equal(up(32000), -EINVAL);
	assert_int_equal(up(48000), 0);
	assert_int_equal(m.codec[AC97_EXT_AUDIO_CTRL], 0);
}

static void absent_codec_or_fifo(void **state)
{
	(void)state;
	init_model(512);
	m.codec_absent = true;
	assert_int_equal(up(48000), -ENODEV);
	init_model(512);
	m.vendor1 = 0x1234; /* another codec */
	assert_int_equal(up(48000), -ENODEV);
	struct pl041_config no_base = cfg;
	no_base.base = 0;
	assert_int_equal(up_with(&no_base, 48000), -ENODEV);
	struct pl041_config no_ring = cfg;
	no_ring.ring = NULL;
	assert_int_equal(up_with(&no_ring, 48000), -EINVAL);
	struct ac97_codec not_up = {0};
	assert_int_equal(pl041_bind_codec(&aaci, &not_up), -EINVAL);
	/* No FIFO that ever fills: no AACI. */
	init_model(4096);
	assert_int_equal(up(48000), -ENODEV);
	/* QEMU's default FIFO (8 entries): 4 frames. */
	init_model(8);
	assert_int_equal(up(48000), 0);
	assert_int_equal(aaci.fifo_frames, 4);
}

/* Plays `periods` periods through the chain, the backend taking `per_tick`
 * frames a tick, then stops and lets the flush out. */
static void play(uint32_t periods, uint32_t per_tick)
{
	periods_left = periods;
	assert_int_equal(dev->ops->start(dev, AUDIO_PLAYBACK), 0);
	on_event(NULL, AUDIO_PLAYBACK, 0, 0); /* the first submits */
	serve(&aaci);
	for (unsigned t = 0; t < 1000 && ev_done < periods; t++)
		tick(&aaci, per_tick);
	assert_int_equal(ev_done, periods);
	assert_int_equal(dev->ops->stop(dev, AUDIO_PLAYBACK), 0);
	/* The sound still in the FIFO and the codec leaves by the sample
	 * clock, then PL041_TAIL_NS; silence pushes it out meanwhile. */
	uint64_t drain = pl041_drain_ns(&aaci);
	assert_true(drain > PL041_TAIL_NS);
	assert_true(drain <= PL041_TAIL_NS + (256u + CODEC_BUF / 2u) * 1000000000ull / 48000u + 1u);
	serve(&aaci);
	for (unsigned t = 0; t < 20; t++)
		tick(&aaci, per_tick);
	assert_int_equal(pl041_drain_ns(&aaci), 0);
}

static void sound_arrives_bit_exact(void **state)
{
	(void)state;
	const uint32_t periods = 40, frames = periods * period_bytes / 4u;
	play(periods, 480);
	assert_int_equal(ev_idle, 0);
	/* Primed with silence: the FIFO and the codec's buffer (the backend
	 * took nothing before its first tick). */
	struct pl041_stats st;
	pl041_get_stats(&aaci, &st);
	assert_int_equal(st.primed, 256 + CODEC_BUF / 2u);
	const uint32_t lead = st.primed;
	assert_true(m.nout >= lead + frames);
	for (uint32_t i = 0; i < lead; i++)
		assert_true(m.out[i][0] == 0 && m.out[i][1] == 0);
	for (uint32_t i = 0; i < frames; i++) {
		uint32_t k = i % (ring_periods * period_bytes / 4u);
		if (m.out[lead + i][0] != left(k) || m.out[lead + i][1] != right(k))
			fail_msg("frame %u: %d %d, want %d %d", i, m.out[lead + i][0],
				 m.out[lead + i][1], left(k), right(k));
	}
	/* The flush: silence behind the sound, and it ended by itself. */
	for (uint32_t i = lead + frames; i < m.nout; i++)
		assert_true(m.out[i][0] == 0 && m.out[i][1] == 0);
	assert_int_equal(st.frames, frames);
	assert_int_equal(st.play_done, periods);
	assert_int_equal(st.dry, 0); /* the end of the sound is no underrun */
	assert_true(st.silent >= 256 + CODEC_BUF / 2u);
	assert_int_equal(m.ie1, 0);
	assert_false(aaci.play.flushing);
}

/* Ticks until `periods` periods are done and the FIFO waits, masked. */
static void run_dry(uint32_t periods)
{
	for (unsigned t = 0; t < 20 && (ev_done < periods || m.ie1); t++)
		tick(&aaci, 480);
	assert_int_equal(ev_done, periods);
	assert_int_equal(m.ie1, 0);
	assert_false(line());
	assert_true(aaci.play.starving);
}

static void underrun_counted_when_sound_resumes(void **state)
{
	(void)state;
	struct pl041_stats st;
	periods_left = 1;
	assert_int_equal(dev->ops->start(dev, AUDIO_PLAYBACK), 0);
	assert_int_equal(m.ie1, 0); /* no interrupt before data */
	assert_true(m.sr1 & PL041_SR_TXFF); /* primed */
	on_event(NULL, AUDIO_PLAYBACK, 0, 0);
	assert_int_equal(m.ie1, PL041_IE_TXIE);
	/* The period goes in; the FIFO asks for more with nothing queued. */
	run_dry(1);
	/* More comes while the device still has sound: no underrun. */
	periods_left = 1;
	on_event(NULL, AUDIO_PLAYBACK, 0, 0);
	run_dry(2);
	pl041_get_stats(&aaci, &st);
	assert_int_equal(st.dry, 0);
	/* More comes after the sample clock ran out: one underrun. */
	for (unsigned t = 0; t < 10; t++)
		tick(&aaci, 480);
	assert_true(model_now() > aaci.play.out_end_ns);
	periods_left = 1;
	on_event(NULL, AUDIO_PLAYBACK, 0, 0);
	run_dry(3);
	assert_int_equal(ev_idle, 0);
	pl041_get_stats(&aaci, &st);
	assert_int_equal(st.dry, 1);
	assert_int_equal(st.frames, 3u * 512u);
}

static void stop_without_sound_writes_no_silence(void **state)
{
	(void)state;
	assert_int_equal(dev->ops->start(dev, AUDIO_PLAYBACK), 0);
	assert_int_equal(dev->ops->stop(dev, AUDIO_PLAYBACK), 0);
	serve(&aaci);
	struct pl041_stats st;
	pl041_get_stats(&aaci, &st);
	assert_int_equal(st.silent, 0);
	assert_int_equal(st.primed, 256 + CODEC_BUF / 2u);
	assert_int_equal(m.ie1, 0);
	/* Stopped: no event, submit refused. */
	assert_int_equal(dev->ops->submit(dev, AUDIO_PLAYBACK, ring, period_bytes), -EPERM);
}

static void submit_and_configure_checks(void **state)
{
	(void)state;
	uint8_t foreign[64];
	assert_int_equal(dev->ops->configure(dev, AUDIO_PLAYBACK, PL041_MIN_PERIOD - 4), -EINVAL);
	assert_int_equal(dev->ops->configure(dev, AUDIO_PLAYBACK, 252), -EINVAL);
	assert_int_equal(dev->ops->configure(dev, AUDIO_PLAYBACK, 258), -EINVAL);
	assert_int_equal(dev->ops->configure(dev, AUDIO_PLAYBACK, PL041_MAX_PERIOD + 4), -EINVAL);
	assert_int_equal(dev->ops->configure(dev, AUDIO_CAPTURE, 256), -ENODEV);
	assert_null(dev->ops->alloc_buffer(dev, AUDIO_PLAYBACK, RING_BYTES + 1));
	assert_int_equal(dev->ops->start(dev, AUDIO_PLAYBACK), 0);
	assert_int_equal(dev->ops->start(dev, AUDIO_PLAYBACK), -EPERM);
	assert_int_equal(dev->ops->configure(dev, AUDIO_PLAYBACK, PL041_MIN_PERIOD), -EPERM);
	assert_int_equal(dev->ops->submit(dev, AUDIO_PLAYBACK, ring, 0), -EINVAL);
	assert_int_equal(dev->ops->submit(dev, AUDIO_PLAYBACK, ring, 6), -EINVAL);
	assert_int_equal(dev->ops->submit(dev, AUDIO_PLAYBACK, ring, period_bytes + 4), -EINVAL);
	assert_int_equal(dev->ops->submit(dev, AUDIO_PLAYBACK, foreign, 64), -EINVAL);
	assert_int_equal(dev->ops->submit(dev, AUDIO_PLAYBACK,
					  ring + RING_BYTES - 64, 128), -EINVAL);
	dev->event = NULL; /* keep the periods queued */
	assert_int_equal(dev->ops->submit(dev, AUDIO_PLAYBACK, ring, 64), 0);
	assert_int_equal(dev->ops->submit(dev, AUDIO_PLAYBACK, ring + 64, 64), 0);
	assert_int_equal(dev->ops->queued(dev, AUDIO_PLAYBACK), 2);
	assert_int_equal(dev->ops->submit(dev, AUDIO_PLAYBACK, ring, 64), -EBUSY);
	assert_int_equal(dev->ops->submit(dev, AUDIO_CAPTURE, ring, 64), -ENODEV);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(codec_sequence, setup),
		cmocka_unit_test(other_rates),
		cmocka_unit_test(absent_codec_or_fifo),
		cmocka_unit_test_setup(sound_arrives_bit_exact, setup),
		cmocka_unit_test_setup(underrun_counted_when_sound_resumes, setup),
		cmocka_unit_test_setup(stop_without_sound_writes_no_silence, setup),
		cmocka_unit_test_setup(submit_and_configure_checks, setup),
	};
	return cmocka_run_group_tests_name("fw_pl041", tests, NULL, NULL);
}
