/* Fatal exception reports; see exceptions.h. */
#include "arch/arm/exceptions.h"

#include <stddef.h>
#include <string.h>

#include "arch/arm/cpu.h"
#include "lib/decimal.h"

extern uint32_t __stack_und_guard[], __stack_und_bottom[];
extern uint32_t __stack_abt_guard[], __stack_abt_bottom[];
extern uint32_t __stack_irq_guard[], __stack_irq_bottom[];
extern uint32_t __stack_svc_guard[], __stack_svc_bottom[];

#define CANARY_WORDS 4u
#define CANARY 0x6b6f6921u /* "koi!" */

static const struct {
	const char *name;
	uint32_t *guard, *bottom;
} stacks[] = {
	{ "UND", __stack_und_guard, __stack_und_bottom },
	{ "ABT", __stack_abt_guard, __stack_abt_bottom },
	{ "IRQ", __stack_irq_guard, __stack_irq_bottom },
	{ "SVC", __stack_svc_guard, __stack_svc_bottom },
};

void stack_canary_init(void)
{
	for (size_t i = 0; i < sizeof(stacks) / sizeof(stacks[0]); i++)
		for (uint32_t w = 0; w < CANARY_WORDS; w++)
			stacks[i].bottom[w] = CANARY ^ w;
}

int stack_canary_check(void)
{
	for (size_t i = 0; i < sizeof(stacks) / sizeof(stacks[0]); i++)
		for (uint32_t w = 0; w < CANARY_WORDS; w++)
			if (stacks[i].bottom[w] != (CANARY ^ w))
				return (int)i + 1;
	return 0;
}

const char *stack_guard_owner(uint32_t addr)
{
	for (size_t i = 0; i < sizeof(stacks) / sizeof(stacks[0]); i++)
		if (addr >= (uint32_t)(uintptr_t)stacks[i].guard &&
		    addr < (uint32_t)(uintptr_t)stacks[i].bottom)
			return stacks[i].name;
	return NULL;
}

uint32_t exc_semihost_trapped;

/* Written once at boot, before anything can fault on purpose; read on the
 * fatal path only. */
static exc_write_fn out;
static exc_exit_fn end;

void exc_set_output(exc_write_fn write)
{
	out = write;
}

void exc_set_exit(exc_exit_fn exit_fn)
{
	end = exit_fn;
}

void exc_puts(const char *s)
{
	if (out)
		out(s, strlen(s));
}

void exc_puthex(uint32_t v)
{
	char b[11] = "0x";
	for (int i = 0; i < 8; i++)
		b[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 0xfu];
	b[10] = '\0';
	exc_puts(b);
}

static void putdec(uint32_t v)
{
	char b[DEC_U64_CHARS];
	exc_puts(dec_u64(v, b));
}

const char *exc_fault_name(uint32_t fsr)
{
	switch ((fsr & 0xfu) | ((fsr >> 6) & 0x10u)) {
	case 0x01: return "alignment fault";
	case 0x02: return "debug event";
	case 0x03: return "access flag fault (section)";
	case 0x06: return "access flag fault (page)";
	case 0x04: return "instruction cache maintenance fault";
	case 0x05: return "translation fault (section)";
	case 0x07: return "translation fault (page)";
	case 0x08: return "synchronous external abort";
	case 0x09: return "domain fault (section)";
	case 0x0b: return "domain fault (page)";
	case 0x0c: return "external abort on table walk (level 1)";
	case 0x0e: return "external abort on table walk (level 2)";
	case 0x0d: return "permission fault (section)";
	case 0x0f: return "permission fault (page)";
	case 0x16: return "asynchronous external abort";
	case 0x18: return "asynchronous parity error";
	case 0x19: return "synchronous parity error";
	default:   return "unknown fault status";
	}
}

static const char *mode_name(uint32_t cpsr)
{
	switch (cpsr & 0x1fu) {
	case 0x10: return "USR";
	case 0x11: return "FIQ";
	case 0x12: return "IRQ";
	case 0x13: return "SVC";
	case 0x17: return "ABT";
	case 0x1b: return "UND";
	case 0x1f: return "SYS";
	default:   return "???";
	}
}

static const char *const type_names[] = {
	[EXC_UNDEF] = "undefined instruction",
	[EXC_SVC] = "unexpected SVC",
	[EXC_PABORT] = "prefetch abort",
	[EXC_DABORT] = "data abort",
	[EXC_UNEXPECTED_IRQ] = "unexpected IRQ",
	[EXC_FIQ] = "unexpected FIQ",
	[EXC_STACK_OVERFLOW] = "stack overflow",
	[EXC_RESERVED] = "reserved vector",
	[EXC_PANIC] = "panic",
};

static void __attribute__((noreturn)) finish(uint32_t type)
{
	int c = stack_canary_check();
	if (c && type != EXC_STACK_OVERFLOW)
		exc_puts("  also: a stack canary is overwritten\n");
	exc_puts("*** exit status ");
	putdec(EXC_EXIT_BASE + type);
	exc_puts("\n");
	if (end)
		end((int)(EXC_EXIT_BASE + type));
	for (;;) { /* no exit registered, or it returned: halt here */
		irq_disable();
		cpu_wfi();
	}
}

void exc_fatal(uint32_t type, const struct exc_frame *f)
{
	uint32_t far = 0, fsr = 0;
	int has_fault = 0;
	if (type == EXC_DABORT) {
		__asm__ volatile("mrc p15, 0, %0, c6, c0, 0" : "=r"(far));
		__asm__ volatile("mrc p15, 0, %0, c5, c0, 0" : "=r"(fsr));
		has_fault = 1;
	} else if (type == EXC_PABORT) {
		__asm__ volatile("mrc p15, 0, %0, c6, c0, 2" : "=r"(far));
		__asm__ volatile("mrc p15, 0, %0, c5, c0, 1" : "=r"(fsr));
		has_fault = 1;
	}
	const char *guard = has_fault ? stack_guard_owner(far) : NULL;
	if (guard)
		type = EXC_STACK_OVERFLOW;

	exc_puts("\n*** KOI FATAL: ");
	exc_puts(type < sizeof(type_names) / sizeof(type_names[0]) && type_names[type]
		 ? type_names[type] : "exception");
	exc_puts(" at pc ");
	exc_puthex(f->pc);
	exc_puts("\n");
	if (has_fault) {
		exc_puts("  fault address ");
		exc_puthex(far);
		exc_puts(": ");
		exc_puts(exc_fault_name(fsr));
		if (type != EXC_PABORT)
			exc_puts((fsr & (1u << 11)) ? ", write" : ", read");
		exc_puts(" (FSR ");
		exc_puthex(fsr);
		exc_puts(")\n");
	}
	if (guard) {
		exc_puts("  the ");
		exc_puts(guard);
		exc_puts(" stack ran into its guard page\n");
	}
	for (int i = 0; i < 13; i++) {
		exc_puts(i % 4 == 0 ? "  " : " ");
		exc_puts("r");
		putdec((uint32_t)i);
		exc_puts(i < 10 ? "  " : " ");
		exc_puthex(f->r[i]);
		if (i % 4 == 3)
			exc_puts("\n");
	}
	exc_puts("\n  sp  ");
	exc_puthex(f->sp);
	exc_puts(" lr  ");
	exc_puthex(f->lr);
	exc_puts(" cpsr ");
	exc_puthex(f->cpsr);
	exc_puts(" (");
	exc_puts(mode_name(f->cpsr));
	exc_puts((f->cpsr & 0x20u) ? ", Thumb)\n" : ", ARM)\n");
	finish(type);
}

void exc_panic(enum exc_type type, const char *msg, uint32_t value)
{
	irq_disable();
	exc_puts("\n*** KOI FATAL: ");
	exc_puts(type_names[type] ? type_names[type] : "panic");
	exc_puts(": ");
	exc_puts(msg);
	exc_puts(" ");
	putdec(value);
	exc_puts(" (");
	exc_puthex(value);
	exc_puts(")\n");
	finish((uint32_t)type);
}
