/*
 * Guest-side capture test for the goldfish machine: captures NBUF buffers
 * of LEN bytes (8000 Hz mono S16, 50 ms each) one after another, into
 * consecutive areas from CBUF that it first fills with 0xa5 bytes.  At each
 * READ_BUFFER_FULL it records, at RES + 16 k, READ_BUFFER_AVAILABLE and the
 * virtual time (goldfish timer, low and high word).  Then it stops the
 * device, writes NBUF to DONE and waits for ever with nothing armed: the
 * host reads RES, CBUF and DONE with QMP pmemsave (tests/qtest/
 * test_migration.py), whether or not the machine was migrated meanwhile.
 *
 * No vectors: IRQs stay masked in CPSR, WFI still wakes on the PIC line.
 */
	.syntax unified
	.arm

	.equ	PIC,		0xff000000
	.equ	PIC_ENABLE,	0x10
	.equ	TIMER,		0xff003000
	.equ	AUDIO,		0xff004000
	.equ	INT_STATUS,	0x00
	.equ	INT_ENABLE,	0x04
	.equ	SET_READ_BUFFER, 0x1c
	.equ	START_READ,	0x20
	.equ	READ_BUFFER_AVAILABLE, 0x24
	.equ	DONE,		0x0017fffc
	.equ	RES,		0x00180000
	.equ	CBUF,		0x00200000
	.equ	LEN,		800
	.equ	NBUF,		40

	.text
	.global	_start
_start:
	ldr	r10, =AUDIO
	ldr	r11, =PIC
	ldr	r6, =TIMER

	ldr	r0, =CBUF		@ every byte of every buffer: 0xa5
	ldr	r1, =(LEN * NBUF)
	ldr	r2, =0xa5a5a5a5
1:	str	r2, [r0], #4
	subs	r1, r1, #4
	bne	1b
	ldr	r1, =DONE
	mov	r0, #0
	str	r0, [r1]

	mov	r0, #(1 << 15)		@ audio IRQ 15 reaches the CPU line
	str	r0, [r11, #PIC_ENABLE]
	mov	r0, #4			@ READ_BUFFER_FULL only
	str	r0, [r10, #INT_ENABLE]
	ldr	r0, [r10, #INT_STATUS]

	mov	r8, #0			@ buffers captured
	ldr	r5, =CBUF
next:
	str	r5, [r10, #SET_READ_BUFFER]
	ldr	r0, =LEN
	str	r0, [r10, #START_READ]
2:	wfi
	ldr	r7, [r10, #INT_STATUS]	@ acknowledges the line
	tst	r7, #4
	beq	2b
	ldr	r0, [r10, #READ_BUFFER_AVAILABLE]
	ldr	r1, [r6, #0x00]		@ TIME_LOW latches TIME_HIGH
	ldr	r2, [r6, #0x04]
	ldr	r3, =RES
	add	r3, r3, r8, lsl #4
	str	r0, [r3]
	str	r1, [r3, #4]
	str	r2, [r3, #8]
	add	r5, r5, #LEN
	add	r8, r8, #1
	cmp	r8, #NBUF
	blo	next

	mov	r0, #0
	str	r0, [r10, #INT_ENABLE]
	ldr	r1, =DONE
	str	r8, [r1]
3:	wfi
	b	3b
	.ltorg
