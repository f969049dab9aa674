/* Format, channel and sample-rate conversion.  Arithmetic rules: see
 * dspmath.h (coefficients are designed in double with + - * / only). */
#include "audio/convert.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "audio/dspmath.h"

float convert_decode(enum sample_format f, const uint8_t *p)
{
	uint32_t u;
	switch (f) {
	case SAMPLE_S8:
		return (float)(int8_t)p[0] * 256.0f;
	case SAMPLE_U8:
		return (float)((int32_t)p[0] - 128) * 256.0f;
	case SAMPLE_S16:
		return (float)(int16_t)(uint16_t)(p[0] | (uint32_t)p[1] << 8);
	case SAMPLE_S24:
		u = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
		/* Sign-extend from bit 23 without shifting into the sign bit. */
		return (float)((int32_t)(u ^ 0x800000u) - 0x800000) * (1.0f / 256.0f);
	case SAMPLE_S32:
		u = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
		    (uint32_t)p[3] << 24;
		return (float)(int32_t)u * (1.0f / 65536.0f);
	case SAMPLE_F32: {
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

int convert_rate_supported(uint32_t rate)
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

/* Kaiser design for CONVERT_ATTEN dB: beta 0.1102 (A - 8.7), and
 * Kaiser's estimate of the length, (A - 7.95) / (14.36 * width) taps of the
 * lower rate for a transition `width` (cycles per lower-rate sample) wide.
 * The transition runs from 0.92 to 1.00 of the lower Nyquist frequency
 * (width 0.04): flat to 0.90, -3 dB near 0.955, stopband from 1.00 on.
 * CONVERT_TAPS (convert.h) is that estimate for A = 117, 191.4, made even. */
#define CONVERT_ATTEN 117.0
#define KAISER_BETA (0.1102 * (CONVERT_ATTEN - 8.7))
#define TRANSITION 0.04
#define CUTOFF 0.48 /* -6 dB point, cycles per lower-rate sample */

double convert_kaiser_beta(void)
{
	return KAISER_BETA;
}

double convert_cutoff(uint32_t L, uint32_t M)
{
	double scale = L < M ? (double)L / (double)M : 1.0;
	return scale * CUTOFF;
}

/* Modified Bessel function I0 by its power series (converges fast for the
 * arguments a Kaiser window uses, < 13). */
static double bessel_i0(double x)
{
	double q = x * x / 4.0, term = 1.0, sum = 1.0;
	for (int k = 1; k < 48; k++) {
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

/* Row p of the table: the filter for an output frame p / phases of an
 * input sample past the newest-but-T/2 input, normalised to unity DC. */
static void design_row(struct convert *c, uint32_t p, double fc, double i0b)
{
	const uint32_t T = c->taps;
	const double half = (double)T / 2.0;
	float *row = &c->coef[(size_t)p * T];
	double sum = 0.0;
	for (uint32_t k = 0; k < T; k++) {
		double d = (double)p / (double)c->phases + half - 1.0 - (double)k;
		double r = d / half;
		double w = r * r < 1.0 ? bessel_i0(KAISER_BETA * koi_sqrt(1.0 - r * r)) / i0b : 0.0;
		double h = 2.0 * fc * sinc_pi(2.0 * fc * d) * w;
		row[k] = (float)h;
		sum += h;
	}
	for (uint32_t k = 0; k < T; k++)
		row[k] = (float)((double)row[k] / sum);
}

static void design(struct convert *c)
{
	const double fc = convert_cutoff(c->L, c->M);
	const double i0b = bessel_i0(KAISER_BETA);
	for (uint32_t p = 0; p < c->rows; p++)
		design_row(c, p, fc, i0b);
}

static uint64_t ceil_div(uint64_t a, uint64_t b)
{
	return (a + b - 1) / b;
}

/* The filter's shape for a pair of rates. */
struct shape {
	uint32_t L, M;      /* out/in in lowest terms */
	uint32_t taps;      /* per phase */
	uint32_t phases;    /* per input sample: L when exact, else fewer */
	uint32_t rows;      /* coefficient rows stored (phases, +1 to interpolate) */
};

/* The ratio out/in in lowest terms and the filter's shape; false when the
 * rates are out of range or the filter would not fit.  Downsampling
 * stretches the filter by M/L input samples (taps grow) but its band
 * shrinks alike, so it needs that many fewer phases: the table holds about
 * CONVERT_TAPS * CONVERT_PHASES coefficients whatever the ratio.  Taps are a multiple of 8
 * (dot4's lanes, dot4x2's turns). */
static bool ratio(uint32_t in_rate, uint32_t out_rate, struct shape *s)
{
	if (in_rate < CONVERT_MIN_RATE || in_rate > CONVERT_MAX_RATE ||
	    out_rate < CONVERT_MIN_RATE || out_rate > CONVERT_MAX_RATE)
		return false;
	uint32_t g = gcd(out_rate, in_rate);
	s->L = out_rate / g;
	s->M = in_rate / g;
	uint64_t t = s->L >= s->M ? CONVERT_TAPS
				  : ceil_div((uint64_t)CONVERT_TAPS * s->M, (uint64_t)s->L * 8u) * 8u;
	uint64_t need = s->L >= s->M ? CONVERT_PHASES
				     : ceil_div((uint64_t)CONVERT_PHASES * s->L, s->M);
	if (t > CONVERT_MAX_TAPS)
		return false;
	s->taps = (uint32_t)t;
	if (s->L <= need) {
		s->phases = s->rows = s->L; /* exact: one row per output phase */
	} else {
		s->phases = (uint32_t)need;
		s->rows = s->phases + 1u;
	}
	if (s->L == s->M)
		s->rows = 0;
	return true;
}

/* Floats after the struct: the table, then each channel's history
 * (2 * taps, written twice so a window is contiguous). */
static size_t floats_for(const struct shape *s)
{
	if (s->L == s->M) /* a copy: no filter, no history */
		return 0;
	return (size_t)s->rows * s->taps + 4u * (size_t)s->taps;
}

size_t convert_size(uint32_t in_rate, uint32_t out_rate)
{
	struct shape s;
	if (!ratio(in_rate, out_rate, &s))
		return 0;
	return sizeof(struct convert) + floats_for(&s) * sizeof(float);
}

uint64_t convert_out_frames(const struct convert *c)
{
	return c->out_total;
}

/* The next input frame into x (S16 units), or false after the last. */
static bool read_frame(struct convert *c, float x[2])
{
	if (c->read_in >= c->total_in)
		return false;
	if (c->data) {
		uint32_t f = (uint32_t)(c->read_in % c->frames_in);
		uint32_t bps = sample_format_bytes(c->fmt);
		const uint8_t *p = c->data + (size_t)f * c->channels * bps;
		for (uint32_t ch = 0; ch < c->channels; ch++)
			x[ch] = convert_decode(c->fmt, p + ch * bps);
	} else if (c->in) {
		if (c->up_pos == c->up_len) {
			int32_t got = c->up_ended ? 0 : c->in->read(c->in, c->fbuf, CONVERT_UP_BLOCK);
			if (got < 0) {
				c->in_error = got;
				got = 0;
			}
			c->up_len = (uint32_t)got;
			c->up_pos = 0;
			if (c->up_len == 0) {
				c->up_ended = true;
				c->total_in = c->read_in;
				return false;
			}
		}
		for (uint32_t ch = 0; ch < c->channels; ch++)
			x[ch] = c->fbuf[c->up_pos * c->channels + ch];
		c->up_pos++;
	} else {
		if (c->up_pos == c->up_len) {
			c->up_len = c->up_ended ? 0 : source_render(c->up, c->ubuf, CONVERT_UP_BLOCK);
			c->up_pos = 0;
			if (c->up_len < CONVERT_UP_BLOCK)
				c->up_ended = true;
			if (c->up_len == 0) {
				c->total_in = c->read_in;
				return false;
			}
		}
		for (uint32_t ch = 0; ch < c->channels; ch++)
			x[ch] = (float)c->ubuf[c->up_pos * c->channels + ch];
		c->up_pos++;
	}
	c->read_in++;
	return true;
}

static void push_input(struct convert *c)
{
	const uint32_t T = c->taps;
	float x[2] = {0.0f, 0.0f};
	(void)read_frame(c, x); /* past the end: zeros */
	c->hpos = c->hpos + 1 == T ? 0 : c->hpos + 1;
	for (uint32_t ch = 0; ch < c->channels; ch++) {
		c->hist[ch][c->hpos] = x[ch];
		c->hist[ch][c->hpos + T] = x[ch];
	}
	c->pushed++;
}

/* The sum of h[k] * x[k] over T taps (a multiple of 8) in four lanes, lane
 * j taking the taps k = j mod 4, then (l0 + l2) + (l1 + l3): NEON's VMLA
 * rounds each product before adding (dspmath.h), so the firmware's vector
 * loop and the host's lane loop give the same bits.  NEON flushes
 * subnormals to zero: an input that small (below 1e-38 S16 units) rounds
 * to 0 in S16 either way. */
static float dot4(const float *h, const float *x, uint32_t T)
{
#if KOI_NEON
	float32x4_t a = vdupq_n_f32(0.0f);
	for (uint32_t k = 0; k < T; k += 4)
		a = vmlaq_f32(a, vld1q_f32(h + k), vld1q_f32(x + k));
	float32x2_t s = vadd_f32(vget_low_f32(a), vget_high_f32(a));
	return vget_lane_f32(s, 0) + vget_lane_f32(s, 1);
#else
	float a[4] = {0.0f, 0.0f, 0.0f, 0.0f};
	for (uint32_t k = 0; k < T; k += 4)
		for (uint32_t j = 0; j < 4; j++)
			a[j] += h[k + j] * x[k + j];
	return (a[0] + a[2]) + (a[1] + a[3]);
#endif
}

#if KOI_NEON
/* dot4 for both channels at once, h loaded once; eight taps a turn (taps
 * are a multiple of 8), each lane still adding its taps in order.  Each
 * turn loads eight floats of h, x0 and x1 with one post-incremented VLD1
 * each: GCC's vld1q_f32 code spends an address instruction per load (19
 * instructions a turn where this takes 9).  The six vectors are pinned
 * in pairs (q8-q9, q10-q11, q12-q13), as one VLD1 fills two neighbours. */
static void dot4x2(const float *h, const float *x0, const float *x1, uint32_t T, float acc[2])
{
	float32x4_t a = vdupq_n_f32(0.0f), b = a;
	const float *const end = h + T;
	do {
		register float32x4_t h0 __asm__("d16"), h1 __asm__("d18");
		register float32x4_t u0 __asm__("d20"), u1 __asm__("d22");
		register float32x4_t v0 __asm__("d24"), v1 __asm__("d26");
		__asm__("vld1.32	{d16-d19}, [%[h]]!\n\t"
			"vld1.32	{d20-d23}, [%[x]]!\n\t"
			"vld1.32	{d24-d27}, [%[y]]!"
			: [h] "+r"(h), [x] "+r"(x0), [y] "+r"(x1), "=w"(h0), "=w"(h1),
			  "=w"(u0), "=w"(u1), "=w"(v0), "=w"(v1)
			: "m"(*(const float(*)[8])h), "m"(*(const float(*)[8])x0),
			  "m"(*(const float(*)[8])x1));
		a = vmlaq_f32(a, h0, u0);
		b = vmlaq_f32(b, h0, v0);
		a = vmlaq_f32(a, h1, u1);
		b = vmlaq_f32(b, h1, v1);
	} while (h != end);
	float32x2_t sa = vadd_f32(vget_low_f32(a), vget_high_f32(a));
	float32x2_t sb = vadd_f32(vget_low_f32(b), vget_high_f32(b));
	acc[0] = vget_lane_f32(sa, 0) + vget_lane_f32(sa, 1);
	acc[1] = vget_lane_f32(sb, 0) + vget_lane_f32(sb, 1);
}
#endif

/* Row h against each channel's window into acc. */
static void dot(const struct convert *c, const float *h, float acc[2])
{
#if KOI_NEON
	if (c->channels == 2) {
		dot4x2(h, &c->hist[0][c->hpos + 1], &c->hist[1][c->hpos + 1], c->taps, acc);
		return;
	}
#endif
	for (uint32_t ch = 0; ch < c->channels; ch++)
		acc[ch] = dot4(h, &c->hist[ch][c->hpos + 1], c->taps);
}

/* The filter at the current output frame: exact ratios use row `phase`;
 * others the two rows around phase * phases / L, interpolated linearly
 * (the fraction is exact in float: integers below 2^24 divided once). */
static void filter(const struct convert *c, float y[2])
{
	const uint32_t T = c->taps;
	if (c->phases == c->L) {
		dot(c, &c->coef[(size_t)c->phase * T], y);
		return;
	}
	const uint32_t row = c->row;
	float f = (float)c->rem / (float)c->L;
	float a0[2] = {0.0f, 0.0f}, a1[2] = {0.0f, 0.0f};
	dot(c, &c->coef[(size_t)row * T], a0);
	dot(c, &c->coef[(size_t)(row + 1u) * T], a1);
	for (uint32_t ch = 0; ch < c->channels; ch++)
		y[ch] = a0[ch] + f * (a1[ch] - a0[ch]);
}

/* One output frame (the stream's channels) from the input channels'
 * values, in float S16 units before any rounding. */
static void map_out(const struct convert *c, float *out, float l, float r)
{
	if (c->src.channels == 1) {
		out[0] = c->channels == 1 ? l : (l + r) * 0.5f;
		return;
	}
	if (c->channels == 1)
		r = l * c->mono_r_gain;
	out[0] = l;
	out[1] = r;
}

/* One output frame on: phase += M, carrying into in_i, and the
 * interpolated row with it, by additions (the firmware's ARMv7-A has no
 * divide instruction: a division per frame was a library call). */
static void advance(struct convert *c)
{
	c->in_i += c->step_q;
	c->phase += c->step_r;
	c->row += c->row_q;
	c->rem += c->row_r;
	if (c->rem >= c->L) {
		c->rem -= c->L;
		c->row++;
	}
	if (c->phase >= c->L) {
		c->phase -= c->L;
		c->in_i++;
		c->row -= c->phases;
	}
}

/* The next output frame's input-channel values into y; false at the end. */
static bool next_frame(struct convert *c, float y[2])
{
	const uint32_t T = c->taps;
	if (c->L == c->M)
		return read_frame(c, y);
	/* Window: inputs in_i - T/2 + 1 .. in_i + T/2, oldest first. */
	while (c->pushed <= c->in_i + T / 2)
		push_input(c);
	/* Output frame out_n exists while its input frame in_i does
	 * (out_n < ceil(total_in * L / M)). */
	if (c->in_i >= c->total_in)
		return false;
	filter(c, y);
	advance(c);
	return true;
}

uint32_t convert_render_float(struct convert *c, float *out, uint32_t frames)
{
	const uint32_t oc = c->src.channels;
	uint32_t n = 0;
	for (; n < frames; n++, out += oc) {
		float y[2] = {0.0f, 0.0f};
		if (!next_frame(c, y))
			break;
		map_out(c, out, y[0], y[1]);
		c->out_n++;
	}
	return n;
}

static uint32_t convert_render(struct koi_source *src, int16_t *out, uint32_t frames)
{
	struct convert *c = (struct convert *)src;
	const uint32_t oc = c->src.channels;
	uint32_t n = 0;
	for (; n < frames; n++, out += oc) {
		float y[2] = {0.0f, 0.0f}, o[2] = {0.0f, 0.0f};
		if (!next_frame(c, y))
			break;
		map_out(c, o, y[0], y[1]);
		for (uint32_t ch = 0; ch < oc; ch++)
			out[ch] = koi_f2s16(o[ch]);
		c->out_n++;
	}
	return n;
}

static uint32_t convert_render_f(struct koi_source *src, float *out, uint32_t frames)
{
	return convert_render_float((struct convert *)src, out, frames);
}

/* Everything but the input. */
static int init_common(struct convert *c, size_t size, uint32_t channels,
		       uint32_t rate, uint32_t out_rate, uint32_t out_channels,
		       double mono_r_gain)
{
	struct shape s;
	if ((channels != 1 && channels != 2) || (out_channels != 1 && out_channels != 2) ||
	    !ratio(rate, out_rate, &s) ||
	    !(mono_r_gain >= -1.0 && mono_r_gain <= 1.0))
		return -EINVAL;
	if (size < convert_size(rate, out_rate))
		return -ENOMEM;
	memset(c, 0, sizeof *c);
	c->src.render = convert_render;
	c->src.render_float = convert_render_f;
	c->src.name = "convert";
	c->src.rate = out_rate;
	c->src.channels = out_channels;
	c->channels = channels;
	c->rate = rate;
	c->mono_r_gain = (float)mono_r_gain;
	c->L = s.L;
	c->M = s.M;
	c->taps = s.taps;
	c->phases = s.phases;
	c->step_q = s.M / s.L;
	c->step_r = s.M % s.L;
	c->row_q = (uint32_t)((uint64_t)c->step_r * s.phases / s.L);
	c->row_r = (uint32_t)((uint64_t)c->step_r * s.phases % s.L);
	c->rows = s.rows;
	if (s.L != s.M) {
		c->hist[0] = c->coef + (size_t)s.rows * s.taps;
		c->hist[1] = c->hist[0] + 2u * s.taps;
		/* The history starts silent (the struct's memset does not
		 * reach it). */
		memset(c->hist[0], 0, 4u * s.taps * sizeof(float));
	}
	c->hpos = c->taps - 1; /* the first push lands at index 0 */
	if (c->L != c->M)
		design(c);
	return 0;
}

int convert_init(struct convert *c, size_t size, const void *data, uint32_t frames,
		 enum sample_format fmt, uint32_t channels, uint32_t rate,
		 uint32_t repeat, uint32_t out_rate, uint32_t out_channels,
		 double mono_r_gain)
{
	if ((unsigned)fmt >= SAMPLE_FORMAT_COUNT || convert_rate_supported(rate) ||
	    !data || frames == 0 || repeat == 0)
		return -EINVAL;
	int r = init_common(c, size, channels, rate, out_rate, out_channels, mono_r_gain);
	if (r)
		return r;
	c->src.name = "pcm";
	c->data = data;
	c->frames_in = frames;
	c->repeat = repeat;
	c->fmt = fmt;
	c->total_in = (uint64_t)frames * repeat;
	c->out_total = ceil_div(c->total_in * c->L, c->M);
	return 0;
}

int convert_init_source(struct convert *c, size_t size, struct koi_source *up,
			uint32_t out_rate, uint32_t out_channels, double mono_r_gain)
{
	if (!up)
		return -EINVAL;
	int r = init_common(c, size, up->channels, up->rate, out_rate, out_channels,
			    mono_r_gain);
	if (r)
		return r;
	c->up = up;
	c->fmt = SAMPLE_S16;
	c->total_in = UINT64_MAX;
	c->out_total = UINT64_MAX;
	return 0;
}

int convert_init_input(struct convert *c, size_t size, struct convert_input *in,
		       uint32_t out_rate, uint32_t out_channels, double mono_r_gain)
{
	if (!in || !in->read)
		return -EINVAL;
	int r = init_common(c, size, in->channels, in->rate, out_rate, out_channels,
			    mono_r_gain);
	if (r)
		return r;
	c->src.name = "input";
	c->in = in;
	c->fmt = SAMPLE_F32;
	c->total_in = UINT64_MAX;
	c->out_total = UINT64_MAX;
	return 0;
}

int convert_error(const struct convert *c)
{
	return c->in_error;
}

uint64_t convert_frames_for(uint32_t in_rate, uint32_t out_rate, uint64_t frames)
{
	struct shape s;
	if (!ratio(in_rate, out_rate, &s))
		return 0;
	return ceil_div(frames * s.L, s.M);
}

void convert_encode(enum sample_format f, const int16_t *in, uint32_t n, uint8_t *out)
{
	for (uint32_t i = 0; i < n; i++) {
		/* Two's complement bits of the sample, widened. */
		uint32_t u = (uint32_t)(int32_t)in[i];
		switch (f) {
		case SAMPLE_S8:
			*out++ = (uint8_t)(u >> 8);
			break;
		case SAMPLE_U8:
			*out++ = (uint8_t)((u >> 8) ^ 0x80u);
			break;
		case SAMPLE_S16:
			*out++ = (uint8_t)u;
			*out++ = (uint8_t)(u >> 8);
			break;
		case SAMPLE_S24:
			*out++ = 0;
			*out++ = (uint8_t)u;
			*out++ = (uint8_t)(u >> 8);
			break;
		case SAMPLE_S32:
			*out++ = 0;
			*out++ = 0;
			*out++ = (uint8_t)u;
			*out++ = (uint8_t)(u >> 8);
			break;
		case SAMPLE_F32: {
			float x = (float)in[i] * (1.0f / 32768.0f);
			memcpy(&u, &x, sizeof u);
			for (int b = 0; b < 4; b++)
				*out++ = (uint8_t)(u >> (8 * b));
			break;
		}
		default:
			return;
		}
	}
}

/* A float device's samples from a source with a float path: its frames
 * before their rounding to S16, over 32768 (an exact scaling), NaN as 0
 * and saturated at +-1 as a device's S16 would be. */
static uint32_t render_as_float(struct koi_source *src, float *out, uint32_t frames)
{
	uint32_t n = src->render_float(src, out, frames);
	for (uint32_t i = 0; i < n * src->channels; i++) {
		float v = out[i] * (1.0f / 32768.0f);
		out[i] = v > 1.0f ? 1.0f : v < -1.0f ? -1.0f : v == v ? v : 0.0f;
	}
	return n;
}

uint32_t convert_render_as(struct koi_source *src, enum sample_format f, void *out,
			uint32_t frames)
{
	if (f == SAMPLE_S16)
		return source_render(src, out, frames);
	if (f == SAMPLE_F32 && src->render_float)
		return render_as_float(src, out, frames);
	enum { BLOCK = 128 };
	int16_t buf[2 * BLOCK];
	const uint32_t ch = src->channels, fb = ch * sample_format_bytes(f);
	uint8_t *o = out;
	uint32_t done = 0;
	while (done < frames) {
		uint32_t want = frames - done < BLOCK ? frames - done : BLOCK;
		uint32_t got = source_render(src, buf, want);
		convert_encode(f, buf, got * ch, o + (size_t)done * fb);
		done += got;
		if (got < want)
			break;
	}
	return done;
}
