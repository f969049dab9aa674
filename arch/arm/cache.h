/*
 * cache.h — data-cache maintenance for streaming DMA (buffers in ordinary
 * cacheable RAM that a device reads or writes).
 *
 *   before a device reads memory:   cache_clean_range()
 *   before a device writes memory:  cache_invalidate_range(), and again
 *                                   after it is done, before the CPU reads
 *
 * Operations act on whole lines to the point of coherency and end with a
 * DSB.  cache_invalidate_range() cleans the partial lines at either end
 * first so that neighbouring data is never thrown away.  Memory from
 * dma_alloc_coherent() (arch/arm/mmu.h) is uncached and needs none of this.
 * QEMU does not model caches; these are still the operations real silicon
 * needs, and the MMU test checks the attributes they rely on.
 */
#ifndef KOI_CACHE_H
#define KOI_CACHE_H

#include <stddef.h>
#include <stdint.h>

#ifdef KOI_HOST
static inline void cache_clean_range(const void *p, size_t n) { (void)p; (void)n; }
static inline void cache_invalidate_range(void *p, size_t n) { (void)p; (void)n; }
static inline void cache_flush_range(const void *p, size_t n) { (void)p; (void)n; }
#else
/**
 * Cleans (writes back) the data-cache lines that hold p..p+n.
 * @param p  start of the range
 * @param n  bytes
 */
void cache_clean_range(const void *p, size_t n);
/**
 * Invalidates (discards) the data-cache lines that hold p..p+n.
 * @param p  start of the range
 * @param n  bytes
 */
void cache_invalidate_range(void *p, size_t n);
/**
 * Cleans and invalidates the data-cache lines that hold p..p+n.
 * @param p  start of the range
 * @param n  bytes
 */
void cache_flush_range(const void *p, size_t n);
/**
 * Smallest data-cache line (CTR.DminLine).
 * @return its size in bytes
 */
uint32_t cache_line_size(void);
/**
 * Whole-cache operations for boot: invalidate the instruction cache, and
 * all data/unified levels up to the point of coherency (by set/way) unless
 * the core already did so at reset (see cache.c).
 */
void cache_invalidate_all(void);
#endif

#endif /* KOI_CACHE_H */
