/*
 * Boot state on every CPU: vectors, modes and stacks, VFP/NEON, C runtime
 * (.data, .bss, constructors), newlib (printf with floats, malloc bounded
 * by the linker's heap).  argv[1] names the CPU QEMU was given; MIDR must
 * agree, so the test proves which core it ran on.
 */
#include <arm_neon.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arm/exceptions.h"
#include "tests/target/tap.h"

extern char exc_vectors[];
extern char __stack_svc_bottom[], __stack_svc_top[];
extern char __heap_start[], __heap_end[];

static int data_var = 0x1234567;
static int bss_var;
static int ctor_ran;

__attribute__((constructor)) static void ctor(void) { ctor_ran = 1; }

static uint32_t cp15(int which)
{
	uint32_t v = 0;
	switch (which) {
	case 0: __asm__ volatile("mrc p15, 0, %0, c0, c0, 0" : "=r"(v)); break;  /* MIDR */
	case 1: __asm__ volatile("mrc p15, 0, %0, c12, c0, 0" : "=r"(v)); break; /* VBAR */
	case 2: __asm__ volatile("mrc p15, 0, %0, c1, c0, 0" : "=r"(v)); break;  /* SCTLR */
	case 3: __asm__ volatile("vmrs %0, fpexc" : "=r"(v)); break;
	case 4: __asm__ volatile("mrs %0, cpsr" : "=r"(v)); break;
	}
	return v;
}

int main(int argc, char **argv)
{
	tap_init();
	static const struct { const char *name; uint32_t part; } cpus[] = {
		{ "cortex-a8", 0xc08 }, { "cortex-a9", 0xc09 }, { "cortex-a15", 0xc0f },
	};
	uint32_t midr = cp15(0);
	tap_diag("MIDR %08lx", (unsigned long)midr);
	const char *want = argc > 1 ? argv[1] : "(none)";
	uint32_t part = 0;
	for (unsigned i = 0; i < 3; i++)
		if (!strcmp(cpus[i].name, want))
			part = cpus[i].part;
	tap_ok(part && ((midr >> 4) & 0xfffu) == part, "running on %s (MIDR part %03lx)",
	       want, (unsigned long)((midr >> 4) & 0xfffu));

	tap_ok(cp15(1) == (uint32_t)(uintptr_t)exc_vectors, "VBAR points at the vector table");
	uint32_t sctlr = cp15(2);
	tap_ok((sctlr & 0x1005u) == 0x1005u && !(sctlr & (1u << 13)),
	       "SCTLR: MMU, D-cache, I-cache on, high vectors off (%08lx)", (unsigned long)sctlr);
	uint32_t cpsr = cp15(4);
	tap_ok((cpsr & 0x1fu) == 0x13u && !(cpsr & 0x80u), "main runs in SVC mode with IRQs on");
	char here;
	tap_ok(&here > __stack_svc_bottom && &here < __stack_svc_top, "sp is in the SVC stack");

	tap_ok(cp15(3) & (1u << 30), "FPEXC.EN set");
	volatile float a = 1.5f, b = 2.25f;
	tap_ok(a * b == 3.375f, "VFP arithmetic");
	volatile double d = 1.0 / 3.0;
	char buf[64];
	snprintf(buf, sizeof(buf), "%.6f %d", d, 42);
	tap_ok(!strcmp(buf, "0.333333 42"), "newlib printf with doubles: '%s'", buf);
	int32_t x[4] = { 1, 2, 3, 4 }, y[4] = { 10, 20, 30, 40 }, z[4];
	vst1q_s32(z, vaddq_s32(vld1q_s32(x), vld1q_s32(y)));
	tap_ok(z[0] == 11 && z[1] == 22 && z[2] == 33 && z[3] == 44, "NEON vadd.i32");

	tap_ok(data_var == 0x1234567, ".data copied from its load image");
	tap_ok(bss_var == 0, ".bss zeroed");
	tap_ok(ctor_ran == 1, "constructors ran");

	void *p = malloc(1u << 20);
	tap_ok(p && (char *)p >= __heap_start && (char *)p < __heap_end, "malloc(1 MiB) from the heap");
	memset(p, 0xa5, 1u << 20);
	free(p);
	errno = 0;
	void *q = malloc((size_t)(__heap_end - __heap_start) + 4096u);
	tap_ok(!q && errno == ENOMEM, "malloc beyond the heap fails with ENOMEM");
	free(q);
	tap_ok(stack_canary_check() == 0, "stack canaries intact");
	return tap_done();
}
