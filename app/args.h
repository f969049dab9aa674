/*
 * args.h — what the command line and its programs (program.h) share to
 * read words and to say things: numbers parsed the same to the last bit on
 * host and firmware, and a bounded message builder.  No I/O, no
 * allocation.
 */
#ifndef KOI_ARGS_H
#define KOI_ARGS_H

#include <stddef.h>
#include <stdint.h>

/* A decimal [+-]DIGITS[.DIGITS][(e|E)[+-]DIGITS], any number of digits:
 * 0, -EINVAL for anything else, -ERANGE for a magnitude outside
 * 1e-300..1e300 (the firmware flushes subnormals, the host does not). */
int arg_double(const char *s, double *out);
/* A whole number in 0..UINT32_MAX in the same notation ("64", "1e3",
 * "64.0"): 0, -EINVAL (a fraction, a negative number, not a number) or
 * -ERANGE. */
int arg_u32(const char *s, uint32_t *out);

/* A message being written into a caller's buffer of cap bytes: always
 * terminated, never overrun, cut short when full. */
struct msg {
	char *p;
	size_t len, cap;
};

#define MSG(buf, size) ((struct msg){(buf), 0, (size)})

void msg_puts(struct msg *m, const char *s);
void msg_putu(struct msg *m, uint64_t v);
/* Up to 3 decimals, trailing zeros dropped ("997.25", "-3.5", "2"). */
void msg_putd(struct msg *m, double v);
/* Appends a, b and c (b, c may be NULL); returns -EINVAL, so that a parser
 * can `return msg_fail(err, "--freq: '", v, "' is not ...");`. */
int msg_fail(struct msg *m, const char *a, const char *b, const char *c);

/* what, hz, "' is not a frequency in (0, R/2) Hz at the device's R Hz":
 * for a frequency that needs a faster stream ("--freq: '" 22050 ...).
 * Returns -EINVAL. */
int msg_not_below_nyquist(struct msg *err, const char *what, double hz, uint32_t rate);

#endif /* KOI_ARGS_H */
