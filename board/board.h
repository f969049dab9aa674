/*
 * board.h — what a board gives the program above it.  app/ sees the
 * machine through this header alone; so do the test images that run on
 * any board.  Each board implements it in board/NAME/ (goldfish today:
 * board/goldfish/board.c), helped by the board-independent parts in board/
 * (console routing, the wait, newlib's system calls, the command line).
 *
 * Start-up, the same on every board:
 *   arch/arm/start.S  reset, vectors, stacks, .data, .bss
 *   boot_main()       the board: MMU map, its devices (found on a bus or
 *                     listed in a table), interrupt controller, clock,
 *                     console; interrupts on; newlib's constructors; the
 *                     command line (semihosting) split into words
 *   main(argc, argv)  the program; its return value goes to board_exit()
 *
 * Contexts: everything here is for the main loop unless it says otherwise.
 * board_now_ns() and the alarm functions may also be called from interrupt
 * handlers and alarm callbacks.
 */
#ifndef KOI_BOARD_H
#define KOI_BOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/alarmq.h"

struct audio_dev;

/**
 * Ends the run: semihosting's exit when QEMU offers it, otherwise the
 * board's power switch, otherwise a visible halt.  Safe from fault
 * handlers.
 * @param status  0..255
 */
void board_exit(int status) __attribute__((noreturn));

/* The firmware's exit statuses, named once (app/main.c says when each is
 * given; board_cmdline() ends a run with KOI_EXIT_ARGS too).  Faults end
 * with 128 and more (arch/arm/exceptions.h). */
enum koi_exit {
	KOI_EXIT_PLAYED = 0,
	KOI_EXIT_STREAM = 1,  /* the stream or the recording failed */
	KOI_EXIT_ARGS = 2,    /* bad arguments, or an input that cannot play */
	KOI_EXIT_DEVICE = 3,  /* no audio device, or one Koi cannot serve */
};

/* ---- time ------------------------------------------------------------- */

/**
 * Monotonic time since reset (QEMU's virtual clock on goldfish).
 * @return ns
 */
uint64_t board_now_ns(void);
/**
 * One-shot alarm at an absolute time.  fn runs in interrupt context and
 * may re-arm.
 * @param a     the alarm, in the caller's memory
 * @param when  ns (in the past: at once)
 * @param fn    called with a and ctx
 * @param ctx   passed to fn
 * @return 0
 * @retval -EBUSY   a is still queued
 * @retval -EINVAL  no fn
 * @retval -ENODEV  before the board's clock is bound (boot stage 4)
 */
int board_alarm_at(struct alarm *a, uint64_t when, alarm_fn fn, void *ctx);
/**
 * Cancels an alarm.
 * @param a  the alarm
 * @return 0
 * @retval -ENOENT  it already fired (or was never set)
 */
int board_alarm_cancel(struct alarm *a);
/* Sleep in the board's wait until the time has passed (interrupts keep
 * running; under QEMU's -icount ... sleep=off an idle guest costs no host
 * time).  board_delay_ns() busy-waits instead (no interrupts needed). */
/**
 * Sleeps in the board's wait until a time.
 * @param when  ns since reset
 */
void board_sleep_until(uint64_t when);
/**
 * Sleeps in the board's wait for a while.
 * @param ns  how long
 */
void board_sleep_ns(uint64_t ns);
/**
 * Busy-waits (no interrupts needed).
 * @param ns  how long
 */
void board_delay_ns(uint64_t ns);

/* ---- the wait ----------------------------------------------------------- */

/* The one place the firmware idles.  Returns as soon as ready(arg) is true
 * (ready may be NULL: never ready), otherwise after the CPU slept until an
 * interrupt and that interrupt's handler ran.  ready() is tested with
 * interrupts masked and the CPU then sleeps (WFI wakes on a pending
 * interrupt even while it is masked), so a wake-up that comes between the
 * test and the sleep is never lost.  Callers loop: while (!ready(arg))
 * board_wait(NULL, ready, arg).  ctx is unused: it makes board_wait a
 * pcm_block_fn (audio/pcm.h) as it stands, pcm_set_block(s, board_wait, NULL). */
typedef bool (*board_ready_fn)(const void *arg);
/**
 * The wait (above).
 * @param ctx    unused (pcm_block_fn's shape)
 * @param ready  tested with interrupts masked; NULL: never ready
 * @param arg    passed to ready
 */
void board_wait(void *ctx, board_ready_fn ready, const void *arg);
/**
 * Virtual time spent asleep in board_wait since reset: what is not idle
 * is the CPU's load (make bench reports it).
 * @return ns
 */
uint64_t board_idle_ns(void);

/* ---- console ------------------------------------------------------------ */

/* Where stdout/stderr go: the board's serial port (the goldfish TTY; QEMU's
 * -serial, normally the terminal), semihosting (QEMU's stderr), or both.
 * Default: the serial port, or semihosting while no serial port is bound.
 * Test images choose semihosting so their TAP stays apart from the serial. */
#define BOARD_CONSOLE_SERIAL 0x1u
#define BOARD_CONSOLE_HOST   0x2u
/**
 * Chooses where stdout/stderr go.
 * @param mask  BOARD_CONSOLE_SERIAL, BOARD_CONSOLE_HOST, or both
 */
void board_console_outputs(unsigned mask);
/**
 * Writes len bytes to the chosen outputs.
 * @param buf  the bytes
 * @param len  how many
 * @return 0 or a negative errno (the serial driver's or semihosting's)
 */
int board_console_write(const char *buf, size_t len);
/* Input from the serial port: start it (interrupt-driven, buffered by the
 * board), then read what has arrived without blocking; pending() says how
 * much is there. */
/**
 * Starts input from the serial port.
 * @return 0
 * @retval -ENODEV  no serial port (or none bound for input)
 */
int board_console_input_start(void);
/**
 * Reads what has arrived, without blocking.
 * @param buf  room for n bytes
 * @param n    bytes wanted
 * @return bytes read (0: nothing yet)
 */
size_t board_console_read(char *buf, size_t n);
/**
 * Input that has arrived and is not read yet.
 * @return bytes
 */
size_t board_console_pending(void);

/* ---- sound -------------------------------------------------------------- */

/**
 * The board's sound device, started on first use (found, reset, its
 * interrupt wired).  Idempotent.
 * @param out  receives it
 * @return 0, or another negative errno from the driver
 * @retval -ENODEV  the board has none (the message names what was looked
 *                  for: board_audio_name())
 * @retval -ENOMEM  its buffers do not fit
 */
int board_audio_dev(struct audio_dev **out);
/**
 * What board_audio_dev() looks for, for messages.
 * @return "goldfish_audio device on the platform bus", ...
 */
const char *board_audio_name(void);
/**
 * Where this board's capture input comes from, for the message when the
 * device has none (pcm_open of AUDIO_CAPTURE failed with ENODEV).
 * @return the hint
 */
const char *board_audio_capture_hint(void);
/**
 * How long, after its stream stopped, the sound device takes to let out
 * what it was given: the program sleeps that long before it ends, or the
 * last frames never reach the speaker (QEMU: the capture).  goldfish: QEMU's
 * audio core passes sound on at its 10 ms tick; vexpress-a9: the PL041's
 * FIFO, the codec's buffer and the backend's, at the stream's rate.
 * @return ns
 */
uint64_t board_audio_drain_ns(void);

/* ---- host files --------------------------------------------------------- */

/*
 * Files on the host machine, for the programs that read and write them
 * (play reads WAV files, record writes one): semihosting (SYS_OPEN,
 * SYS_READ, SYS_SEEK, SYS_FLEN, SYS_WRITE; board/hostfile.c), with paths
 * relative to QEMU's working directory (the top of the tree under `make
 * run`).  Host builds (koi-render, the host tests and fuzzers: KOI_HOST)
 * get the same functions on stdio, so both read the same bytes through the
 * same code above.
 *
 * Files are read and written at explicit offsets, in pieces the caller
 * chooses: nothing here holds a whole file, so a file larger than the RAM
 * plays.  Sizes and offsets are 32-bit, as semihosting's are on AArch32 (a
 * RIFF file cannot exceed 4 GiB anyway).  Every call returns 0 or a
 * negative errno; board_file_strerror() says it in words.  Main loop only.
 */
struct board_file {
	uintptr_t handle; /* semihosting's, or the host's FILE * */
	uint32_t size;    /* bytes, as found when opened for reading */
	uint32_t pos;     /* the file position, to skip needless seeks */
	bool writing;
	bool is_open;     /* false in a zeroed struct: closing it is safe */
};
/**
 * Opens path for reading; f->size is its length.
 * @param f     the file
 * @param path  the host's path
 * @return 0, or another of the host's errors
 * @retval -ENOENT  no such file
 * @retval -EACCES  permission denied
 * @retval -EISDIR  a directory
 * @retval -EFBIG   4 GiB or more
 * @retval -ENOSYS  no semihosting
 */
int board_file_open(struct board_file *f, const char *path);
/**
 * Reads exactly n bytes at off.
 * @param f    open for reading
 * @param off  the offset
 * @param buf  room for n bytes
 * @param n    bytes
 * @return 0
 * @retval -EIO  the file holds fewer there (it was cut short, or the host
 *               could not read it)
 */
int board_file_read_at(struct board_file *f, uint32_t off, void *buf, uint32_t n);
/**
 * The file's length now (a file that changes while it is read shows it
 * here first).
 * @param f    open
 * @param len  receives it, in bytes
 * @return 0 or a negative errno
 */
int board_file_length(struct board_file *f, uint32_t *len);
/**
 * Creates (or truncates) path for writing.
 * @param f     the file
 * @param path  the host's path
 * @return 0 or a negative errno
 */
int board_file_create(struct board_file *f, const char *path);
/**
 * Writes n bytes at off (the file grows as needed).
 * @param f    created
 * @param off  the offset
 * @param buf  the bytes
 * @param n    how many
 * @return 0 or a negative errno
 */
int board_file_write_at(struct board_file *f, uint32_t off, const void *buf, uint32_t n);
/**
 * Closes f (safe on a closed or zeroed one); a written file's data
 * reaches the host here at the latest.
 * @param f  the file
 * @return 0 or a negative errno
 */
int board_file_close(struct board_file *f);
/**
 * The error in a few words.
 * @param err  a negative errno
 * @return "no such file", "permission denied", ...
 */
const char *board_file_strerror(int err);
/**
 * Whether the console the user reads is a terminal (not a pipe or a
 * file): the host's stdout, where QEMU's -serial stdio writes.
 * @return true if it is
 */
bool board_console_is_terminal(void);

/* ---- memory ------------------------------------------------------------- */

/* How much of the stacks and of the heap the program used (bytes).
 * board_memory_watch() marks the unused stack (call it once, early in
 * main); board_memory_usage() reports the deepest point each stack reached
 * since then and the heap's high water.  Unwatched stacks report 0. */
struct board_memory {
	uint32_t stack_used, stack_size;          /* the main program's stack */
	uint32_t irq_stack_used, irq_stack_size;  /* interrupt handlers' */
	uint32_t heap_used, heap_size;
};
/** Marks the unused stack (once, early in main). */
void board_memory_watch(void);
/**
 * The deepest point each stack reached since board_memory_watch() and
 * the heap's high water.
 * @param m  receives them, in bytes
 */
void board_memory_usage(struct board_memory *m);

#endif /* KOI_BOARD_H */
