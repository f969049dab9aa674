/*
 * bringup.h — what the bring-up checkpoints share (docs/bring-up.md).
 *
 * A checkpoint is a tiny program that replaces board/boot.c's boot_main():
 * it runs the board's first boot stages (board/boot.h), then checks what
 * the last stage made work and says so on the console, one line per check:
 *   "  ok   what holds"   or   "  FAIL what does not (what to suspect)"
 * and ends the run with the number of failures as its exit status.  Output
 * goes through the board's console (board_console_write), with no newlib
 * stdio: the first steps run before there is anything else.
 */
#ifndef KOI_BRINGUP_H
#define KOI_BRINGUP_H

#include <stdbool.h>
#include <stdint.h>

void say(const char *s);
void say_dec(uint64_t v);
void say_hex(uint32_t v);          /* 0x and 8 digits */
/* v/1000 with three decimals ("12.345"): microseconds as ms, ms as s. */
void say_milli(uint64_t v);
/* One check: "  ok   text" or "  FAIL text"; returns cond. */
bool check(bool cond, const char *text);
/* Ends the checkpoint: exit status = checks failed (board_exit). */
void step_end(void) __attribute__((noreturn));

#endif /* KOI_BRINGUP_H */
