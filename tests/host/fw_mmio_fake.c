/* Register-model hooks for host tests; see fw_mmio_fake.h. */
#include "tests/host/fw_mmio_fake.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include "arch/arm/exceptions.h"
#include "arch/arm/mmu.h"
#include "drivers/mmio.h"

uint32_t (*fw_fake_read)(uintptr_t addr);
void (*fw_fake_write)(uintptr_t addr, uint32_t val);

uint32_t koi_host_mmio_read32(uintptr_t addr)
{
	return fw_fake_read ? fw_fake_read(addr) : 0;
}

void koi_host_mmio_write32(uintptr_t addr, uint32_t val)
{
	if (fw_fake_write)
		fw_fake_write(addr, val);
}

/* Each distinct buffer gets a 1 MiB window of bus addresses; coherent
 * memory (the arena below) is one window of its own, linear, so a device
 * model can find a ring's parts from its base as a device does. */
#define SLOTS 64
#define WINDOW 0x100000u
#define BUS_BASE 0x40000000u
#define BUS_ARENA 0x80000000u
#define ARENA_BYTES (1u << 20)
static const void *slot[SLOTS];
static _Alignas(4096) unsigned char arena[ARENA_BYTES];
static size_t arena_used;

uint32_t koi_host_phys(const void *p)
{
	const unsigned char *c = p;
	if (c >= arena && c < arena + sizeof(arena))
		return BUS_ARENA + (uint32_t)(c - arena);
	for (unsigned i = 0; i < SLOTS; i++) {
		if (slot[i] == p || !slot[i]) {
			slot[i] = p;
			return BUS_BASE + i * WINDOW;
		}
	}
	return 0;
}

void *fw_fake_dma(uint32_t a)
{
	if (a >= BUS_ARENA && a < BUS_ARENA + sizeof(arena))
		return arena + (a - BUS_ARENA);
	if (a < BUS_BASE || a >= BUS_BASE + SLOTS * WINDOW)
		return NULL;
	const void *p = slot[(a - BUS_BASE) / WINDOW];
	return p ? (char *)(uintptr_t)p + (a - BUS_BASE) % WINDOW : NULL;
}

/* --- interrupt lines and coherent memory, for drivers built on the host --- */

static struct { void (*isr)(void *); void *ctx; } lines[32];

void fw_fake_attach(uint32_t irq, void (*isr)(void *ctx), void *ctx)
{
	if (irq < 32) {
		lines[irq].isr = isr;
		lines[irq].ctx = ctx;
	}
}

void fw_fake_irq(uint32_t irq)
{
	if (irq < 32 && lines[irq].isr)
		lines[irq].isr(lines[irq].ctx);
}

/* One arena, like the linker's .dma region (declared above). */
void fw_fake_dma_reset(void)
{
	arena_used = 0;
}

void *dma_alloc_coherent(size_t bytes, size_t align)
{
	if (!align)
		align = 64;
	size_t p = (arena_used + align - 1u) & ~(align - 1u);
	if (p > sizeof(arena) || bytes > sizeof(arena) - p)
		return NULL;
	arena_used = p + bytes;
	return arena + p;
}

int dma_is_coherent(const void *p, size_t bytes)
{
	const unsigned char *c = p;
	return c >= arena && c <= arena + sizeof(arena) &&
	       bytes <= (size_t)(arena + sizeof(arena) - c);
}

/* The fatal path of drivers built on the host (an unexpected interrupt in
 * the GIC): a test that gets here has failed. */
void exc_panic(enum exc_type type, const char *msg, uint32_t value)
{
	fprintf(stderr, "exc_panic(%d): %s %#x\n", (int)type, msg, (unsigned)value);
	abort();
}
