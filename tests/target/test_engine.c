/*
 * The NEON voice engine against the one-frame code, on the firmware's own
 * CPU.  osc_mix() and osc_tone() take four frames at a time in NEON and
 * leave the last (n mod 4) frames of a run to the one-frame code, which
 * is what the host runs.  Rendering the same sound once in large blocks
 * (nearly every frame in NEON) and once in blocks of 1 to 7 frames (from
 * all frames one at a time to mixes of both) must give the same bits:
 * any operation NEON did differently (a fused multiply-add, a flushed
 * subnormal that mattered, another rounding) would show up here, before
 * the end-to-end tests compare with the host.
 *
 * Voices cover every wave the engine renders, from 20 Hz to just under
 * Nyquist (every wavetable level and crossfade), hard left to hard right,
 * -120 dB to full scale, every envelope stage with odd lengths, and a
 * glide and a gain ramp (the scratch path hands over to the engine at
 * their end).  Each voice plays alone, mostly loud: a difference of one
 * float ulp then changes a rounded sample often enough to be seen.
 */
#include <string.h>

#include "audio/dspmath.h"
#include "audio/mixer.h"
#include "audio/tone.h"
#include "tests/target/tap.h"

#define N 12000u
#define VOICES 24u
static struct mixer mx;
static struct mixer_voice voices[1];
static int16_t a[2 * N], b[2 * N];

/* Voice i alone (no other voice can push the sum into the clamp and hide
 * a difference), at full scale for half of them. */
static void start(uint32_t i)
{
	static const double hz[] = {20.0, 110.0, 997.0, 5000.0, 15000.0, 22049.0};
	static const double gain[] = {1.0, 0.9, 0.001, 0.000001};
	mixer_init(&mx, voices, 1, 44100);
	struct mixer_voice_params p = {
		.wave = (enum osc_wave)(i % 4),
		.hz = hz[(i / 4) % 6],
		.gain = gain[(i / 4) % 4],
		.pan = -1.0 + (double)i / (VOICES - 1) * 2.0,
		.env = {.attack = 37u + 101u * i, .decay = 513u + 7u * i,
			.sustain = i % 5 ? 0.6f + 0.01f * (float)i : 1.0f,
			.release = 1001u + 13u * i},
		.seed = i,
	};
	mixer_voice_start(&mx, &p);
}

/* Renders N frames of voice i: blocks of `big` frames, or of 1..7 frames
 * in turn; the same events on the same frames either way. */
static void render(uint32_t i, int16_t *out, uint32_t big)
{
	start(i);
	for (uint32_t off = 0, k = 1; off < N;) {
		uint32_t n = big ? big : k;
		k = k % 7 + 1;
		if (off < 2000 && off + n > 2000)
			n = 2000 - off;
		if (off < 3001 && off + n > 3001)
			n = 3001 - off;
		if (off == 2000 && i % 3 == 1)
			mixer_voice_set_freq(&mx, 0, 3000.0);
		if (off == 2000 && i % 3 == 2)
			mixer_voice_set_gain(&mx, 0, 0.125);
		if (off == 3001 && i % 2 == 0)
			mixer_voice_release(&mx, 0);
		if (off + n > N)
			n = N - off;
		mixer_render(&mx, out + 2 * off, n);
		off += n;
	}
}

static uint32_t first_difference(const int16_t *x, const int16_t *y, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return i;
	return n;
}

static struct tone tone;

int main(void)
{
	tap_init();
	uint32_t bad = 0, loud = 0;
	for (uint32_t i = 0; i < VOICES; i++) {
		render(i, a, 512);
		render(i, b, 0);
		uint32_t d = first_difference(a, b, 2 * N);
		if (d != 2 * N && bad++ == 0)
			tap_diag("voice %lu, frame %lu channel %lu: %d vs %d", (unsigned long)i,
				 (unsigned long)(d / 2), (unsigned long)(d % 2), a[d], b[d]);
		for (uint32_t j = 0; j < 2 * N; j++)
			loud += a[j] > 1000 || a[j] < -1000;
	}
	tap_ok(bad == 0, "mixer: NEON runs and one-frame runs agree for %u voices of %u frames",
	       VOICES, N);
	tap_ok(loud > N, "mixer: the test sound is not silence (%lu loud samples)",
	       (unsigned long)loud);

	static const double hz[] = {20.0, 997.0, 15000.0, 22049.0};
	for (int w = 0; w < OSC_PERIODIC_COUNT; w++) {
		uint32_t bad = 0;
		for (unsigned f = 0; f < 4; f++) {
			const double g = koi_db_to_gain(f == 3 ? -60.0 : 0.0);
			tone_init(&tone, 44100, 2, (enum osc_wave)w, hz[f], g, 1.0);
			source_render(&tone.src, a, N);
			tone_init(&tone, 44100, 2, (enum osc_wave)w, hz[f], g, 1.0);
			for (uint32_t off = 0, k = 1; off < N; off += k, k = k % 7 + 1)
				source_render(&tone.src, b + 2 * off, off + k > N ? N - off : k);
			bad += first_difference(a, b, 2 * N) != 2 * N;
		}
		tap_ok(bad == 0, "tone %s: NEON and one-frame renders agree at 20 Hz..22049 Hz",
		       osc_wave_name((enum osc_wave)w));
	}
	return tap_done();
}
