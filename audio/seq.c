/* Sequencer: note events -> mixer voices, sample-exact. */
#include "audio/seq.h"

#include <errno.h>
#include <string.h>

#include "audio/dspmath.h"

/* Exact for whole ms at any rate that is a multiple of 1000 / gcd: at
 * 44.1 kHz, ms * 44.1 (floor). */
static uint32_t ms_to_frames(uint32_t ms, uint32_t rate)
{
	return (uint32_t)(((uint64_t)ms * rate) / 1000u);
}

void seq_env_for(int wave, uint32_t rate, struct env_params *p)
{
	/* Plucked/struck shape: quick attack, decay to a sustain, short
	 * release.  Noise is percussive (no sustain). */
	p->attack = ms_to_frames(4, rate);
	p->decay = ms_to_frames(120, rate);
	p->sustain = 0.55f;
	p->release = ms_to_frames(90, rate);
	if (!osc_wave_periodic(wave)) {
		p->decay = ms_to_frames(250, rate);
		p->sustain = 0.0f;
	}
}

static int start_note(struct seq *s, int note, int vel, uint32_t dur_ms,
		      int wave, int pan)
{
	if (note < 0 || note > 127 || vel < 1 || vel > 127 || wave < 0 ||
	    wave >= OSC_WAVE_COUNT || pan < -100 || pan > 100)
		return -EINVAL;
	struct mixer_voice_params p = {
		.wave = (enum osc_wave)wave,
		.hz = koi_note_hz(note),
		.gain = s->gain * (double)vel / 127.0,
		.pan = (double)pan / 100.0,
		.seed = 0x9e3779b9u * (uint32_t)(s->now + 1u),
	};
	seq_env_for(wave, s->mix.rate, &p.env);
	int v = mixer_voice_start(&s->mix, &p);
	if (v < 0)
		return v;
	if (s->nlive == SEQ_LIVE_MAX) {
		/* Every voice is tracked already, so the one just taken was
		 * stolen: drop the tracking entry that pointed at it. */
		for (uint32_t i = 0; i < s->nlive; i++)
			if (s->live[i].voice == v) {
				s->live[i] = s->live[--s->nlive];
				break;
			}
	}
	s->live[s->nlive].voice = v;
	s->live[s->nlive].age = s->mix.v[v].age;
	s->live[s->nlive].off = s->now + ms_to_frames(dur_ms, s->mix.rate);
	s->nlive++;
	return 0;
}

int seq_play_now(struct seq *s, int note, int vel, uint32_t dur_ms, int wave,
		 int pan)
{
	return start_note(s, note, vel, dur_ms, wave, pan);
}

void seq_finish(struct seq *s)
{
	s->hold = false;
}

static void fire_events(struct seq *s)
{
	while (s->next < s->count &&
	       ms_to_frames(s->notes[s->next].start_ms, s->mix.rate) <= s->now) {
		const struct seq_note *n = &s->notes[s->next++];
		/* A malformed table entry is skipped, not fatal. */
		(void)start_note(s, n->note, n->vel, n->dur_ms, n->wave, n->pan);
	}
	for (uint32_t i = 0; i < s->nlive;) {
		if (s->live[i].off <= s->now) {
			int v = s->live[i].voice;
			if (s->mix.v[v].active && s->mix.v[v].age == s->live[i].age)
				mixer_voice_release(&s->mix, v);
			s->live[i] = s->live[--s->nlive];
		} else {
			i++;
		}
	}
}

static uint32_t seq_render(struct koi_source *src, int16_t *lr, uint32_t frames)
{
	struct seq *s = (struct seq *)src;
	uint32_t done = 0;
	while (done < frames) {
		fire_events(s);
		if (!s->hold && s->next == s->count && s->nlive == 0 &&
		    mixer_active_voices(&s->mix) == 0)
			break;
		uint32_t until = frames - done;
		if (s->next < s->count) {
			uint32_t t = ms_to_frames(s->notes[s->next].start_ms, s->mix.rate) - s->now;
			if (t < until)
				until = t;
		}
		for (uint32_t i = 0; i < s->nlive; i++)
			if (s->live[i].off - s->now < until)
				until = s->live[i].off - s->now;
		uint32_t sounding = mixer_render(&s->mix, lr + 2 * done, until);
		if (!s->hold && s->next == s->count && s->nlive == 0 &&
		    mixer_active_voices(&s->mix) == 0) {
			/* The last note faded inside this block: end on its frame. */
			s->now += sounding;
			done += sounding;
			break;
		}
		s->now += until;
		done += until;
	}
	return done;
}

int seq_init(struct seq *s, const struct seq_note *notes, uint32_t count,
	     double gain, bool hold, uint32_t rate)
{
	if ((count && !notes) || !(gain >= 0.0 && gain <= 1.0) || rate == 0)
		return -EINVAL;
	for (uint32_t i = 1; i < count; i++)
		if (notes[i].start_ms < notes[i - 1].start_ms)
			return -EINVAL;
	memset(s, 0, sizeof *s);
	s->src.render = seq_render;
	s->src.name = "sequencer";
	s->src.rate = rate;
	s->src.channels = 2;
	mixer_init(&s->mix, s->voices, SEQ_VOICES, rate);
	s->notes = notes;
	s->count = count;
	s->hold = hold;
	s->gain = (float)gain;
	return 0;
}

int seq_key_note(int ch, int base)
{
	static const char white[] = "asdfghjkl;'";
	static const int8_t white_st[] = {0, 2, 4, 5, 7, 9, 11, 12, 14, 16, 17};
	static const char black[] = "wetyuop";
	static const int8_t black_st[] = {1, 3, 6, 8, 10, 13, 15};
	int st = -1;
	for (int i = 0; white[i]; i++)
		if (ch == white[i])
			st = white_st[i];
	for (int i = 0; black[i]; i++)
		if (ch == black[i])
			st = black_st[i];
	if (st < 0)
		return -1;
	int n = base + st;
	return n >= 0 && n <= 127 ? n : -1;
}

/* Minuet in G (BWV Anh. 114), bars 1-8, quarter = 300 ms.  Melody on a
 * triangle left of centre, bass on a square right of centre: the two
 * channels carry different signals. */
#define Q 300u
#define E 150u
#define BAR(b) ((b) * 3u * Q)
#define MEL(t, d, n) {(t), (uint16_t)((d) - 20u), (n), 100, OSC_TRIANGLE, -40}
#define BAS(t, d, n) {(t), (uint16_t)((d) - 20u), (n), 70, OSC_SQUARE, 50}
const struct seq_note seq_demo_tune[] = {
	MEL(BAR(0), Q, 74), BAS(BAR(0), 2 * Q, 55),
	MEL(BAR(0) + Q, E, 67), MEL(BAR(0) + Q + E, E, 69),
	MEL(BAR(0) + 2 * Q, E, 71), BAS(BAR(0) + 2 * Q, Q, 57),
	MEL(BAR(0) + 2 * Q + E, E, 72),
	MEL(BAR(1), Q, 74), BAS(BAR(1), 3 * Q, 59),
	MEL(BAR(1) + Q, Q, 67), MEL(BAR(1) + 2 * Q, Q, 67),
	MEL(BAR(2), Q, 76), BAS(BAR(2), 3 * Q, 60),
	MEL(BAR(2) + Q, E, 72), MEL(BAR(2) + Q + E, E, 74),
	MEL(BAR(2) + 2 * Q, E, 76), MEL(BAR(2) + 2 * Q + E, E, 78),
	MEL(BAR(3), Q, 79), BAS(BAR(3), 3 * Q, 59),
	MEL(BAR(3) + Q, Q, 67), MEL(BAR(3) + 2 * Q, Q, 67),
	MEL(BAR(4), Q, 72), BAS(BAR(4), 3 * Q, 57),
	MEL(BAR(4) + Q, E, 74), MEL(BAR(4) + Q + E, E, 72),
	MEL(BAR(4) + 2 * Q, E, 71), MEL(BAR(4) + 2 * Q + E, E, 69),
	MEL(BAR(5), Q, 71), BAS(BAR(5), 3 * Q, 55),
	MEL(BAR(5) + Q, E, 72), MEL(BAR(5) + Q + E, E, 71),
	MEL(BAR(5) + 2 * Q, E, 69), MEL(BAR(5) + 2 * Q + E, E, 67),
	MEL(BAR(6), Q, 66), BAS(BAR(6), 2 * Q, 62),
	MEL(BAR(6) + Q, E, 67), MEL(BAR(6) + Q + E, E, 69),
	MEL(BAR(6) + 2 * Q, E, 71), BAS(BAR(6) + 2 * Q, Q, 59),
	MEL(BAR(6) + 2 * Q + E, E, 67),
	MEL(BAR(7), 3 * Q, 69), BAS(BAR(7), Q, 62), BAS(BAR(7) + Q, 2 * Q, 50),
};
const uint32_t seq_demo_tune_len = sizeof seq_demo_tune / sizeof seq_demo_tune[0];
