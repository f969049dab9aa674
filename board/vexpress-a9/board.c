/*
 * The Versatile Express A9 board (QEMU's -M vexpress-a9, Debian's stock
 * qemu-system-arm): its boot stages (board/boot.h) and board.h on its
 * devices.
 *
 * There is no bus to discover: the machine is the table in
 * regs/vexpress_a9_machine.h, as a boot loader's or a device tree's would
 * be.  Stage 6 checks the table against the hardware the way Linux's AMBA
 * bus does: the motherboard's identity register, and the PrimeCell ID
 * registers at the top of each peripheral's page.
 *
 *   console     PL011 UART0, 115200 8N1 from the 24 MHz UART clock
 *   interrupts  the Cortex-A9 MPCore's GIC (distributor and CPU interface)
 *   clock       SP804 timers 0 and 1 (1 MHz): a 64-bit clock and alarms
 *   sound       PL041 AACI with the LM4549 codec, started on first use
 *   exit        semihosting, else the motherboard's power-off (SYS_CFGCTRL)
 */
#include "board/board.h"

#include <errno.h>

#include "arch/arm/exceptions.h"
#include "board/boot.h"
#include "board/common.h"
#include "board/vexpress-a9/vexpress.h"
#include "drivers/mmio.h"
#include "drivers/semihost.h"
#include "regs/primecell.h"
#include "regs/v2m_sysreg.h"

struct vexpress_board vexpress_board;
#define B vexpress_board

#define CONSOLE_BAUD 115200u

const struct mmu_region board_io_windows[] = {
	{ VEXPRESS_MB_BASE, VEXPRESS_MB_SIZE, PT_DEVICE },
	{ VEXPRESS_PRIV_BASE, VEXPRESS_PRIV_SIZE, PT_DEVICE },
};
const size_t board_io_window_count = sizeof(board_io_windows) / sizeof(board_io_windows[0]);

static void attach(uint32_t irq, irq_handler_fn isr, void *ctx)
{
	int r = gic_attach(&B.gic, VEXPRESS_GIC_ID(irq), isr, ctx);
	if (r)
		board_fail("interrupt line taken", r);
	gic_enable(&B.gic, VEXPRESS_GIC_ID(irq));
}

/* ---- stages ------------------------------------------------------------ */

void board_stage_console(void)
{
	if (pl011_init(&B.uart, VEXPRESS_UART0_BASE, VEXPRESS_UARTCLK_HZ, CONSOLE_BAUD) == 0)
		console_bind_serial(&B.uart.dev, false);
	exc_set_output(console_emergency_write);
}

void board_stage_interrupts(void)
{
	int r = gic_init(&B.gic, VEXPRESS_GICD_BASE, VEXPRESS_GICC_BASE);
	if (r)
		board_fail("GIC", r);
	/* On a real board the SP810 system controller selects TIMCLK (32 kHz
	 * or 1 MHz, SCCTRL.TIMEREN0SEL); QEMU has no SP810 and runs the SP804s
	 * at 1 MHz. */
	r = sp804_init(&B.timer, VEXPRESS_TIMER01_BASE, VEXPRESS_TIMCLK_HZ);
	if (r)
		board_fail("SP804 timer", r);
	attach(VEXPRESS_TIMER01_IRQ, sp804_isr, &B.timer);
	clock_bind(&B.timer.dev);
}

void board_stage_input(void)
{
	if (!pl011_ready(&B.uart))
		return;
	attach(VEXPRESS_UART0_IRQ, pl011_isr, &B.uart);
	console_bind_serial(&B.uart.dev, true);
}

/* ---- the device table --------------------------------------------------- */

/* The devices Koi uses, from the memory map.  part: the PrimeCell part
 * number stage 6 expects in the page's ID registers (0: not a PrimeCell). */
static const struct vexpress_device {
	const char *name;
	uint32_t base;
	int32_t irq;          /* motherboard interrupt, -1 for none */
	uint16_t part;
} devices[] = {
	{ "v2m_sysreg", VEXPRESS_SYSREG_BASE, -1, 0 },
	{ "pl041_aaci", VEXPRESS_AACI_BASE, VEXPRESS_AACI_IRQ, 0x041 },
	{ "pl011_uart0", VEXPRESS_UART0_BASE, VEXPRESS_UART0_IRQ, 0x011 },
	{ "sp804_timer01", VEXPRESS_TIMER01_BASE, VEXPRESS_TIMER01_IRQ, 0x804 },
	{ "gic_cpu", VEXPRESS_GICC_BASE, -1, 0 },
	{ "gic_distributor", VEXPRESS_GICD_BASE, -1, 0 },
};
#define NDEVICES (sizeof(devices) / sizeof(devices[0]))

static uint32_t id_byte(uint32_t base, uint32_t off)
{
	return mmio_read32(base + off) & 0xffu;
}

static void mismatch(const struct vexpress_device *d, const char *what, uint32_t got)
{
	exc_puts("koi: ");
	exc_puts(d->name);
	exc_puts(" at ");
	exc_puthex(d->base);
	exc_puts(": ");
	exc_puts(what);
	exc_puts(" ");
	exc_puthex(got);
	exc_puts("\n");
	board_fail("regs/vexpress_a9_machine.h does not describe this machine", -ENODEV);
}

void board_stage_devices(void)
{
	uint32_t id = mmio_read32(VEXPRESS_SYSREG_BASE + SYS_ID);
	if (((id >> SYS_ID_HBI_SHIFT) & SYS_ID_HBI_MASK) != V2M_P1_HBI)
		mismatch(&devices[0], "SYS_ID is not a V2M-P1 motherboard's:", id);
	for (size_t i = 0; i < NDEVICES; i++) {
		const struct vexpress_device *d = &devices[i];
		if (!d->part)
			continue;
		uint32_t cell = 0;
		for (uint32_t k = 0; k < 4u; k++)
			cell |= id_byte(d->base, PRIMECELL_CELLID0 + 4u * k) << (8u * k);
		uint32_t id1 = id_byte(d->base, PRIMECELL_PERIPHID1);
		uint32_t part = id_byte(d->base, PRIMECELL_PERIPHID0) | (id1 & 0xfu) << 8;
		uint32_t designer = id1 >> 4 | (id_byte(d->base, PRIMECELL_PERIPHID2) & 0xfu) << 4;
		if (cell != PRIMECELL_CELLID)
			mismatch(d, "no PrimeCell here: cell ID", cell);
		if (part != d->part || designer != PRIMECELL_DESIGNER_ARM)
			mismatch(d, "another PrimeCell here: part", part);
	}
}

size_t board_device_count(void)
{
	return NDEVICES;
}

int board_device_get(size_t index, struct board_device_info *info)
{
	if (index >= NDEVICES)
		return -ENOENT;
	const struct vexpress_device *d = &devices[index];
	*info = (struct board_device_info){
		.name = d->name, .base = d->base, .size = 0x1000u,
		.irq = d->irq >= 0 ? (int32_t)VEXPRESS_GIC_ID((uint32_t)d->irq) : -1,
	};
	return 0;
}

/* ---- board.h ------------------------------------------------------------ */

static void delay_us(uint32_t us)
{
	board_delay_ns((uint64_t)us * 1000u);
}

/* The PCM ring's memory: the AACI has no DMA, any RAM does. */
static _Alignas(64) uint8_t aaci_ring[64u * 1024u];

static const struct pl041_config aaci_config = {
	.base = VEXPRESS_AACI_BASE,
	.delay_us = delay_us,
	.now_ns = board_now_ns,
	.ring = aaci_ring,
	.ring_bytes = sizeof(aaci_ring),
};

/* The AACI, the LM4549 on its AC-link, the two bound, the line wired. */
int board_audio_dev(struct audio_dev **out)
{
	if (!B.aaci_up) {
		int r = pl041_init(&B.aaci, &aaci_config);
		if (!r)
			r = lm4549_init(&B.codec, &B.aaci.link, delay_us, LM4549_RATE_RESET);
		if (!r)
			r = pl041_bind_codec(&B.aaci, &B.codec.codec);
		if (!r)
			r = gic_attach(&B.gic, VEXPRESS_GIC_ID(VEXPRESS_AACI_IRQ), pl041_isr, &B.aaci);
		if (r)
			return r;
		gic_enable(&B.gic, VEXPRESS_GIC_ID(VEXPRESS_AACI_IRQ));
		B.aaci_up = true;
	}
	*out = &B.aaci.dev;
	return 0;
}

const char *board_audio_name(void)
{
	return "PL041 AACI with an LM4549 codec at 0x10004000";
}

const char *board_audio_capture_hint(void)
{
	return "QEMU's PL041 model has no capture path: record on goldfish";
}

/* Until the PL041's sample clock says its sound is out (QEMU's ticks
 * included). */
uint64_t board_audio_drain_ns(void)
{
	return B.aaci_up ? pl041_drain_ns(&B.aaci) : 0;
}

void irq_handle(void)
{
	gic_dispatch(&B.gic);
}

/* The motherboard's power-off: one write transfer on its configuration
 * bus (function SHUTDOWN, site 0: the motherboard, device 0).  It carries
 * no status: board_power_off says it first. */
static void power_off(void)
{
	mmio_write32(VEXPRESS_SYSREG_BASE + SYS_CFGDATA, 0);
	mmio_write32(VEXPRESS_SYSREG_BASE + SYS_CFGCTRL, SYS_CFGCTRL_START | SYS_CFGCTRL_WRITE |
		     SYS_CFG_SHUTDOWN << SYS_CFGCTRL_FUNC_SHIFT);
}

void board_exit(int status)
{
	semihost_exit(status);
	board_power_off(status, power_off);
}
