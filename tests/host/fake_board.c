/* The board services of the firmware, faked for host tests (fake_board.h). */
#include "tests/host/fake_board.h"

#include <errno.h>
#include <string.h>

#include "board/board.h"
#include "lib/alarmq.h"

#define IDLE_STEP_NS 1000000u /* a wait with no device running: 1 ms */

static struct fake_dev *dev;
static uint64_t now_ns, idle_ns, waits;
static struct alarmq alarms;
static char keys[512];
static size_t keys_len, keys_pos;

void fake_board_use(struct fake_dev *d)
{
	dev = d;
	now_ns = idle_ns = waits = 0;
	alarmq_init(&alarms);
	fake_board_keys(NULL);
}

void fake_board_keys(const char *k)
{
	keys_len = k ? strlen(k) : 0;
	if (keys_len > sizeof keys)
		keys_len = sizeof keys;
	if (keys_len)
		memcpy(keys, k, keys_len);
	keys_pos = 0;
}

uint64_t fake_board_waits(void)
{
	return waits;
}

uint64_t board_now_ns(void)
{
	return now_ns;
}

int board_alarm_at(struct alarm *a, uint64_t when, alarm_fn fn, void *ctx)
{
	return alarmq_insert(&alarms, a, when, fn, ctx);
}

int board_alarm_cancel(struct alarm *a)
{
	return alarmq_remove(&alarms, a);
}

int board_console_input_start(void)
{
	return 0;
}

size_t board_console_read(char *buf, size_t n)
{
	size_t k = keys_len - keys_pos < n ? keys_len - keys_pos : n;
	memcpy(buf, keys + keys_pos, k);
	keys_pos += k;
	return k;
}

static void advance(uint64_t ns)
{
	now_ns += ns;
	struct alarm *a;
	while ((a = alarmq_pop_due(&alarms, now_ns)) != NULL)
		a->fn(a, a->ctx);
}

void board_wait(void *ctx, board_ready_fn ready, const void *arg)
{
	(void)ctx;
	if (ready(arg))
		return;
	waits++;
	struct fake_dir *d = dev ? &dev->d[AUDIO_PLAYBACK] : NULL;
	uint64_t step = IDLE_STEP_NS;
	if (d && d->present && d->started && d->period_bytes) {
		uint64_t frames = d->period_bytes / d->caps.frame_bytes;
		step = (frames * 1000000000u + d->caps.rate - 1) / d->caps.rate;
		/* The period ends at the end of its time: the clock first. */
		advance(step);
		fake_dev_complete(dev, AUDIO_PLAYBACK, 1);
	} else {
		advance(step);
	}
	idle_ns += step;
}

uint64_t board_idle_ns(void)
{
	return idle_ns;
}
