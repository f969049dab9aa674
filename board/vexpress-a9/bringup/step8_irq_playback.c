/*
 * Bring-up checkpoint 8 on vexpress-a9: the generic checkpoint
 * (tests/bringup/step8_irq_playback.c) with the slack this device needs.
 * QEMU's PL041 takes sound on its audio backend's 10 ms tick, about 960
 * frames every other tick at 48 kHz (docs/vexpress-a9.md, "Timing"), so
 * the last period goes into the FIFO up to one such burst, 20 ms, after
 * the sound's length; a real gap (a refill that missed the interrupt) is
 * longer than that and shows as an underrun in the stream.
 */
#define STEP8_SLACK_NS 20000000u
#define STEP8_SLACK "20 ms"
#include "tests/bringup/step8_irq_playback.c"
