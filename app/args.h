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

/**
 * Parses a decimal [+-]DIGITS[.DIGITS][(e|E)[+-]DIGITS], any number of
 * digits.
 * @param s    NUL-terminated
 * @param out  receives the value
 * @return 0
 * @retval -EINVAL  anything else
 * @retval -ERANGE  a magnitude outside 1e-300..1e300 (the firmware flushes
 *                  subnormals, the host does not)
 */
int arg_double(const char *s, double *out);
/**
 * Parses a whole number in 0..UINT32_MAX in the same notation ("64",
 * "1e3", "64.0").
 * @param s    NUL-terminated
 * @param out  receives the value
 * @return 0
 * @retval -EINVAL  a fraction, a negative number, not a number
 * @retval -ERANGE  above UINT32_MAX
 */
int arg_u32(const char *s, uint32_t *out);

/* A message being written into a caller's buffer of cap bytes: always
 * terminated, never overrun, cut short when full. */
struct msg {
	char *p;
	size_t len, cap;
};

#define MSG(buf, size) ((struct msg){(buf), 0, (size)})

/**
 * Appends a string.
 * @param m  the message
 * @param s  NUL-terminated
 */
void msg_puts(struct msg *m, const char *s);
/**
 * Appends an unsigned number in decimal.
 * @param m  the message
 * @param v  the number
 */
void msg_putu(struct msg *m, uint64_t v);
/**
 * Appends a number with up to 3 decimals, trailing zeros dropped
 * ("997.25", "-3.5", "2").
 * @param m  the message
 * @param v  the number
 */
void msg_putd(struct msg *m, double v);
/**
 * Appends a, b and c, so that a parser can
 * `return msg_fail(err, "--freq: '", v, "' is not ...");`.
 * @param m  the message
 * @param a  NUL-terminated
 * @param b  NUL-terminated, or NULL
 * @param c  NUL-terminated, or NULL
 * @retval -EINVAL  always
 */
int msg_fail(struct msg *m, const char *a, const char *b, const char *c);

/**
 * what, hz, "' is not a frequency in (0, R/2) Hz at the device's R Hz":
 * for a frequency that needs a faster stream ("--freq: '" 22050 ...).
 * @param err   the message
 * @param what  the option and its opening quote ("--freq: '")
 * @param hz    the frequency given
 * @param rate  the device's rate R
 * @retval -EINVAL  always
 */
int msg_not_below_nyquist(struct msg *err, const char *what, double hz, uint32_t rate);

#endif /* KOI_ARGS_H */
