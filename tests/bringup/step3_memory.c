/*
 * Bring-up checkpoint 3: the MMU, the caches and the non-cacheable DMA
 * region.
 *
 * Stages 1-3: console, faults, then the MMU map (the image's regions from
 * the linker script, the board's device windows) with the data and
 * instruction caches on.  The checks read the map back two ways: the
 * hardware's own translation (ATS1CPR/W through mmu_probe) and a software
 * walk of the tables (pgtable.h's memory types), and allocate from the DMA
 * region.  The console still works afterwards, so the device window is
 * mapped as Device memory.
 */
#include <stdint.h>

#include "arch/arm/mmu.h"
#include "board/board.h"
#include "board/boot.h"
#include "tests/bringup/bringup.h"

extern char __text_start[], __rodata_start[], __data_start[], __dma_start[], __dma_end[];
extern char __stack_svc_guard[];

static uint32_t a(const void *p)
{
	return (uint32_t)(uintptr_t)p;
}

/* PAR bit 0: the translation would fault. */
static bool faults(uint32_t va, int write)
{
	return mmu_probe(va, write) & 1u;
}

static enum pt_type type_at(uint32_t va)
{
	uint32_t pa, desc;
	int level;
	if (pt_walk(mmu_tables(), va, &pa, &desc, &level))
		return PT_FAULT;
	return pt_desc_type(desc, level);
}

void boot_main(void)
{
	board_stage_console();
	board_stage_faults();
	board_stage_memory();
	uint32_t sctlr;
	__asm__ volatile("mrc p15, 0, %0, c1, c0, 0" : "=r"(sctlr));
	say("koi bring-up 3: MMU map of ");
	say_dec(board_io_window_count);
	say(" device window(s) and the image; DMA region ");
	say_hex(a(__dma_start));
	say("..");
	say_hex(a(__dma_end));
	say("\n");
	check((sctlr & 0x1005u) == 0x1005u, "SCTLR: MMU, data cache and instruction cache on");
	check(!faults(a(boot_main), 0) && faults(a(__text_start), 1),
	      "code is readable and read-only");
	check(type_at(a(__text_start)) == PT_CODE, "code is Normal cacheable and executable");
	check(faults(a(__rodata_start), 1) && type_at(a(__rodata_start)) == PT_RODATA,
	      "constants are read-only and execute-never");
	check(!faults(a(__data_start), 1) && type_at(a(__data_start)) == PT_RWDATA,
	      "data is read-write and execute-never");
	check(faults(0x8u, 0), "the NULL page faults");
	check(faults(a(__stack_svc_guard), 1), "the stack's guard page faults");
	check(type_at(a(__dma_start)) == PT_DMA && !faults(a(__dma_start), 1),
	      "the DMA region is Normal non-cacheable, read-write");
	bool dev = board_io_window_count > 0;
	for (size_t i = 0; i < board_io_window_count; i++)
		dev &= type_at(board_io_windows[i].base) == PT_DEVICE &&
		       type_at(board_io_windows[i].base + board_io_windows[i].size - 4u) == PT_DEVICE;
	check(dev, "every device window is Device memory, first to last page");
	uint8_t *p = dma_alloc_coherent(4096, 4096);
	check(p && dma_is_coherent(p, 4096) && ((uintptr_t)p & 4095u) == 0,
	      "dma_alloc_coherent gives aligned memory inside the region");
	step_end();
}
