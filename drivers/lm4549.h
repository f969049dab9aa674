/*
 * lm4549.h — the National LM4549 AC'97 codec, on any AC-link
 * (drivers/ac97.h): set up for stereo playback through its front DAC, and
 * an ac97_codec for the controller's audio_dev.  Registers: regs/lm4549.h.
 *
 * lm4549_init() resets the codec's registers to their defaults, checks its
 * vendor ID ("NSC1"), powers it up and waits for the ready bits, enables
 * variable rate audio when the codec has it, sets the front-DAC rate and
 * puts the master and PCM-out volumes at 0 dB.  A codec without variable
 * rate audio plays LM4549_RATE_RESET (48 kHz) only.  The board calls it
 * once the controller's link is up (pl041_init), and hands &c->codec to
 * the controller (pl041_bind_codec).
 */
#ifndef KOI_LM4549_H
#define KOI_LM4549_H

#include <stdbool.h>
#include <stdint.h>

#include "drivers/ac97.h"
#include "regs/lm4549.h"

struct lm4549 {
	struct ac97_codec codec; /* ops NULL until lm4549_init succeeds */
	struct ac97_bus *bus;
	void (*delay_us)(uint32_t us);
	bool vra;                /* variable rate audio: rates other than 48 kHz */
};

/**
 * Binds c to the codec on bus and sets it up to play at rate (above).
 * @param c         the codec
 * @param bus       the AC'97 link it answers on
 * @param delay_us  a busy-wait in microseconds, for its power-up
 * @param rate      frames per second
 * @return 0
 * @retval -ENODEV     no LM4549 answers on the link
 * @retval -ETIMEDOUT  its power-up or the link hangs
 * @retval -EINVAL     a rate it cannot play (4000..48000 Hz; 48000 only
 *                     without variable rate audio) or a missing delay_us
 * @retval -EIO        a rate register that reads back out of range
 */
int lm4549_init(struct lm4549 *c, struct ac97_bus *bus, void (*delay_us)(uint32_t us),
		uint32_t rate);

#endif /* KOI_LM4549_H */
