/* Deterministic math for table and coefficient construction: only + - * /
 * in a fixed order (see dspmath.h for why). */
#include "audio/dspmath.h"

/* sin on [-pi/4, pi/4] by its Taylor series; terms to x^21 are far below
 * double precision there. */
static double sin_small(double x)
{
	double x2 = x * x, term = x, sum = x;
	for (int k = 1; k <= 10; k++) {
		term = -term * x2 / (double)((2 * k) * (2 * k + 1));
		sum += term;
	}
	return sum;
}

static double cos_small(double x)
{
	double x2 = x * x, term = 1.0, sum = 1.0;
	for (int k = 1; k <= 10; k++) {
		term = -term * x2 / (double)((2 * k - 1) * (2 * k));
		sum += term;
	}
	return sum;
}

double koi_sin(double x)
{
	/* Reduce to q * pi/2 + r, |r| <= pi/4.  The reduction error grows with
	 * |x|; callers only use |x| of a few periods. */
	const double half_pi = KOI_PI / 2.0;
	double qd = x / half_pi;
	int64_t q = (int64_t)(qd < 0 ? qd - 0.5 : qd + 0.5);
	double r = x - (double)q * half_pi;
	switch ((int)(q & 3)) {
	case 0: return sin_small(r);
	case 1: return cos_small(r);
	case 2: return -sin_small(r);
	default: return -cos_small(r);
	}
}

double koi_cos(double x)
{
	return koi_sin(x + KOI_PI / 2.0);
}

double koi_exp(double x)
{
	if (x > 700.0)
		x = 700.0;
	if (x < -700.0)
		return 0.0;
	/* x = k*ln2 + r, |r| <= ln2/2; exp(r) by series; times 2^k exactly. */
	const double ln2 = 0.69314718055994530942;
	double kd = x / ln2;
	int k = (int)(kd < 0 ? kd - 0.5 : kd + 0.5);
	double r = x - (double)k * ln2;
	double term = 1.0, sum = 1.0;
	for (int n = 1; n <= 20; n++) {
		term = term * r / (double)n;
		sum += term;
	}
	for (; k > 0; k--)
		sum *= 2.0;
	for (; k < 0; k++)
		sum *= 0.5;
	return sum;
}

double koi_sqrt(double x)
{
	if (!(x > 0.0))
		return 0.0;
	/* Newton from a power-of-two start; converges quadratically, the
	 * fixed iteration count keeps it deterministic. */
	double g = 1.0;
	while (g * g < x)
		g *= 2.0;
	while (g * g > 4.0 * x)
		g *= 0.5;
	for (int i = 0; i < 8; i++)
		g = 0.5 * (g + x / g);
	return g;
}

double koi_db_to_gain(double db)
{
	return koi_exp(db * (2.30258509299404568402 / 20.0));
}

double koi_note_hz(double n)
{
	return 440.0 * koi_exp((n - 69.0) * (0.69314718055994530942 / 12.0));
}

uint32_t koi_hz_to_inc(double hz, uint32_t rate)
{
	if (!(hz > 0.0) || rate == 0)
		return 0;
	if (hz >= rate / 2.0)
		hz = rate / 2.0 - 1e-3;
	return (uint32_t)(hz / (double)rate * 4294967296.0 + 0.5);
}

static float sine_value(uint32_t i)
{
	return (float)koi_sin(2.0 * KOI_PI * (double)i / (double)KOI_SINE_SIZE);
}

void koi_sine_entry_compute(uint32_t i, struct koi_sine_entry *e)
{
	e->v = sine_value(i);
	e->d = sine_value(i + 1u) - e->v;
}
