/*
 * Koi firmware entry: the command line (from semihosting) picks a job, the
 * board gives its audio device, whose stream is opened in the device's own
 * format, the job's sound is built for that format and plays, a summary
 * is printed, and the exit status reaches the shell through the board's
 * exit (KOI_EXIT_*, board/board.h):
 *   0 played, 1 stream error, 2 bad arguments (for this device's format)
 *   or an input file that cannot play, 3 no audio device, one whose
 *   format Koi cannot play, or a --rate it cannot take.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "app/cmdline.h"
#include "app/player.h"
#include "app/recorder.h"
#include "app/status.h"
#include "board/board.h"

/* ms with three decimals, without floating point in printf. */
static void print_ms(const char *label, uint64_t ns)
{
	printf("%s%lu.%03lu ms", label, (unsigned long)(ns / 1000000u),
	       (unsigned long)(ns / 1000u % 1000u));
}

/* frames as ms with one decimal ("11.6"), rounded. */
static void print_frames_ms(uint32_t frames, uint32_t rate)
{
	uint64_t tenths = ((uint64_t)frames * 10000u + rate / 2u) / rate;
	printf("%lu.%lu", (unsigned long)(tenths / 10u), (unsigned long)(tenths % 10u));
}

/* When the adaptive latency moved: from where, how far, after how many
 * underruns (and near misses, when there were any), and where it ended
 * ("koi: latency 11.6 -> 23.2 ms (periods 128 -> 512 frames) after 2
 * underruns, from 0.31 s of sound on"). */
static void latency_line(const struct player_report *r)
{
	if (!r->grows && !r->shrinks)
		return;
	printf("koi: latency ");
	print_frames_ms(r->start_buffer, r->rate);
	printf(" -> ");
	print_frames_ms(r->max_buffer, r->rate);
	printf(" ms (periods %lu -> %lu frames) after %lu underrun%s",
	       (unsigned long)r->period_frames, (unsigned long)r->top_period,
	       (unsigned long)r->underruns, r->underruns == 1 ? "" : "s");
	if (r->near_misses)
		printf(" and %lu near miss%s", (unsigned long)r->near_misses,
		       r->near_misses == 1 ? "" : "es");
	if (r->end_buffer != r->max_buffer || r->end_period != r->top_period) {
		printf(", then ");
		print_frames_ms(r->end_buffer, r->rate);
		printf(" ms (%lu frames)", (unsigned long)r->end_period);
	}
	printf(", from %lu.%02lu s of sound on\n", (unsigned long)(r->changed_at / r->rate),
	       (unsigned long)((uint64_t)r->changed_at * 100u / r->rate % 100u));
}

static void summary(const char *what, const struct player_report *r)
{
	uint32_t rate = r->rate;
	printf("koi: played   %s\n", what);
	if (rate == 0) {
		printf("koi: the stream did not open: nothing played\n");
		return;
	}
	printf("koi: frames   %lu (%lu.%03lu s of sound)\n", (unsigned long)r->frames,
	       (unsigned long)(r->frames / rate),
	       (unsigned long)((uint64_t)r->frames * 1000u / rate % 1000u));
	printf("koi: period   %lu frames x %lu", (unsigned long)r->period_frames,
	       (unsigned long)r->periods);
	print_ms(" (latency ", (uint64_t)r->period_frames * r->periods * 1000000000ull / rate);
	printf(")\n");
	if (r->start_ns) {
		print_ms("koi: time     ", r->end_ns - r->start_ns);
		printf(" of virtual time from first period to drained\n");
	} else {
		printf("koi: time     the stream never started\n");
	}
	printf("koi: underruns %lu", (unsigned long)r->underruns);
	if (r->underruns)
		printf(" (%lu in the first second of sound)", (unsigned long)r->underruns_1s);
	printf(", lowest ring fill %lu frames\n", (unsigned long)r->min_fill);
	latency_line(r);
	if (r->resumed_ns > r->starved_ns && r->starved_ns) {
		uint64_t gap = r->resumed_ns - r->starved_ns;
		print_ms("koi: stall    device starved for ", gap);
		printf(" (~%lu frames of silence)\n",
		       (unsigned long)((gap * rate + 500000000u) / 1000000000u));
	}
}

/* What main tells the player's hooks. */
struct ui {
	const struct job *job;
	uint64_t total;   /* frames the job plays, 0 if not known */
	uint32_t rate;
	bool progress;    /* the progress line is on */
};

static void on_setup(void *ctx, const struct player_setup *s)
{
	const struct ui *u = ctx;
	if (!u->job->verbose)
		return;
	char text[512];
	struct msg m = MSG(text, sizeof text);
	status_setup(&m, "PLAYBACK, MMAP_INTERLEAVED", s);
	fputs(text, stdout);
}

/* On a terminal: one line rewritten in place each second ("\r"), ended
 * with a newline when the job ends. */
static void on_progress(void *ctx, uint64_t played, bool end)
{
	const struct ui *u = ctx;
	if (!u->progress)
		return;
	char text[64];
	struct msg m = MSG(text, sizeof text);
	status_progress(&m, played, u->total, u->rate);
	printf("\r%s%s", text, end ? "\n" : "");
	fflush(stdout);
}

/* What a key did, one line each (after the progress line, if any). */
static void on_event(void *ctx, enum player_event ev, double value)
{
	const struct ui *u = ctx;
	const char *nl = u->progress ? "\n" : "";
	switch (ev) {
	case PLAYER_PAUSED:
		printf("%skoi: paused (space resumes)\n", nl);
		break;
	case PLAYER_RESUMED:
		printf("%skoi: resumed\n", nl);
		break;
	case PLAYER_VOLUME: {
		char db[16];
		struct msg m = MSG(db, sizeof db);
		msg_putd(&m, value);
		printf("%skoi: volume %s dB\n", nl, db);
		break;
	}
	case PLAYER_MUTED:
		printf("%skoi: muted (m unmutes)\n", nl);
		break;
	case PLAYER_UNMUTED:
		printf("%skoi: unmuted\n", nl);
		break;
	case PLAYER_STOPPING:
		printf("%skoi: stopping\n", nl);
		break;
	}
	fflush(stdout);
}

/* "koi: recorded take.wav: 16000 frames (2.000 s) of 8000 Hz mono s16". */
static void recorded(const char *path, const struct recorder *rec)
{
	uint32_t rate = rec->hw.rate ? rec->hw.rate : 1;
	printf("koi: recorded %s: %lu frames (%lu.%03lu s) of %lu Hz %s %s", path,
	       (unsigned long)rec->frames, (unsigned long)(rec->frames / rate),
	       (unsigned long)(rec->frames * 1000u / rate % 1000u), (unsigned long)rec->hw.rate,
	       rec->hw.channels == 1 ? "mono" : "stereo", sample_format_name(rec->hw.format));
	if (rec->overruns)
		printf("; %lu overruns: frames were lost", (unsigned long)rec->overruns);
	printf("\n");
}

static void memory_line(void)
{
	struct board_memory mu;
	board_memory_usage(&mu);
	printf("koi: memory   stack SVC %lu of %lu B, IRQ %lu of %lu B; heap %lu of %lu B\n",
	       (unsigned long)mu.stack_used, (unsigned long)mu.stack_size,
	       (unsigned long)mu.irq_stack_used, (unsigned long)mu.irq_stack_size,
	       (unsigned long)mu.heap_used, (unsigned long)mu.heap_size);
}

/* Opens the recording a job asks for (rec_path); the exit status for a
 * failure (no capture input, or the file), 0 when it is open. */
static int open_recording(struct recorder *rec, struct audio_dev *dev, const char *rec_path,
			  double seconds)
{
	char why[CMDLINE_ERR_LEN];
	int r = recorder_open(rec, dev, rec_path, seconds, why, sizeof why);
	if (r == 0)
		return KOI_EXIT_PLAYED;
	if (r == -ENODEV)
		fprintf(stderr, "koi: record: %s (%s)\n", why, board_audio_capture_hint());
	else
		fprintf(stderr, "koi: record: %s\n", why);
	return r == -ENODEV ? KOI_EXIT_DEVICE : KOI_EXIT_ARGS;
}

/* A job that only records: the capture stream into its file. */
static int record_only(const struct job *job, struct audio_dev *dev, struct ui *ui)
{
	static struct recorder rec; /* its buffer: keep it off the stack */
	double seconds;
	const char *path = job_record(job, &seconds);
	int status = open_recording(&rec, dev, path, seconds);
	if (status)
		return status;
	char what[128];
	job_describe(job, what, sizeof what);
	printf("koi: recording %s\n", what);
	printf("koi: device   %s: capture %lu Hz, %lu channel%s, %s\n", rec.device,
	       (unsigned long)rec.hw.rate, (unsigned long)rec.hw.channels,
	       rec.hw.channels == 1 ? "" : "s", sample_format_name(rec.hw.format));
	if (job->verbose) {
		const struct player_setup su = {
			.rate = rec.hw.rate, .channels = rec.hw.channels, .format = rec.hw.format,
			.period_frames = pcm_period_frames(&rec.in),
			.periods = pcm_buffer_frames(&rec.in) / pcm_period_frames(&rec.in),
			.buffer_frames = pcm_buffer_frames(&rec.in),
			.start_threshold = 0, /* capture starts at once */
		};
		char text[512];
		struct msg m = MSG(text, sizeof text);
		status_setup(&m, "CAPTURE, RW_INTERLEAVED", &su);
		fputs(text, stdout);
	}
	ui->rate = rec.hw.rate;
	ui->total = rec.limit;
	ui->progress = seconds >= STATUS_PROGRESS_MIN_S && board_console_is_terminal();
	const struct player_opts opts = {.controls = true, .event = on_event,
					 .progress = on_progress, .ctx = ui};
	struct player_report rep;
	int r = player_record(&rec, &opts, &rep);
	int f = recorder_finish(&rec);
	recorded(path, &rec);
	memory_line();
	if (r == -ETIMEDOUT) {
		print_ms("koi: stalled: no capture period for ", rep.watchdog_ns);
		printf("; the audio device stopped capturing, recording ended\n");
	}
	if (r || f) {
		int e = r ? r : f;
		fprintf(stderr, "koi: record: %s (%d)\n",
			e == -ETIMEDOUT ? "the capture stalled" : board_file_strerror(e), e);
		return KOI_EXIT_STREAM;
	}
	return KOI_EXIT_PLAYED;
}

/* Everything one run of the firmware plays: large, so kept off the stack. */
struct run {
	struct job job;
	struct job_sound sound;
	struct stream_format fmt;     /* the device's */
	struct recorder rec;          /* play --record */
	const char *rec_path;         /* NULL: no recording */
	double rec_seconds;
	char what[128];               /* the job, in words */
	char err[CMDLINE_ERR_LEN];
};

/* The board's audio device in *dev, or the exit status. */
static int open_device(struct audio_dev **dev)
{
	int r = board_audio_dev(dev);
	if (r == 0)
		return KOI_EXIT_PLAYED;
	if (r == -ENODEV)
		fprintf(stderr, "koi: no %s (error %d)\n", board_audio_name(), r);
	else
		fprintf(stderr, "koi: the audio device failed to start (error %d)\n", r);
	return KOI_EXIT_DEVICE;
}

/* The stream open in the device's format, the sound built for it, the
 * recording beside it open; 0, or the exit status. */
static int prepare(struct run *run, struct audio_dev *dev)
{
	/* The device's format decides the sound's: open first, then build. */
	int r = player_open_at(dev, run->job.rate, &run->fmt, run->err, sizeof run->err);
	if (r) {
		fprintf(stderr, "koi: %s (error %d)\n", run->err, r);
		return KOI_EXIT_DEVICE;
	}
	r = job_build(&run->job, &run->fmt, &run->sound, run->err, sizeof run->err);
	if (r) {
		fprintf(stderr, "koi: %s\n%s", run->err, r == -EINVAL ? cmdline_usage() : "");
		player_close();
		return r == -EINVAL || r == PROGRAM_BAD_INPUT ? KOI_EXIT_ARGS : KOI_EXIT_STREAM;
	}
	/* Recording beside the sound (play --record): opened now, after the
	 * sound's own checks, so that a bad job creates no file. */
	run->rec_path = job_record(&run->job, &run->rec_seconds);
	if (run->rec_path) {
		int status = open_recording(&run->rec, dev, run->rec_path, run->rec_seconds);
		if (status) {
			job_free(&run->sound);
			player_close();
			return status;
		}
	}
	return KOI_EXIT_PLAYED;
}

/* The job plays: its header lines, then the player with main's hooks. */
static int play(struct run *run, struct ui *ui, struct player_report *rep)
{
	const struct stream_format *fmt = &run->fmt;
	job_describe(&run->job, run->what, sizeof run->what);
	const char *live = job_live(&run->job);
	printf("koi: playing  %s%s\n", run->what, live ? live : "");
	printf("koi: device   %s: %lu Hz, %lu channel%s, %s\n", player_device(),
	       (unsigned long)fmt->rate, (unsigned long)fmt->channels,
	       fmt->channels == 1 ? "" : "s", sample_format_name(fmt->sample));
	*ui = (struct ui){
		.job = &run->job,
		.total = run->sound.frames,
		.rate = fmt->rate,
		/* Long jobs only, and never into a pipe or a file (the tests
		 * read the console; a log full of \r lines helps nobody). */
		.progress = run->sound.frames >= (uint64_t)STATUS_PROGRESS_MIN_S * fmt->rate &&
			    board_console_is_terminal(),
	};
	const struct player_opts opts = {
		.period_frames = run->job.period_frames,
		.latency_us = run->job.latency_us,
		.no_adapt = run->job.no_adapt,
		.controls = true,
		.gain = &run->sound.gain,
		.event = on_event,
		.key = live ? job_key : NULL,
		.key_ctx = &run->sound,
		.setup = on_setup,
		.progress = on_progress,
		.ctx = ui,
		.rec = run->rec_path ? &run->rec : NULL,
	};
	return player_play(run->sound.src, &opts, rep);
}

/* After the play: the summary, and the exit status from what failed
 * first: the period, the input (a file that changed while it played), the
 * recording, the stream.  r: the player's result, rec_r the recording's,
 * input the job's. */
static int outcome(struct run *run, const struct player_report *rep, int r, int rec_r,
		   int input)
{
	if (r == -ERANGE) {
		fprintf(stderr, "koi: --period: %lu frames: the audio device takes %lu..%lu\n",
			(unsigned long)rep->period_frames, (unsigned long)rep->min_period,
			(unsigned long)rep->max_period);
		return KOI_EXIT_ARGS;
	}
	summary(run->what, rep);
	if (run->rec_path)
		recorded(run->rec_path, &run->rec);
	memory_line();
	board_sleep_ns(board_audio_drain_ns());
	if (r == -ETIMEDOUT) {
		print_ms("koi: stalled: no period completed for ", rep->watchdog_ns);
		printf("; the audio device stopped interrupting, stream stopped\n");
	}
	if (input) {
		fprintf(stderr, "koi: %s\n", run->err);
		return input == PROGRAM_BAD_INPUT ? KOI_EXIT_ARGS : KOI_EXIT_STREAM;
	}
	if (rec_r == -ETIMEDOUT) {
		print_ms("koi: stalled: no capture period for ", rep->capture_watchdog_ns);
		printf("; the audio device stopped capturing, playback and recording ended\n");
	}
	if (rec_r) {
		fprintf(stderr, "koi: record: %s: %s (%d)\n", run->rec_path,
			rec_r == -ETIMEDOUT ? "the capture stalled" : board_file_strerror(rec_r),
			rec_r);
		return KOI_EXIT_STREAM;
	}
	if (r) {
		fprintf(stderr, "koi: playback failed: %s (%d)\n", strerror(-r), r);
		return KOI_EXIT_STREAM;
	}
	return KOI_EXIT_PLAYED;
}

int main(int argc, char **argv)
{
	board_memory_watch(); /* for the high-water marks in the summary */
	static struct run run;
	if (cmdline_parse(argc - 1, argv + 1, &run.job, run.err, sizeof run.err)) {
		fprintf(stderr, "koi: %s\n%s", run.err, cmdline_usage());
		return KOI_EXIT_ARGS;
	}
	if (run.job.help) {
		fputs(cmdline_usage(), stdout);
		return KOI_EXIT_PLAYED;
	}
	struct audio_dev *dev;
	int status = open_device(&dev);
	struct ui ui = {.job = &run.job};
	if (!status && !job_plays(&run.job))
		return record_only(&run.job, dev, &ui);
	if (!status)
		status = prepare(&run, dev);
	if (status)
		return status;
	struct player_report rep;
	int r = play(&run, &ui, &rep);
	int rec_r = run.rec_path ? recorder_finish(&run.rec) : 0;
	player_close();
	/* An input that failed while it played (a file that changed). */
	int input = job_result(&run.sound, run.err, sizeof run.err);
	job_free(&run.sound);
	return outcome(&run, &rep, r, rec_r, input);
}
