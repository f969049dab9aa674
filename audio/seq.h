/*
 * seq.h — the sequencer ("goldfish piano"): note events drive mixer voices.
 *
 * A note is a MIDI note number, a velocity, a start and a duration (ms,
 * converted to frames at the sequencer's rate: floor(ms * rate / 1000),
 * exact at 44.1 kHz), a waveform and a pan.  At its
 * start the note takes a mixer voice with an ADSR envelope; at start +
 * duration the envelope is released and the voice frees itself when the
 * release has faded.  The sequencer is a source (source.h): it renders the
 * mixer between events, so every event lands on its exact frame, and ends
 * when the last note has faded (unless it is held open for live play).
 *
 * Live play (the interactive piano): seq_play_now() starts a note at the
 * current frame; seq_key_note() maps a typed key to a note, laid out like a
 * piano keyboard on a QWERTY row.
 */
#ifndef KOI_SEQ_H
#define KOI_SEQ_H

#include <stdbool.h>
#include <stdint.h>

#include "audio/mixer.h"
#include "audio/source.h"

struct seq_note {
	uint32_t start_ms;
	uint16_t dur_ms;
	uint8_t note;   /* MIDI: 60 = middle C, 69 = A4 440 Hz */
	uint8_t vel;    /* 1..127 */
	uint8_t wave;   /* enum osc_wave */
	int8_t pan;     /* -100 left .. +100 right */
};

/* The sequencer's polyphony: notes beyond it take over the oldest voice. */
#define SEQ_VOICES 64u
#define SEQ_LIVE_MAX SEQ_VOICES

struct seq {
	struct koi_source src;
	struct mixer mix;
	struct mixer_voice voices[SEQ_VOICES];
	const struct seq_note *notes;
	uint32_t count, next;
	uint32_t now; /* frames rendered so far */
	struct {
		int voice;
		uint32_t age; /* the voice's start order: detects a stolen voice */
		uint32_t off; /* frame of note-off */
	} live[SEQ_LIVE_MAX];
	uint32_t nlive;
	bool hold;   /* keep rendering (silence) after the last note */
	float gain;  /* linear gain at velocity 127 */
};

/**
 * A sequencer rendering stereo at rate frames per second.
 * @param s      the source
 * @param notes  sorted by start_ms; must outlive the sequencer
 * @param count  notes
 * @param gain   linear gain at velocity 127, 0..1
 * @param hold   keep rendering (silence) after the last note, for live play
 * @param rate   frames per second
 * @return 0
 * @retval -EINVAL  notes NULL with a count, notes not sorted, gain out of
 *                  range or rate 0
 */
int seq_init(struct seq *s, const struct seq_note *notes, uint32_t count,
	     double gain, bool hold, uint32_t rate);
/**
 * Start a note at the current frame.
 * @param s       the sequencer
 * @param note    MIDI note
 * @param vel     velocity, 1..127
 * @param dur_ms  how long until note-off
 * @param wave    enum osc_wave
 * @param pan     -100 left .. +100 right
 * @return 0
 * @retval -EINVAL  a bad note or velocity
 */
int seq_play_now(struct seq *s, int note, int vel, uint32_t dur_ms,
		 int wave, int pan);
/**
 * Stop holding: the source ends once everything has faded.
 * @param s  the sequencer
 */
void seq_finish(struct seq *s);
/**
 * The envelope every sequencer note gets, per waveform.
 * @param wave  enum osc_wave
 * @param rate  frames per second
 * @param p     receives it
 */
void seq_env_for(int wave, uint32_t rate, struct env_params *p);

/**
 * Keyboard map: white keys on "asdfghjkl;'" (C D E F G A B C D E F), black
 * keys on "we tyu op".
 * @param ch    the key
 * @param base  the MIDI note of the 'a' key
 * @return the MIDI note, or -1 if ch is not a note key
 */
int seq_key_note(int ch, int base);

/* The built-in demo tune (the opening of the Minuet in G from the Anna
 * Magdalena notebook), melody left of centre and bass right of centre. */
extern const struct seq_note seq_demo_tune[];
extern const uint32_t seq_demo_tune_len;

#endif /* KOI_SEQ_H */
