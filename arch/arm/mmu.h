/*
 * mmu.h — the MMU map and coherent DMA memory.
 *
 * mmu_init() builds an identity map from the linker's regions (see
 * linker.ld and pgtable.h for the memory types), then turns on the MMU,
 * the caches and branch prediction.  Everything not listed faults: the
 * first 64 KiB (NULL), stack guard pages, RAM past the heap.
 *
 * dma_alloc_coherent() hands out memory from the .dma region, mapped
 * Normal non-cacheable: the CPU and a device see the same bytes without
 * cache maintenance (the bare-metal form of Linux's dma_alloc_coherent).
 * It is never freed.
 */
#ifndef KOI_MMU_H
#define KOI_MMU_H

#include <stddef.h>
#include <stdint.h>

#include "boot/pgtable.h"

/* 0 or a negative errno (table pool too small: a linker-script bug). */
int mmu_init(void);
/* The tables in use (for tests that read descriptors back). */
const struct pt *mmu_tables(void);

/* ATS1CPR/ATS1CPW: the hardware's own translation of va for a privileged
 * read or write.  Returns the PAR value (bit 0 set: it would fault). */
uint32_t mmu_probe(uint32_t va, int write);

/* align: a power of two (0 means 64, a cache line).  NULL when the region
 * is exhausted. */
void *dma_alloc_coherent(size_t bytes, size_t align);
/* Bytes still free in the DMA region. */
size_t dma_coherent_free(void);
int dma_is_coherent(const void *p, size_t bytes);

#endif /* KOI_MMU_H */
