/* Register-model hooks for host tests; see fw_mmio_fake.h. */
#include "tests/host/fw_mmio_fake.h"

#include <stddef.h>

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

/* Each distinct buffer gets a 1 MiB window of bus addresses. */
#define SLOTS 64
#define WINDOW 0x100000u
#define BUS_BASE 0x40000000u
static const void *slot[SLOTS];

uint32_t koi_host_phys(const void *p)
{
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
	if (a < BUS_BASE || a >= BUS_BASE + SLOTS * WINDOW)
		return NULL;
	const void *p = slot[(a - BUS_BASE) / WINDOW];
	return p ? (char *)(uintptr_t)p + (a - BUS_BASE) % WINDOW : NULL;
}
