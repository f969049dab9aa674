/* Unsigned integers in decimal; see decimal.h. */
#include "lib/decimal.h"

char *dec_u64(uint64_t v, char buf[DEC_U64_CHARS])
{
	char *p = buf + DEC_U64_CHARS - 1u;
	*p = '\0';
	do {
		*--p = (char)('0' + v % 10u);
		v /= 10u;
	} while (v);
	return p;
}
