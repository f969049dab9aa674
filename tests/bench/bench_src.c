/*
 * bench_src — instructions per output frame of the rate converter
 * (audio/convert.c) beside the converter before issue 21 (commit
 * SRC_BEFORE's audio/convert.c, linked in as tests/bench/src_before.h),
 * for the conversions a 44.1 kHz device meets most: 48000, 22050, 8000
 * and 96000 Hz in.
 *
 * Each converter plays the same input (struct convert_input, the path of
 * the play program's WAV files, for any rate): a stereo sine at 0.90 of
 * the lower Nyquist frequency, half scale, L = -R, read from an S16 table
 * made beforehand (the cost does not depend on the signal, but a silent
 * one could hide a broken path; the read costs a copy per sample), into
 * stereo S16 at 44100 Hz, through its source's render in 512-frame periods
 * (the player's default).  The first period fills the filter's history
 * and is not counted; the next WARM..WARM+FRAMES frames are, render calls
 * only.  The sound that was timed is written to DIR/src_{now,before}_IN.wav
 * (DIR = the first argument) so the host can check it.  The quality beside
 * these costs is measured on the host (tests/bench/src_host.c, float
 * output for today's converter), from the same source.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arm/pmu.h"
#include "audio/convert.h"
#include "audio/dspmath.h"
#include "tests/bench/bench.h"
#include "tests/bench/src_before.h"

#define OUT_RATE 44100u
#define PERIOD 512u             /* PLAYER_PERIOD_FRAMES */
#define WARM PERIOD             /* not counted */
#define FRAMES (16u * PERIOD)   /* counted: 0.19 s */
#define TWO_PI 6.28318530717958647692

static int16_t lr[2u * (WARM + FRAMES)];

/* The input: the clip's frames as float S16 units, then its end. */
struct clip_in {
	struct convert_input in;
	const int16_t *d;
	uint32_t frames, pos;
};

static int32_t clip_read(struct convert_input *in, float *out, uint32_t max)
{
	struct clip_in *c = (struct clip_in *)in;
	uint32_t n = c->frames - c->pos < max ? c->frames - c->pos : max;
	const int16_t *d = c->d + 2u * c->pos;
	for (uint32_t i = 0; i < 2u * n; i++)
		out[i] = (float)d[i];
	c->pos += n;
	return (int32_t)n;
}
static const char *dir = ".";
static int failures;

/* The input clip: enough frames at `rate` for WARM + FRAMES out, and some. */
static int16_t *clip_of(uint32_t rate, uint32_t *frames)
{
	uint32_t n = (uint32_t)(((uint64_t)(WARM + FRAMES) * rate + OUT_RATE - 1u) / OUT_RATE) +
		     rate / 10u;
	int16_t *d = malloc(2u * sizeof *d * n);
	double f = 0.90 * (rate < OUT_RATE ? rate : OUT_RATE) / 2.0;
	for (uint32_t i = 0; d && i < n; i++) {
		int16_t v = koi_f2s16((float)(16384.0 * sin(TWO_PI * f * i / rate)));
		d[2 * i] = v;
		d[2 * i + 1] = (int16_t)-v;
	}
	*frames = n;
	return d;
}

/* Renders s, counting FRAMES frames after WARM; instructions per output
 * frame x 100 under key ipf_src_WHO_IN, the sound into DIR/src_WHO_IN.wav. */
static void measure(const char *who, uint32_t rate, struct koi_source *s)
{
	uint64_t insns = 0;
	for (uint32_t done = 0; done < WARM + FRAMES; done += PERIOD) {
		uint32_t a = pmu_cycles();
		uint32_t got = source_render(s, lr + 2u * done, PERIOD);
		uint32_t b = pmu_cycles();
		if (done >= WARM)
			insns += pmu_insns(a, b);
		if (got != PERIOD) {
			fprintf(stderr, "bench: %s %lu Hz ended after %lu frames\n", who,
				(unsigned long)rate, (unsigned long)(done + got));
			failures++;
			return;
		}
	}
	char name[64];
	struct bench_wav w;
	snprintf(name, sizeof name, "%s/src_%s_%lu.wav", dir, who, (unsigned long)rate);
	if (bench_wav_open(&w, name) || bench_wav_write(&w, lr, WARM + FRAMES) ||
	    bench_wav_close(&w)) {
		fprintf(stderr, "bench: cannot write %s\n", name);
		failures++;
	}
	snprintf(name, sizeof name, "ipf_src_%s_%lu", who, (unsigned long)rate);
	bench_centi(name, (insns * 100u + FRAMES / 2u) / FRAMES);
}

static void bench_rate(uint32_t rate)
{
	uint32_t frames;
	int16_t *clip = clip_of(rate, &frames);
	size_t now = convert_size(rate, OUT_RATE), before = src_before_size(rate, OUT_RATE);
	void *mem = clip ? malloc(now > before ? now : before) : NULL;
	struct clip_in in = {{clip_read, rate, 2}, clip, frames, 0};
	if (!mem || !now || convert_init_input(mem, now, &in.in, OUT_RATE, 2, 1.0)) {
		fprintf(stderr, "bench: no converter from %lu Hz\n", (unsigned long)rate);
		failures++;
	} else {
		measure("now", rate, &((struct convert *)mem)->src);
	}
	/* A rate the old converter refuses is reported as such, not failed. */
	in.pos = 0;
	struct koi_source *old = mem && before ? src_before_init(mem, before, &in.in, OUT_RATE)
					       : NULL;
	if (old) {
		measure("before", rate, old);
	} else {
		char key[48];
		snprintf(key, sizeof key, "refused_src_before_%lu", (unsigned long)rate);
		bench_u(key, 1);
	}
	free(mem);
	free(clip);
}

int main(int argc, char **argv)
{
	static const uint32_t rates[] = {48000, 22050, 8000, 96000};
	bench_init();
	if (argc > 1)
		dir = argv[1];
	for (unsigned i = 0; i < sizeof rates / sizeof rates[0]; i++)
		bench_rate(rates[i]);
	bench_u("failures", (uint64_t)failures);
	return failures ? 1 : 0;
}
