/*
 * start.S — reset entry and exception vectors (ARM state).
 *
 * QEMU starts the ELF at _reset in SVC mode, IRQ/FIQ masked, MMU and caches
 * off.  We point VBAR at our vector table, give every mode we use its own
 * stack, enable VFP/NEON (cortex-a8 resets with them off, and the compiler
 * may use NEON registers anywhere), copy .data out of its read-only load
 * image, zero .bss and call the board's boot_main() in C.
 *
 * Faults and unexpected exceptions build an exc_frame on their mode's stack
 * and call exc_fatal(), which reports and ends the run; they never return.
 * The IRQ path saves the caller-saved core and VFP registers (handlers are
 * ordinary C that may use NEON) and calls the board's irq_handle().
 */
	.syntax unified
	.arm

	.equ MODE_USR, 0x10
	.equ MODE_FIQ, 0x11
	.equ MODE_IRQ, 0x12
	.equ MODE_SVC, 0x13
	.equ MODE_ABT, 0x17
	.equ MODE_UND, 0x1b
	.equ MODE_SYS, 0x1f
	.equ PSR_I, 0x80
	.equ PSR_F, 0x40
	.equ PSR_T, 0x20

	/* Exception types, matching enum exc_type in arch/arm/exceptions.h. */
	.equ EXC_UNDEF, 1
	.equ EXC_SVC, 2
	.equ EXC_PABORT, 3
	.equ EXC_DABORT, 4
	.equ EXC_FIQ, 6
	.equ EXC_RESERVED, 8

	.section .vectors, "ax"
	.balign 32
	.global exc_vectors
exc_vectors:
	b	_reset
	b	undef_entry
	b	svc_entry
	b	pabort_entry
	b	dabort_entry
	b	reserved_entry
	b	irq_entry
	b	fiq_entry

	.section .text.boot, "ax"
	.global _reset
	.type _reset, %function
_reset:
	cpsid	if
	/* SCTLR: MMU, caches, alignment checks off (a warm restart may find
	 * them on); V=0 so exceptions go through VBAR; TE=0: ARM handlers. */
	mrc	p15, 0, r0, c1, c0, 0
	ldr	r1, =((1 << 0) | (1 << 1) | (1 << 2) | (1 << 12) | (1 << 13) | (1 << 30))
	bic	r0, r0, r1
	mcr	p15, 0, r0, c1, c0, 0
	isb
	ldr	r0, =exc_vectors
	mcr	p15, 0, r0, c12, c0, 0
	isb

	/* One stack per mode.  Koi routes no interrupt to FIQ, so FIQ shares
	 * the abort stack (its vector only reports and exits). */
	cps	#MODE_UND
	ldr	sp, =__stack_und_top
	cps	#MODE_ABT
	ldr	sp, =__stack_abt_top
	cps	#MODE_FIQ
	ldr	sp, =__stack_abt_top
	cps	#MODE_IRQ
	ldr	sp, =__stack_irq_top
	cps	#MODE_SYS
	ldr	sp, =__stack_svc_top
	cps	#MODE_SVC
	ldr	sp, =__stack_svc_top

	/* VFP/NEON: CPACR cp10+cp11 full access, ASEDIS/D32DIS clear, then
	 * FPEXC.EN.  Default-NaN and flush-to-zero stay off (IEEE behaviour,
	 * identical to the host build). */
	mrc	p15, 0, r0, c1, c0, 2
	orr	r0, r0, #(0xf << 20)
	bic	r0, r0, #(3 << 30)
	mcr	p15, 0, r0, c1, c0, 2
	isb
	mov	r0, #(1 << 30)
	vmsr	fpexc, r0
	mov	r0, #0
	vmsr	fpscr, r0

	/* .data: copy from its load image in the read-only region. */
	ldr	r0, =__data_load
	ldr	r1, =__data_start
	ldr	r2, =__data_end
1:	cmp	r1, r2
	ldrlo	r3, [r0], #4
	strlo	r3, [r1], #4
	blo	1b
	/* .bss: zero. */
	ldr	r1, =__bss_start
	ldr	r2, =__bss_end
	mov	r3, #0
2:	cmp	r1, r2
	strlo	r3, [r1], #4
	blo	2b

	mov	fp, #0
	mov	lr, #0
	bl	boot_main
	/* boot_main never returns; if it did, report it like any fault. */
	udf	#0
	.size _reset, . - _reset

/*
 * Fatal exception entry.  Frame (17 words, see struct exc_frame):
 *   r0-r12, sp and lr of the interrupted mode, pc of the faulting
 *   instruction, spsr.  \adj turns the exception lr into that pc.
 */
	.macro FATAL_ENTRY type, adj
	sub	lr, lr, #\adj
	sub	sp, sp, #68
	stmia	sp, {r0-r12}
	str	lr, [sp, #60]
	mrs	r4, spsr
	str	r4, [sp, #64]
	b	fatal_common_\type
	.endm

	.text
	.type undef_entry, %function
undef_entry:
	/* lr = next instruction: ARM faulting pc = lr-4, Thumb lr-2. */
	push	{r0}
	mrs	r0, spsr
	tst	r0, #PSR_T
	pop	{r0}
	subne	lr, lr, #2
	subeq	lr, lr, #4
	FATAL_ENTRY EXC_UNDEF, 0

	.type pabort_entry, %function
pabort_entry:
	FATAL_ENTRY EXC_PABORT, 4
	.type dabort_entry, %function
dabort_entry:
	FATAL_ENTRY EXC_DABORT, 8
	.type fiq_entry, %function
fiq_entry:
	FATAL_ENTRY EXC_FIQ, 4
	.type reserved_entry, %function
reserved_entry:
	FATAL_ENTRY EXC_RESERVED, 0

	.type fatal_common, %function
	.irp t, EXC_UNDEF, EXC_SVC, EXC_PABORT, EXC_DABORT, EXC_FIQ, EXC_RESERVED
fatal_common_\t:
	mov	r0, #\t
	b	fatal_common
	.endr
fatal_common:
	/* Banked sp/lr of the interrupted mode (User's are System's). */
	and	r5, r4, #0x1f
	cmp	r5, #MODE_USR
	moveq	r5, #MODE_SYS
	mrs	r6, cpsr
	bic	r7, r6, #0x1f
	orr	r7, r7, r5
	msr	cpsr_c, r7
	mov	r8, sp
	mov	r9, lr
	msr	cpsr_c, r6
	str	r8, [sp, #52]
	str	r9, [sp, #56]
	mov	r1, sp
	bic	sp, sp, #7
	bl	exc_fatal
	udf	#1

/*
 * SVC: Koi never issues SVC for itself.  An SVC here is a semihosting call
 * made while QEMU runs without -semihosting (A32 SVC #0x123456, T32 SVC
 * #0xAB): answer -1 so callers see "no host", and note it in
 * exc_semihost_trapped (drivers/semihost.c reads it).  Any other SVC is fatal.
 */
	.type svc_entry, %function
svc_entry:
	push	{r1-r3, lr}
	mrs	r1, spsr
	tst	r1, #PSR_T
	bne	3f
	ldr	r2, [lr, #-4]
	bic	r2, r2, #0xff000000
	ldr	r3, =0x123456
	cmp	r2, r3
	b	4f
3:	ldrh	r2, [lr, #-2]
	and	r2, r2, #0xff
	cmp	r2, #0xab
4:	bne	5f
	ldr	r2, =exc_semihost_trapped
	mov	r3, #1
	str	r3, [r2]
	mvn	r0, #0
	pop	{r1-r3, lr}
	movs	pc, lr
5:	pop	{r1-r3, lr}
	FATAL_ENTRY EXC_SVC, 4

/*
 * IRQ: non-nested, on the IRQ stack (8-byte aligned at entry, and every
 * push below keeps it so).  Saves what the AAPCS lets C clobber: r0-r3,
 * r12, lr, d0-d7, d16-d31 and FPSCR.
 */
	.type irq_entry, %function
irq_entry:
	sub	lr, lr, #4
	push	{r0-r3, r12, lr}
	vmrs	r0, fpscr
	push	{r0, r1}
	vpush	{d0-d7}
	vpush	{d16-d31}
	bl	irq_handle
	vpop	{d16-d31}
	vpop	{d0-d7}
	pop	{r0, r1}
	vmsr	fpscr, r0
	ldmfd	sp!, {r0-r3, r12, pc}^

/* newlib's __libc_init_array/__libc_fini_array call _init/_fini (normally
 * from crti.o, which -nostartfiles leaves out); constructors use
 * .init_array, so these have nothing to do. */
	.global _init, _fini
	.type _init, %function
	.type _fini, %function
_init:
_fini:
	bx	lr
