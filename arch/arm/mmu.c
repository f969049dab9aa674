/* MMU bring-up and the coherent DMA region; see mmu.h. */
#include "arch/arm/mmu.h"

#include <errno.h>

#include "arch/arm/cache.h"

extern char __text_start[], __text_end[];
extern char __rodata_start[], __rodata_end[];
extern char __data_start[], __rwdata_end[];
extern char __stack_und_guard[], __stack_und_bottom[], __stack_und_top[];
extern char __stack_abt_guard[], __stack_abt_bottom[], __stack_abt_top[];
extern char __stack_irq_guard[], __stack_irq_bottom[], __stack_irq_top[];
extern char __stack_svc_guard[], __stack_svc_bottom[], __stack_svc_top[];
extern char __pgtables_start[], __pgtables_end[];
extern char __dma_start[], __dma_end[];
extern char __heap_start[], __heap_end[];

#define L2_TABLES 8u

static uint32_t l1[PT_L1_ENTRIES] __attribute__((section(".pgtables.l1"), aligned(16384)));
static uint32_t l2[L2_TABLES][PT_L2_ENTRIES]
	__attribute__((section(".pgtables.l2"), aligned(1024)));
static struct pt tables;

static uint32_t a(const void *p) { return (uint32_t)(uintptr_t)p; }

static int map(const void *start, const void *end, enum pt_type t)
{
	return pt_map(&tables, a(start), a(start), a(end) - a(start), t);
}

int mmu_init(const struct mmu_region *io, size_t n_io)
{
	int r = 0;
	pt_init(&tables, l1, l2, L2_TABLES, a(l2));
	r |= map(__text_start, __text_end, PT_CODE);
	r |= map(__rodata_start, __rodata_end, PT_RODATA);
	r |= map(__data_start, __rwdata_end, PT_RWDATA);
	/* Guard pages stay unmapped between the stacks. */
	r |= map(__stack_und_bottom, __stack_und_top, PT_RWDATA);
	r |= map(__stack_abt_bottom, __stack_abt_top, PT_RWDATA);
	r |= map(__stack_irq_bottom, __stack_irq_top, PT_RWDATA);
	r |= map(__stack_svc_bottom, __stack_svc_top, PT_RWDATA);
	r |= map(__pgtables_start, __pgtables_end, PT_RWDATA);
	r |= map(__dma_start, __dma_end, PT_DMA);
	r |= map(__heap_start, __heap_end, PT_RWDATA);
	/* The board's windows last: they win over anything above. */
	for (size_t i = 0; i < n_io; i++)
		r |= pt_map(&tables, io[i].base, io[i].base, io[i].size, io[i].type);
	if (r)
		return -ENOMEM;

	/* Caches may hold garbage after reset (cortex-a9 does): invalidate
	 * everything the core did not before the first cacheable access. */
	cache_invalidate_all();
	__asm__ volatile(
		"mcr p15, 0, %0, c8, c7, 0\n\t"   /* TLBIALL */
		"mcr p15, 0, %1, c2, c0, 2\n\t"   /* TTBCR = 0: TTBR0 only, 4 GiB */
		"mcr p15, 0, %2, c2, c0, 0\n\t"   /* TTBR0: walks non-cacheable */
		"mcr p15, 0, %3, c3, c0, 0\n\t"   /* DACR: domain 0 client */
		"dsb\n\tisb"
		:: "r"(0), "r"(0), "r"(a(l1)), "r"(1u) : "memory");
	uint32_t sctlr;
	__asm__ volatile("mrc p15, 0, %0, c1, c0, 0" : "=r"(sctlr));
	sctlr |= (1u << 0) | (1u << 2) | (1u << 11) | (1u << 12); /* M C Z I */
	sctlr &= ~((1u << 1) | (1u << 28) | (1u << 29));          /* A TRE AFE */
	__asm__ volatile("mcr p15, 0, %0, c1, c0, 0\n\tisb" :: "r"(sctlr) : "memory");
	return 0;
}

const struct pt *mmu_tables(void)
{
	return &tables;
}

uint32_t mmu_probe(uint32_t va, int write)
{
	uint32_t par;
	if (write)
		__asm__ volatile("mcr p15, 0, %0, c7, c8, 1" :: "r"(va));
	else
		__asm__ volatile("mcr p15, 0, %0, c7, c8, 0" :: "r"(va));
	__asm__ volatile("isb\n\tmrc p15, 0, %0, c7, c4, 0" : "=r"(par));
	return par;
}

static uintptr_t dma_next;

void *dma_alloc_coherent(size_t bytes, size_t align)
{
	if (!align)
		align = 64;
	if (align & (align - 1u))
		return NULL;
	if (!dma_next)
		dma_next = (uintptr_t)__dma_start;
	uintptr_t p = (dma_next + align - 1u) & ~(uintptr_t)(align - 1u);
	if (p < dma_next || p > (uintptr_t)__dma_end || bytes > (uintptr_t)__dma_end - p)
		return NULL;
	dma_next = p + bytes;
	return (void *)p;
}

size_t dma_coherent_free(void)
{
	uintptr_t n = dma_next ? dma_next : (uintptr_t)__dma_start;
	return (uintptr_t)__dma_end - n;
}

int dma_is_coherent(const void *p, size_t bytes)
{
	uintptr_t s = (uintptr_t)p;
	return s >= (uintptr_t)__dma_start && s <= (uintptr_t)__dma_end &&
	       bytes <= (uintptr_t)__dma_end - s;
}
