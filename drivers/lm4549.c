/* The LM4549 AC'97 codec; see lm4549.h. */
#include "drivers/lm4549.h"

#include <errno.h>
#include <stddef.h>

#include "lib/container_of.h"

/* The codec's analog sections take up to a few ms to power up. */
#define POWER_POLLS 100u
#define POWER_POLL_US 1000u

/* Front-DAC rate; the codec may round it: the rate it took is kept. */
static int set_rate(struct ac97_codec *codec, uint32_t rate)
{
	struct lm4549 *c = container_of(codec, struct lm4549, codec);
	if (rate < LM4549_RATE_MIN || rate > LM4549_RATE_MAX ||
	    (!c->vra && rate != LM4549_RATE_RESET))
		return -EINVAL;
	uint16_t got;
	int r = ac97_write(c->bus, AC97_PCM_FRONT_DAC_RATE, (uint16_t)rate);
	if (!r)
		r = ac97_read(c->bus, AC97_PCM_FRONT_DAC_RATE, &got);
	if (r)
		return r;
	if (got < LM4549_RATE_MIN || got > LM4549_RATE_MAX)
		return -EIO;
	codec->rate = got;
	return 0;
}

static const struct ac97_codec_ops lm4549_ops = {
	.set_rate = set_rate,
};

/* Registers to their defaults, then the vendor ID: -ENODEV for silence on
 * the link or another codec. */
static int identify(struct lm4549 *c)
{
	uint16_t id1 = 0, id2 = 0;
	int r = ac97_write(c->bus, AC97_RESET, 0);
	if (!r)
		r = ac97_read(c->bus, AC97_VENDOR_ID1, &id1);
	if (!r)
		r = ac97_read(c->bus, AC97_VENDOR_ID2, &id2);
	if (r == -ETIMEDOUT || id1 != LM4549_VENDOR_ID1 || id2 != LM4549_VENDOR_ID2)
		return -ENODEV;
	return r;
}

/* Everything powered; wait for the ready bits. */
static int power_up(struct lm4549 *c)
{
	uint16_t v = 0;
	int r = ac97_write(c->bus, AC97_POWERDOWN, 0);
	for (uint32_t i = 0; !r; i++) {
		r = ac97_read(c->bus, AC97_POWERDOWN, &v);
		if (r || (v & AC97_POWER_READY) == AC97_POWER_READY)
			break;
		if (i == POWER_POLLS)
			return -ETIMEDOUT;
		c->delay_us(POWER_POLL_US);
	}
	return r;
}

int lm4549_init(struct lm4549 *c, struct ac97_bus *bus, void (*delay_us)(uint32_t us),
		uint32_t rate)
{
	if (!delay_us)
		return -EINVAL;
	*c = (struct lm4549){ .bus = bus, .delay_us = delay_us,
			      .codec = { .rate = LM4549_RATE_RESET } };
	int r = identify(c);
	if (!r)
		r = power_up(c);
	uint16_t v = 0;
	if (!r)
		r = ac97_read(bus, AC97_EXT_AUDIO_ID, &v);
	if (r)
		return r;
	c->vra = (v & AC97_VRA) != 0;
	if (c->vra)
		r = ac97_write(bus, AC97_EXT_AUDIO_CTRL, AC97_VRA);
	if (!r)
		r = set_rate(&c->codec, rate);
	if (!r)
		r = ac97_write(bus, AC97_MASTER_VOLUME, AC97_VOLUME_0DB);
	if (!r)
		r = ac97_write(bus, AC97_PCM_OUT_VOLUME, AC97_PCM_OUT_0DB);
	if (!r)
		c->codec.ops = &lm4549_ops;
	return r;
}
