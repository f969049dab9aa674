/* Words to numbers, and messages, for the command line and its programs.
 * Numbers are parsed and printed by hand, not by libc: newlib's and
 * glibc's strtod/printf need not agree to the last bit.  arg_double() uses
 * only IEEE operations in a fixed order, so host and firmware read "997.5"
 * (9975 / 10, one correctly rounded division) or "4e2" as the same
 * double. */
#include "app/args.h"

#include <errno.h>
#include <stdbool.h>

#include "lib/decimal.h"

/* ---- small string builder ---- */

void msg_puts(struct msg *b, const char *s)
{
	while (*s && b->len + 1 < b->cap)
		b->p[b->len++] = *s++;
	if (b->cap)
		b->p[b->len] = '\0';
}

void msg_putu(struct msg *b, uint64_t v)
{
	char d[DEC_U64_CHARS];
	msg_puts(b, dec_u64(v, d));
}

void msg_putd(struct msg *b, double v)
{
	if (v < 0) {
		msg_puts(b, "-");
		v = -v;
	}
	if (!(v < 1e15)) { /* beyond what the integer part below holds */
		msg_puts(b, v == v ? "1e15+" : "nan");
		return;
	}
	uint64_t m = (uint64_t)(v * 1000.0 + 0.5);
	msg_putu(b, m / 1000);
	uint32_t f = (uint32_t)(m % 1000);
	if (f) {
		char d[5] = {'.', (char)('0' + f / 100), (char)('0' + f / 10 % 10),
			     (char)('0' + f % 10), '\0'};
		for (int i = 3; i > 0 && d[i] == '0'; i--)
			d[i] = '\0';
		msg_puts(b, d);
	}
}

int msg_fail(struct msg *m, const char *a, const char *b, const char *c)
{
	msg_puts(m, a);
	if (b)
		msg_puts(m, b);
	if (c)
		msg_puts(m, c);
	return -EINVAL;
}

int msg_not_below_nyquist(struct msg *err, const char *what, double hz, uint32_t rate)
{
	msg_puts(err, what);
	msg_putd(err, hz);
	msg_puts(err, "' is not a frequency in (0, ");
	msg_putd(err, rate / 2.0);
	msg_puts(err, ") Hz at the device's ");
	msg_putu(err, rate);
	return msg_fail(err, " Hz", NULL, NULL);
}

/* ---- numbers ---- */

/* A decimal [+-]DIGITS[.DIGITS][(e|E)[+-]DIGITS], with any number of digits,
 * as sign, m (its first 19 significant digits) and e: value = m x 10^e.
 * Digits past the 19th only move the exponent (or are dropped after the
 * point): no option needs more precision than that. */
struct decimal {
	bool neg;
	uint64_t m;
	int32_t e;
	int32_t mdigits; /* digits in m */
};

#define DEC_SIG_DIGITS 19   /* 10^19 - 1 < 2^64 */
#define DEC_EXP_LIMIT  9999 /* larger exponents are out of any range */

static int parse_decimal(const char *s, struct decimal *d)
{
	*d = (struct decimal){0};
	if (*s == '+' || *s == '-')
		d->neg = *s++ == '-';
	int32_t digits = 0;
	bool point = false;
	for (; *s && *s != 'e' && *s != 'E'; s++) {
		if (*s == '.' && !point) {
			point = true;
			continue;
		}
		if (*s < '0' || *s > '9')
			return -EINVAL;
		digits++;
		if (d->m == 0 && *s == '0') {
			if (point)
				d->e--; /* leading zeros after the point */
			continue;
		}
		if (d->mdigits < DEC_SIG_DIGITS) {
			d->m = d->m * 10u + (uint64_t)(*s - '0');
			d->mdigits++;
			if (point)
				d->e--;
		} else if (!point) {
			d->e++; /* a dropped digit before the point */
		}
	}
	if (!digits)
		return -EINVAL;
	if (*s) { /* the exponent */
		s++;
		bool eneg = false;
		if (*s == '+' || *s == '-')
			eneg = *s++ == '-';
		int32_t x = 0;
		if (!*s)
			return -EINVAL;
		for (; *s; s++) {
			if (*s < '0' || *s > '9')
				return -EINVAL;
			if (x < DEC_EXP_LIMIT)
				x = x * 10 + (*s - '0');
		}
		d->e += eneg ? -x : x;
	}
	return 0;
}

/* The double nearest m x 10^e when m < 2^53 and |e| <= 22 (one correctly
 * rounded operation on exact operands: "997.5" is 9975 / 10); otherwise a
 * fixed sequence of IEEE operations.  Either way host and firmware compute
 * the same bits.  Magnitudes outside 1e-300..1e300 are refused rather than
 * computed: the firmware flushes subnormals to zero and the host does not. */
int arg_double(const char *s, double *out)
{
	struct decimal d;
	if (parse_decimal(s, &d))
		return -EINVAL;
	double v = 0.0;
	if (d.m) {
		int32_t mag = d.e + d.mdigits; /* value is below 10^mag */
		if (mag > 300 || mag < -299)
			return -ERANGE;
		static const double p10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
					     1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
					     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
		v = (double)d.m;
		int32_t e = d.e;
		while (e > 22) {
			v *= 1e22;
			e -= 22;
		}
		while (e < -22) {
			v /= 1e22;
			e += 22;
		}
		v = e >= 0 ? v * p10[e] : v / p10[-e];
	}
	*out = d.neg ? -v : v;
	return 0;
}

/* A whole number in 0..UINT32_MAX, in the same notation ("64", "1e3",
 * "64.0"); a fraction or a negative number is refused. */
int arg_u32(const char *s, uint32_t *out)
{
	struct decimal d;
	if (parse_decimal(s, &d))
		return -EINVAL;
	uint64_t v = d.m;
	if (v && d.neg)
		return -EINVAL;
	for (int32_t e = d.e; e < 0; e++) {
		if (v % 10u)
			return -EINVAL; /* a fraction */
		v /= 10u;
	}
	for (int32_t e = d.e; e > 0 && v; e--) {
		v *= 10u;
		if (v > UINT32_MAX)
			return -ERANGE;
	}
	if (v > UINT32_MAX)
		return -ERANGE;
	*out = (uint32_t)v;
	return 0;
}
