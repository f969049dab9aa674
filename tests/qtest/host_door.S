/*
 * Semihosting is a door to the host: this guest asks for a host shell
 * command (SYS_SYSTEM, "echo koi > koi-door.txt", run in QEMU's working
 * directory), then exits with status 0 (SYS_EXIT_EXTENDED).  Run with
 * semihosting, the file appears; under the plain command (no semihosting)
 * the SVC is an ordinary exception, nothing reaches the host, and the
 * guest runs on through empty memory until it is killed
 * (tests/qtest/test_machine.py, docs/robustness.md "Trust model").
 */
	.syntax unified
	.arm

	.text
	.global	_start
_start:
	adr	r1, sys_block
	mov	r0, #0x12		@ SYS_SYSTEM
	svc	#0x123456
	adr	r1, exit_block
	mov	r0, #0x20		@ SYS_EXIT_EXTENDED, status 0
	svc	#0x123456
	b	.

	.align	2
sys_block:
	.word	cmd
	.word	cmd_end - cmd
exit_block:
	.word	0x20026			@ ADP_Stopped_ApplicationExit
	.word	0
cmd:	.ascii	"echo koi > koi-door.txt"
cmd_end:
