/* The board services of the firmware, faked for host tests (fake_board.h). */
#include "tests/host/fake_board.h"

#include <errno.h>
#include <string.h>

#include "board/board.h"
#include "lib/alarmq.h"

#define IDLE_STEP_NS 1000000u /* a wait with no device running: 1 ms */

static struct fake_dev *dev;
static uint64_t now_ns, idle_ns, waits;
static uint64_t cap_elapsed; /* ns of capture time towards its next period */
static struct alarmq alarms;
static char keys[512];
static size_t keys_len, keys_pos;

void fake_board_use(struct fake_dev *d)
{
	dev = d;
	now_ns = idle_ns = waits = cap_elapsed = 0;
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

/* Keys up to the next '|' (fake_board.h): that much has been typed. */
static size_t typed(void)
{
	size_t k = keys_pos;
	while (k < keys_len && keys[k] != '|')
		k++;
	return k - keys_pos;
}

size_t board_console_read(char *buf, size_t n)
{
	size_t k = typed() < n ? typed() : n;
	memcpy(buf, keys + keys_pos, k);
	keys_pos += k;
	return k;
}

size_t board_console_pending(void)
{
	return typed();
}

static uint64_t period_ns(const struct fake_dir *d)
{
	uint64_t frames = d->period_bytes / d->caps.frame_bytes;
	return (frames * 1000000000u + d->caps.rate - 1) / d->caps.rate;
}

/* The time the next playback step takes: the queued period's own length
 * (an adaptive stream hands over periods shorter than the configured
 * largest), or one configured period of silence when starved. */
static uint64_t play_step_ns(const struct fake_dir *d)
{
	if (!d->count)
		return period_ns(d);
	uint64_t frames = d->q[d->head].bytes / d->caps.frame_bytes;
	return (frames * 1000000000u + d->caps.rate - 1) / d->caps.rate;
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
	/* A pause in the typing ends with this wait. */
	if (keys_pos < keys_len && keys[keys_pos] == '|')
		keys_pos++;
	struct fake_dir *d = dev ? &dev->d[AUDIO_PLAYBACK] : NULL;
	struct fake_dir *c = dev ? &dev->d[AUDIO_CAPTURE] : NULL;
	const bool capturing = c && c->present && c->started && c->period_bytes;
	uint64_t step = IDLE_STEP_NS;
	if (d && d->present && d->started && d->period_bytes) {
		step = play_step_ns(d);
		/* The period ends at the end of its time: the clock first. */
		advance(step);
		fake_dev_complete(dev, AUDIO_PLAYBACK, 1);
	} else {
		if (capturing)
			step = period_ns(c);
		advance(step);
	}
	/* Capture runs on the same clock: a period completes each time its
	 * length has passed. */
	if (capturing) {
		cap_elapsed += step;
		while (cap_elapsed >= period_ns(c)) {
			cap_elapsed -= period_ns(c);
			fake_dev_complete(dev, AUDIO_CAPTURE, 1);
		}
	} else {
		cap_elapsed = 0;
	}
	idle_ns += step;
}

uint64_t board_idle_ns(void)
{
	return idle_ns;
}
