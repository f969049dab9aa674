/*
 * wavetab.h — the band-limited wavetables of the saw, square and triangle
 * (osc.c), one table per octave of harmonic content ("mip-maps").
 *
 * Level k of a wave holds its Fourier series up to harmonic 2^k
 * (k = 0..KOI_BL_LEVELS - 1; the square and triangle have odd harmonics
 * only), so it is alias-free for every fundamental below rate / 2^(k+1).
 * An oscillator at phase step inc takes the richest level that is
 * alias-free (osc.c: the largest k with 2^k inc <= 2^31) and, over the top
 * quarter of that level's octave, crossfades towards level k - 1 in
 * proportion to the frequency, so that a glide changes level without a
 * step.  Each entry is a pair of Q15 integers: the level's sample x_k[i]
 * and the difference x_{k-1}[i] - x_k[i] (D; 0 on level 0), so that one
 * load brings both tables and the crossfade is x + w D.
 *
 * Sizes: level k >= 1 holds 2^(7 + (k+1)/2) samples per cycle (256 to
 * 2048; level 0, 256), which keeps the images of linear interpolation
 * (about (h/N)^2 / h for harmonic h of a 1/h series) below -82 dBc.  The
 * square and the triangle are half-wave antisymmetric (x(t + 1/2) =
 * -x(t)), so only half a cycle is stored and the second half is the first
 * negated.  The triangle's harmonics fall as 1/h^2: it stops at level 6
 * (64 harmonics; the 65th would be at -72 dBc) and uses level 6 below it.
 * Every table has one guard entry after its last (the next cycle's first,
 * negated for a half table), so that interpolation never wraps.
 *
 * The tables are computed at build time by tools/gen_sine.c (into
 * build/gen/koi_sine.c, never committed), scaled so that each wave's
 * largest sample over all levels is 32767: every output stays within
 * [-1, 1) of the unit wave, Gibbs overshoot included.
 */
#ifndef KOI_WAVETAB_H
#define KOI_WAVETAB_H

#include <stdint.h>

enum koi_bl_wave { KOI_BL_SAW, KOI_BL_SQUARE, KOI_BL_TRIANGLE, KOI_BL_WAVES };

#define KOI_BL_LEVELS 9u /* harmonics up to 1, 2, 4, ..., 256 */

/* One level: entries[2 * i] is x_k[i], entries[2 * i + 1] is D[i]. */
struct koi_bl_level {
	const int16_t *e;
	uint32_t bits; /* log2 of the stored entries per table (guard apart) */
};

extern const struct koi_bl_level koi_bl_tab[KOI_BL_WAVES][KOI_BL_LEVELS];

/* The layout the generator and osc.c share. */
/**
 * The richest level stored for a wave.
 * @param w  the wave
 * @return its index
 */
static inline uint32_t koi_bl_top(enum koi_bl_wave w)
{
	return w == KOI_BL_TRIANGLE ? 6u : KOI_BL_LEVELS - 1u;
}

/**
 * Whether a wave's tables hold half a cycle (the rest by symmetry).
 * @param w  the wave
 * @return nonzero if half a cycle is stored
 */
static inline int koi_bl_half(enum koi_bl_wave w)
{
	return w != KOI_BL_SAW;
}

/**
 * The samples per cycle of a level (level 0, a lone sine, plays up to
 * Nyquist, where images of several orders can land on one frequency: it
 * gets 256 rather than 128).
 * @param k  the level
 * @return log2 of them
 */
static inline uint32_t koi_bl_cycle_bits(uint32_t k)
{
	return k ? 7u + (k + 1u) / 2u : 8u;
}

#endif /* KOI_WAVETAB_H */
