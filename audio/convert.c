/* Format, channel and sample-rate conversion.  Arithmetic rules: see
 * dspmath.h (coefficients are designed in double with + - * / only). */
#include "audio/convert.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "audio/dspmath.h"

static const char *const fmt_names[CONV_FORMAT_COUNT] = {
	[CONV_S8] = "s8",   [CONV_U8] = "u8",   [CONV_S16] = "s16",
	[CONV_S24] = "s24", [CONV_S32] = "s32", [CONV_F32] = "float",
};
static const uint8_t fmt_bytes[CONV_FORMAT_COUNT] = {1, 1, 2, 3, 4, 4};

const char *conv_format_name(enum conv_format f)
{
	return (unsigned)f < CONV_FORMAT_COUNT ? fmt_names[f] : "?";
}

int conv_format_from_name(const char *name)
{
	for (int i = 0; i < CONV_FORMAT_COUNT; i++)
		if (strcmp(name, fmt_names[i]) == 0)
			return i;
	return -1;
}

uint32_t conv_format_bytes(enum conv_format f)
{
	return (unsigned)f < CONV_FORMAT_COUNT ? fmt_bytes[f] : 0;
}

float conv_decode(enum conv_format f, const uint8_t *p)
{
	uint32_t u;
	switch (f) {
	case CONV_S8:
		return (float)(int8_t)p[0] * 256.0f;
	case CONV_U8:
		return (float)((int32_t)p[0] - 128) * 256.0f;
	case CONV_S16:
		return (float)(int16_t)(uint16_t)(p[0] | (uint32_t)p[1] << 8);
	case CONV_S24:
		u = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
		/* Sign-extend from bit 23 without shifting into the sign bit. */
		return (float)((int32_t)(u ^ 0x800000u) - 0x800000) * (1.0f / 256.0f);
	case CONV_S32:
		u = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
		    (uint32_t)p[3] << 24;
		return (float)(int32_t)u * (1.0f / 65536.0f);
	case CONV_F32: {
		float x;
		u = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
		    (uint32_t)p[3] << 24;
		memcpy(&x, &u, sizeof x);
		if (!(x == x))
			return 0.0f;
		/* Clamp before scaling so an infinity stays finite. */
		if (x > 2.0f)
			x = 2.0f;
		if (x < -2.0f)
			x = -2.0f;
		return x * 32768.0f;
	}
	default:
		return 0.0f;
	}
}

static const uint32_t rates[] = {8000, 11025, 16000, 22050, 32000, 44100, 48000};

int conv_rate_supported(uint32_t rate)
{
	for (uint32_t i = 0; i < sizeof rates / sizeof rates[0]; i++)
		if (rates[i] == rate)
			return 0;
	return -EINVAL;
}

static uint32_t gcd(uint32_t a, uint32_t b)
{
	while (b) {
		uint32_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

#define KAISER_BETA 9.6 /* about 96 dB of stopband attenuation */
/* Transition width in cycles per (filter-rate) sample for CONV_TAPS taps:
 * Kaiser's estimate (A - 7.95) / (14.36 * N) with A = 96 dB. */
#define TRANSITION ((96.0 - 7.95) / (14.36 * (double)CONV_TAPS))

double conv_kaiser_beta(void)
{
	return KAISER_BETA;
}

double conv_cutoff(uint32_t L, uint32_t M)
{
	/* Stopband starts at the lower Nyquist frequency (0.5 of the lower
	 * rate); the -6 dB point sits half a transition below it. */
	double scale = L < M ? (double)L / (double)M : 1.0;
	return scale * (0.5 - TRANSITION / 2.0);
}

/* Modified Bessel function I0 by its power series (converges fast for the
 * arguments a Kaiser window uses, < 10). */
static double bessel_i0(double x)
{
	double q = x * x / 4.0, term = 1.0, sum = 1.0;
	for (int k = 1; k < 40; k++) {
		term = term * q / (double)(k * k);
		sum += term;
	}
	return sum;
}

static double sinc_pi(double x)
{
	if (x == 0.0)
		return 1.0;
	return koi_sin(KOI_PI * x) / (KOI_PI * x);
}

static void design(struct convert *c)
{
	const uint32_t L = c->L, T = c->taps;
	const double fc = conv_cutoff(c->L, c->M);
	const double half = (double)T / 2.0;
	const double i0b = bessel_i0(KAISER_BETA);
	for (uint32_t p = 0; p < L; p++) {
		double h[CONV_MAX_TAPS], sum = 0.0;
		for (uint32_t k = 0; k < T; k++) {
			double d = (double)p / (double)L + half - 1.0 - (double)k;
			double r = d / half;
			double w = r * r < 1.0 ? bessel_i0(KAISER_BETA * koi_sqrt(1.0 - r * r)) / i0b
					       : 0.0;
			h[k] = 2.0 * fc * sinc_pi(2.0 * fc * d) * w;
			sum += h[k];
		}
		for (uint32_t k = 0; k < T; k++)
			c->coef[p * T + k] = (float)(h[k] / sum);
	}
}

static uint64_t ceil_div(uint64_t a, uint64_t b)
{
	return (a + b - 1) / b;
}

uint64_t convert_out_frames(const struct convert *c)
{
	return c->out_total;
}

static float sample_at(const struct convert *c, uint64_t j, uint32_t ch)
{
	if (j >= c->total_in)
		return 0.0f;
	uint32_t f = (uint32_t)(j % c->frames_in);
	uint32_t bps = fmt_bytes[c->fmt];
	return conv_decode(c->fmt, c->data + ((size_t)f * c->channels + ch) * bps);
}

static void push_input(struct convert *c)
{
	const uint32_t T = c->taps;
	c->hpos = c->hpos + 1 == T ? 0 : c->hpos + 1;
	for (uint32_t ch = 0; ch < c->channels; ch++) {
		float x = sample_at(c, c->pushed, ch);
		c->hist[ch][c->hpos] = x;
		c->hist[ch][c->hpos + T] = x;
	}
	c->pushed++;
}

static void map_out(const struct convert *c, int16_t *lr, float l, float r)
{
	if (c->channels == 1)
		r = l * c->mono_r_gain;
	lr[0] = koi_f2s16(l);
	lr[1] = koi_f2s16(r);
}

static uint32_t convert_render(struct koi_source *src, int16_t *lr, uint32_t frames)
{
	struct convert *c = (struct convert *)src;
	uint64_t left = c->out_total - c->out_n;
	uint32_t n = left < frames ? (uint32_t)left : frames;
	const uint32_t T = c->taps;
	for (uint32_t o = 0; o < n; o++, lr += 2) {
		float y[2] = {0.0f, 0.0f};
		if (c->L == c->M) {
			for (uint32_t ch = 0; ch < c->channels; ch++)
				y[ch] = sample_at(c, c->out_n, ch);
		} else {
			/* Window: inputs in_i - T/2 + 1 .. in_i + T/2, oldest first. */
			while (c->pushed <= c->in_i + T / 2)
				push_input(c);
			const float *h = &c->coef[c->phase * T];
			for (uint32_t ch = 0; ch < c->channels; ch++) {
				const float *x = &c->hist[ch][c->hpos + 1];
				float acc = 0.0f;
				for (uint32_t k = 0; k < T; k++)
					acc += h[k] * x[k];
				y[ch] = acc;
			}
			c->phase += c->M;
			while (c->phase >= c->L) {
				c->phase -= c->L;
				c->in_i++;
			}
		}
		map_out(c, lr, y[0], y[1]);
		c->out_n++;
	}
	return n;
}

int convert_init(struct convert *c, const void *data, uint32_t frames,
		 enum conv_format fmt, uint32_t channels, uint32_t rate,
		 uint32_t repeat, double mono_r_gain)
{
	if ((unsigned)fmt >= CONV_FORMAT_COUNT || (channels != 1 && channels != 2) ||
	    conv_rate_supported(rate) || !data || frames == 0 || repeat == 0 ||
	    !(mono_r_gain >= -1.0 && mono_r_gain <= 1.0))
		return -EINVAL;
	memset(c, 0, offsetof(struct convert, hist));
	memset(c->hist, 0, sizeof c->hist);
	c->src.render = convert_render;
	c->src.name = "pcm";
	c->data = data;
	c->frames_in = frames;
	c->repeat = repeat;
	c->fmt = fmt;
	c->channels = channels;
	c->rate = rate;
	c->mono_r_gain = (float)mono_r_gain;
	uint32_t g = gcd(KOI_RATE, rate);
	c->L = KOI_RATE / g;
	c->M = rate / g;
	/* Downsampling widens the filter by M/L input samples per output
	 * sample; keep the count even so the window is centred. */
	c->taps = c->L >= c->M ? CONV_TAPS
			       : (uint32_t)ceil_div((uint64_t)CONV_TAPS * c->M, c->L * 2u) * 2u;
	c->total_in = (uint64_t)frames * repeat;
	c->out_total = ceil_div(c->total_in * c->L, c->M);
	c->hpos = c->taps - 1; /* the first push lands at index 0 */
	if (c->L != c->M)
		design(c);
	return 0;
}
