/*
 * bench_gen — instructions per stereo frame of Koi's generators, envelope
 * and mixer, each beside the baseline a user would otherwise write:
 *
 *   sine      vs  sinf() per sample (newlib), and an uninterpolated
 *                 1024-entry S16 table
 *   square, saw, triangle (PolyBLEP/BLAMP)  vs  the naive wave from the
 *                 same 32-bit phase accumulator
 *   noise     vs  rand() per sample
 *   envelope  vs  a per-sample ADSR state machine
 *   mixer     vs  N voices of sinf() summed in float (per-voice cost from
 *                 1 and 64 voices)
 *
 * Every path renders into interleaved stereo S16 (R = -L, as the tone
 * program does) in 512-frame periods, the player's default; only the
 * render calls are counted.  The sound that was timed is written to
 * DIR/NAME.wav through semihosting (DIR = the first argument), and the
 * host measures SINAD and aliasing on it with tools/wavstat.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cmdline.h"
#include "audio/dspmath.h"
#include "audio/mixer.h"
#include "audio/osc.h"
#include "arch/arm/pmu.h"
#include "tests/bench/bench.h"

#define FRAMES 44100u  /* one second per measurement */
#define PERIOD 512u    /* PLAYER_PERIOD_FRAMES */
#define TWO_PI 6.28318530717958647692f

static int16_t lr[2u * FRAMES];
static const char *dir = ".";
static int failures;

/* Renders FRAMES frames period by period, counting only the render calls;
 * returns instructions per frame x 100 and writes the sound to dir/name. */
static uint64_t measure(const char *name, struct koi_source *s)
{
	uint64_t insns = 0;
	for (uint32_t done = 0; done < FRAMES; done += PERIOD) {
		uint32_t n = FRAMES - done < PERIOD ? FRAMES - done : PERIOD;
		uint32_t a = pmu_cycles();
		uint32_t got = source_render(s, lr + 2u * done, n);
		uint32_t b = pmu_cycles();
		insns += pmu_insns(a, b);
		if (got != n) {
			fprintf(stderr, "bench: %s ended after %lu frames\n", name,
				(unsigned long)(done + got));
			failures++;
			break;
		}
	}
	char path[160];
	snprintf(path, sizeof path, "%s/%s.wav", dir, name);
	struct bench_wav w;
	if (bench_wav_open(&w, path) || bench_wav_write(&w, lr, FRAMES) || bench_wav_close(&w)) {
		fprintf(stderr, "bench: cannot write %s\n", path);
		failures++;
	}
	uint64_t centi = (insns * 100u + FRAMES / 2u) / FRAMES;
	char key[64];
	snprintf(key, sizeof key, "ipf_%s", name);
	bench_centi(key, centi);
	return centi;
}

/* ---- baselines: what a user writes first ---- */

struct naive_sine {
	struct koi_source src;
	float ph, inc;
};

static uint32_t naive_sine_render(struct koi_source *src, int16_t *out, uint32_t n)
{
	struct naive_sine *s = (struct naive_sine *)src;
	for (uint32_t i = 0; i < n; i++) {
		int16_t v = (int16_t)lrintf(32767.0f * sinf(s->ph));
		out[2 * i] = v;
		out[2 * i + 1] = (int16_t)-v;
		s->ph += s->inc;
		if (s->ph >= TWO_PI)
			s->ph -= TWO_PI;
	}
	return n;
}

enum naive_kind { N_TABLE, N_SQUARE, N_SAW, N_TRIANGLE, N_NOISE };

struct naive_wave {
	struct koi_source src;
	enum naive_kind kind;
	uint32_t phase, inc;
	int16_t table[1024];
};

static uint32_t naive_wave_render(struct koi_source *src, int16_t *out, uint32_t n)
{
	struct naive_wave *s = (struct naive_wave *)src;
	for (uint32_t i = 0; i < n; i++) {
		int32_t v;
		switch (s->kind) {
		case N_TABLE:
			v = s->table[s->phase >> 22];
			break;
		case N_SQUARE:
			v = s->phase < 0x80000000u ? 32767 : -32767;
			break;
		case N_SAW:
			v = (int32_t)(s->phase >> 16) - 32768;
			if (v < -32767)
				v = -32767;
			break;
		case N_TRIANGLE: {
			uint32_t p = s->phase + 0x40000000u; /* starts at 0, rising */
			int32_t up = (int32_t)(p >> 15) - 65536;       /* -65536..65535 */
			v = (up < 0 ? -up : up) - 32768;
			if (v > 32767)
				v = 32767;
			if (v < -32767)
				v = -32767;
			v = -v;
			break;
		}
		default:
			v = rand() % 65535 - 32767;
			break;
		}
		out[2 * i] = (int16_t)v;
		out[2 * i + 1] = (int16_t)-v;
		s->phase += s->inc;
	}
	return n;
}

static struct naive_wave nw;
static void naive_init(enum naive_kind k, double hz)
{
	memset(&nw, 0, sizeof nw);
	nw.src.render = naive_wave_render;
	nw.kind = k;
	nw.inc = koi_hz_to_inc(hz, 44100);
	if (k == N_TABLE)
		for (int i = 0; i < 1024; i++)
			nw.table[i] = (int16_t)lrintf(32767.0f * sinf(TWO_PI * (float)i / 1024.0f));
	srand(1);
}

/* Linear ADSR as it is usually written: a state switch and an increment
 * per sample. */
struct naive_env {
	int stage;
	float level, a_step, d_step, sustain, r_step;
	uint32_t release_at, pos;
};

static void naive_env_apply(struct naive_env *e, float *buf, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++, e->pos++) {
		if (e->pos == e->release_at)
			e->stage = 3;
		switch (e->stage) {
		case 0:
			e->level += e->a_step;
			if (e->level >= 1.0f) {
				e->level = 1.0f;
				e->stage = 1;
			}
			break;
		case 1:
			e->level -= e->d_step;
			if (e->level <= e->sustain) {
				e->level = e->sustain;
				e->stage = 2;
			}
			break;
		case 2:
			break;
		default:
			e->level -= e->r_step;
			if (e->level < 0.0f)
				e->level = 0.0f;
			break;
		}
		buf[i] *= e->level;
	}
}

/* The envelope alone, per frame, over one full ADSR in a second. */
static float ebuf[PERIOD];
static void bench_env(void)
{
	struct env_params p = {.attack = 4410, .decay = 4410, .sustain = 0.5f, .release = 8820};
	const uint32_t release_at = 30000;
	struct env e;
	env_start(&e, &p);
	uint64_t koi = 0, naive = 0;
	for (uint32_t done = 0; done < FRAMES; done += PERIOD) {
		uint32_t n = FRAMES - done < PERIOD ? FRAMES - done : PERIOD;
		for (uint32_t i = 0; i < n; i++)
			ebuf[i] = 1000.0f;
		if (done <= release_at && release_at < done + n) {
			/* Gate off on its exact frame: two calls around it. */
			uint32_t k = release_at - done;
			uint32_t a = pmu_cycles();
			env_apply(&e, ebuf, k);
			env_release(&e);
			env_apply(&e, ebuf + k, n - k);
			koi += pmu_insns(a, pmu_cycles());
		} else {
			uint32_t a = pmu_cycles();
			env_apply(&e, ebuf, n);
			koi += pmu_insns(a, pmu_cycles());
		}
	}
	struct naive_env ne = {.a_step = 1.0f / 4410.0f, .d_step = 0.5f / 4410.0f,
			       .sustain = 0.5f, .r_step = 0.5f / 8820.0f, .release_at = release_at};
	for (uint32_t done = 0; done < FRAMES; done += PERIOD) {
		uint32_t n = FRAMES - done < PERIOD ? FRAMES - done : PERIOD;
		for (uint32_t i = 0; i < n; i++)
			ebuf[i] = 1000.0f;
		uint32_t a = pmu_cycles();
		naive_env_apply(&ne, ebuf, n);
		naive += pmu_insns(a, pmu_cycles());
	}
	bench_centi("ipf_envelope", (koi * 100u + FRAMES / 2u) / FRAMES);
	bench_centi("ipf_naive_envelope", (naive * 100u + FRAMES / 2u) / FRAMES);
}

/* ---- programs, built from their command lines as the firmware does ---- */

static struct job job;
static struct job_sound sound;

/* The sound of `line` at the goldfish device's format, or NULL (counted
 * as a failure).  Frees the previous one. */
static struct koi_source *program(const char *line)
{
	static char buf[96];
	char *argv[8], err[CMDLINE_ERR_LEN];
	int argc = 0;
	job_free(&sound);
	snprintf(buf, sizeof buf, "%s", line);
	for (char *w = strtok(buf, " "); w && argc < 8; w = strtok(NULL, " "))
		argv[argc++] = w;
	const struct stream_format fmt = {44100, 2, SAMPLE_S16};
	if (cmdline_parse(argc, argv, &job, err, sizeof err) ||
	    job_build(&job, &fmt, &sound, err, sizeof err)) {
		fprintf(stderr, "bench: '%s': %s\n", line, err);
		failures++;
		return NULL;
	}
	return sound.src;
}

/* ---- mixer ---- */

/* Instructions per frame x 100 for n voices in their sustain stage. */
static uint64_t koi_mix(uint32_t n)
{
	char line[48];
	snprintf(line, sizeof line, "mix --voices %lu --seconds 10", (unsigned long)n);
	struct koi_source *s = program(line);
	if (!s)
		return 0;
	/* Past the attack (a few ms) before counting. */
	(void)source_render(s, lr, 4410);
	const uint32_t frames = 22050;
	uint64_t insns = 0;
	for (uint32_t done = 0; done < frames; done += PERIOD) {
		uint32_t k = frames - done < PERIOD ? frames - done : PERIOD;
		uint32_t a = pmu_cycles();
		(void)source_render(s, lr, k);
		insns += pmu_insns(a, pmu_cycles());
	}
	return (insns * 100u + frames / 2u) / frames;
}

struct naive_mix {
	uint32_t n;
	float ph[MIXER_VOICES], inc[MIXER_VOICES], gl[MIXER_VOICES], gr[MIXER_VOICES];
};
static struct naive_mix nm;

static void naive_mix_render(struct naive_mix *m, int16_t *out, uint32_t frames)
{
	for (uint32_t i = 0; i < frames; i++) {
		float l = 0.0f, r = 0.0f;
		for (uint32_t v = 0; v < m->n; v++) {
			float s = sinf(m->ph[v]);
			l += s * m->gl[v];
			r += s * m->gr[v];
			m->ph[v] += m->inc[v];
			if (m->ph[v] >= TWO_PI)
				m->ph[v] -= TWO_PI;
		}
		l = l > 32767.0f ? 32767.0f : l < -32768.0f ? -32768.0f : l;
		r = r > 32767.0f ? 32767.0f : r < -32768.0f ? -32768.0f : r;
		out[2 * i] = (int16_t)lrintf(l);
		out[2 * i + 1] = (int16_t)lrintf(r);
	}
}

static uint64_t naive_mix(uint32_t n)
{
	memset(&nm, 0, sizeof nm);
	nm.n = n;
	/* The mix program's default voices (app/programs/mix.c): a harmonic
	 * series from 110 Hz folded below 15 kHz, each at 1/n minus 1 dB. */
	for (uint32_t i = 0; i < n; i++) {
		float hz = 110.0f * (float)(i + 1);
		while (hz > 15000.0f)
			hz -= 14000.0f;
		nm.inc[i] = TWO_PI * hz / 44100.0f;
		float g = 32767.0f * 0.891f / (float)n;
		nm.gl[i] = g * 0.7071f;
		nm.gr[i] = g * 0.7071f;
	}
	const uint32_t frames = 22050;
	uint64_t insns = 0;
	for (uint32_t done = 0; done < frames; done += PERIOD) {
		uint32_t k = frames - done < PERIOD ? frames - done : PERIOD;
		uint32_t a = pmu_cycles();
		naive_mix_render(&nm, lr, k);
		insns += pmu_insns(a, pmu_cycles());
	}
	return (insns * 100u + frames / 2u) / frames;
}

/* Instructions per frame for 64 voices in each envelope stage of the `mix`
 * program (10 ms attack, sustain, 50 ms release), rendered in the 64-frame
 * periods of the voice search: the stage that costs most sets the voice
 * count.  Returns through *att, *sus, *rel (x 100). */
static void koi_mix_stages(uint64_t *att, uint64_t *sus, uint64_t *rel)
{
	const uint32_t per = 64, total = 44100;
	struct koi_source *s = program("mix --voices 64 --seconds 1");
	if (!s)
		return;
	/* The mix program's envelope: 10 ms attack, release over the last
	 * 50 ms (app/programs/mix.c). */
	const uint32_t attack_end = 441, release_at = total - 2205;
	uint64_t c[3] = {0, 0, 0}, f[3] = {0, 0, 0};
	for (uint32_t done = 0; done < total;) {
		uint32_t k = per;
		/* Periods that straddle a stage boundary are not counted. */
		int st = done + k <= attack_end ? 0 : done >= release_at ? 2
			 : done >= attack_end && done + k <= release_at ? 1 : -1;
		uint32_t a = pmu_cycles();
		uint32_t got = source_render(s, lr, k);
		uint32_t b = pmu_cycles();
		if (st >= 0 && got == k) {
			c[st] += pmu_insns(a, b);
			f[st] += k;
		}
		if (got < k)
			break;
		done += k;
	}
	if (!f[0] || !f[1] || !f[2]) {
		fprintf(stderr, "bench: mix stages not all measured\n");
		failures++;
		return;
	}
	*att = (c[0] * 100u + f[0] / 2u) / f[0];
	*sus = (c[1] * 100u + f[1] / 2u) / f[1];
	*rel = (c[2] * 100u + f[2] / 2u) / f[2];
}

static void bench_mixer(void)
{
	static const uint32_t counts[] = {1, 8, 32, 64};
	uint64_t k1 = 0, k64 = 0, n1 = 0, n64 = 0;
	for (unsigned i = 0; i < sizeof counts / sizeof counts[0]; i++) {
		char key[48];
		uint64_t k = koi_mix(counts[i]);
		snprintf(key, sizeof key, "ipf_mix_%lu", (unsigned long)counts[i]);
		bench_centi(key, k);
		uint64_t b = naive_mix(counts[i]);
		snprintf(key, sizeof key, "ipf_naive_mix_%lu", (unsigned long)counts[i]);
		bench_centi(key, b);
		if (counts[i] == 1) { k1 = k; n1 = b; }
		if (counts[i] == 64) { k64 = k; n64 = b; }
	}
	bench_centi("ipf_per_voice", (k64 - k1 + 31u) / 63u);
	bench_centi("ipf_naive_per_voice", (n64 - n1 + 31u) / 63u);
	uint64_t att = 0, sus = 0, rel = 0;
	koi_mix_stages(&att, &sus, &rel);
	bench_centi("ipf_mix64_attack", att);
	bench_centi("ipf_mix64_sustain", sus);
	bench_centi("ipf_mix64_release", rel);
}

static struct naive_sine ns;

static void koi_wave(const char *name, enum osc_wave w, double hz)
{
	char line[80];
	snprintf(line, sizeof line, "tone --wave %s --freq %lu --seconds 2", osc_wave_name(w),
		 (unsigned long)hz);
	struct koi_source *s = program(line);
	if (s)
		measure(name, s);
}

int main(int argc, char **argv)
{
	bench_init();
	if (argc > 1)
		dir = argv[1];
	/* Builds the shared sine table outside the count. */
	koi_wave("warmup", OSC_SINE, 997.0);

	koi_wave("sine", OSC_SINE, 997.0);
	memset(&ns, 0, sizeof ns);
	ns.src.render = naive_sine_render;
	ns.inc = TWO_PI * 997.0f / 44100.0f;
	measure("naive_sine", &ns.src);
	naive_init(N_TABLE, 997.0);
	measure("table_sine", &nw.src);

	static const struct { const char *koi, *naive; enum osc_wave w; enum naive_kind k; } waves[] = {
		{"square", "naive_square", OSC_SQUARE, N_SQUARE},
		{"saw", "naive_saw", OSC_SAW, N_SAW},
		{"triangle", "naive_triangle", OSC_TRIANGLE, N_TRIANGLE},
	};
	static const unsigned khz[] = {1, 5, 10};
	for (unsigned i = 0; i < 3; i++)
		for (unsigned f = 0; f < 3; f++) {
			char a[40], b[40];
			snprintf(a, sizeof a, "%s_%uk", waves[i].koi, khz[f]);
			snprintf(b, sizeof b, "%s_%uk", waves[i].naive, khz[f]);
			koi_wave(a, waves[i].w, 1000.0 * khz[f]);
			naive_init(waves[i].k, 1000.0 * khz[f]);
			measure(b, &nw.src);
		}
	koi_wave("noise", OSC_NOISE, 1000.0);
	naive_init(N_NOISE, 1000.0);
	measure("naive_noise", &nw.src);
	koi_wave("pink", OSC_PINK, 1000.0);

	bench_env();
	bench_mixer();
	bench_u("failures", (uint64_t)failures);
	return failures ? 1 : 0;
}
