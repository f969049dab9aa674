/*
 * The PCM state machine, table-driven: for each direction, each state and
 * each call, the expected return value and the state afterwards.  A call
 * that fails must change nothing: state, ring counters, device queue,
 * submissions, start/stop counts and statistics are compared before and
 * after.  DRAINING of a playback stream only exists inside pcm_drain(), so
 * those rows run from the drain's block hook, which is where a real
 * interrupt-time observer would see it.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "audio/pcm.h"
#include "tests/host/fake_audio_dev.h"

enum call {
	C_HW_PARAMS, C_PREPARE, C_START, C_DRAIN, C_DROP, C_PAUSE_ON,
	C_PAUSE_OFF, C_WRITE, C_MMAP_BEGIN, C_MMAP_COMMIT, C_READ, C_WAIT,
	C_THRESHOLD, C_COUNT
};
static const char *const call_name[C_COUNT] = {
	"hw_params", "prepare", "start", "drain", "drop", "pause(1)",
	"pause(0)", "write", "mmap_begin", "mmap_commit", "read", "wait",
	"set_start_threshold",
};

#define O PCM_STATE_OPEN
#define S PCM_STATE_SETUP
#define P PCM_STATE_PREPARED
#define R PCM_STATE_RUNNING
#define D PCM_STATE_DRAINING
#define Z PCM_STATE_PAUSED
#define X PCM_STATE_XRUN
#define NSTATES PCM_STATE_COUNT

struct cell {
	int ret;
	enum pcm_state after;
};
#define E(st) {-EPERM, st}   /* refused, nothing changes */

/*
 * Playback fixtures (period 64, 4 periods, fake with 2 slots):
 *   PREPARED: empty ring.  RUNNING: 4 periods written (auto start), 2 in
 *   the device, ring full.  PAUSED: the same, paused.  XRUN: the same after
 *   4 completions, ring empty.  DRAINING: inside pcm_drain of RUNNING.
 * write/read/mmap move 64 frames; "0" for write means the ring was full.
 */
static const struct cell play_table[NSTATES][C_COUNT] = {
	[O] = {{0, S}, E(O), E(O), E(O), E(O), E(O), E(O), E(O), E(O), E(O),
	       E(O), E(O), E(O)},
	[S] = {{0, S}, {0, P}, E(S), E(S), {0, S}, E(S), E(S), E(S), E(S),
	       E(S), E(S), E(S), {0, S}},
	[P] = {{0, S}, {0, P}, {-EAGAIN, P}, {0, S}, {0, S}, E(P), E(P),
	       {64, P}, {0, P}, {0, P}, E(P), {0, P}, {0, P}},
	[R] = {E(R), E(R), E(R), {0, S}, {0, S}, {0, Z}, E(R), {0, R},
	       {0, R}, {0, R}, E(R), {0, R}, E(R)},
	[D] = {E(D), E(D), E(D), E(D), {0, S}, E(D), E(D), E(D), E(D),
	       E(D), E(D), E(D), E(D)},
	[Z] = {E(Z), E(Z), E(Z), E(Z), {0, S}, E(Z), {0, R}, {0, Z},
	       {0, Z}, {0, Z}, E(Z), E(Z), E(Z)},
	[X] = {E(X), {0, P}, E(X), {0, S}, {0, S}, E(X), E(X),
	       {-EPIPE, X}, {-EPIPE, X}, {-EPIPE, X}, E(X), {-EPIPE, X},
	       E(X)},
};

/*
 * Capture fixtures (period 64, 4 periods, 1 slot): RUNNING: started, one
 * period captured.  PAUSED: the same, paused.  DRAINING: the same, drained
 * (device stopped, 64 frames readable).  XRUN: overrun after 4 completions.
 */
static const struct cell cap_table[NSTATES][C_COUNT] = {
	[O] = {{0, S}, E(O), E(O), E(O), E(O), E(O), E(O), E(O), E(O), E(O),
	       E(O), E(O), E(O)},
	[S] = {{0, S}, {0, P}, E(S), E(S), {0, S}, E(S), E(S), E(S), E(S),
	       E(S), E(S), E(S), {0, S}},
	[P] = {{0, S}, {0, P}, {0, R}, E(P), {0, S}, E(P), E(P), E(P), E(P),
	       E(P), E(P), E(P), {0, P}},
	[R] = {E(R), E(R), E(R), {0, D}, {0, S}, {0, Z}, E(R), E(R), E(R),
	       E(R), {64, R}, {0, R}, E(R)},
	[D] = {E(D), E(D), E(D), E(D), {0, S}, E(D), E(D), E(D), E(D),
	       E(D), {64, S}, {0, D}, E(D)},
	[Z] = {E(Z), E(Z), E(Z), {0, D}, {0, S}, E(Z), {0, R}, E(Z), E(Z),
	       E(Z), {64, Z}, {0, Z}, E(Z)},
	[X] = {E(X), {0, P}, E(X), {0, D}, {0, S}, E(X), E(X), E(X), E(X),
	       E(X), {-EPIPE, X}, {-EPIPE, X}, E(X)},
};

struct snap {
	enum pcm_state st;
	uint32_t appl, sub, hwp, count, submits, starts, stops, periods, xruns;
	bool started;
};

static struct fake_dev fdev;
static struct pcm_stream strm;
static enum audio_dir cur_dir;
static enum call probe_call;
static int probe_ret;
static enum pcm_state probe_after;
static bool probe_done;
static unsigned failures;

static void take(struct snap *n)
{
	struct fake_dir *d = &fdev.d[cur_dir];
	memset(n, 0, sizeof(*n)); /* padding too: compared with memcmp */
	n->st = pcm_state(&strm);
	n->appl = atomic_load(&strm.appl);
	n->sub = atomic_load(&strm.sub);
	n->hwp = atomic_load(&strm.hwp);
	n->count = d->count;
	n->submits = d->submits;
	n->starts = d->starts;
	n->stops = d->stops;
	n->started = d->started;
	n->periods = atomic_load(&strm.st_periods);
	n->xruns = atomic_load(&strm.st_xruns);
}

static int do_call(enum call c)
{
	static int16_t buf[2 * 64];
	void *area;
	uint32_t n;
	switch (c) {
	case C_HW_PARAMS:   return pcm_hw_params(&strm, 64, 4);
	case C_PREPARE:     return pcm_prepare(&strm);
	case C_START:       return pcm_start(&strm);
	case C_DRAIN:       return pcm_drain(&strm);
	case C_DROP:        return pcm_drop(&strm);
	case C_PAUSE_ON:    return pcm_pause(&strm, true);
	case C_PAUSE_OFF:   return pcm_pause(&strm, false);
	case C_WRITE:       return pcm_write(&strm, buf, 64);
	case C_MMAP_BEGIN:  return pcm_mmap_begin(&strm, &area, &n);
	case C_MMAP_COMMIT: return pcm_mmap_commit(&strm, 0);
	case C_READ:        return pcm_read(&strm, buf, 64);
	case C_WAIT:        return pcm_wait(&strm);
	case C_THRESHOLD:   return pcm_set_start_threshold(&strm, 128);
	default:            return -999;
	}
}

/* Block hook for the DRAINING rows: probe once, then let time pass. */
static void probing_block(void *ctx, pcm_ready_fn ready, const void *arg)
{
	if (!probe_done) {
		probe_done = true;
		assert_int_equal(pcm_state(&strm), PCM_STATE_DRAINING);
		struct snap a, b;
		take(&a);
		probe_ret = do_call(probe_call);
		probe_after = pcm_state(&strm);
		take(&b);
		if (probe_ret < 0 && memcmp(&a, &b, sizeof(a))) {
			fprintf(stderr, "# DRAINING %s failed but changed state\n",
				call_name[probe_call]);
			failures++;
		}
	}
	fake_dev_block(ctx, ready, arg);
}

static void reach(enum pcm_state st)
{
	static int16_t buf[2 * 256];
	fake_dev_free(&fdev);
	struct audio_caps pc = fake_caps_playback(), cc = fake_caps_capture();
	fake_dev_init(&fdev, &pc, &cc);
	assert_int_equal(pcm_open(&strm, &fdev.dev, cur_dir), 0);
	pcm_set_block(&strm, fake_dev_block, &fdev);
	if (st == O)
		return;
	assert_int_equal(pcm_hw_params(&strm, 64, 4), 0);
	if (st == S)
		return;
	assert_int_equal(pcm_prepare(&strm), 0);
	if (st == P)
		return;
	if (cur_dir == AUDIO_PLAYBACK) {
		for (int i = 0; i < 512; i++)
			buf[i] = (int16_t)(i + 1);
		assert_int_equal(pcm_write(&strm, buf, 256), 256);
		if (st == X)
			fake_dev_complete(&fdev, AUDIO_PLAYBACK, 4);
	} else {
		assert_int_equal(pcm_start(&strm), 0);
		fake_dev_complete(&fdev, AUDIO_CAPTURE, st == X ? 4 : 1);
		if (st == D)
			assert_int_equal(pcm_drain(&strm), 0);
	}
	if (st == Z)
		assert_int_equal(pcm_pause(&strm, true), 0);
	assert_int_equal(pcm_state(&strm), st);
}

static void run_table(const struct cell table[NSTATES][C_COUNT],
		      enum audio_dir dir)
{
	cur_dir = dir;
	const char *dn = dir == AUDIO_PLAYBACK ? "playback" : "capture";
	unsigned cells = 0;
	for (int st = 0; st < NSTATES; st++) {
		for (int c = 0; c < C_COUNT; c++) {
			const struct cell *want = &table[st][c];
			int ret;
			enum pcm_state after;
			struct snap a, b;
			if (dir == AUDIO_PLAYBACK && st == D) {
				reach(R);
				pcm_set_block(&strm, probing_block, &fdev);
				probe_call = (enum call)c;
				probe_done = false;
				assert_int_equal(pcm_drain(&strm), 0);
				assert_true(probe_done);
				ret = probe_ret;
				after = probe_after;
			} else {
				reach((enum pcm_state)st);
				take(&a);
				ret = do_call((enum call)c);
				after = pcm_state(&strm);
				take(&b);
				if (ret < 0 && memcmp(&a, &b, sizeof(a))) {
					fprintf(stderr,
						"# %s %s: %s failed (%d) but changed something\n",
						dn, pcm_state_name(st), call_name[c], ret);
					failures++;
				}
			}
			if (ret != want->ret || after != want->after) {
				fprintf(stderr,
					"# %s %s: %s gave %d -> %s, want %d -> %s\n",
					dn, pcm_state_name(st), call_name[c], ret,
					pcm_state_name(after), want->ret,
					pcm_state_name(want->after));
				failures++;
			}
			if (fdev.violations) {
				fprintf(stderr, "# %s %s: %s: device contract: %s\n",
					dn, pcm_state_name(st), call_name[c], fdev.why);
				failures++;
			}
			pcm_close(&strm);
			cells++;
		}
	}
	assert_int_equal(cells, NSTATES * C_COUNT);
}

static void playback_states(void **state)
{
	(void)state;
	failures = 0;
	run_table(play_table, AUDIO_PLAYBACK);
	fake_dev_free(&fdev);
	assert_int_equal(failures, 0);
}

static void capture_states(void **state)
{
	(void)state;
	failures = 0;
	run_table(cap_table, AUDIO_CAPTURE);
	fake_dev_free(&fdev);
	assert_int_equal(failures, 0);
}

/* Every state has a name, and out-of-range values do not crash. */
static void state_names(void **state)
{
	(void)state;
	for (int st = 0; st < NSTATES; st++)
		assert_string_not_equal(pcm_state_name(st), "?");
	assert_string_equal(pcm_state_name(NSTATES), "?");
	assert_string_equal(pcm_state_name(PCM_STATE_XRUN), "XRUN");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(playback_states),
		cmocka_unit_test(capture_states),
		cmocka_unit_test(state_names),
	};
	return cmocka_run_group_tests_name("pcm-states", tests, NULL, NULL);
}
