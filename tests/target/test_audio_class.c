/*
 * The audio device class (drivers/audio_dev.h) as the board's own driver
 * keeps it, on any board (goldfish_audio, the PL041 ...): no PCM layer in
 * between, each operation's refusals and limits.
 *   - a direction the device lacks: get_caps -ENODEV, and every other
 *     operation refuses it (-ENODEV; no buffer; nothing queued);
 *   - alloc_buffer: NULL above caps.max_buffer_bytes;
 *   - configure: -EINVAL outside the caps' periods or not whole frames,
 *     -EPERM while started; start: -EINVAL before configure, -EPERM when
 *     started; submit: -EPERM before start, -EINVAL for no bytes, part of
 *     a frame, more than the period or outside the buffer, -EBUSY once
 *     hw_slots periods are queued; stop drops them; set_rate (when the
 *     device has it): -EPERM while started.
 * Interrupts stay masked while periods are queued: nothing completes
 * behind the test's back, and no event callback is set.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "arch/arm/cpu.h"
#include "board/board.h"
#include "drivers/audio_dev.h"
#include "tests/target/tap.h"

#define EXPECT(call, want, what) do { \
	int got_ = (call); \
	tap_ok(got_ == (want), "%s: %d (want %d)", what, got_, (int)(want)); \
} while (0)

static struct audio_dev *dev;

static void absent(enum audio_dir d, const char *name)
{
	const struct audio_dev_ops *o = dev->ops;
	uint8_t b[4] = {0};
	tap_diag("%s: the device has no such direction", name);
	tap_ok(o->alloc_buffer(dev, d, 4) == NULL, "%s: no buffer", name);
	EXPECT(o->configure(dev, d, 4), -ENODEV, "configure");
	EXPECT(o->start(dev, d), -ENODEV, "start");
	EXPECT(o->submit(dev, d, b, 4), -ENODEV, "submit");
	EXPECT(o->stop(dev, d), -ENODEV, "stop");
	tap_ok(o->queued(dev, d) == 0, "%s: nothing queued", name);
	if (o->set_rate)
		EXPECT(o->set_rate(dev, d, 48000), -ENODEV, "set_rate");
}

static void present(enum audio_dir d, const char *name, const struct audio_caps *c)
{
	const struct audio_dev_ops *o = dev->ops;
	const uint32_t f = c->frame_bytes, period = c->max_period_bytes / f * f;
	tap_diag("%s: %lu Hz, %lu channels, periods %lu..%lu bytes, %lu slots", name,
		 (unsigned long)c->rate, (unsigned long)c->channels,
		 (unsigned long)c->min_period_bytes, (unsigned long)c->max_period_bytes,
		 (unsigned long)c->hw_slots);
	tap_ok(o->alloc_buffer(dev, d, c->max_buffer_bytes + 1u) == NULL,
	       "%s: no buffer above max_buffer_bytes", name);
	uint8_t *area = o->alloc_buffer(dev, d, c->max_buffer_bytes);
	tap_ok(area != NULL, "%s: a buffer of max_buffer_bytes", name);
	if (!area)
		return;
	EXPECT(o->start(dev, d), -EINVAL, "start before configure");
	EXPECT(o->configure(dev, d, c->max_period_bytes + f), -EINVAL, "a period above the largest");
	if (c->min_period_bytes > f)
		EXPECT(o->configure(dev, d, c->min_period_bytes - f), -EINVAL,
		       "a period below the smallest");
	if (f > 1)
		EXPECT(o->configure(dev, d, period - 1u), -EINVAL, "a period of part of a frame");
	EXPECT(o->submit(dev, d, area, f), -EPERM, "submit before start");
	EXPECT(o->configure(dev, d, period), 0, "configure the largest period");

	uint32_t s = irq_save();
	EXPECT(o->start(dev, d), 0, "start");
	EXPECT(o->start(dev, d), -EPERM, "start again");
	EXPECT(o->configure(dev, d, period), -EPERM, "configure while started");
	if (o->set_rate)
		EXPECT(o->set_rate(dev, d, c->rate), -EPERM, "set_rate while started");
	EXPECT(o->submit(dev, d, area, 0), -EINVAL, "submit 0 bytes");
	if (f > 1)
		EXPECT(o->submit(dev, d, area, f + 1u), -EINVAL, "submit part of a frame");
	EXPECT(o->submit(dev, d, area, period + f), -EINVAL, "submit more than the period");
	EXPECT(o->submit(dev, d, area + c->max_buffer_bytes, f), -EINVAL,
	       "submit past the buffer");
	EXPECT(o->submit(dev, d, (uint8_t *)&s, f), -EINVAL, "submit from outside the buffer");
	uint32_t n = 0;
	int r = 0;
	while (n <= c->hw_slots && (r = o->submit(dev, d, area, period)) == 0)
		n++;
	tap_ok(n == c->hw_slots && r == -EBUSY, "%lu periods queued, then -EBUSY (%d)",
	       (unsigned long)n, r);
	tap_ok(o->queued(dev, d) == c->hw_slots, "%s: queued %lu", name,
	       (unsigned long)o->queued(dev, d));
	EXPECT(o->stop(dev, d), 0, "stop");
	tap_ok(o->queued(dev, d) == 0, "%s: stop dropped them", name);
	irq_restore(s);
	EXPECT(o->stop(dev, d), 0, "stop again");
	EXPECT(o->submit(dev, d, area, f), -EPERM, "submit after stop");
}

int main(void)
{
	tap_init();
	int r = board_audio_dev(&dev);
	tap_ok(r == 0 && dev && dev->ops, "the board's audio device: %s (%d)",
	       board_audio_name(), r);
	if (r || !dev)
		return tap_done();
	const struct audio_dev_ops *o = dev->ops;
	static const char *const names[] = {"playback", "capture"};
	for (int d = AUDIO_PLAYBACK; d <= AUDIO_CAPTURE; d++) {
		struct audio_caps c;
		r = o->get_caps(dev, (enum audio_dir)d, &c);
		tap_ok(r == 0 || r == -ENODEV, "%s: get_caps %d", names[d], r);
		if (r == 0)
			present((enum audio_dir)d, names[d], &c);
		else
			absent((enum audio_dir)d, names[d]);
	}
	tap_ok(o->queued(dev, (enum audio_dir)2) == 0, "direction 2: nothing queued");
	return tap_done();
}
