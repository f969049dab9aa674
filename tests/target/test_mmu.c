/*
 * MMU map: every region's descriptor read back from the live tables, the
 * hardware's own translation (ATS1CPR/ATS1CPW -> PAR) for reads, writes
 * and faults, coherent DMA allocation, and the cache helpers.  QEMU does
 * not model caches, so the attributes are checked in the tables.  The
 * device windows are the board's (board_io_windows): any board.
 */
#include <stdint.h>
#include <string.h>

#include "arch/arm/cache.h"
#include "arch/arm/mmu.h"
#include "board/boot.h"
#include "tests/target/tap.h"

extern char __text_start[], __rodata_start[], __data_start[], __bss_start[];
extern char __stack_svc_guard[], __stack_svc_bottom[], __stack_irq_guard[];
extern char __dma_start[], __dma_end[], __heap_start[], __heap_end[];
extern char __pgtables_start[];

static const char *tname(enum pt_type t)
{
	static const char *const n[] = { "fault", "code", "rodata", "rwdata", "dma", "device" };
	return n[t];
}

static void check_type(const char *what, uintptr_t va, enum pt_type want, int want_level)
{
	uint32_t pa = 0, desc = 0;
	int level = 0;
	int r = pt_walk(mmu_tables(), (uint32_t)va, &pa, &desc, &level);
	enum pt_type got = r ? PT_FAULT : pt_desc_type(desc, level);
	tap_ok(got == want && (r || (pa == va && (!want_level || level == want_level))),
	       "%s %08lx: %s (level %d, desc %08lx)", what, (unsigned long)va,
	       tname(got), level, (unsigned long)desc);
}

static int par_fault(uint32_t par) { return par & 1u; }
static uint32_t par_pa(uint32_t par) { return par & 0xfffff000u; }

int main(void)
{
	tap_init();
	uint32_t ttbr0, dacr;
	__asm__ volatile("mrc p15, 0, %0, c2, c0, 0" : "=r"(ttbr0));
	__asm__ volatile("mrc p15, 0, %0, c3, c0, 0" : "=r"(dacr));
	tap_ok((ttbr0 & ~0x3fffu) == (uint32_t)(uintptr_t)mmu_tables()->l1 &&
	       (uintptr_t)mmu_tables()->l1 == (uintptr_t)__pgtables_start,
	       "TTBR0 holds the table in .pgtables");
	tap_ok(dacr == 1u, "DACR: domain 0 client, others no access");

	check_type("NULL page", 0x0, PT_FAULT, 0);
	check_type("page below the image", (uintptr_t)__text_start - 0x1000u, PT_FAULT, 0);
	check_type("text", (uintptr_t)__text_start, PT_CODE, 2);
	check_type("main", (uintptr_t)main & ~0xfffu, PT_CODE, 2);
	check_type("rodata", (uintptr_t)__rodata_start, PT_RODATA, 2);
	check_type("data", (uintptr_t)__data_start, PT_RWDATA, 2);
	check_type("bss", (uintptr_t)__bss_start & ~0xfffu, PT_RWDATA, 2);
	check_type("SVC stack guard", (uintptr_t)__stack_svc_guard, PT_FAULT, 0);
	check_type("IRQ stack guard", (uintptr_t)__stack_irq_guard, PT_FAULT, 0);
	check_type("SVC stack", (uintptr_t)__stack_svc_bottom, PT_RWDATA, 2);
	check_type("DMA region", (uintptr_t)__dma_start, PT_DMA, 1);
	check_type("heap", (uintptr_t)__heap_start, PT_RWDATA, 1);
	check_type("past the heap", (uintptr_t)__heap_end, PT_FAULT, 0);
	for (size_t i = 0; i < board_io_window_count; i++) {
		const struct mmu_region *w = &board_io_windows[i];
		uint32_t past = w->base + w->size;
		check_type("first page of a device window", w->base, PT_DEVICE, 0);
		check_type("last page of a device window", past - 0x1000u, PT_DEVICE, 0);
		int next_is_device = 0;
		for (size_t k = 0; k < board_io_window_count; k++)
			next_is_device |= board_io_windows[k].base == past;
		if (!next_is_device)
			check_type("page past a device window", past, PT_FAULT, 0);
	}

	/* The CPU's own walk agrees. */
	uint32_t par = mmu_probe((uint32_t)(uintptr_t)main, 0);
	tap_ok(!par_fault(par) && par_pa(par) == ((uint32_t)(uintptr_t)main & ~0xfffu),
	       "ATS1CPR code: identity (PAR %08lx)", (unsigned long)par);
	par = mmu_probe((uint32_t)(uintptr_t)__rodata_start, 1);
	tap_ok(par_fault(par), "ATS1CPW rodata: permission fault (PAR %08lx)", (unsigned long)par);
	par = mmu_probe((uint32_t)(uintptr_t)__text_start, 1);
	tap_ok(par_fault(par), "ATS1CPW code: permission fault (PAR %08lx)", (unsigned long)par);
	par = mmu_probe((uint32_t)(uintptr_t)__data_start, 1);
	tap_ok(!par_fault(par) && par_pa(par) == (uint32_t)(uintptr_t)__data_start,
	       "ATS1CPW data: writable");
	par = mmu_probe((uint32_t)(uintptr_t)__stack_svc_guard, 0);
	tap_ok(par_fault(par), "ATS1CPR stack guard: translation fault (PAR %08lx)", (unsigned long)par);
	par = mmu_probe(0x8u, 0);
	tap_ok(par_fault(par), "ATS1CPR NULL+8: translation fault");
	uint32_t dev_page = board_io_windows[0].base + board_io_windows[0].size - 0x1000u;
	par = mmu_probe(dev_page, 1);
	tap_ok(!par_fault(par) && par_pa(par) == dev_page, "ATS1CPW device: identity");
	par = mmu_probe((uint32_t)(uintptr_t)__dma_start + 0x1234u, 1);
	tap_ok(!par_fault(par) && par_pa(par) == (uint32_t)(uintptr_t)__dma_start + 0x1000u,
	       "ATS1CPW DMA: identity");

	/* Coherent allocations. */
	size_t before = dma_coherent_free();
	uint8_t *a = dma_alloc_coherent(1000, 0);
	uint8_t *b = dma_alloc_coherent(64, 4096);
	tap_ok(a && b && dma_is_coherent(a, 1000) && dma_is_coherent(b, 64) &&
	       ((uintptr_t)a & 63u) == 0 && ((uintptr_t)b & 4095u) == 0 && b >= a + 1000,
	       "dma_alloc_coherent: inside .dma, aligned, disjoint");
	tap_ok(!dma_alloc_coherent(before + 1, 0), "dma_alloc_coherent: NULL past the region");
	tap_ok(!dma_alloc_coherent(16, 3), "dma_alloc_coherent: NULL for a bad alignment");
	memset(a, 0x5a, 1000);
	tap_ok(a[0] == 0x5a && a[999] == 0x5a, "DMA memory reads back");

	/* Cache helpers keep the data (no caches in QEMU: must not lose any). */
	static uint8_t buf[300];
	for (unsigned i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)i;
	cache_clean_range(buf + 3, 200);
	cache_flush_range(buf, sizeof(buf));
	cache_invalidate_range(buf + 1, 250);
	int same = 1;
	for (unsigned i = 0; i < sizeof(buf); i++)
		same &= buf[i] == (uint8_t)i;
	tap_ok(same, "clean/flush/invalidate on unaligned ranges keep the data");
	uint32_t line = cache_line_size();
	tap_ok(line >= 16 && line <= 128 && !(line & (line - 1)), "D-cache line %lu bytes",
	       (unsigned long)line);
	return tap_done();
}
