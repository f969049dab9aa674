/*
 * fake_board.h — the board services the player (app/player.c) uses, for
 * host tests that play through it: a virtual clock, alarms, a console that
 * types a script, and board_wait() moving a fake audio device
 * (fake_audio_dev.h) on by one period — the "interrupt" that ends a wait.
 *
 * Nothing moves but in board_wait(): the clock advances by the device's
 * configured period each time it completes one (or starves through one),
 * and alarms due by then fire.  A device that is not started (or a board
 * with no device) ends the wait by advancing the clock alone, so a stalled
 * stream meets the player's watchdog instead of a hang.
 */
#ifndef KOI_TESTS_FAKE_BOARD_H
#define KOI_TESTS_FAKE_BOARD_H

#include <stdint.h>

#include "tests/host/fake_audio_dev.h"

/* Resets the clock and alarms; board_wait() steps dev's playback. */
void fake_board_use(struct fake_dev *dev);
/* The console's input: tty_read() returns these bytes (copied), then
 * nothing.  NULL or "": no keys. */
void fake_board_keys(const char *keys);
/* How many board_wait() calls had to wait. */
uint64_t fake_board_waits(void);

#endif /* KOI_TESTS_FAKE_BOARD_H */
