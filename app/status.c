/* Status text for the console; see status.h. */
#include "app/status.h"

const char *status_alsa_format(enum sample_format f)
{
	static const char *const names[SAMPLE_FORMAT_COUNT] = {
		"S8", "U8", "S16_LE", "S24_3LE", "S32_LE", "FLOAT_LE",
	};
	return (unsigned)f < SAMPLE_FORMAT_COUNT ? names[f] : "?";
}

/* " (11.610 ms)": frames at rate, in ms with three decimals. */
static void put_ms(struct msg *m, uint32_t frames, uint32_t rate)
{
	uint64_t us = rate ? (uint64_t)frames * 1000000u / rate : 0; /* as main.c: down */
	msg_puts(m, " (");
	msg_putu(m, us / 1000u);
	msg_puts(m, ".");
	char d[4] = {(char)('0' + us / 100u % 10u), (char)('0' + us / 10u % 10u),
		     (char)('0' + us % 10u), '\0'};
	msg_puts(m, d);
	msg_puts(m, " ms)");
}

static void row(struct msg *m, const char *name, uint32_t v)
{
	msg_puts(m, "koi:   ");
	msg_puts(m, name);
	msg_puts(m, " : ");
	msg_putu(m, v);
}

void status_setup(struct msg *m, const char *stream, const struct player_setup *s)
{
	msg_puts(m, "koi: setup    ");
	msg_puts(m, stream);
	msg_puts(m, "\nkoi:   format          : ");
	msg_puts(m, status_alsa_format(s->format));
	msg_puts(m, "\n");
	row(m, "channels       ", s->channels);
	msg_puts(m, "\n");
	row(m, "rate           ", s->rate);
	msg_puts(m, "\n");
	row(m, "period_size    ", s->period_frames);
	put_ms(m, s->period_frames, s->rate);
	msg_puts(m, "\n");
	row(m, "periods        ", s->periods);
	msg_puts(m, "\n");
	row(m, "buffer_size    ", s->buffer_frames);
	put_ms(m, s->buffer_frames, s->rate);
	msg_puts(m, "\n");
	row(m, "start_threshold", s->start_threshold);
	msg_puts(m, "\n");
}

/* m:ss, or h:mm:ss from an hour. */
static void put_time(struct msg *m, uint64_t s)
{
	if (s >= 3600u) {
		msg_putu(m, s / 3600u);
		msg_puts(m, ":");
		if (s / 60u % 60u < 10u)
			msg_puts(m, "0");
	}
	msg_putu(m, s / 60u % (s >= 3600u ? 60u : UINT64_MAX));
	msg_puts(m, s % 60u < 10u ? ":0" : ":");
	msg_putu(m, s % 60u);
}

void status_progress(struct msg *m, uint64_t played, uint64_t total, uint32_t rate)
{
	if (!rate)
		return;
	msg_puts(m, "koi: ");
	put_time(m, played / rate);
	msg_puts(m, " of ");
	put_time(m, total / rate);
}
