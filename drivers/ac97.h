/*
 * ac97.h — the AC-link between an AC'97 controller and its codec, as
 * Linux's AC'97 bus keeps them apart (sound/arm/aaci.c drives the link,
 * sound/pci/ac97/ the codec).  Koi's pair: the PL041 AACI
 * (drivers/pl041.c) and the National LM4549 (drivers/lm4549.c); the board
 * wires one to the other.
 *
 *   the bus     what the controller gives the codec's driver: its
 *               registers, read and written over the link's command slots
 *               (the controller embeds a struct ac97_bus and fills in ops)
 *   the codec   what the codec's driver gives the controller's audio_dev:
 *               the rate of the front DAC, which the controller's sample
 *               clock and caps follow (the codec embeds a struct
 *               ac97_codec and fills in ops)
 *
 * The codec's registers: regs/lm4549.h.  Both sides' operations may
 * busy-wait for the link (an AC'97 frame is 20.8 us at 48 kHz); main loop
 * only, with the controller's stream stopped.  Errors are negative errno
 * values (<errno.h>).
 */
#ifndef KOI_AC97_H
#define KOI_AC97_H

#include <stdint.h>

struct ac97_bus;

struct ac97_bus_ops {
	/* The codec register reg (0x00..0x7e) into *val: 0, or -ETIMEDOUT
	 * when no answer comes over the link. */
	int (*read)(struct ac97_bus *bus, uint32_t reg, uint16_t *val);
	/* reg = val: 0, or -ETIMEDOUT when the command does not go out. */
	int (*write)(struct ac97_bus *bus, uint32_t reg, uint16_t val);
};

struct ac97_bus {
	const struct ac97_bus_ops *ops; /* NULL until the controller's init */
};

/**
 * Reads a codec register over the link (bus->ops->read).
 * @param bus  the link
 * @param reg  the codec register, 0x00..0x7e
 * @param val  receives its value
 * @return 0
 * @retval -ETIMEDOUT  no answer came over the link
 */
static inline int ac97_read(struct ac97_bus *bus, uint32_t reg, uint16_t *val)
{
	return bus->ops->read(bus, reg, val);
}

/**
 * Writes a codec register over the link (bus->ops->write).
 * @param bus  the link
 * @param reg  the codec register, 0x00..0x7e
 * @param val  its new value
 * @return 0
 * @retval -ETIMEDOUT  the command did not go out
 */
static inline int ac97_write(struct ac97_bus *bus, uint32_t reg, uint16_t val)
{
	return bus->ops->write(bus, reg, val);
}

struct ac97_codec;

struct ac97_codec_ops {
	/* The front DAC to play `rate` frames per second from now on; the
	 * codec may round it: codec->rate is then the rate it set.  -EINVAL
	 * for a rate it cannot play, -ETIMEDOUT from the link, -EIO for an
	 * answer out of range. */
	int (*set_rate)(struct ac97_codec *codec, uint32_t rate);
};

struct ac97_codec {
	const struct ac97_codec_ops *ops; /* NULL until the codec's init */
	uint32_t rate;                    /* the front DAC's rate now */
};

#endif /* KOI_AC97_H */
