/*
 * The virt board (QEMU's -M virt, 32-bit, Cortex-A15): its boot stages
 * (board/boot.h) and board.h on its devices.
 *
 *   console     PL011 UART0, 115200 8N1 (QEMU ignores the divisors)
 *   interrupts  GICv2 (distributor and CPU interface): drivers/gic.c
 *   clock       the Arm generic timer's virtual timer (PPI 27)
 *   sound       virtio-sound, found by scanning the 32 virtio-mmio slots
 *               for device ID 25; started on first use
 *   exit        semihosting, else PSCI SYSTEM_OFF (by HVC)
 *
 * The fixed devices are the table in regs/virt_machine.h; the virtio-mmio
 * slots are a bus: each slot says what it holds (magic value, version,
 * device ID), and QEMU fills them from the top (the first -device on the
 * command line lands in slot 31), so stage 6 reads all of them.
 */
#include "board/board.h"

#include <errno.h>

#include "arch/arm/exceptions.h"
#include "board/boot.h"
#include "board/common.h"
#include "board/virt/virt.h"
#include "drivers/semihost.h"
#include "drivers/virtio_mmio.h"
#include "regs/psci.h"

struct virt_board virt_board = { .snd_slot = -1 };
#define B virt_board

#define CONSOLE_BAUD 115200u

const struct mmu_region board_io_windows[] = {
	{ VIRT_GIC_WINDOW, VIRT_GIC_WINDOW_SIZE, PT_DEVICE },
	{ VIRT_UART_WINDOW, VIRT_UART_WINDOW_SIZE, PT_DEVICE },
	{ VIRT_MMIO_WINDOW, VIRT_MMIO_WINDOW_SIZE, PT_DEVICE },
};
const size_t board_io_window_count = sizeof(board_io_windows) / sizeof(board_io_windows[0]);

static void attach(uint32_t id, irq_handler_fn isr, void *ctx)
{
	int r = gic_attach(&B.gic, id, isr, ctx);
	if (r)
		board_fail("interrupt line taken", r);
	gic_enable(&B.gic, id);
}

/* ---- stages ------------------------------------------------------------ */

void board_stage_console(void)
{
	if (pl011_init(&B.uart, VIRT_UART0_BASE, VIRT_UARTCLK_HZ, CONSOLE_BAUD) == 0)
		console_bind_serial(&B.uart.dev, false);
	exc_set_output(console_emergency_write);
}

void board_stage_interrupts(void)
{
	int r = gic_init(&B.gic, VIRT_GICD_BASE, VIRT_GICC_BASE);
	if (r)
		board_fail("GIC", r);
	r = generic_timer_init(&B.timer);
	if (r)
		board_fail("generic timer (CNTFRQ)", r);
	attach(GENERIC_TIMER_PPI_VIRT, generic_timer_isr, &B.timer);
	clock_bind(&B.timer.dev);
}

void board_stage_input(void)
{
	if (!pl011_ready(&B.uart))
		return;
	attach(VIRT_GIC_ID(VIRT_UART0_IRQ), pl011_isr, &B.uart);
	console_bind_serial(&B.uart.dev, true);
}

/* ---- the device table --------------------------------------------------- */

struct virt_device {
	const char *name;
	uint32_t base, size;
	int32_t irq;           /* GIC ID, -1 for none */
};

#define MAX_DEVICES (3u + VIRT_MMIO_SLOTS)
static struct virt_device devices[MAX_DEVICES] = {
	{ "gic_distributor", VIRT_GICD_BASE, 0x1000u, -1 },
	{ "gic_cpu", VIRT_GICC_BASE, 0x2000u, -1 },
	{ "pl011_uart0", VIRT_UART0_BASE, 0x1000u, (int32_t)VIRT_GIC_ID(VIRT_UART0_IRQ) },
};
static size_t ndevices = 3;

/* Names of the virtio device IDs (VIRTIO 1.2, 5) a slot may hold. */
static const char *virtio_name(uint32_t id)
{
	switch (id) {
	case 1: return "virtio_net";
	case 2: return "virtio_block";
	case 3: return "virtio_console";
	case 4: return "virtio_rng";
	case 18: return "virtio_input";
	case VIRTIO_ID_SOUND: return "virtio_sound";
	default: return "virtio_other";
	}
}

void board_stage_devices(void)
{
	ndevices = 3;
	for (uint32_t i = 0; i < VIRT_MMIO_SLOTS; i++) {
		uint32_t id;
		int r = virtio_mmio_probe(VIRT_MMIO_SLOT_BASE(i), &id);
		if (r)
			board_fail("no virtio-mmio interface where regs/virt_machine.h puts slot", r);
		if (!id)
			continue;
		devices[ndevices++] = (struct virt_device){
			virtio_name(id), VIRT_MMIO_SLOT_BASE(i), VIRT_MMIO_STRIDE,
			(int32_t)VIRT_MMIO_SLOT_ID(i),
		};
		if (id == VIRTIO_ID_SOUND && B.snd_slot < 0)
			B.snd_slot = (int32_t)i;
	}
}

size_t board_device_count(void)
{
	return ndevices;
}

int board_device_get(size_t index, struct board_device_info *info)
{
	if (index >= ndevices)
		return -ENOENT;
	const struct virt_device *d = &devices[index];
	*info = (struct board_device_info){ .name = d->name, .base = d->base,
					    .size = d->size, .irq = d->irq };
	return 0;
}

/* ---- board.h ------------------------------------------------------------ */

static const struct virtio_snd_clock snd_clock = {
	.now_ns = board_now_ns, .alarm_at = board_alarm_at, .alarm_cancel = board_alarm_cancel,
};

int board_audio_dev(struct audio_dev **out)
{
	if (!B.snd_up) {
		if (B.snd_slot < 0)
			return -ENODEV;
		int r = virtio_snd_init(&B.snd, VIRT_MMIO_SLOT_BASE(B.snd_slot), &snd_clock);
		if (r)
			return r;
		uint32_t id = VIRT_MMIO_SLOT_ID(B.snd_slot);
		r = gic_attach(&B.gic, id, virtio_snd_isr, &B.snd);
		if (r)
			return r;
		gic_enable(&B.gic, id);
		B.snd_up = true;
	}
	*out = &B.snd.dev;
	return 0;
}

const char *board_audio_name(void)
{
	return "virtio-sound device (ID 25) in a virtio-mmio slot at 0x0a000000..0x0a003fff "
	       "(-device virtio-sound-device,audiodev=...)";
}

const char *board_audio_capture_hint(void)
{
	return "the virtio-sound device has no input stream (QEMU: -device "
	       "virtio-sound-device,streams=2 gives one)";
}

/* QEMU's virtio-sound returns a message once its audio core has taken
 * the frames (AUD_write), not once they are out: the core's buffers still
 * hold up to QEMU_HELD_FRAMES (its voice's and the backend's, 1024 frames
 * each for the wav backend), let out at its 10 ms timer tick.  The device
 * could say so in latency_bytes; QEMU's says 0. */
#define QEMU_HELD_FRAMES 2048u
#define QEMU_TICK_MARGIN_NS 50000000ull

uint64_t board_audio_drain_ns(void)
{
	if (!B.snd_up)
		return 0;
	uint32_t rate = B.snd.dir[AUDIO_PLAYBACK].caps.rate;
	return QEMU_TICK_MARGIN_NS + (uint64_t)QEMU_HELD_FRAMES * 1000000000ull / (rate ? rate : 1u);
}

void irq_handle(void)
{
	gic_dispatch(&B.gic);
}

/* PSCI SYSTEM_OFF by HVC (QEMU implements PSCI itself on -M virt).  It
 * carries no status: board_power_off says it first. */
static void power_off(void)
{
	register uint32_t r0 __asm__("r0") = PSCI_0_2_FN_SYSTEM_OFF;
	__asm__ volatile(".arch_extension virt\n\thvc #0" : "+r"(r0) :: "memory");
}

void board_exit(int status)
{
	semihost_exit(status);
	board_power_off(status, power_off);
}
