/* Goldfish TTY; see goldfish_tty.h. */
#include "drivers/goldfish_tty.h"

#include <errno.h>

#include "boot/cache.h"
#include "boot/cpu.h"
#include "drivers/goldfish_pic.h"
#include "drivers/mmio.h"
#include "drivers/ringbuf.h"

static uintptr_t tty_base;
static uint32_t tty_irq;
static struct ringbuf rx;
static uint8_t rx_storage[TTY_RX_RING];
/* Device -> memory bounce buffer, one line-aligned block per ISR run. */
static uint8_t rx_bounce[128] __attribute__((aligned(64)));
static uint32_t rx_dropped; /* written in the ISR only */
static int rx_on;

int tty_init(uintptr_t base, uint32_t irq)
{
	if (!base)
		return -EINVAL;
	if (mmio_read32(base + TTY_VERSION) == 0)
		return -ENODEV;
	mmio_write32(base + TTY_CMD, TTY_CMD_INT_DISABLE);
	ringbuf_init(&rx, rx_storage, sizeof(rx_storage));
	rx_dropped = 0;
	tty_irq = irq;
	tty_base = base;
	return 0;
}

int tty_ready(void)
{
	return tty_base != 0;
}

void tty_putc_poll(char c)
{
	if (tty_base)
		mmio_write32(tty_base + TTY_PUT_CHAR, (uint8_t)c);
}

int tty_write(const char *buf, size_t len)
{
	if (!tty_base)
		return -ENODEV;
	if (!len)
		return 0;
	cache_clean_range(buf, len);
	mmio_wmb();
	/* DATA_PTR/LEN/CMD is one transaction the RX ISR also uses. */
	uint32_t s = irq_save();
	mmio_write32(tty_base + TTY_DATA_PTR, mmio_phys(buf));
	mmio_write32(tty_base + TTY_DATA_PTR_HIGH, 0);
	mmio_write32(tty_base + TTY_DATA_LEN, (uint32_t)len);
	mmio_write32(tty_base + TTY_CMD, TTY_CMD_WRITE_BUFFER);
	irq_restore(s);
	return 0;
}

static void tty_isr(void *ctx)
{
	(void)ctx;
	/* Reading the FIFO empty is what lowers the line; drain it all even
	 * if the ring is full (the excess is counted as dropped). */
	for (;;) {
		uint32_t n = mmio_read32(tty_base + TTY_BYTES_READY);
		if (!n)
			break;
		if (n > sizeof(rx_bounce))
			n = sizeof(rx_bounce);
		cache_invalidate_range(rx_bounce, sizeof(rx_bounce));
		mmio_write32(tty_base + TTY_DATA_PTR, mmio_phys(rx_bounce));
		mmio_write32(tty_base + TTY_DATA_PTR_HIGH, 0);
		mmio_write32(tty_base + TTY_DATA_LEN, n);
		mmio_write32(tty_base + TTY_CMD, TTY_CMD_READ_BUFFER);
		mmio_rmb();
		cache_invalidate_range(rx_bounce, sizeof(rx_bounce));
		rx_dropped += n - ringbuf_put(&rx, rx_bounce, n);
	}
}

int tty_rx_start(void)
{
	if (!tty_base)
		return -ENODEV;
	if (rx_on)
		return 0;
	int r = pic_register(tty_irq, tty_isr, NULL);
	if (r)
		return r;
	rx_on = 1;
	pic_enable(tty_irq);
	mmio_write32(tty_base + TTY_CMD, TTY_CMD_INT_ENABLE);
	return 0;
}

size_t tty_read(char *buf, size_t n)
{
	return ringbuf_get(&rx, (uint8_t *)buf, (uint32_t)n);
}

size_t tty_rx_available(void)
{
	return ringbuf_used(&rx);
}

uint32_t tty_rx_dropped(void)
{
	return rx_dropped;
}
