/*
 * Bring-up checkpoint 8: double-buffered, interrupt-driven playback.
 *
 * Stages 1-6 and interrupts on.  The board's sound device (board_audio_dev:
 * the driver bound, its interrupt attached) is driven through its audio_dev
 * operations alone, the way the PCM layer will: 16 periods of 512 frames
 * from a ring of 4, two queued in the device at any time, the next one
 * submitted from the driver's event callback in the interrupt that reports
 * a period done.  The checks: every period completes, in order, never more
 * than the device's slots queued, and the whole takes the sound's length
 * at the device's rate (no gap: an interrupt that comes late, or a refill
 * that misses it, shows as a longer time and as underruns in QEMU's
 * report).
 */
#include <stdint.h>
#include <string.h>

#include "arch/arm/cpu.h"
#include "board/board.h"
#include "board/boot.h"
#include "drivers/audio_dev.h"
#include "lib/decimal.h"
#include "tests/bringup/bringup.h"

#define PERIOD 512u
#define RING 4u
#define PERIODS 16u

static struct audio_dev *dev;
static struct audio_caps caps;
static uint8_t *ring;
/* Written in the event callback (interrupt), read by the main loop with
 * board_wait's masking around the test. */
static uint32_t submitted, completed, events, max_queued, submit_errors;
static uint64_t last_done_ns;

static void submit_next(void)
{
	if (submitted == PERIODS)
		return;
	uint32_t bytes = PERIOD * caps.frame_bytes;
	if (dev->ops->submit(dev, AUDIO_PLAYBACK, ring + (submitted % RING) * bytes, bytes))
		submit_errors++;
	else
		submitted++;
	uint32_t q = dev->ops->queued(dev, AUDIO_PLAYBACK);
	if (q > max_queued)
		max_queued = q;
}

static void on_event(void *ctx, enum audio_dir dir, uint32_t ev, uint32_t count)
{
	(void)ctx;
	if (dir != AUDIO_PLAYBACK || !(ev & AUDIO_EV_PERIOD_DONE))
		return;
	events++;
	completed += count;
	last_done_ns = board_now_ns();
	while (submitted < completed + 2u && submitted < PERIODS)
		submit_next();
}

static bool all_done(const void *arg)
{
	(void)arg;
	return completed >= PERIODS;
}

void boot_main(void)
{
	board_stage_console();
	board_stage_faults();
	board_stage_memory();
	board_stage_interrupts();
	board_stage_input();
	board_stage_devices();
	irq_enable();
	say("koi bring-up 8: ");
	say_dec(PERIODS);
	say(" periods of ");
	say_dec(PERIOD);
	say(" frames, refilled by interrupt\n");
	int r = board_audio_dev(&dev);
	if (!check(r == 0, "the board's sound device started"))
		step_end();
	r = dev->ops->get_caps(dev, AUDIO_PLAYBACK, &caps);
	say("  ");
	say(dev->name);
	say(": ");
	say_dec(caps.rate);
	say(" Hz, ");
	say_dec(caps.channels);
	say(" channels, ");
	say_dec(caps.hw_slots);
	say(" slots\n");
	ring = dev->ops->alloc_buffer(dev, AUDIO_PLAYBACK, RING * PERIOD * caps.frame_bytes);
	if (!check(r == 0 && ring, "caps and a ring the device can read"))
		step_end();
	/* A quiet ramp, different on the left and the right. */
	int16_t *s = (int16_t *)ring;
	for (uint32_t i = 0; i < RING * PERIOD * caps.channels; i++)
		s[i] = (int16_t)((i % 64u) * (i % caps.channels ? 32 : 64));
	dev->event = on_event;
	dev->event_ctx = NULL;
	r = dev->ops->configure(dev, AUDIO_PLAYBACK, PERIOD * caps.frame_bytes);
	if (r == 0)
		r = dev->ops->start(dev, AUDIO_PLAYBACK);
	if (!check(r == 0, "configured and started"))
		step_end();
	uint64_t t0 = board_now_ns();
	uint32_t s0 = irq_save(); /* both first periods before any interrupt */
	submit_next();
	submit_next();
	irq_restore(s0);
	uint64_t limit = t0 + 2u * (uint64_t)PERIODS * PERIOD * 1000000000ull / caps.rate;
	while (!all_done(NULL) && board_now_ns() < limit)
		board_wait(NULL, all_done, NULL);
	dev->ops->stop(dev, AUDIO_PLAYBACK);
	uint64_t want = (uint64_t)PERIODS * PERIOD * 1000000000ull / caps.rate;
	uint64_t took = last_done_ns - t0;
	say("  ");
	say_dec(completed);
	say(" periods done in ");
	say_dec(events);
	say(" interrupts, ");
	say_milli(took / 1000u);
	say(" ms (the sound is ");
	say_milli(want / 1000u);
	say(" ms)\n");
	check(completed == PERIODS && submit_errors == 0, "every period submitted and completed");
	check(max_queued <= caps.hw_slots && max_queued == 2u, "two periods queued, never more than the slots");
	char text[80] = "no gap: done within ", ms[DEC_U64_CHARS];
	strcat(text, dec_u64(step8_slack_ns / 1000000u, ms));
	strcat(text, " ms of the sound's length");
	check(took + step8_early_ns >= want && took < want + step8_slack_ns, text);
	board_sleep_ns(board_audio_drain_ns());
	step_end();
}
