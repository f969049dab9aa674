/*
 * decimal.h — unsigned integers in decimal, for the code that prints
 * without stdio: the fatal path (arch/arm/exceptions.c), messages built
 * into the caller's buffer (audio/wavfile.c, app/args.c), the board's
 * last words.  Pure code, no allocation, any context.
 */
#ifndef KOI_DECIMAL_H
#define KOI_DECIMAL_H

#include <stdint.h>

/* Room for any uint64_t: 20 digits and the NUL. */
#define DEC_U64_CHARS 21u

/**
 * Writes v in decimal (no sign, no leading zeros; "0" for 0) at the end
 * of buf, NUL-terminated.
 * @param v    the value
 * @param buf  DEC_U64_CHARS bytes
 * @return its first digit (inside buf)
 */
char *dec_u64(uint64_t v, char buf[DEC_U64_CHARS]);

#endif /* KOI_DECIMAL_H */
