/*
 * The goldfish board: its boot stages (board/boot.h) and board.h on
 * goldfish's devices.
 *
 * Like the Android emulator's own ARM kernel (mach-goldfish), the board
 * takes the core of the machine from the memory map (regs/goldfish_machine.h):
 * the TTY as the first console, the interrupt controller and the timer.
 * Everything else is found on the platform bus (stage 6), which also
 * confirms the core's addresses.  The sound device is probed on first use
 * (board_audio_dev), so a program that plays nothing never touches it.
 */
#include "board/board.h"

#include <errno.h>

#include "arch/arm/cpu.h"
#include "arch/arm/exceptions.h"
#include "board/boot.h"
#include "board/common.h"
#include "board/goldfish/goldfish.h"
#include "drivers/goldfish_poweroff.h"
#include "drivers/semihost.h"

struct goldfish_board goldfish_board;
#define B goldfish_board

const struct mmu_region board_io_windows[] = {
	{ GOLDFISH_IO_BASE, GOLDFISH_IO_SIZE, PT_DEVICE },
};
const size_t board_io_window_count = sizeof(board_io_windows) / sizeof(board_io_windows[0]);

static void attach(uint32_t irq, irq_handler_fn isr, void *ctx)
{
	int r = goldfish_pic_attach(&B.pic, irq, isr, ctx);
	if (r)
		board_fail("interrupt line taken", r);
	goldfish_pic_enable(&B.pic, irq);
}

/* ---- stages ------------------------------------------------------------ */

void board_stage_console(void)
{
	/* No TTY (VERSION 0, or nothing there): the console is semihosting. */
	if (goldfish_tty_init(&B.tty, GOLDFISH_TTY_BASE) == 0)
		console_bind_serial(&B.tty.dev, false);
	exc_set_output(console_emergency_write);
}

void board_stage_interrupts(void)
{
	goldfish_pic_init(&B.pic, GOLDFISH_PIC_BASE);
	int r = goldfish_timer_init(&B.timer, GOLDFISH_TIMER_BASE);
	if (r)
		board_fail("goldfish_timer", r);
	attach(GOLDFISH_TIMER_IRQ, goldfish_timer_isr, &B.timer);
	clock_bind(&B.timer.dev);
}

void board_stage_input(void)
{
	if (!goldfish_tty_ready(&B.tty))
		return;
	attach(GOLDFISH_TTY_IRQ, goldfish_tty_isr, &B.tty);
	console_bind_serial(&B.tty.dev, true);
}

/* ---- the device table --------------------------------------------------- */

static int probe_poweroff(const struct bus_dev *d)
{
	B.poweroff = d->base;
	return 0;
}

static int probe_audio(const struct bus_dev *d)
{
	if (!d->irq_count)
		return -ENODEV;
	int r = goldfish_audio_init(&B.audio, d->base);
	if (r)
		return r;
	r = goldfish_pic_attach(&B.pic, d->irq, goldfish_audio_isr, &B.audio);
	if (!r)
		goldfish_pic_enable(&B.pic, d->irq);
	return r;
}

enum when { CORE, AT_BOOT, ON_DEMAND };

/* The devices Koi drives, by the name the platform bus gives them.  CORE
 * devices were started from the memory map before discovery (stages 1 and
 * 4); the bus must list them where the map says.  AT_BOOT ones are probed
 * in stage 6 when the bus lists them; ON_DEMAND ones on first use. */
static const struct board_device {
	const char *name;
	enum when when;
	uint32_t map_base;                      /* CORE: the memory map's base */
	int (*probe)(const struct bus_dev *d);  /* AT_BOOT, ON_DEMAND */
} devices[] = {
	{ "goldfish_interrupt_controller", CORE, GOLDFISH_PIC_BASE, NULL },
	{ "goldfish_timer", CORE, GOLDFISH_TIMER_BASE, NULL },
	{ "goldfish_tty", CORE, GOLDFISH_TTY_BASE, NULL },
	{ "goldfish_poweroff", AT_BOOT, 0, probe_poweroff },
	{ "goldfish_audio", ON_DEMAND, 0, probe_audio },
};
#define AUDIO_DEVICE (&devices[4])

void board_stage_devices(void)
{
	int n = goldfish_bus_enumerate(&B.bus, GOLDFISH_BUS_BASE);
	if (n < 0 && goldfish_bus_count(&B.bus) == 0)
		board_fail("platform bus enumeration failed", n);
	for (size_t i = 0; i < sizeof(devices) / sizeof(devices[0]); i++) {
		const struct board_device *dev = &devices[i];
		const struct bus_dev *d = goldfish_bus_find(&B.bus, dev->name, 0);
		if (dev->when == CORE && d && d->base != dev->map_base) {
			exc_puts("koi: the platform bus puts ");
			exc_puts(dev->name);
			exc_puts(" at ");
			exc_puthex(d->base);
			exc_puts(", the memory map at ");
			exc_puthex(dev->map_base);
			exc_puts("\n");
			board_fail("regs/goldfish_machine.h does not describe this machine", -EINVAL);
		}
		if (dev->when == AT_BOOT && d) {
			int r = dev->probe(d);
			if (r)
				board_fail(dev->name, r);
		}
	}
}

size_t board_device_count(void)
{
	return goldfish_bus_count(&B.bus);
}

int board_device_get(size_t index, struct board_device_info *info)
{
	const struct bus_dev *d = goldfish_bus_get(&B.bus, index);
	if (!d)
		return -ENOENT;
	*info = (struct board_device_info){
		.name = d->name, .base = d->base, .size = d->size,
		.irq = d->irq_count ? (int32_t)d->irq : -1,
	};
	return 0;
}

/* ---- board.h ------------------------------------------------------------ */

int board_audio_dev(struct audio_dev **out)
{
	if (!B.audio_up) {
		const struct bus_dev *d = goldfish_bus_find(&B.bus, AUDIO_DEVICE->name, 0);
		int r = d ? AUDIO_DEVICE->probe(d) : -ENODEV;
		if (r)
			return r;
		B.audio_up = true;
	}
	*out = &B.audio.dev;
	return 0;
}

const char *board_audio_name(void)
{
	return "goldfish_audio device on the platform bus";
}

const char *board_audio_capture_hint(void)
{
	return "make run: CAPTURE=in.wav, an 8 kHz mono 16-bit WAV; make play: the host's microphone";
}

/* QEMU's audio core moves what the device played to the backend on its own
 * 10 ms tick, and nothing flushes it at exit: that much virtual time (and
 * some), or the last frames never reach out.wav. */
uint64_t board_audio_drain_ns(void)
{
	return 50000000ull;
}

void irq_handle(void)
{
	goldfish_pic_dispatch(&B.pic);
}

void board_exit(int status)
{
	semihost_exit(status);
	goldfish_poweroff(B.poweroff, (uint8_t)status);
	exc_puts("koi: no semihosting and no goldfish_poweroff device to exit through: halted\n");
	for (;;) {
		irq_disable();
		cpu_wfi();
	}
}
