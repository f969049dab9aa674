/*
 * src_before.h — the rate converter before issue 21 (commit SRC_BEFORE in
 * tests/bench/bench.mk), linked into bench_src.elf beside today's.
 *
 * bench.mk compiles that commit's audio/convert.c with its own
 * audio/convert.h, links it with tests/bench/src_before.c into one object
 * and makes every symbol but these two local, so the old converter's
 * convert_init() and friends cannot clash with today's.  Its structure
 * stays behind this interface: the caller sees only storage and a source.
 */
#ifndef KOI_BENCH_SRC_BEFORE_H
#define KOI_BENCH_SRC_BEFORE_H

#include <stddef.h>
#include <stdint.h>

#include "audio/source.h"

/* Bytes the old converter needs from in_rate to out_rate; 0 if it could
 * not convert between them. */
size_t src_before_size(uint32_t in_rate, uint32_t out_rate);

/* Its struct convert_input was declared the same as today's (audio/convert.h):
 * one read() hook, rate and channels. */
struct convert_input;

/* The old converter in mem (size bytes, from src_before_size) playing the
 * input `in` at out_rate in stereo (convert_init_input): its source, or
 * NULL when it refused. */
struct koi_source *src_before_init(void *mem, size_t size, struct convert_input *in,
				   uint32_t out_rate);

#endif /* KOI_BENCH_SRC_BEFORE_H */
