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

/* ---- what the board adds: board/NAME/bringup/steps.c ----------------- */
/*
 * The steps are the same on every board (tests/bringup/stepN_*.c); what
 * only a board knows, it says in one file linked into each of its step
 * images.
 */

/* Step 7: plays one buffer of step7_frames frames of step7_sample() on
 * the board's sound device by its registers alone (no driver, no
 * audio_dev, no interrupt), polling the device's status, and checks what
 * it can see with check().  Returns when done, or at the first failure
 * that leaves nothing more to check. */
extern const uint32_t step7_frames;
void step7_play_polled(void);
/* Step 7's signal (tests/bringup/step7_poll.c), frame i, channel 0 (left)
 * or 1: a square wave of 100 samples a cycle on the left, one twice as
 * fast and half as loud on the right. */
int16_t step7_sample(uint32_t i, uint32_t channel);
/* Step 8: how late the last period may complete and still be no gap (a
 * device that takes sound in bursts needs more): whole ms, in ns. */
extern const uint64_t step8_slack_ns;
/* Step 8: how early it may complete: a device that reports a period done
 * once it has taken it into a buffer of its own, not once it is out,
 * finishes before the sound's length by up to that buffer.  0 on all three
 * boards: virt's driver holds such periods until the clock says they are
 * played (drivers/virtio_snd.h), so the check's lower bound holds there by
 * construction and tests the other boards' devices. */
extern const uint64_t step8_early_ns;

#endif /* KOI_BRINGUP_H */
