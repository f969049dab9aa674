/*
 * sigfit.h — signal measurements for the host tests (double precision,
 * libm allowed: these measure, they do not render).  Header-only.
 *
 *  fit_sinad()   least-squares fit of a + b cos + c sin at a known
 *                frequency; SINAD = fitted sine power / residual power.
 *  bh_apply(), tone_amp()   Blackman-Harris windowed single-bin DFT
 *                amplitude at any frequency (alias and image levels).
 */
#ifndef KOI_TEST_SIGFIT_H
#define KOI_TEST_SIGFIT_H

#include <math.h>
#include <stdint.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif
#include <stdint.h>

/* x[i * stride], n samples, frequency f in cycles per sample.  Returns
 * SINAD in dB; *amp (if not NULL) receives the fitted amplitude. */
static inline double fit_sinad(const double *x, uint32_t n, double f, double *amp)
{
	/* Normal equations for [1, cos, sin]. */
	double s[3][3] = {{0}}, r[3] = {0};
	for (uint32_t i = 0; i < n; i++) {
		double w = 2.0 * M_PI * f * (double)i;
		double v[3] = {1.0, cos(w), sin(w)};
		for (int a = 0; a < 3; a++) {
			r[a] += v[a] * x[i];
			for (int b = 0; b < 3; b++)
				s[a][b] += v[a] * v[b];
		}
	}
	/* Gaussian elimination (3x3, well conditioned for n >> 1). */
	for (int c = 0; c < 3; c++)
		for (int k = c + 1; k < 3; k++) {
			double m = s[k][c] / s[c][c];
			for (int j = c; j < 3; j++)
				s[k][j] -= m * s[c][j];
			r[k] -= m * r[c];
		}
	double co[3];
	for (int c = 2; c >= 0; c--) {
		double t = r[c];
		for (int j = c + 1; j < 3; j++)
			t -= s[c][j] * co[j];
		co[c] = t / s[c][c];
	}
	double sig = 0, err = 0;
	for (uint32_t i = 0; i < n; i++) {
		double w = 2.0 * M_PI * f * (double)i;
		double fit = co[1] * cos(w) + co[2] * sin(w);
		double e = x[i] - co[0] - fit;
		sig += fit * fit;
		err += e * e;
	}
	if (amp)
		*amp = sqrt(co[1] * co[1] + co[2] * co[2]);
	if (err <= 0)
		return 400.0;
	return 10.0 * log10(sig / err);
}

static inline double bh_window(uint32_t i, uint32_t n)
{
	double t = 2.0 * M_PI * (double)i / (double)(n - 1);
	return 0.35875 - 0.48829 * cos(t) + 0.14128 * cos(2 * t) - 0.01168 * cos(3 * t);
}

/* Multiplies x by the Blackman-Harris window in place; returns the sum of
 * the window (the amplitude correction for tone_amp). */
static inline double bh_apply(double *x, uint32_t n)
{
	double wsum = 0;
	for (uint32_t i = 0; i < n; i++) {
		double w = bh_window(i, n);
		x[i] *= w;
		wsum += w;
	}
	return wsum;
}

/* Amplitude of the component at f (cycles/sample) of a windowed signal. */
static inline double tone_amp(const double *xw, uint32_t n, double f, double wsum)
{
	double re = 0, im = 0;
	double c = cos(2.0 * M_PI * f), s = -sin(2.0 * M_PI * f);
	double pr = 1.0, pi = 0.0;
	for (uint32_t i = 0; i < n; i++) {
		re += xw[i] * pr;
		im += xw[i] * pi;
		double t = pr * c - pi * s;
		pi = pr * s + pi * c;
		pr = t;
		if ((i & 1023) == 1023) { /* renormalise the rotation */
			double m = sqrt(pr * pr + pi * pi);
			pr /= m;
			pi /= m;
		}
	}
	return 2.0 * sqrt(re * re + im * im) / wsum;
}

static inline double db(double ratio)
{
	return 20.0 * log10(ratio > 1e-30 ? ratio : 1e-30);
}

#endif /* KOI_TEST_SIGFIT_H */
