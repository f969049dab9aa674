/*
 * Boot smoke test for the goldfish machine: prints a line through the
 * goldfish TTY, then exits through semihosting SYS_EXIT_EXTENDED with the
 * code stored in exit_code (patched by nobody: the test checks both the
 * text and the status, so a machine that never runs this image fails).
 * Runs on any ARMv7-A CPU; uses no stack, no VFP.
 */
	.syntax unified
	.arm
	.section .text
	.global _start
_start:
	ldr	r4, =0xff002000		@ goldfish_tty PUT_CHAR
	adr	r5, message
1:	ldrb	r0, [r5], #1
	cmp	r0, #0
	strne	r0, [r4]
	bne	1b

	/* Prove we left reset in SVC mode: CPSR.M must be 0x13. */
	mrs	r0, cpsr
	and	r0, r0, #0x1f
	cmp	r0, #0x13
	movne	r6, #99			@ wrong mode: distinct exit code
	ldreq	r6, exit_code

	adr	r1, exit_block
	str	r6, [r1, #4]
	mov	r0, #0x20		@ SYS_EXIT_EXTENDED
	svc	#0x123456
	b	.			@ not reached

	.align	2
exit_code:
	.word	42
exit_block:
	.word	0x20026			@ ADP_Stopped_ApplicationExit
	.word	0			@ subcode, filled in above
message:
	.asciz	"koi goldfish boot ok\n"
	.align	2
	.ltorg
