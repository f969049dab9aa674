/*
 * bench_gen — instructions per stereo frame of Koi's generators, envelope
 * and mixer, each beside the baseline a competent user would otherwise
 * write in plain C: one loop per waveform (no per-sample dispatch), the
 * same float-to-S16 conversion as Koi (koi_f2s16, no libm call), -O2:
 *
 *   sine      vs  sinf() per sample (newlib), and an uninterpolated
 *                 1024-entry S16 table
 *   square, saw, triangle (band-limited wavetables)  vs  the naive wave from the
 *                 same 32-bit phase accumulator
 *   noise     vs  rand() per sample
 *   envelope  vs  a linear ADSR written stage by stage (level += step)
 *   mixer     vs  a scalar voice loop: each voice's interpolated table
 *                 sine times its gains summed into a float block, one
 *                 conversion per sample at the end (per-voice cost from 1
 *                 and 64 voices)
 *
 * and the mixer's own costs: per envelope stage at 64 and 192 voices in
 * 64-frame renders, and its fixed cost per voice and render block (from
 * the same voices rendered in 16- and 128-frame blocks).
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
#include "app/programs/mix.h"
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

/* ---- baselines: what a competent user writes in plain C ---- */

struct naive_sine {
	struct koi_source src;
	float ph, inc;
};

static uint32_t naive_sine_render(struct koi_source *src, int16_t *out, uint32_t n)
{
	struct naive_sine *s = (struct naive_sine *)src;
	for (uint32_t i = 0; i < n; i++) {
		int16_t v = koi_f2s16(32767.0f * sinf(s->ph));
		out[2 * i] = v;
		out[2 * i + 1] = (int16_t)-v;
		s->ph += s->inc;
		if (s->ph >= TWO_PI)
			s->ph -= TWO_PI;
	}
	return n;
}

/* The naive waves from a 32-bit phase accumulator, one render function
 * each: nothing is decided per sample but the wave's own value. */
struct naive_wave {
	struct koi_source src;
	uint32_t phase, inc;
	int16_t table[1024];
};

#define NAIVE_LOOP(expr)                                                     \
	struct naive_wave *s = (struct naive_wave *)src;                     \
	uint32_t ph = s->phase;                                              \
	for (uint32_t i = 0; i < n; i++, ph += s->inc) {                     \
		int32_t v = (expr);                                          \
		out[2 * i] = (int16_t)v;                                     \
		out[2 * i + 1] = (int16_t)-v;                                \
	}                                                                    \
	s->phase = ph;                                                       \
	return n

static uint32_t naive_table(struct koi_source *src, int16_t *out, uint32_t n)
{
	NAIVE_LOOP(s->table[ph >> 22]);
}

static uint32_t naive_square(struct koi_source *src, int16_t *out, uint32_t n)
{
	NAIVE_LOOP(ph < 0x80000000u ? 32767 : -32767);
}

static inline int32_t saw_of(uint32_t ph)
{
	int32_t v = (int32_t)(ph >> 16) - 32768;
	return v < -32767 ? -32767 : v;
}

static uint32_t naive_saw(struct koi_source *src, int16_t *out, uint32_t n)
{
	NAIVE_LOOP(saw_of(ph));
}

static inline int32_t triangle_of(uint32_t ph)
{
	/* -32767 at phase 0, +32767 at half a cycle, like Koi's. */
	int32_t up = (int32_t)(ph >> 15) - 65536; /* -65536..65535 */
	int32_t v = (up < 0 ? -up : up) - 32768;
	return v > 32767 ? -32767 : -v;
}

static uint32_t naive_triangle(struct koi_source *src, int16_t *out, uint32_t n)
{
	NAIVE_LOOP(triangle_of(ph));
}

static uint32_t naive_noise(struct koi_source *src, int16_t *out, uint32_t n)
{
	NAIVE_LOOP(rand() % 65535 - 32767);
}

static struct naive_wave nw;
static void naive_init(uint32_t (*render)(struct koi_source *, int16_t *, uint32_t), double hz)
{
	memset(&nw, 0, sizeof nw);
	nw.src.render = render;
	nw.inc = koi_hz_to_inc(hz, 44100);
	for (int i = 0; i < 1024; i++)
		nw.table[i] = koi_f2s16(32767.0f * sinf(TWO_PI * (float)i / 1024.0f));
	srand(1);
}

/* Linear ADSR as a competent user writes it: one loop per stage run, the
 * level stepping by one addition per sample, clamped at the stage's end. */
struct naive_env {
	int stage;
	float level, a_step, d_step, sustain, r_step;
	uint32_t release_at, pos;
};

static void naive_env_apply(struct naive_env *e, float *buf, uint32_t n)
{
	uint32_t i = 0;
	while (i < n) {
		if (e->stage < 3 && e->pos == e->release_at)
			e->stage = 3;
		uint32_t end = n, i0 = i;
		if (e->stage < 3 && e->release_at - e->pos < n - i)
			end = i + (e->release_at - e->pos);
		float lv = e->level;
		switch (e->stage) {
		case 0:
			for (; i < end && lv < 1.0f; i++) {
				lv += e->a_step;
				buf[i] *= lv;
			}
			if (lv >= 1.0f) {
				lv = 1.0f;
				e->stage = 1;
			}
			break;
		case 1:
			for (; i < end && lv > e->sustain; i++) {
				lv -= e->d_step;
				buf[i] *= lv;
			}
			if (lv <= e->sustain) {
				lv = e->sustain;
				e->stage = 2;
			}
			break;
		case 2:
			for (; i < end; i++)
				buf[i] *= lv;
			break;
		default:
			for (; i < end; i++) {
				lv = lv > e->r_step ? lv - e->r_step : 0.0f;
				buf[i] *= lv;
			}
			break;
		}
		e->level = lv;
		e->pos += i - i0;
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
	char *argv[16], err[CMDLINE_ERR_LEN];
	int argc = 0;
	job_free(&sound);
	snprintf(buf, sizeof buf, "%s", line);
	for (char *w = strtok(buf, " "); w && argc < 16; w = strtok(NULL, " "))
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

#define TARGET_VOICES 192u /* issue 12: at 64-frame periods */

/* The `mix` program's default voices, every one in attack for the first
 * half of `frames` and in release for the second (no sustain): the worst
 * case (app/programs/mix.h).  NULL counted as a failure. */
static struct koi_source *mix_ramps(uint32_t n, uint32_t frames)
{
	static void *state;
	static struct koi_source *s;
	char line[80], err[CMDLINE_ERR_LEN];
	struct msg m = MSG(err, sizeof err);
	/* %.17g reads back as the same double: round(seconds * 44100) is
	 * frames. */
	snprintf(line, sizeof line, "mix --voices %lu --seconds %.17g", (unsigned long)n,
		 (double)frames / 44100.0);
	if (!program(line))
		return NULL;
	const struct stream_format fmt = {44100, 2, SAMPLE_S16};
	free(state);
	state = calloc(1, program_mix.state_size(job.args, &fmt));
	if (!state || mix_create_ramps(job.args, &fmt, state, &s, &m)) {
		fprintf(stderr, "bench: '%s' with ramps: %s\n", line, state ? err : "no memory");
		failures++;
		return NULL;
	}
	return s;
}

/* Instructions per frame x 100 of n voices rendered in blocks of `per`
 * frames, in sustain (ramp == 0, past the 10 ms attack) or in attack and
 * release. */
static uint64_t koi_mix(uint32_t n, uint32_t per, int ramp)
{
	const uint32_t frames = 22016; /* a multiple of 16 and 128 */
	char line[48];
	snprintf(line, sizeof line, "mix --voices %lu --seconds 10", (unsigned long)n);
	struct koi_source *s = ramp ? mix_ramps(n, frames + 1u) : program(line);
	if (!s)
		return 0;
	if (!ramp)
		(void)source_render(s, lr, 4410); /* past the attack */
	uint64_t insns = 0;
	for (uint32_t done = 0; done < frames; done += per) {
		uint32_t k = frames - done < per ? frames - done : per;
		uint32_t a = pmu_cycles();
		(void)source_render(s, lr, k);
		insns += pmu_insns(a, pmu_cycles());
	}
	return (insns * 100u + frames / 2u) / frames;
}

/* The baseline mixer: what a competent user writes in scalar C.  Each
 * voice adds its interpolated table sine (Koi's table) times its two
 * gains into a float block; the block is converted once at the end. */
struct base_voice {
	uint32_t ph, inc;
	float gl, gr;
};
static struct base_voice bv[TARGET_VOICES];
static float bl[PERIOD], br[PERIOD];

static void base_mix_render(uint32_t nv, int16_t *out, uint32_t frames)
{
	memset(bl, 0, frames * sizeof bl[0]);
	memset(br, 0, frames * sizeof br[0]);
	for (uint32_t v = 0; v < nv; v++) {
		struct base_voice *b = &bv[v];
		uint32_t ph = b->ph;
		for (uint32_t i = 0; i < frames; i++, ph += b->inc) {
			const struct koi_sine_entry *e = &koi_sine_tab[ph >> 22];
			float s = e->v + e->d * (float)(ph & 0x3fffffu) * 0x1p-22f;
			bl[i] += s * b->gl;
			br[i] += s * b->gr;
		}
		b->ph = ph;
	}
	for (uint32_t i = 0; i < frames; i++) {
		out[2 * i] = koi_f2s16(bl[i]);
		out[2 * i + 1] = koi_f2s16(br[i]);
	}
}

static uint64_t base_mix(uint32_t n)
{
	/* The mix program's default voices (app/programs/mix.h). */
	const double gain_db = mix_default_gain_db(n);
	for (uint32_t i = 0; i < n; i++) {
		struct mix_voice pv;
		mix_default_voice(i, n, 44100, gain_db, &pv);
		float g = 32767.0f * (float)koi_db_to_gain(pv.gain_db);
		bv[i] = (struct base_voice){0, koi_hz_to_inc(pv.hz, 44100), g * 0.7071f,
					    g * 0.7071f};
	}
	const uint32_t frames = 22050;
	uint64_t insns = 0;
	for (uint32_t done = 0; done < frames; done += PERIOD) {
		uint32_t k = frames - done < PERIOD ? frames - done : PERIOD;
		uint32_t a = pmu_cycles();
		base_mix_render(n, lr, k);
		insns += pmu_insns(a, pmu_cycles());
	}
	return (insns * 100u + frames / 2u) / frames;
}

/* Instructions per frame for n voices in each envelope stage of the `mix`
 * program (10 ms attack, sustain, 50 ms release), rendered in the 64-frame
 * periods of the voice search: the stage that costs most sets the voice
 * count.  Returns through *att, *sus, *rel (x 100). */
static void koi_mix_stages(uint32_t n, uint64_t *att, uint64_t *sus, uint64_t *rel)
{
	const uint32_t per = 64, total = 44100;
	char line[48];
	snprintf(line, sizeof line, "mix --voices %lu --seconds 1", (unsigned long)n);
	struct koi_source *s = program(line);
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

/* Fixed cost per voice and render block (x 100): with per-frame costs
 * p(n, B) of n voices in blocks of B frames, a block costs F(n) + B f(n),
 * so F(n) = B1 B2 (p(n, B1) - p(n, B2)) / (B2 - B1); per voice,
 * (F(64) - F(1)) / 63. */
static uint64_t fixed_per_voice(int ramp)
{
	const uint64_t b1 = 16, b2 = 128;
	int64_t f[2];
	const uint32_t n[2] = {1, 64};
	for (int i = 0; i < 2; i++) {
		int64_t p1 = (int64_t)koi_mix(n[i], (uint32_t)b1, ramp);
		int64_t p2 = (int64_t)koi_mix(n[i], (uint32_t)b2, ramp);
		f[i] = (int64_t)(b1 * b2) * (p1 - p2) / (int64_t)(b2 - b1);
	}
	int64_t v = (f[1] - f[0] + 31) / 63;
	return v > 0 ? (uint64_t)v : 0u;
}

static void bench_mixer(void)
{
	static const uint32_t counts[] = {1, 8, 32, 64, TARGET_VOICES};
	uint64_t k1 = 0, k64 = 0, n1 = 0, n64 = 0;
	for (unsigned i = 0; i < sizeof counts / sizeof counts[0]; i++) {
		char key[48];
		uint64_t k = koi_mix(counts[i], PERIOD, 0);
		snprintf(key, sizeof key, "ipf_mix_%lu", (unsigned long)counts[i]);
		bench_centi(key, k);
		uint64_t b = base_mix(counts[i]);
		snprintf(key, sizeof key, "ipf_naive_mix_%lu", (unsigned long)counts[i]);
		bench_centi(key, b);
		if (counts[i] == 1) { k1 = k; n1 = b; }
		if (counts[i] == 64) { k64 = k; n64 = b; }
	}
	bench_centi("ipf_per_voice", (k64 - k1 + 31u) / 63u);
	bench_centi("ipf_naive_per_voice", (n64 - n1 + 31u) / 63u);
	static const uint32_t stage_voices[] = {64, TARGET_VOICES};
	for (unsigned i = 0; i < 2; i++) {
		uint64_t att = 0, sus = 0, rel = 0;
		char key[48];
		koi_mix_stages(stage_voices[i], &att, &sus, &rel);
		snprintf(key, sizeof key, "ipf_mix%lu_attack", (unsigned long)stage_voices[i]);
		bench_centi(key, att);
		snprintf(key, sizeof key, "ipf_mix%lu_sustain", (unsigned long)stage_voices[i]);
		bench_centi(key, sus);
		snprintf(key, sizeof key, "ipf_mix%lu_release", (unsigned long)stage_voices[i]);
		bench_centi(key, rel);
	}
	bench_centi("ipf_mix192_ramps_64", koi_mix(TARGET_VOICES, 64, 1));
	bench_centi("fixed_per_voice_block_sustain", fixed_per_voice(0));
	bench_centi("fixed_per_voice_block_ramp", fixed_per_voice(1));
}

static struct naive_sine ns;

static void koi_wave(const char *name, enum osc_wave w, double hz)
{
	char line[80];
	/* Full scale (the tone program defaults to -6 dBFS): the SINAD of the
	 * generator, not of a quieter signal over the same S16 floor. */
	snprintf(line, sizeof line, "tone --wave %s --freq %lu --seconds 2 --gain 0", osc_wave_name(w),
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
	/* The first pass through the code outside the count. */
	koi_wave("warmup", OSC_SINE, 997.0);

	koi_wave("sine", OSC_SINE, 997.0);
	memset(&ns, 0, sizeof ns);
	ns.src.render = naive_sine_render;
	ns.inc = TWO_PI * 997.0f / 44100.0f;
	measure("naive_sine", &ns.src);
	naive_init(naive_table, 997.0);
	measure("table_sine", &nw.src);

	static const struct {
		const char *koi, *naive;
		enum osc_wave w;
		uint32_t (*render)(struct koi_source *, int16_t *, uint32_t);
	} waves[] = {
		{"square", "naive_square", OSC_SQUARE, naive_square},
		{"saw", "naive_saw", OSC_SAW, naive_saw},
		{"triangle", "naive_triangle", OSC_TRIANGLE, naive_triangle},
	};
	static const unsigned khz[] = {1, 5, 10};
	for (unsigned i = 0; i < 3; i++)
		for (unsigned f = 0; f < 3; f++) {
			char a[40], b[40];
			snprintf(a, sizeof a, "%s_%uk", waves[i].koi, khz[f]);
			snprintf(b, sizeof b, "%s_%uk", waves[i].naive, khz[f]);
			koi_wave(a, waves[i].w, 1000.0 * khz[f]);
			naive_init(waves[i].render, 1000.0 * khz[f]);
			measure(b, &nw.src);
		}
	koi_wave("noise", OSC_NOISE, 1000.0);
	naive_init(naive_noise, 1000.0);
	measure("naive_noise", &nw.src);
	koi_wave("pink", OSC_PINK, 1000.0);

	bench_env();
	bench_mixer();
	bench_u("voice_bytes", sizeof(struct mixer_voice));
	bench_u("failures", (uint64_t)failures);
	return failures ? 1 : 0;
}
