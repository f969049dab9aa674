/*
 * play: WAV files from the host, one after the other with no gap, as aplay
 * plays them.
 *
 *   play [--record TAKE] [--channels-map A[,B]] FILE...
 *   play --raw --format FMT --rate HZ --channels N [...] FILE...
 *
 * Files are WAV (RIFF or RIFX) or Sun AU, found by their first bytes.
 * --raw reads headerless samples instead, as aplay -t raw: FMT is one of
 * audio/wavfile.h's WAVFILE_RAW_FORMATS (u8 s8 s16 s24 s32 float float64,
 * big-endian with "be" appended, mu-law, a-law), at HZ with N channels;
 * all three are needed, and only with --raw.
 *
 * --channels-map A[,B] plays the files' channels A and B (numbered from 1,
 * as sox's remix numbers them) on the device's left and right, or channel
 * A alone (mono, on both): a file without such a channel is refused before
 * anything plays.  Without it, files of 1 or 2 channels play as they are
 * and files of more are mixed down to stereo (audio/wavfile.h's matrix).
 *
 * --record TAKE records the device's input into the host file TAKE while
 * the files play, from the first frame to the last (app/recorder.h).
 *
 * --with JOB plays another job at the same time, mixed in software
 * (audio/dmix.h: each is a PCM stream of its own): JOB is a program's
 * command line ('piano', 'tone --freq 440', 'piano --keys asdf') or, when
 * its first word names no program, files to play ('b.wav', 'b.wav
 * --volume -6').  Up to three.  The jobs start together at the first
 * frame; the mix ends after the last one's last frame (a live piano ends
 * with q).  The console's other keys go to a live job among them.
 *
 * Any file Koi decodes (audio/wavfile.h: 8- to 32-bit PCM, 32- and 64-bit
 * float, mu-law, A-law; RIFF, RIFX, AU or raw; any channel count; any rate
 * the converter builds a filter for), read through the host-file interface
 * (board/board.h: semihosting in the firmware, stdio in koi-render) in WAVFILE_CHUNK
 * pieces, so a file larger than the firmware's RAM plays.  Each file is
 * converted to the stream's format (audio/convert.h).
 *
 * Gapless: consecutive files of the same rate and channel count are one
 * input to one converter, so the filter sees one continuous signal and
 * the last frame of one file is followed by the first of the next.  Where
 * the rate or channel count changes, the converter of the next files
 * starts right after the last frame of the previous ones (no silence is
 * added; the filter starts afresh).
 *
 * Before anything plays, every file is opened and its header checked: a
 * missing, unreadable, unsupported or damaged file ends the job with one
 * line naming it (create() returns PROGRAM_BAD_INPUT: exit 2), and nothing
 * plays.  A file cut short (or ending inside a frame) plays its whole
 * frames, after one warning line on stderr naming it and the bytes
 * missing (wavfile_warning()).  While playing, each file is opened again
 * when it is reached and must be as it was checked (same length, same header); a file that
 * changes, or that cannot be read any more, ends the sound right there
 * (no garbage plays) and the job's result says so (exit 2).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cmdline.h"
#include "app/program.h"
#include "audio/convert.h"
#include "audio/dmix.h"
#include "audio/wavfile.h"
#include "board/board.h"
#include "lib/argv_split.h"

#define PLAY_MAX_FILES 32u
#define PLAY_MAX_WITH  (DMIX_CLIENTS - 1u)

struct play_args {
	uint32_t n;
	const char *path[PLAY_MAX_FILES]; /* the words themselves (program.h) */
	const char *record;               /* --record TAKE, or NULL */
	uint32_t nwith;
	const char *with[PLAY_MAX_WITH];  /* --with JOB, the words themselves */
	struct wavfile_map map;           /* --channels-map, n 0 without */
	bool raw;                         /* --raw: raw_info says the format */
	struct wavfile_info raw_info;     /* --format, --rate, --channels */
};
_Static_assert(sizeof(struct play_args) <= JOB_ARGS_MAX, "play's arguments");

struct play_file {
	struct wavfile_info info; /* as checked before play */
	uint32_t size;            /* bytes, as checked */
};

/* Files of one rate and channel count in a row: one converter. */
struct play_seg {
	uint32_t first, end;      /* files [first, end) */
	uint32_t rate, channels;
	uint64_t frames;          /* input frames */
};

struct play {
	struct koi_source src;    /* what the player renders */
	struct convert_input in;     /* the current segment's files, one input */
	const struct play_args *args;
	struct play_file file[PLAY_MAX_FILES];
	struct play_seg seg[PLAY_MAX_FILES];
	uint32_t nseg, cur_seg;
	uint32_t cur_file;        /* the file being read */
	bool open;                /* hf and rd hold cur_file */
	struct board_file hf;
	struct wavfile_io io;
	struct wavfile_reader rd;
	struct convert *conv;     /* heap: sized for the largest filter */
	size_t conv_size;
	uint32_t out_rate, out_channels;
	uint64_t total;           /* frames at the stream's rate */
	/* The failure that ended the sound early: which file, what. */
	int error;
	uint32_t error_file;
	uint32_t error_len;       /* the file's length when it failed */
	/* --with: the other jobs and the mix of all (heap), or NULL. */
	struct play_with *with;
};

/* One --with job: its command line split, parsed and built. */
struct play_with_job {
	char line[256];
	char *argv[CMDLINE_MAX_ARGS];
	struct job job;
	struct job_sound sound;
};

struct play_with {
	struct dmix mix;
	uint32_t n;
	struct play_with_job j[PLAY_MAX_WITH];
};

static void defaults(void *a)
{
	memset(a, 0, sizeof(struct play_args));
}

static int words(void *a, int n, char *const *w, struct msg *err)
{
	struct play_args *p = a;
	(void)n;
	if (p->n == PLAY_MAX_FILES)
		return msg_fail(err, "play: more than 32 files", NULL, NULL);
	p->path[p->n++] = w[0];
	return 1;
}

static int set_record(void *a, const char *v, struct msg *err)
{
	if (!*v)
		return msg_fail(err, "--record: which file?", NULL, NULL);
	((struct play_args *)a)->record = v;
	return 0;
}

static int set_with(void *a, const char *v, struct msg *err)
{
	struct play_args *p = a;
	if (p->nwith == PLAY_MAX_WITH)
		return msg_fail(err, "--with: at most 3 other jobs", NULL, NULL);
	if (!*v || strlen(v) >= sizeof(((struct play_with_job *)0)->line) - 8)
		return msg_fail(err, "--with: '", v, "' is empty or too long");
	p->with[p->nwith++] = v;
	return 0;
}

/* "A" or "A,B": channel numbers from 1. */
static int set_map(void *a, const char *v, struct msg *err)
{
	struct wavfile_map *m = &((struct play_args *)a)->map;
	char word[12];
	m->n = 0;
	for (const char *p = v; m->n < WAVFILE_MAP_MAX; p++) {
		size_t k = strcspn(p, ",");
		uint32_t ch = 0;
		if (k >= sizeof word)
			break;
		memcpy(word, p, k);
		word[k] = '\0';
		if (arg_u32(word, &ch) || ch == 0 || ch > 65535)
			break;
		m->ch[m->n++] = ch - 1;
		p += k;
		if (!*p)
			return 0;
	}
	m->n = 0;
	return msg_fail(err, "--channels-map: '", v,
			"' is not A or A,B (channel numbers from 1: 3,4 plays channels 3 and 4)");
}

static int set_raw(void *a, const char *v, struct msg *err)
{
	(void)v;
	(void)err;
	((struct play_args *)a)->raw = true;
	return 0;
}

static int set_raw_format(void *a, const char *v, struct msg *err)
{
	struct wavfile_info *r = &((struct play_args *)a)->raw_info;
	const uint32_t rate = r->rate, ch = r->channels;
	if (wavfile_raw_format(v, r))
		return msg_fail(err, "--format: '", v, "' is not one of " WAVFILE_RAW_FORMATS);
	r->rate = rate;
	r->channels = ch;
	return 0;
}

static int set_raw_rate(void *a, const char *v, struct msg *err)
{
	uint32_t u;
	if (arg_u32(v, &u) || u == 0 || u > WAVFILE_MAX_RATE)
		return msg_fail(err, "--rate: '", v, "' is not a rate in 1..384000 Hz");
	((struct play_args *)a)->raw_info.rate = u;
	return 0;
}

static int set_raw_channels(void *a, const char *v, struct msg *err)
{
	uint32_t u;
	if (arg_u32(v, &u) || u == 0 || u > WAVFILE_CHUNK)
		return msg_fail(err, "--channels: '", v, "' is not a channel count in 1..8192");
	((struct play_args *)a)->raw_info.channels = u;
	return 0;
}

static const struct prog_option options[] = {
	{"--record", "TAKE", set_record, NULL},
	{"--channels-map", "A[,B]", set_map, NULL},
	{"--raw", NULL, set_raw, NULL},
	{"--format", "FMT", set_raw_format, NULL},
	{"--rate", "HZ", set_raw_rate, NULL},
	{"--channels", "N", set_raw_channels, NULL},
	{"--with", "JOB", set_with, NULL},
	{NULL, NULL, NULL, NULL},
};

static const char *record(const void *args, double *seconds)
{
	*seconds = 0.0; /* as long as the files play */
	return ((const struct play_args *)args)->record;
}

static int finish(void *a, struct msg *err)
{
	const struct play_args *p = a;
	const struct wavfile_info *r = &p->raw_info;
	const bool some = r->bytes || r->rate || r->channels;
	if (p->raw && !(r->bytes && r->rate && r->channels))
		return msg_fail(err, "play: --raw needs --format, --rate and --channels", NULL, NULL);
	if (!p->raw && some)
		return msg_fail(err, "play: --format, --rate and --channels describe --raw files "
				     "(a WAV or AU file says its own)", NULL, NULL);
	return p->n ? 0 : msg_fail(err, "play: which file? (play FILE...)", NULL, NULL);
}

/* ---- reading the files -------------------------------------------------- */

/* io->read for the open file: its length must still be what it was when
 * checked (a file rewritten or cut while it plays shows here first). */
static int io_read(void *ctx, uint32_t off, void *buf, uint32_t n)
{
	struct play *p = ctx;
	uint32_t len;
	int r = board_file_length(&p->hf, &len);
	if (r == 0 && len != p->io.size) {
		p->error_len = len;
		return -ESTALE;
	}
	return r ? r : board_file_read_at(&p->hf, off, buf, n);
}

/* Opens path and reads its header into info (and its size). */
static int check_file(struct play *p, const char *path, struct wavfile_info *info,
		      uint32_t *size)
{
	int r = board_file_open(&p->hf, path);
	if (r)
		return r;
	p->io = (struct wavfile_io){io_read, p, p->hf.size};
	*size = p->hf.size;
	if (p->args->raw) {
		*info = p->args->raw_info;
		r = wavfile_parse_raw(&p->io, info);
	} else {
		r = wavfile_parse(&p->io, info);
	}
	if (r)
		board_file_close(&p->hf);
	return r;
}

static bool same_samples(const struct wavfile_info *a, const struct wavfile_info *b)
{
	return a->rate == b->rate && a->channels == b->channels && a->encoding == b->encoding &&
	       a->bytes == b->bytes && a->big_endian == b->big_endian &&
	       a->signed8 == b->signed8 && a->channel_mask == b->channel_mask &&
	       a->block_align == b->block_align && a->data_off == b->data_off &&
	       a->frames == b->frames;
}

/* Opens file i again for playing: it must be as it was checked.  A header
 * that no longer reads, or reads otherwise, is a file that changed. */
static int reopen(struct play *p, uint32_t i)
{
	struct wavfile_info now;
	uint32_t size = 0;
	int r = check_file(p, p->args->path[i], &now, &size);
	if (r == 0 && (size != p->file[i].size || !same_samples(&now, &p->file[i].info)))
		board_file_close(&p->hf);
	if ((r == 0 || r <= -WAVFILE_E_BASE) &&
	    (size != p->file[i].size || !same_samples(&now, &p->file[i].info))) {
		p->error_len = size;
		r = -ESTALE;
	}
	if (r)
		return r;
	r = wavfile_reader_init(&p->rd, &p->io, &now, &p->args->map);
	if (r) { /* checked in create(): cannot happen */
		board_file_close(&p->hf);
		return r;
	}
	p->open = true;
	return 0;
}

static void close_file(struct play *p)
{
	if (p->open)
		board_file_close(&p->hf);
	p->open = false;
}

/* The current segment's files, one after the other, as one input. */
static int32_t seg_read(struct convert_input *in, float *out, uint32_t max)
{
	struct play *p = (struct play *)((char *)in - offsetof(struct play, in));
	const struct play_seg *s = &p->seg[p->cur_seg];
	for (;;) {
		if (p->error)
			return 0;
		if (!p->open) {
			if (p->cur_file == s->end)
				return 0;
			int r = reopen(p, p->cur_file);
			if (r) {
				p->error = r;
				p->error_file = p->cur_file;
				return r;
			}
		}
		int32_t got = wavfile_read(&p->rd, out, max);
		if (got < 0) {
			p->error = got;
			p->error_file = p->cur_file;
			close_file(p);
			return got;
		}
		if (got > 0)
			return got;
		close_file(p); /* this file is done: the next one follows */
		p->cur_file++;
	}
}

static int start_seg(struct play *p, uint32_t k)
{
	const struct play_seg *s = &p->seg[k];
	p->cur_seg = k;
	p->cur_file = s->first;
	p->in = (struct convert_input){seg_read, s->rate, s->channels};
	/* A mono file plays on both speakers alike: mono_r_gain 1. */
	return convert_init_input(p->conv, p->conv_size, &p->in, p->out_rate,
				  p->out_channels, 1.0);
}

/* The segments' frames one after the other, S16 (out is int16_t) or, when
 * f, float before the rounding (out is float: render_float). */
static uint32_t play_frames(struct play *p, void *out, uint32_t frames, bool f)
{
	uint32_t done = 0;
	while (done < frames && !p->error) {
		const uint32_t at = done * p->out_channels, want = frames - done;
		uint32_t got = f ? convert_render_float(p->conv, (float *)out + at, want)
				 : source_render(&p->conv->src, (int16_t *)out + at, want);
		done += got;
		if (done == frames || p->error || p->cur_seg + 1 >= p->nseg)
			break;
		/* This segment ended: the next one goes on at once. */
		if (start_seg(p, p->cur_seg + 1)) {
			p->error = -EINVAL; /* checked in create(): cannot happen */
			p->error_file = p->seg[p->cur_seg].first;
		}
	}
	return done;
}

static uint32_t play_render(struct koi_source *src, int16_t *out, uint32_t frames)
{
	return play_frames((struct play *)src, out, frames, false);
}

static uint32_t play_render_float(struct koi_source *src, float *out, uint32_t frames)
{
	return play_frames((struct play *)src, out, frames, true);
}

/* ---- --with: other jobs mixed in ------------------------------------------- */

/* The words of a --with value, as a job's command line: a program's, or
 * play's when its first word names no program (files).  argc, or -EINVAL
 * with a message; *argv points into w. */
static int with_words(const char *v, struct play_with_job *w, char ***argv, struct msg *err)
{
	static char play_word[] = "play";
	memcpy(w->line, v, strlen(v) + 1);
	int argc = argv_split(w->line, w->argv + 1, CMDLINE_MAX_ARGS - 1);
	if (argc <= 0)
		return msg_fail(err, "play: --with '", v, "' is not a command line");
	for (const struct program *const *p = koi_programs; *p; p++)
		if (strcmp((*p)->name, w->argv[1]) == 0) {
			*argv = w->argv + 1;
			return argc;
		}
	w->argv[0] = play_word;
	*argv = w->argv;
	return argc + 1;
}

/* Whether a job may play inside --with: it plays, and has no --with,
 * --record or help of its own.  Else a message in why. */
static bool with_job_ok(const struct job *job, struct msg *why)
{
	double seconds;
	if (!job->help && !job_plays(job)) {
		msg_puts(why, job->prog->name);
		msg_puts(why, " plays nothing");
		return false;
	}
	if (job->help || job_record(job, &seconds) ||
	    (job->prog == &program_play && ((const struct play_args *)job->args)->nwith)) {
		msg_puts(why, "a job inside --with cannot have --with, --record or help");
		return false;
	}
	return true;
}

/* Parses and builds every --with job at fmt; the mix of the files' source
 * and theirs.  0, -EINVAL or PROGRAM_BAD_INPUT with a message, -ENOMEM. */
static int with_build(struct play *p, const struct stream_format *fmt, struct msg *err)
{
	const struct play_args *a = p->args;
	struct play_with *w = calloc(1, sizeof *w);
	if (!w) {
		msg_puts(err, "play: not enough memory for --with");
		return -ENOMEM;
	}
	p->with = w;
	if (dmix_init(&w->mix, fmt->rate, fmt->channels) || dmix_add(&w->mix, &p->src) < 0)
		return msg_fail(err, "play: --with: the mix does not open", NULL, NULL);
	for (uint32_t i = 0; i < a->nwith; i++) {
		struct play_with_job *j = &w->j[i];
		char **argv;
		int argc = with_words(a->with[i], j, &argv, err);
		if (argc < 0)
			return argc;
		char why[CMDLINE_ERR_LEN];
		struct msg wm = MSG(why, sizeof why);
		msg_puts(&wm, "");
		int r = cmdline_parse(argc, argv, &j->job, why, sizeof why);
		if (r == 0 && !with_job_ok(&j->job, &wm))
			r = -EINVAL;
		if (r == 0)
			r = job_build(&j->job, fmt, &j->sound, why, sizeof why);
		if (r == 0) {
			w->n = i + 1;
			if (dmix_add(&w->mix, j->sound.src) < 0) {
				msg_puts(&wm, "the mix does not take it");
				r = -EINVAL;
			}
		}
		if (r) {
			msg_puts(err, "play: --with '");
			msg_puts(err, a->with[i]);
			msg_puts(err, "': ");
			/* its files' messages start "play: " too: once is enough */
			msg_puts(err, strncmp(why, "play: ", 6) ? why : why + 6);
			return r;
		}
	}
	return 0;
}

static void with_free(struct play *p)
{
	if (!p->with)
		return;
	dmix_free(&p->with->mix);
	for (uint32_t i = 0; i < p->with->n; i++)
		job_free(&p->with->j[i].sound);
	free(p->with);
	p->with = NULL;
}

/* ---- the program ------------------------------------------------------- */

static size_t state_size(const void *a, const struct stream_format *fmt)
{
	(void)a;
	(void)fmt;
	return sizeof(struct play);
}

/* "play: FILE: why" into err. */
static int file_fail(struct msg *err, const char *path, int e, const struct wavfile_info *info,
		     uint32_t size, uint32_t now)
{
	char why[160];
	msg_puts(err, "play: ");
	msg_puts(err, path);
	msg_puts(err, ": ");
	if (e == -ESTALE) {
		msg_puts(err, "changed while it was read (");
		msg_putu(err, size);
		msg_puts(err, " bytes when checked, ");
		msg_putu(err, now);
		msg_puts(err, " now)");
	} else if (e <= -WAVFILE_E_BASE) {
		wavfile_strerror(e, info, why, sizeof why);
		msg_puts(err, why);
	} else if (e == -EIO && info->frames) {
		msg_puts(err, "cannot be read any more (cut short, or a host error)");
	} else {
		msg_puts(err, board_file_strerror(e));
	}
	return PROGRAM_BAD_INPUT;
}

#ifdef KOI_HOST
#define WARN_PREFIX "koi-render: " /* as koi-render's other messages */
#else
#define WARN_PREFIX "koi: "
#endif

/* File i's channels under --channels-map: 1 or 2, or PROGRAM_BAD_INPUT
 * (negative) with the message when it lacks a channel picked. */
static int out_channels(struct play *p, uint32_t i, struct msg *err)
{
	const struct wavfile_map *m = &p->args->map;
	const struct wavfile_info *info = &p->file[i].info;
	uint32_t n = wavfile_out_channels(info, m);
	if (n)
		return (int)n;
	msg_puts(err, "play: ");
	msg_puts(err, p->args->path[i]);
	msg_puts(err, ": --channels-map picks channel ");
	msg_putu(err, (m->n > 1 && m->ch[1] > m->ch[0] ? m->ch[1] : m->ch[0]) + 1u);
	msg_puts(err, info->channels == 1 ? ", the file has 1 channel" : ", the file has ");
	if (info->channels > 1) {
		msg_putu(err, info->channels);
		msg_puts(err, " channels");
	}
	return PROGRAM_BAD_INPUT;
}

/* Checks file i (a warning line on stderr if it is cut short) and adds it
 * to the runs of one rate and channel count. */
static int add_file(struct play *p, uint32_t i, const struct stream_format *fmt,
		    struct msg *err)
{
	const char *path = p->args->path[i];
	struct play_file *f = &p->file[i];
	int r = check_file(p, path, &f->info, &f->size);
	if (r)
		return file_fail(err, path, r, &f->info, f->size, f->size);
	board_file_close(&p->hf);
	const int ch = out_channels(p, i, err);
	if (ch < 0)
		return ch;
	char warn[160];
	wavfile_warning(&f->info, warn, sizeof warn);
	if (warn[0])
		fprintf(stderr, WARN_PREFIX "play: %s: %s\n", path, warn);
	struct play_seg *s = &p->seg[p->nseg ? p->nseg - 1 : 0];
	if (!p->nseg || s->rate != f->info.rate || s->channels != (uint32_t)ch) {
		s = &p->seg[p->nseg++];
		*s = (struct play_seg){i, i, f->info.rate, (uint32_t)ch, 0};
		size_t cs = convert_size(s->rate, fmt->rate);
		if (cs == 0) {
			msg_puts(err, "play: ");
			msg_puts(err, path);
			msg_puts(err, ": cannot convert ");
			msg_putu(err, s->rate);
			msg_puts(err, " Hz to the device's ");
			msg_putu(err, fmt->rate);
			msg_puts(err, " Hz (the converter takes 1000 to 384000 Hz)");
			return PROGRAM_BAD_INPUT;
		}
		if (cs > p->conv_size)
			p->conv_size = cs;
	}
	s->end = i + 1;
	s->frames += f->info.frames;
	return 0;
}

static int create(const void *args, const struct stream_format *fmt, void *state,
		  struct koi_source **src, struct msg *err)
{
	const struct play_args *a = args;
	struct play *p = state;
	p->args = a;
	p->out_rate = fmt->rate;
	p->out_channels = fmt->channels;
	/* Every file checked before anything plays. */
	for (uint32_t i = 0; i < a->n; i++) {
		int r = add_file(p, i, fmt, err);
		if (r)
			return r;
	}
	for (uint32_t k = 0; k < p->nseg; k++)
		p->total += convert_frames_for(p->seg[k].rate, fmt->rate, p->seg[k].frames);
	p->conv = calloc(1, p->conv_size);
	if (!p->conv) {
		msg_puts(err, "play: not enough memory for the converter");
		return -ENOMEM;
	}
	p->src = (struct koi_source){play_render, "play", fmt->rate, fmt->channels,
				     play_render_float};
	*src = &p->src;
	int r = start_seg(p, 0);
	if (r == 0 && a->nwith) {
		r = with_build(p, fmt, err);
		if (r == 0)
			*src = &p->with->mix.src;
	}
	return r;
}

/* The mix lasts as long as its longest job; unknown if any is. */
static uint64_t length(const void *state)
{
	const struct play *p = state;
	uint64_t n = p->total;
	for (uint32_t i = 0; p->with && i < p->with->n; i++) {
		uint64_t k = p->with->j[i].sound.frames;
		if (k == 0)
			return 0;
		n = k > n ? k : n;
	}
	return n;
}

static void release(void *state)
{
	struct play *p = state;
	with_free(p);
	close_file(p);
	free(p->conv);
	p->conv = NULL;
}

static int result(void *state, struct msg *err)
{
	struct play *p = state;
	for (uint32_t i = 0; !p->error && p->with && i < p->with->n; i++) {
		char why[CMDLINE_ERR_LEN];
		int r = job_result(&p->with->j[i].sound, why, sizeof why);
		if (r) {
			msg_puts(err, why);
			return r;
		}
	}
	if (p->with && p->with->mix.error) {
		msg_puts(err, "play: --with: a stream of the mix failed");
		return p->with->mix.error;
	}
	if (!p->error)
		return 0;
	const struct play_file *f = &p->file[p->error_file];
	return file_fail(err, p->args->path[p->error_file], p->error, &f->info, f->size,
			 p->error_len);
}

/* A live --with job (the piano without --keys) makes the play live: its
 * hint, found from the words alone (no build needed). */
static const char *live(const void *args)
{
	const struct play_args *a = args;
	const char *hint = NULL;
	if (!a->nwith)
		return NULL;
	/* A job is large: on the heap for the moment it takes. */
	struct play_with_job *w = malloc(sizeof *w);
	for (uint32_t i = 0; w && !hint && i < a->nwith; i++) {
		char **argv;
		char why[CMDLINE_ERR_LEN];
		struct msg m = MSG(why, sizeof why);
		int argc = with_words(a->with[i], w, &argv, &m);
		if (argc > 0 && cmdline_parse(argc, argv, &w->job, why, sizeof why) == 0)
			hint = job_live(&w->job); /* a string of the program's */
	}
	free(w);
	return hint;
}

static int key(void *state, int ch)
{
	struct play *p = state;
	int r = 0;
	for (uint32_t i = 0; p->with && i < p->with->n; i++)
		if (job_live(&p->with->j[i].job))
			r |= job_key(&p->with->j[i].sound, ch);
	return r;
}

static void describe(const void *args, struct msg *m)
{
	const struct play_args *a = args;
	msg_puts(m, a->n ? a->path[0] : "");
	if (a->n > 1) {
		msg_puts(m, " + ");
		msg_putu(m, a->n - 1);
		msg_puts(m, a->n == 2 ? " more file" : " more files");
	}
	for (uint32_t i = 0; i < a->nwith; i++) {
		msg_puts(m, i ? " and " : " with ");
		msg_puts(m, a->with[i]);
	}
	if (a->record) {
		msg_puts(m, ", recording into ");
		msg_puts(m, a->record);
	}
}

const struct program program_play = {
	.name = "play",
	.help = "WAV files from the host, one after the other with no gap",
	.words_usage = "FILE...",
	.args_size = sizeof(struct play_args),
	.host_files = true,
	.defaults = defaults,
	.options = options,
	.words = words,
	.finish = finish,
	.record = record,
	.state_size = state_size,
	.create = create,
	.length = length,
	.release = release,
	.result = result,
	.describe = describe,
	.live = live,
	.key = key,
};
