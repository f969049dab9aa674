/*
 * dspmath.h — the numeric rules every sample-producing path in Koi follows.
 *
 * Koi renders the same sound on the ARM firmware and on the host (the
 * end-to-end tests compare them frame for frame), so:
 *  - no libm transcendental calls anywhere that produces samples: glibc and
 *    newlib differ in the last ulp.  koi_sin/koi_exp below use only + - * /
 *    in a fixed order, which IEEE 754 makes exact on both machines;
 *  - float -> int goes through koi_lrintf()/koi_f2s16() only: vcvtr.s32.f32
 *    on ARM (round to nearest even, FPSCR default; newlib's lrintf is a
 *    35-instruction call) and lrintf() on the host (same rounding); raw
 *    koi_lrintf() only on values well inside +-2^31, koi_f2s16() on any;
 *  - no fused multiply-add (-ffp-contract=off on ARM; x86-64 gcc in ISO C
 *    mode does not contract either), no reliance on denormals (anything that
 *    decays snaps to 0 before it gets near them), integer noise generators;
 *  - NEON (the firmware's voice engine, osc.c) does the same + - * on four
 *    frames at once: VMLA/VMLS round the product before adding, like the
 *    separate C operations; NEON flushes subnormals to zero, which changes
 *    no sample because none reaches one (osc.h says why, and
 *    tests/host/test_engine.c renders with the flush and without); it
 *    rounds to an integer by adding 1.5 * 2^23 (MIX_MAGIC, osc.h), which
 *    is round-to-nearest-even like koi_lrintf for |x| < 2^22.
 */
#ifndef KOI_DSPMATH_H
#define KOI_DSPMATH_H

#include <stdint.h>

/* The firmware's hot loops use NEON (ARMv7-A Advanced SIMD); the host, and
 * ARM for what is left over, run the same operations one frame at a time
 * (osc.h says why the two agree to the bit). */
#if defined(__ARM_NEON) && !defined(KOI_HOST)
#define KOI_NEON 1
#include <arm_neon.h>
#else
#define KOI_NEON 0
#endif

#if defined(__arm__) && !defined(KOI_HOST)
/**
 * Rounds to the nearest integer, ties to even (vcvtr: saturates to int32,
 * NaN gives 0).
 * @param x  the value
 * @return it rounded
 */
static inline int32_t koi_lrintf(float x)
{
	float r;
	int32_t i;
	__asm__("vcvtr.s32.f32 %0, %1" : "=t"(r) : "t"(x));
	__builtin_memcpy(&i, &r, sizeof i); /* one vmov (-ffreestanding: no libc call) */
	return i;
}

/**
 * A float sample to S16, rounded and saturated.  vcvtr saturates to int32
 * and turns NaN into 0; ssat finishes the clamp.
 * @param x  the sample, S16 full scale = 32768
 * @return it rounded and clamped to -32768..32767
 */
static inline int16_t koi_f2s16(float x)
{
	int32_t v;
	__asm__("ssat %0, #16, %1" : "=r"(v) : "r"(koi_lrintf(x)));
	return (int16_t)v;
}
#else
#include <math.h>
static inline int32_t koi_lrintf(float x)
{
	return (int32_t)lrintf(x);
}

/* The same result as the ARM pair vcvtr + ssat for every input: clamp in
 * float first (lrintf is unspecified out of range), NaN -> 0. */
static inline int16_t koi_f2s16(float x)
{
	if (x > 32767.0f)
		x = 32767.0f;
	else if (x < -32768.0f)
		x = -32768.0f;
	else if (!(x == x))
		x = 0.0f;
	return (int16_t)koi_lrintf(x);
}
#endif

/**
 * Clamps to S16.
 * @param v  the value
 * @return it clamped to -32768..32767
 */
static inline int16_t koi_sat16(int32_t v)
{
	if (v > 32767)
		return 32767;
	if (v < -32768)
		return -32768;
	return (int16_t)v;
}

/* Deterministic double-precision helpers (init-time only: tables, gains,
 * note frequencies, filter design).  Accurate to a few ulp; identical on
 * every IEEE machine. */
#define KOI_PI 3.14159265358979323846
/**
 * Sine.
 * @param x  radians
 * @return sin(x)
 */
double koi_sin(double x);
/**
 * Cosine.
 * @param x  radians
 * @return cos(x)
 */
double koi_cos(double x);
/**
 * Exponential.
 * @param x  the exponent
 * @return e^x
 */
double koi_exp(double x);
/**
 * Square root.
 * @param x  the value
 * @return its square root
 */
double koi_sqrt(double x);
/**
 * Decibels to a linear gain.
 * @param db  the level
 * @return 10^(db/20)
 */
double koi_db_to_gain(double db);
/**
 * A MIDI note's frequency.
 * @param midi_note  69 = A4
 * @return 440 * 2^((n-69)/12)
 */
double koi_note_hz(double midi_note);
/**
 * Phase increment of a 32-bit accumulator (rounded).
 * @param hz    clamped to [0, rate/2)
 * @param rate  frames per second
 * @return the increment per frame
 */
uint32_t koi_hz_to_inc(double hz, uint32_t rate);

/* Shared 1024-step sine table, one period, with per-entry slope so that
 * linear interpolation is v + d * frac.  Computed at build time from
 * koi_sin() by tools/gen_sine.c (build/gen/koi_sine.c, never committed):
 * read-only data, nothing to build at reset.  The host computes exactly
 * what the ARM would (koi_sin is + - * / only, and v[i+1] - v[i] is one
 * float subtraction). */
#define KOI_SINE_BITS 10
#define KOI_SINE_SIZE (1u << KOI_SINE_BITS)
struct koi_sine_entry {
	float v; /* sin(2*pi*i/SIZE) */
	float d; /* v[i+1] - v[i]    */
};
extern const struct koi_sine_entry koi_sine_tab[KOI_SINE_SIZE];
/**
 * The shared sine table.
 * @return its KOI_SINE_SIZE entries
 */
static inline const struct koi_sine_entry *koi_sine_table(void)
{
	return koi_sine_tab;
}
/**
 * The entries as the generator computes them.
 * @param i  the entry's index
 * @param e  receives v and d of entry i
 */
void koi_sine_entry_compute(uint32_t i, struct koi_sine_entry *e);

#endif /* KOI_DSPMATH_H */
