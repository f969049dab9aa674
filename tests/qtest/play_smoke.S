/*
 * Guest-side audio test for the goldfish machine: plays NBUF buffers of
 * FRAMES frames through goldfish_audio, refilling each buffer when its
 * EMPTY interrupt arrives, then exits with status 0 through semihosting.
 *
 * Frame i (counting from 0 over the whole stream) is L = i & 0xffff,
 * R = (i * 3) ^ 0x5555 (low 16 bits): different on each channel, so the
 * host test can check the WAV frame for frame.
 *
 * No vectors: IRQs stay masked in CPSR, WFI still wakes on the PIC line,
 * and the handler work happens inline.  The final wait lets QEMU's audio
 * core deliver the tail before exit (goldfish timer alarm, 100 ms).
 */
	.syntax unified
	.arm

	.equ	PIC,		0xff000000
	.equ	PIC_PENDING,	0x04
	.equ	PIC_ENABLE,	0x10
	.equ	TIMER,		0xff003000
	.equ	AUDIO,		0xff004000
	.equ	INT_STATUS,	0x00
	.equ	INT_ENABLE,	0x04
	.equ	SET_WB1,	0x08
	.equ	SET_WB2,	0x0c
	.equ	WB1,		0x10
	.equ	WB2,		0x14
	.equ	BUF1,		0x00100000
	.equ	BUF2,		0x00110000
	.equ	FRAMES,		256
	.equ	NBUF,		200

	.text
	.global	_start
_start:
	ldr	r10, =AUDIO
	ldr	r11, =PIC
	mov	r9, #0			@ next frame index
	mov	r8, #0			@ buffers queued

	mov	r0, #(1 << 15)		@ audio IRQ 15 reaches the CPU line
	str	r0, [r11, #PIC_ENABLE]
	ldr	r0, =BUF1
	str	r0, [r10, #SET_WB1]
	ldr	r0, =BUF2
	str	r0, [r10, #SET_WB2]
	mov	r0, #3
	str	r0, [r10, #INT_ENABLE]
	ldr	r0, [r10, #INT_STATUS]	@ acknowledge the enable event

	ldr	r0, =BUF1
	bl	fill
	mov	r0, #(FRAMES * 4)
	str	r0, [r10, #WB1]
	ldr	r0, =BUF2
	bl	fill
	mov	r0, #(FRAMES * 4)
	str	r0, [r10, #WB2]
	mov	r8, #2

refill:
	cmp	r8, #NBUF
	bhs	drain
	wfi
	ldr	r7, [r10, #INT_STATUS]
	tst	r7, #1
	beq	1f
	ldr	r0, =BUF1
	bl	fill
	mov	r0, #(FRAMES * 4)
	str	r0, [r10, #WB1]
	add	r8, r8, #1
	cmp	r8, #NBUF
	bhs	drain
1:	tst	r7, #2
	beq	refill
	ldr	r0, =BUF2
	bl	fill
	mov	r0, #(FRAMES * 4)
	str	r0, [r10, #WB2]
	add	r8, r8, #1
	b	refill

drain:	/* wait until both buffers have played */
	ldr	r7, [r10, #INT_STATUS]
	and	r7, r7, #3
	cmp	r7, #3
	beq	stop
	wfi
	b	drain

stop:
	mov	r0, #0
	str	r0, [r10, #INT_ENABLE]	@ end of stream: no underrun from here
	/* alarm = now + 100 ms on the goldfish timer (IRQ 3) */
	ldr	r6, =TIMER
	ldr	r0, [r6, #0x00]		@ TIME_LOW latches TIME_HIGH
	ldr	r1, [r6, #0x04]
	ldr	r2, =100000000
	adds	r0, r0, r2
	adc	r1, r1, #0
	str	r1, [r6, #0x0c]		@ ALARM_HIGH first
	str	r0, [r6, #0x08]		@ ALARM_LOW arms
	mov	r0, #(1 << 3)
	str	r0, [r11, #PIC_ENABLE]
2:	wfi
	ldr	r0, [r11, #PIC_PENDING]
	tst	r0, #(1 << 3)
	beq	2b
	str	r0, [r6, #0x10]		@ CLEAR_INTERRUPT

	adr	r1, exit_block
	mov	r0, #0x20		@ SYS_EXIT_EXTENDED, status 0
	svc	#0x123456
	b	.

/* fill(r0 = buffer): FRAMES frames of the pattern from index r9 */
fill:
	mov	r3, #FRAMES
	ldr	r4, =0x5555
3:	add	r1, r9, r9, lsl #1	@ i * 3
	eor	r1, r1, r4
	lsl	r1, r1, #16		@ R in the high half
	uxth	r2, r9			@ L in the low half
	orr	r1, r1, r2
	str	r1, [r0], #4
	add	r9, r9, #1
	subs	r3, r3, #1
	bne	3b
	bx	lr

	.align	2
exit_block:
	.word	0x20026			@ ADP_Stopped_ApplicationExit
	.word	0			@ exit status
	.ltorg
