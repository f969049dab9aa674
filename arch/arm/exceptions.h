/*
 * exceptions.h — the CPU's exception vectors and fatal-error reporting.
 *
 * Every fault, unexpected exception or detected corruption ends here: a
 * report (what happened, the faulting address and the registers) goes out
 * through the writer the board registered with exc_set_output(), then the
 * run ends through the board's exit function (exc_set_exit()) with status
 * 128 + type, so a script can tell a data abort (132) from a stack overflow
 * (135).  The architecture knows no device: until the board registers them,
 * a report goes nowhere and the end is a halt (interrupts masked, WFI for
 * ever), which is what a debugger attached to a new board shows.
 *
 * The contract with the board (start.S calls these, the board defines them):
 *   boot_main()   C entry after reset: stacks, VFP, .data and .bss are set
 *                 up, the MMU and caches are off, interrupts are masked.
 *   irq_handle()  C entry of the IRQ vector (IRQ mode, interrupts masked):
 *                 asks the board's interrupt controller who is pending.
 */
#ifndef KOI_EXCEPTIONS_H
#define KOI_EXCEPTIONS_H

#include <stddef.h>
#include <stdint.h>

/**
 * The board's C entry, called by start.S once the stacks are set and .bss
 * is zeroed; never returns (start.S reports it as a fault if it does).
 */
void boot_main(void) __attribute__((noreturn));
/** The board's IRQ dispatch, called by start.S's IRQ vector. */
void irq_handle(void);

/* Where fatal reports go: called with interrupts masked, possibly from an
 * abort handler, so it must poll (no interrupts, no allocation, no locks). */
typedef void (*exc_write_fn)(const char *buf, size_t len);
/* How a fatal error ends the run; must not return. */
typedef void (*exc_exit_fn)(int status);
/**
 * Registers where fatal reports go.
 * @param write  polls its way out (see exc_write_fn)
 */
void exc_set_output(exc_write_fn write);
/**
 * Registers how a fatal error ends the run.
 * @param exit_fn  must not return
 */
void exc_set_exit(exc_exit_fn exit_fn);

enum exc_type {
	EXC_UNDEF = 1,          /* undefined instruction */
	EXC_SVC = 2,            /* SVC that is not a semihosting call */
	EXC_PABORT = 3,         /* prefetch abort */
	EXC_DABORT = 4,         /* data abort */
	EXC_UNEXPECTED_IRQ = 5, /* pending line without a handler */
	EXC_FIQ = 6,
	EXC_STACK_OVERFLOW = 7, /* guard page hit or canary overwritten */
	EXC_RESERVED = 8,       /* the unused vector */
	EXC_PANIC = 9,          /* software-detected fatal condition */
};

#define EXC_EXIT_BASE 128

/* Built by start.S on the exception mode's stack. */
struct exc_frame {
	uint32_t r[13];
	uint32_t sp, lr;   /* of the interrupted mode */
	uint32_t pc;       /* faulting instruction */
	uint32_t cpsr;     /* interrupted mode's CPSR (SPSR) */
};

/**
 * Exception entry: report and end the run (status EXC_EXIT_BASE + type).
 * @param type  an enum exc_type
 * @param f     the registers start.S saved
 */
void exc_fatal(uint32_t type, const struct exc_frame *f) __attribute__((noreturn));
/**
 * Software-detected fatal error: message and a value; ends the run.
 * @param type   what kind (EXC_PANIC, EXC_STACK_OVERFLOW, ...)
 * @param msg    what went wrong
 * @param value  a number that says more, printed in hex
 */
void exc_panic(enum exc_type type, const char *msg, uint32_t value)
	__attribute__((noreturn));

/**
 * Text for a short-descriptor DFSR/IFSR fault status.
 * @param fsr  the status register's value
 * @return a constant string
 */
const char *exc_fault_name(uint32_t fsr);

/* Stack canaries: a word pattern at the bottom of each mode's stack.
 * Written at boot, checked at exit and in every report. */
/** Writes the canaries (at boot). */
void stack_canary_init(void);
/**
 * Checks the canaries.
 * @return 0 if intact, else 1 + the index of the first stack whose canary
 *         is overwritten
 */
int stack_canary_check(void);
/**
 * Which stack a guard-page address belongs to.
 * @param addr  a faulting address
 * @return "SVC", ..., or NULL if it is in no guard page
 */
const char *stack_guard_owner(uint32_t addr);

/* Raw output through the registered writer (no newlib, no locks): the
 * fatal path, and the board's own reports before newlib's stdio. */
/**
 * Writes a string through the registered writer.
 * @param s  NUL-terminated
 */
void exc_puts(const char *s);
/**
 * Writes v as 0x and 8 hex digits through the registered writer.
 * @param v  the value
 */
void exc_puthex(uint32_t v);

/* Set to 1 by the SVC vector when a semihosting call trapped because QEMU
 * runs without semihosting (start.S answers the call with -1);
 * drivers/semihost.c reads it. */
extern uint32_t exc_semihost_trapped;

#endif /* KOI_EXCEPTIONS_H */
