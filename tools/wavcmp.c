/*
 * wavcmp: compares an expected render (koi-render) with a capture (QEMU's
 * wav backend), frame for frame, after aligning them.
 *
 *   wavcmp EXPECTED.wav ACTUAL.wav
 *
 * Alignment: leading digital silence in the capture is skipped (reported,
 * allowed), counting the expected file's own leading silence.  Then both
 * are walked together; at a difference wavcmp decides, in this order,
 * whether the capture has
 *   - inserted silence: a run of silent frames after which the capture
 *     matches the expected frames again (an underrun gap),
 *   - missing frames: expected frames absent from the capture (the capture
 *     continues with later expected frames),
 *   - otherwise a mismatched frame.
 * Silence after the expected end is reported and allowed; anything else
 * there counts as extra frames.
 *
 * Exit 0 only when nothing but leading/trailing silence differs; 1 when the
 * files differ; 2 on a usage or file error.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/wav.h"

#define RESYNC 64u        /* frames that must match to accept a resync */
#define MAX_MISSING 441000u /* look this far ahead for missing frames (10 s at 44.1 kHz) */

static const int16_t *E, *A;
static uint32_t NE, NA;

static bool silent(const int16_t *s, uint32_t i)
{
	return s[2 * i] == 0 && s[2 * i + 1] == 0;
}

static bool same(uint32_t i, uint32_t j)
{
	return E[2 * i] == A[2 * j] && E[2 * i + 1] == A[2 * j + 1];
}

/* Do expected[i..] and actual[j..] agree for RESYNC frames (or to the end
 * of either)?  At least one frame must be compared. */
static bool agree(uint32_t i, uint32_t j)
{
	uint32_t k = 0;
	for (; k < RESYNC && i + k < NE && j + k < NA; k++)
		if (!same(i + k, j + k))
			return false;
	return k > 0;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: wavcmp EXPECTED.wav ACTUAL.wav\n");
		return 2;
	}
	int16_t *e, *a;
	uint32_t rate, rate_a;
	char err[256];
	if (wav_read_s16(argv[1], &e, &NE, &rate, err, sizeof err) ||
	    wav_read_s16(argv[2], &a, &NA, &rate_a, err, sizeof err)) {
		fprintf(stderr, "wavcmp: %s\n", err);
		return 2;
	}
	if (rate != rate_a) {
		/* Frame for frame means sample clock for sample clock. */
		fprintf(stderr, "wavcmp: %s is %u Hz, %s %u Hz: not comparable\n", argv[1],
			rate, argv[2], rate_a);
		return 2;
	}
	const double hz = rate;
	E = e;
	A = a;
	uint32_t lead_e = 0, lead_a = 0;
	while (lead_e < NE && silent(E, lead_e))
		lead_e++;
	while (lead_a < NA && silent(A, lead_a))
		lead_a++;
	printf("expected: %u frames (%.3f s), actual: %u frames (%.3f s)\n", NE,
	       NE / hz, NA, NA / hz);

	uint64_t mismatched = 0, inserted = 0, inserted_runs = 0, missing = 0;
	uint64_t extra = 0, trailing = 0;
	long first_mismatch = -1;
	uint32_t i = 0, j = 0;
	if (lead_e == NE) {
		/* Nothing but silence expected: everything must be silent. */
		j = lead_a;
		i = NE;
		if (lead_a < NE)
			missing = NE - lead_a;
	} else if (lead_a >= lead_e) {
		j = lead_a - lead_e;
		printf("leading silence in capture: %u frames (allowed)\n", j);
	} else {
		missing = lead_e - lead_a;
		i = missing;
		printf("capture starts %u frames early: its leading silence is shorter\n",
		       lead_e - lead_a);
	}
	while (i < NE && j < NA) {
		if (same(i, j)) {
			i++;
			j++;
			continue;
		}
		if (silent(A, j)) {
			uint32_t r = 0;
			while (j + r < NA && silent(A, j + r))
				r++;
			/* A gap: the capture resumes where it stopped, or it ends. */
			if (j + r == NA || agree(i, j + r)) {
				printf("inserted silence: %u frames at expected frame %u (%.3f s)\n",
				       r, i, i / hz);
				inserted += r;
				inserted_runs++;
				j += r;
				continue;
			}
		}
		uint32_t m = 1;
		for (; m <= MAX_MISSING && i + m < NE; m++)
			if (agree(i + m, j))
				break;
		if (m <= MAX_MISSING && i + m < NE) {
			printf("missing: %u frames at expected frame %u (%.3f s)\n", m, i,
			       i / hz);
			missing += m;
			i += m;
			continue;
		}
		if (first_mismatch < 0) {
			first_mismatch = i;
			printf("first mismatch at expected frame %u (capture frame %u): "
			       "expected %d,%d got %d,%d\n",
			       i, j, E[2 * i], E[2 * i + 1], A[2 * j], A[2 * j + 1]);
		}
		mismatched++;
		i++;
		j++;
	}
	if (i < NE) {
		printf("missing: %u frames at the end (capture too short)\n", NE - i);
		missing += NE - i;
	}
	for (; j < NA; j++) {
		if (silent(A, j))
			trailing++;
		else
			extra++;
	}
	if (trailing)
		printf("trailing silence in capture: %llu frames (allowed)\n",
		       (unsigned long long)trailing);
	printf("mismatched frames: %llu\n", (unsigned long long)mismatched);
	printf("inserted silent frames: %llu (%llu runs)\n",
	       (unsigned long long)inserted, (unsigned long long)inserted_runs);
	printf("missing frames: %llu\n", (unsigned long long)missing);
	printf("extra frames: %llu\n", (unsigned long long)extra);
	bool same_all = !mismatched && !inserted && !missing && !extra;
	printf("result: %s\n", same_all ? "IDENTICAL" : "DIFFERENT");
	free(e);
	free(a);
	return same_all ? 0 : 1;
}
