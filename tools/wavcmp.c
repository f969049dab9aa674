/*
 * wavcmp: compares an expected render (koi-render) with a capture (QEMU's
 * wav backend), frame for frame, after aligning them.
 *
 *   wavcmp EXPECTED.wav ACTUAL.wav
 *
 * Both files are read by tools/wavread.c (any PCM or float WAV); they must
 * have the same rate and channel count.  Samples are compared as values
 * (a 16-bit file and a float file holding the same sound are identical).
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
 * "Matches again" means RESYNC frames in a row agree, or fewer only when
 * they run to the end of the expected file with nothing but silence after
 * them in the capture: a handful of frames that happen to agree is not a
 * resync.
 * Silence after the expected end is reported and allowed; anything else
 * there counts as extra frames.
 *
 * Time is linear in the files' length: every RESYNC-frame window of the
 * expected file is indexed by a rolling hash, so looking for where the
 * capture continues costs the same whether it is 1 frame or 10 minutes
 * ahead, and the walk through the two files never goes back.
 *
 * Exit 0 only when nothing but leading/trailing silence differs; 1 when the
 * files differ; 2 on a usage or file error.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/wavread.h"

#define RESYNC 64u   /* frames that must match to accept a resync */
#define HASH_MUL 0x9e3779b97f4a7c15ull

static const float *E, *A;
static uint32_t NE, NA, CH;
static double RATE;

static bool silent(const float *s, uint32_t i)
{
	for (uint32_t c = 0; c < CH; c++)
		if (s[(size_t)i * CH + c] != 0.0f)
			return false;
	return true;
}

static bool same(uint32_t i, uint32_t j)
{
	for (uint32_t c = 0; c < CH; c++)
		if (E[(size_t)i * CH + c] != A[(size_t)j * CH + c])
			return false;
	return true;
}

/* One frame as a 64-bit number (samples are compared by value and the
 * reader turned -0.0 into 0.0, so equal frames have equal bits). */
static uint64_t frame_key(const float *s, uint32_t i)
{
	uint64_t k = 0;
	for (uint32_t c = 0; c < CH; c++) {
		uint32_t b;
		memcpy(&b, &s[(size_t)i * CH + c], 4);
		k = (k ^ b) * HASH_MUL;
		k ^= k >> 29;
	}
	return k;
}

/* Prefix hashes: h[n] = sum of key(k) * M^(n-1-k), k < n (mod 2^64), so
 * the hash of frames [p, p + RESYNC) is h[p + RESYNC] - h[p] * M^RESYNC. */
static uint64_t *prefix(const float *s, uint32_t n)
{
	uint64_t *h = malloc(sizeof(uint64_t) * ((size_t)n + 1u));
	if (!h)
		return NULL;
	h[0] = 0;
	for (uint32_t i = 0; i < n; i++)
		h[i + 1] = h[i] * HASH_MUL + frame_key(s, i);
	return h;
}

static uint64_t *HE, *HA, POW;

static uint64_t win(const uint64_t *h, uint32_t p)
{
	return h[p + RESYNC] - h[p] * POW;
}

/*
 * The index: every window position of the expected file, grouped by hash
 * (open addressing, hash -> group), positions ascending within a group.
 * Queries come with a non-decreasing expected position, so each group
 * keeps a cursor that only moves forward: all queries together cost the
 * number of windows, plus one probe each.
 */
static struct {
	uint32_t mask;
	uint64_t *key;    /* slot -> hash */
	uint32_t *grp;    /* slot -> group + 1, 0 empty */
	uint32_t *start;  /* group -> first index in pos (groups + 1 entries) */
	uint32_t *cur;    /* group -> cursor into pos */
	uint32_t *pos;    /* window positions by group */
} ix;

static uint32_t slot_of(uint64_t k)
{
	uint32_t s = (uint32_t)(k >> 32 ^ k) & ix.mask;
	while (ix.grp[s] && ix.key[s] != k)
		s = (s + 1) & ix.mask;
	return s;
}

static bool index_build(void)
{
	uint32_t nw = NE >= RESYNC ? NE - RESYNC + 1 : 0;
	uint32_t size = 1;
	while (size < 2u * nw + 2u)
		size *= 2;
	ix.mask = size - 1;
	ix.key = calloc(size, sizeof *ix.key);
	ix.grp = calloc(size, sizeof *ix.grp);
	uint32_t *of = malloc(sizeof(uint32_t) * (nw ? nw : 1u));
	uint32_t *count = calloc((size_t)nw + 1u, sizeof(uint32_t));
	if (!ix.key || !ix.grp || !of || !count)
		return false;
	uint32_t groups = 0;
	for (uint32_t p = 0; p < nw; p++) {
		uint64_t k = win(HE, p);
		uint32_t s = slot_of(k);
		if (!ix.grp[s]) {
			ix.key[s] = k;
			ix.grp[s] = ++groups;
		}
		of[p] = ix.grp[s] - 1;
		count[of[p]]++;
	}
	ix.start = malloc(sizeof(uint32_t) * ((size_t)groups + 1u));
	ix.cur = malloc(sizeof(uint32_t) * ((size_t)groups + 1u));
	ix.pos = malloc(sizeof(uint32_t) * (nw ? nw : 1u));
	if (!ix.start || !ix.cur || !ix.pos)
		return false;
	uint32_t sum = 0;
	for (uint32_t g = 0; g < groups; g++) {
		ix.start[g] = ix.cur[g] = sum;
		sum += count[g];
	}
	ix.start[groups] = sum;
	for (uint32_t p = 0; p < nw; p++)
		ix.pos[ix.cur[of[p]]++] = p;
	for (uint32_t g = 0; g < groups; g++)
		ix.cur[g] = ix.start[g];
	free(of);
	free(count);
	return true;
}

/* First frame of the capture's trailing silence (NA if it ends in sound). */
static uint32_t TAIL_A;

/* Do expected[i..] and actual[j..] agree for RESYNC frames, or to the end
 * of the expected file with only silence after that in the capture? */
static bool agree(uint32_t i, uint32_t j)
{
	uint32_t k = 0;
	for (; k < RESYNC && i + k < NE && j + k < NA; k++)
		if (!same(i + k, j + k))
			return false;
	return k == RESYNC || (k > 0 && i + k == NE && j + k >= TAIL_A);
}

/* Smallest p > i at which the expected file continues as the capture does
 * from j (agree(p, j)), or 0 if there is none. */
static uint32_t find_later(uint32_t i, uint32_t j)
{
	if (j + RESYNC <= NA) {
		uint64_t k = win(HA, j);
		uint32_t s = slot_of(k);
		if (!ix.grp[s])
			return 0;
		uint32_t g = ix.grp[s] - 1, end = ix.start[g + 1];
		while (ix.cur[g] < end && ix.pos[ix.cur[g]] <= i)
			ix.cur[g]++;
		for (uint32_t c = ix.cur[g]; c < end; c++)
			if (agree(ix.pos[c], j)) /* a hash collision fails here */
				return ix.pos[c];
		return 0;
	}
	/* Fewer than RESYNC frames of sound left in the capture: they can only
	 * be the expected file's last frames. */
	if (j < TAIL_A && TAIL_A - j < RESYNC && NE >= TAIL_A - j) {
		uint32_t p = NE - (TAIL_A - j);
		if (p > i && agree(p, j))
			return p;
	}
	return 0;
}

static void show(const float *s, uint32_t i, char *out, size_t len)
{
	/* In 16-bit steps: integers for 8/16-bit files, fractions otherwise. */
	size_t n = 0;
	out[0] = '\0';
	for (uint32_t c = 0; c < CH && n < len; c++)
		n += (size_t)snprintf(out + n, len - n, "%s%.9g", c ? "," : "",
				      (double)s[(size_t)i * CH + c] * 32768.0);
}

static bool load(const char *path, struct wav_in *w)
{
	char err[300];
	if (wav_read_file(path, w, err, sizeof err)) {
		fprintf(stderr, "wavcmp: %s\n", err);
		return false;
	}
	if (w->frames > UINT32_MAX - RESYNC) {
		fprintf(stderr, "wavcmp: %s: too many frames\n", path);
		return false;
	}
	if (w->note[0])
		printf("note: %s: %s\n", path, w->note);
	return true;
}

/* The silent-run length at each capture frame (0: sound there), so that a
 * long gap is measured once; RUN[NA] is 0. */
static uint32_t *RUN;

/* Both files loaded and indexed: 0, or the exit status (2). */
static int prepare(const char *pe, const char *pa, struct wav_in *we, struct wav_in *wa)
{
	if (!load(pe, we) || !load(pa, wa))
		return 2;
	if (we->rate != wa->rate || we->channels != wa->channels) {
		fprintf(stderr, "wavcmp: cannot compare %u Hz %u-channel %s with %u Hz "
			"%u-channel %s\n", we->rate, we->channels, pe, wa->rate,
			wa->channels, pa);
		return 2;
	}
	E = we->x;
	A = wa->x;
	NE = (uint32_t)we->frames;
	NA = (uint32_t)wa->frames;
	CH = we->channels;
	RATE = we->rate;
	POW = 1;
	for (uint32_t k = 0; k < RESYNC; k++)
		POW *= HASH_MUL;
	HE = prefix(E, NE);
	HA = prefix(A, NA);
	RUN = malloc(sizeof(uint32_t) * ((size_t)NA + 1u));
	if (!HE || !HA || !RUN || !index_build()) {
		fprintf(stderr, "wavcmp: out of memory\n");
		return 2;
	}
	RUN[NA] = 0;
	for (uint32_t j = NA; j-- > 0;)
		RUN[j] = silent(A, j) ? RUN[j + 1] + 1 : 0;
	TAIL_A = NA;
	while (TAIL_A > 0 && RUN[TAIL_A - 1])
		TAIL_A--;
	return 0;
}

/* What the walk found. */
struct tally {
	uint64_t mismatched, inserted, inserted_runs, missing, extra, trailing;
	bool first; /* no mismatch shown yet */
};

/* Where the walk starts (expected frame *i, capture frame *j), past the
 * leading silence of each. */
static void align_start(struct tally *t, uint32_t *i, uint32_t *j)
{
	uint32_t lead_e = 0, lead_a = RUN[0];
	while (lead_e < NE && silent(E, lead_e))
		lead_e++;
	if (lead_e == NE) {
		/* Nothing but silence expected: everything must be silent. */
		*j = lead_a;
		*i = NE;
		if (lead_a < NE)
			t->missing = NE - lead_a;
	} else if (lead_a >= lead_e) {
		*j = lead_a - lead_e;
		if (*j)
			printf("leading silence in capture: %u frames (allowed)\n", *j);
	} else if (agree(lead_e, lead_a)) {
		t->missing = lead_e - lead_a;
		*i = lead_e - lead_a;
		printf("capture starts %u frames early: its leading silence is shorter\n",
		       lead_e - lead_a);
	} /* else: the sound does not start alike; compare from the start */
}

/* At a difference (expected i, capture j): inserted silence, missing
 * frames, or a mismatch, counted; moves *i and *j past it. */
static void differ(struct tally *t, uint32_t *i, uint32_t *j)
{
	uint32_t r = RUN[*j];
	/* A gap: the capture resumes where it stopped, or it ends. */
	if (r && (*j + r == NA || agree(*i, *j + r))) {
		printf("inserted silence: %u frames at expected frame %u (%.3f s)\n",
		       r, *i, *i / RATE);
		t->inserted += r;
		t->inserted_runs++;
		*j += r;
		return;
	}
	uint32_t p = find_later(*i, *j);
	if (p) {
		printf("missing: %u frames at expected frame %u (%.3f s)\n", p - *i, *i,
		       *i / RATE);
		t->missing += p - *i;
		*i = p;
		return;
	}
	if (t->first) {
		char ev[160], av[160];
		t->first = false;
		show(E, *i, ev, sizeof ev);
		show(A, *j, av, sizeof av);
		printf("first mismatch at expected frame %u (%.3f s, capture frame %u): "
		       "expected %s got %s\n", *i, *i / RATE, *j, ev, av);
	}
	t->mismatched++;
	(*i)++;
	(*j)++;
}

/* The walk from (i, j) to the end of either file, then what is left. */
static void walk(struct tally *t, uint32_t i, uint32_t j)
{
	while (i < NE && j < NA) {
		if (same(i, j)) {
			i++;
			j++;
		} else {
			differ(t, &i, &j);
		}
	}
	if (i < NE) {
		printf("missing: %u frames at the end (capture too short)\n", NE - i);
		t->missing += NE - i;
	}
	for (; j < NA; j++) {
		if (RUN[j])
			t->trailing++;
		else
			t->extra++;
	}
}

/* The totals and the verdict; the exit status. */
static int report(const struct tally *t, const struct wav_in *we, const struct wav_in *wa,
		  char **argv)
{
	if (t->trailing)
		printf("trailing silence in capture: %llu frames (allowed)\n",
		       (unsigned long long)t->trailing);
	printf("mismatched frames: %llu\n", (unsigned long long)t->mismatched);
	printf("inserted silent frames: %llu (%llu runs)\n",
	       (unsigned long long)t->inserted, (unsigned long long)t->inserted_runs);
	printf("missing frames: %llu\n", (unsigned long long)t->missing);
	printf("extra frames: %llu\n", (unsigned long long)t->extra);
	bool same_all = !t->mismatched && !t->inserted && !t->missing && !t->extra;
	if (we->unfinished || wa->unfinished)
		printf("note: %s is unfinished (see above): compared what it holds\n",
		       we->unfinished ? argv[1] : argv[2]);
	printf("result: %s\n", same_all ? "IDENTICAL" : "DIFFERENT");
	return same_all ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: wavcmp EXPECTED.wav ACTUAL.wav\n");
		return 2;
	}
	struct wav_in we, wa;
	int status = prepare(argv[1], argv[2], &we, &wa);
	if (status)
		return status;
	printf("expected: %u frames (%.3f s, %s), actual: %u frames (%.3f s, %s)\n", NE,
	       NE / RATE, we.format, NA, NA / RATE, wa.format);
	struct tally t = {.first = true};
	uint32_t i = 0, j = 0;
	align_start(&t, &i, &j);
	walk(&t, i, j);
	return report(&t, &we, &wa, argv);
}
