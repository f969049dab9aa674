/* The old converter behind src_before.h: built with -I of the old
 * audio/convert.h (tests/bench/bench.mk), so convert_* here are its. */
#include "tests/bench/src_before.h"

#include "audio/convert.h"

size_t src_before_size(uint32_t in_rate, uint32_t out_rate)
{
	return convert_size(in_rate, out_rate);
}

struct koi_source *src_before_init(void *mem, size_t size, struct convert_input *in,
				   uint32_t out_rate)
{
	struct convert *c = mem;
	if (convert_init_input(c, size, in, out_rate, 2, 1.0))
		return NULL;
	return &c->src;
}
