/* Koi's goldfish power switch; see goldfish_poweroff.h. */
#include "drivers/goldfish_poweroff.h"

#include <errno.h>

#include "drivers/mmio.h"

static uintptr_t poweroff_base;

void poweroff_init(uintptr_t base)
{
	poweroff_base = base;
}

int poweroff(uint8_t status)
{
	if (!poweroff_base)
		return -ENODEV;
	mmio_write32(poweroff_base + GOLDFISH_POWEROFF_POWEROFF, status);
	/* QEMU exits inside the write; still here means it did not. */
	return -EIO;
}
