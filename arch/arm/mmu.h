/*
 * mmu.h — the MMU map and coherent DMA memory.
 *
 * mmu_init() builds an identity map of the image from the linker's regions
 * and of the windows the board lists (its device registers: PT_DEVICE),
 * then turns on the MMU, the caches and branch prediction (pgtable.h has
 * the memory types).  Everything not listed faults: the first 64 KiB
 * (NULL), stack guard pages, RAM past the heap, device space the board did
 * not list.
 *
 * The image's regions are a contract with the board's linker script, which
 * must define (each 4 KiB aligned; "end" is exclusive):
 *   __text_start __text_end          code, read-only, executable
 *   __rodata_start __rodata_end      constants, read-only
 *   __data_start __rwdata_end        .data and .bss
 *   __stack_{und,abt,irq,svc}_{guard,bottom,top}
 *                                    each mode's stack above an unmapped
 *                                    guard page (start.S, exceptions.c)
 *   __pgtables_start __pgtables_end  .pgtables.l1 (16 KiB aligned), .pgtables.l2
 *   __dma_start __dma_end            the coherent DMA region (Normal non-cacheable)
 *   __heap_start __heap_end          malloc's arena (board/syscalls.c)
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

#include "arch/arm/pgtable.h"

/* One window of the board's physical address space, mapped 1:1. */
struct mmu_region {
	uint32_t base, size;   /* 4 KiB aligned */
	enum pt_type type;     /* PT_DEVICE for registers */
};

/**
 * Builds the tables (the image's sections, the DMA region, the board's
 * windows) and turns the MMU and caches on.  A failure is a board or
 * linker-script bug.
 * @param io    the board's device windows
 * @param n_io  how many
 * @return 0
 * @retval -ENOMEM  any failure: the table pool is too small, or a window
 *                  is not 4 KiB aligned (pt_map's errors are merged)
 */
int mmu_init(const struct mmu_region *io, size_t n_io);
/**
 * The tables in use (for tests that read descriptors back).
 * @return them
 */
const struct pt *mmu_tables(void);

/**
 * ATS1CPR/ATS1CPW: the hardware's own translation of va for a privileged
 * read or write.
 * @param va     the address
 * @param write  nonzero for a write
 * @return the PAR value (bit 0 set: it would fault)
 */
uint32_t mmu_probe(uint32_t va, int write);

/**
 * Memory from the DMA region (never cached); never freed.
 * @param bytes  size
 * @param align  a power of two (0 means 64, a cache line)
 * @return the memory, or NULL when the region is exhausted
 */
void *dma_alloc_coherent(size_t bytes, size_t align);
/**
 * Bytes still free in the DMA region.
 * @return them
 */
size_t dma_coherent_free(void);
/**
 * Whether p..p+bytes lies wholly inside the DMA region.
 * @param p      start
 * @param bytes  length
 * @return 1 if it does, else 0
 */
int dma_is_coherent(const void *p, size_t bytes);

#endif /* KOI_MMU_H */
