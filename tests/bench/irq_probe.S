/*
 * irq_probe.S — a copy of the vector table whose IRQ slot notes the cycle
 * counter before taking the firmware's own IRQ path (bench_play.c).
 *
 * Every other slot branches to the firmware's table, so faults, SVCs and
 * semihosting behave exactly as in the firmware.  The IRQ stub needs two
 * scratch registers, which it saves on the IRQ stack and restores before
 * jumping to the real vector: irq_entry then sees the registers, stack and
 * lr it always sees.  The stub's own instructions after the counter read
 * are measured by bench_probe_overhead(), running the same sequence, and
 * subtracted.
 */
	.syntax unified
	.arm

	.section .text.bench_vectors, "ax"
	.balign 32
	.global bench_vectors
bench_vectors:
	b	exc_vectors + 0x00
	b	exc_vectors + 0x04
	b	exc_vectors + 0x08
	b	exc_vectors + 0x0c
	b	exc_vectors + 0x10
	b	exc_vectors + 0x14
	b	bench_irq_stub
	b	exc_vectors + 0x1c

bench_irq_stub:
	push	{r0, r1}
	mrc	p15, 0, r0, c9, c13, 0
	ldr	r1, =bench_irq_ccnt
	str	r0, [r1]
	pop	{r0, r1}
	b	exc_vectors + 0x18

/* uint32_t bench_probe_overhead(void): counts from the stub's counter read
 * to the instruction the real vector would run (same instructions, a
 * second read in place of the real vector's branch). */
	.global bench_probe_overhead
	.type bench_probe_overhead, %function
bench_probe_overhead:
	push	{r4, lr}
	push	{r0, r1}
	mrc	p15, 0, r0, c9, c13, 0
	ldr	r1, =bench_probe_scratch
	str	r0, [r1]
	pop	{r0, r1}
	b	1f
1:	mrc	p15, 0, r0, c9, c13, 0
	ldr	r1, =bench_probe_scratch
	ldr	r1, [r1]
	sub	r0, r0, r1
	pop	{r4, pc}
	.size bench_probe_overhead, . - bench_probe_overhead

	.bss
	.balign 4
	.global bench_irq_ccnt
bench_irq_ccnt:
	.space 4
bench_probe_scratch:
	.space 4
