/*
 * exceptions.h — fatal-error reporting.  Every fault, unexpected exception
 * or detected corruption ends here: a report (what happened, the faulting
 * address and the registers) goes to the TTY console and to semihosting,
 * then the run ends through semihosting with exit status 128 + type, so a
 * script can tell a data abort (132) from a stack overflow (135).
 */
#ifndef KOI_EXCEPTIONS_H
#define KOI_EXCEPTIONS_H

#include <stdint.h>

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

/* Built by boot/start.S on the exception mode's stack. */
struct exc_frame {
	uint32_t r[13];
	uint32_t sp, lr;   /* of the interrupted mode */
	uint32_t pc;       /* faulting instruction */
	uint32_t cpsr;     /* interrupted mode's CPSR (SPSR) */
};

/* Exception entry: report and end the run. */
void exc_fatal(uint32_t type, const struct exc_frame *f) __attribute__((noreturn));
/* Software-detected fatal error: message and a value; ends the run. */
void exc_panic(enum exc_type type, const char *msg, uint32_t value)
	__attribute__((noreturn));

/* Text for a short-descriptor DFSR/IFSR fault status. */
const char *exc_fault_name(uint32_t fsr);

/* Stack canaries: a word pattern at the bottom of each mode's stack.
 * Written at boot, checked at exit and in every report; 0 if intact. */
void stack_canary_init(void);
int stack_canary_check(void);
/* Which stack a guard-page address belongs to ("SVC", ...), or NULL. */
const char *stack_guard_owner(uint32_t addr);

/* Raw console output for the fatal path (no newlib, no locks). */
void exc_puts(const char *s);
void exc_puthex(uint32_t v);

#endif /* KOI_EXCEPTIONS_H */
