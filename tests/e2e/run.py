#!/usr/bin/env python3
"""End-to-end checks of the sound Koi plays, reported in TAP.

For each case the firmware runs in QEMU under icount (deterministic virtual
time) with the wav backend capturing the audio device's output, and the host
renders the expected samples from the same arguments with the same C code
(build/tools/koi-render).  build/tools/wavcmp then compares them frame for
frame: a case passes only with 0 mismatched frames, 0 inserted silent frames
and 0 missing frames, and a firmware exit status of 0.

The play cases read WAV files from the host through semihosting: files
of every sample format, rate and layout Koi plays (generated here into
build/e2e/wav/), several files gapless, a file larger than the machine's
RAM (QEMU -m 20M, a 24.7 MB file), float samples that are NaN, infinite
or far beyond full scale, each rendered by koi-render from the same files; bad files (missing, not a WAV, truncated header, zero channels,
three channels, a huge chunk, ADPCM, a directory, and each other header
the WAV reader refuses) must end the run with
exit 2 and one line naming the file, with nothing played; a file that is
rewritten while it waits its turn must end the sound after the file
before it, exit 2, with the reason.

The forced-underrun cases stall the firmware on purpose: the test image
build/e2e/firmware-test.elf plays `stall --after N --for M tone ...`
(tests/e2e/stall.c: the main loop sleeps once after N frames, for M
frames' worth of time) and the host renders plain `tone ...`.  The capture
must hold exactly one run of inserted silence, as long as the device model
counted and as the firmware measured (within 2 frames), everything else
identical (no pitch change, no gap but the stall's), and the 64-frame
block rendered just before the stall point exactly once in the capture
(no stale replay).  Adaptive latency: by default an underrun in the
first second of sound takes the stream straight to its ceiling (the
device then holds the whole buffer, 4 times the start), one after it
doubles the period once (the device holds the whole buffer) and, after
10 s of sound without one, it comes back; with --period or --no-adapt
nothing moves (the summary's latency line says which).

    tests/e2e/run.py [--only SUBSTRING] [--keep]
"""
import argparse
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import koirun  # noqa: E402  (tests/koirun.py: play, render, compare)

OUT = os.path.join(koirun.BUILD, "e2e")

# (name, firmware arguments).  Every program puts different signals on the
# left and right channels, so a swap or a stride error cannot pass.
CASES = [
    # The tone's test pattern (R = -L): L and R differ.
    ("tone-997", ["tone", "--freq", "997", "--seconds", "1", "--channel", "inverted"]),
    ("tone-square-64", ["tone", "--wave", "square", "--freq", "440",
                        "--seconds", "0.5", "--period", "64", "--channel", "inverted"]),
    ("tone-saw-16k", ["tone", "--wave", "saw", "--freq", "1234.5",
                      "--seconds", "0.5", "--period", "4096", "--channel", "inverted"]),
    # What a user hears by default (both channels alike), and one side.
    ("tone-default", ["tone", "--seconds", "0.5"]),
    ("tone-left", ["tone", "--seconds", "0.5", "--channel", "left"]),
    ("tone-right-saw", ["tone", "--seconds", "0.5", "--channel", "right", "--wave", "saw"]),
    ("tone-both-square", ["tone", "--seconds", "0.5", "--wave", "square", "--gain", "0"]),
    # The noises (a seeded generator, the same on both sides of the check),
    # which take the one-voice path rather than the NEON mixer.
    ("tone-noise", ["tone", "--wave", "noise", "--seconds", "0.5", "--channel", "inverted"]),
    ("tone-pink-left", ["tone", "--wave", "pink", "--seconds", "0.5", "--channel", "left"]),
    # Muted: as long as the tone, every frame silent; -v prints the setup.
    ("tone-muted-verbose", ["tone", "--seconds", "0.5", "--mute", "-v"]),
    ("mix", ["mix", "--seconds", "1"]),
    ("demo", ["demo"]),
    # The NEON engine against the host's one-frame code: every wave near
    # Nyquist (the band-limiting windows overlap), many voices in every
    # envelope stage at the smallest periods.
    ("tone-triangle-21k", ["tone", "--wave", "triangle", "--freq", "21000",
                           "--seconds", "0.5", "--gain", "-0.5"]),
    ("tone-square-15k", ["tone", "--wave", "square", "--freq", "15000",
                         "--seconds", "0.5", "--period", "16"]),
    ("mix-192-64", ["mix", "--voices", "192", "--seconds", "1", "--period", "64"]),
    ("mix-waves", ["mix", "sine:20:0:-1", "square:7000:-6:1", "saw:13001.5:-3:0.3",
                   "triangle:21999:-1:-0.4", "sine:21000:-9", "saw:55:-120:1",
                   "--seconds", "0.5", "--period", "37"]),
    ("tone-16", ["tone", "--freq", "997", "--seconds", "1", "--period", "16"]),
    # The piano's octave keys (z down, x up, at the ends of the keyboard too).
    ("piano-octaves", ["piano", "--keys", "zzzzzzzzzasdxxxxxxxxxxxqwe jk"]),
    ("demo-16", ["demo", "--period", "16"]),
]
FORMATS = ["s8", "u8", "s16", "s24", "s32", "float"]
RATES = ["8000", "11025", "16000", "22050", "32000", "44100", "48000"]
for fmt in FORMATS:
    for rate in RATES:
        for ch in ("1", "2"):
            CASES.append((f"pcm-{fmt}-{rate}-{ch}ch",
                          ["pcm", "--format", fmt, "--rate", rate, "--channels", ch,
                           "--repeat", "10"]))


# Numbers the way a user may write them (exponents, leading and trailing
# zeros, no digit before the point), against the render of the plain ones:
# the firmware's parser (app/args.c) must read the same values.
NUMBER_CASES = [
    ("numbers-exponents", ["tone", "--freq", "0.00000000000000000000000997e26",
                           "--seconds", "5e-1", "--gain", "-0.60e1", "--channel", "inverted"],
     ["tone", "--freq", "997", "--seconds", "0.5", "--gain", "-6", "--channel", "inverted"]),
    ("numbers-big-mantissa", ["tone", "--freq", "99700000000000000000000000e-23",
                              "--seconds", ".5", "--channel", "inverted"],
     ["tone", "--freq", "997", "--seconds", "0.5", "--channel", "inverted"]),
    ("numbers-zeros", ["mix", "sine:000440.000:-06.0:-1.0", "square:6.6E+2:-1.2e1:+1",
                       "--seconds", "00.50"],
     ["mix", "sine:440:-6:-1", "square:660:-12:1", "--seconds", "0.5"]),
]


def check_number(name, args, plain, keep):
    _, c, got, want = play(name, args, plain)
    if c.returncode != 0:
        return False, "wavcmp: " + " ".join(c.stdout.split())[-300:]
    if not keep:
        for p in (got, want):
            os.remove(p)
    return True, "the same sound as " + " ".join(plain)


# The forced underrun: a 997 Hz tone never repeats a 64-frame block within
# its 1 s, so the block before the stall point is a unique marker.
STALL_AFTER = 22016  # a whole number of 512-frame periods: 43 (0.5 s)
STALL_LATE = 65536   # 128 periods (1.49 s): after the first second of sound
                     # (129 periods would not do: the block before it
                     # recurs in the 12 s tone below)
STALL_FOR = 12 * 512
# (name, outer options, inner tone's seconds, stall point, the latency line
# wanted): adaptive by default.  An underrun in the first second of sound
# takes the stream straight to its ceiling (pcm_set_adapt_start: 512 x 4
# -> 4096 x 2, 185.8 ms, 4 times the start, the device holding all of it)
# with no gap but the stall's;
# --period fixes the period, --no-adapt the latency: the underrun is
# reported and nothing moves.  The long one stalls after the first second:
# one doubling (512 x 4 -> 1024 x 2: the device holds the whole 46.4 ms),
# then it plays on for PLAYER_ADAPT_QUIET_S (10 s) without an underrun and
# the period comes back down, again with no gap.
STALLS = [
    ("underrun-forced", [], "1", STALL_AFTER,
     r"^koi: latency 46\.4 -> 185\.8 ms \(periods 512 -> 4096 frames\) after 1 underrun, "
     r"from 0\.\d\d s of sound on$"),
    ("underrun-fixed-period", ["--period", "512"], "1", STALL_AFTER, None),
    ("underrun-no-adapt", ["--no-adapt"], "1", STALL_AFTER, None),
    # 997 Hz repeats every second: a tone that does not, so that the block
    # before the stall point is still unique in 12 s.
    ("underrun-grow-then-shrink", [], "12:997.123", STALL_LATE,
     r"^koi: latency 46\.4 -> 46\.4 ms \(periods 512 -> 1024 frames\) after 1 underrun, "
     r"then 46\.4 ms \(512 frames\), from 1\d\.\d\d s of sound on$"),
]

# Near misses: a stall shorter than the buffer (4 x 512 frames).  The
# player wakes as a period completes, with 3 periods queued; the stall then
# takes --for frames before the render lands, so the margin is about
# 1536 - FOR frames.  1400 leaves ~130, under half a period (256): a near
# miss, no underrun, and the period doubles as after one; 1000 leaves ~530:
# nothing moves; --no-adapt and --period measure nothing.
NEAR_MISSES = [
    ("near-miss-grows", [], 1400,
     r"^koi: latency 46\.4 -> 46\.4 ms \(periods 512 -> 1024 frames\) after 0 underruns "
     r"and 1 near miss, from 0\.\d\d s of sound on$"),
    ("near-miss-short-stall", [], 1000, None),
    ("near-miss-no-adapt", ["--no-adapt"], 1400, None),
    ("near-miss-fixed-period", ["--period", "512"], 1400, None),
]


def latency_said(out):
    """The summary's latency line without its 'koi: ', or that it is absent."""
    line = re.search(r"^koi: latency .*$", out, re.M)
    return line.group(0)[5:] if line else "latency unchanged"


def latency_problems(out, latency):
    """The summary's latency line: matching the regex latency, or absent
    when latency is None (the latency never moved).  A list of problems."""
    line = re.search(r"^koi: latency .*$", out, re.M)
    if latency and not re.search(latency, out, re.M):
        return ["latency line %r, want /%s/" % (line and line.group(0), latency)]
    if not latency and line:
        return ["the latency moved: %r" % line.group(0)]
    return []


def check_near_miss(name, spec, keep):
    outer, for_frames, latency = spec
    tone = stall_tone("1")
    args = ["stall"] + outer + ["--after", str(STALL_AFTER), "--for", str(for_frames)] + tone
    out, c, got, want = play(name, args, tone, koirun.FIRMWARE_TEST)
    mism, silent, runs, missing, extra = koirun.wavcmp_counts(c.stdout)
    # The model prints its counters at exit whenever it counted an
    # underrun (or silence): no line, none.
    dev = re.search(r"goldfish_audio: \d+ frames played, (\d+) underruns", out)
    dev_underruns = int(dev.group(1)) if dev else 0
    (fw_xruns,) = koirun.field(out, r"^koi: underruns (\d+)", "firmware underruns")
    problems = []
    if c.returncode != 0 or mism or missing or extra or runs or silent:
        problems.append(f"not bit-exact: mismatched {mism}, missing {missing}, extra {extra}, "
                        f"{runs} silence runs ({silent} frames)")
    if dev_underruns or fw_xruns:
        problems.append(f"underruns: device {dev_underruns}, firmware {fw_xruns} (want 0)")
    problems += latency_problems(out, latency)
    if problems:
        return False, "; ".join(problems)
    if not keep:
        for p in (got, want):
            os.remove(p)
    return True, "bit-exact, no underrun; " + latency_said(out)


def stall_tone(spec):
    """SECONDS[:HZ] (997 Hz by default)."""
    seconds, _, hz = spec.partition(":")
    return ["tone", "--freq", hz or "997", "--seconds", seconds, "--channel", "inverted"]


def frames_of(path):
    """The sample data of a 44-byte-header PCM WAV, 4 bytes a frame."""
    with open(path, "rb") as f:
        data = f.read()
    i = data.find(b"data")
    return data[i + 8:]


def play(name, args, render_args=None, firmware=koirun.FIRMWARE, icount=koirun.ICOUNT):
    """Render the expected WAV (of render_args, by default args), run the
    firmware with args (under -icount shift=icount), compare.  Returns the
    firmware's console+stderr output and wavcmp's report."""
    os.makedirs(OUT, exist_ok=True)
    got = os.path.join(OUT, name + ".wav")
    want = os.path.join(OUT, name + ".expected.wav")
    log = os.path.join(OUT, name + ".log")
    koirun.render(render_args or args, want, 120)
    out = koirun.play_firmware(args, got, log, 300, firmware, icount=icount)
    c = koirun.compare(want, got, log, 120)
    return out, c, got, want


def check(name, args, keep):
    _, c, got, want = play(name, args)
    if c.returncode != 0:
        return False, "wavcmp: " + " ".join(c.stdout.split())[-300:]
    if not keep:
        for p in (got, want):
            os.remove(p)
    return True, c.stdout.strip().splitlines()[-1] if c.stdout.strip() else ""


def check_stall(name, spec, keep):
    outer, seconds, after, latency = spec
    tone = stall_tone(seconds)
    stall = ["--after", str(after), "--for", str(STALL_FOR)]
    out, c, got, want = play(name, ["stall"] + outer + stall + tone, tone,
                             koirun.FIRMWARE_TEST)
    rep = c.stdout
    mism, silent, runs, missing, extra = koirun.wavcmp_counts(rep)
    (dev_silent,) = koirun.field(out, r"goldfish_audio: \d+ frames played, \d+ underruns, (\d+) silent", "device counters")
    (dev_underruns,) = koirun.field(out, r"goldfish_audio: \d+ frames played, (\d+) underruns", "device counters")
    (fw_gap,) = koirun.field(out, r"~(\d+) frames of silence", "firmware stall report")
    (fw_xruns,) = koirun.field(out, r"^koi: underruns (\d+)", "firmware underruns")
    problems = []
    if mism or missing or extra:
        problems.append(f"mismatched {mism}, missing {missing}, extra {extra}")
    if runs != 1 or silent == 0:
        problems.append(f"{runs} silence runs, {silent} frames (want 1 run)")
    if silent != dev_silent:
        problems.append(f"capture gap {silent} != device's silent frames {dev_silent}")
    if abs(silent - fw_gap) > 2:
        problems.append(f"capture gap {silent} vs firmware's measure {fw_gap}")
    if dev_underruns != 1 or fw_xruns != 1:
        problems.append(f"underruns: device {dev_underruns}, firmware {fw_xruns} (want 1)")
    seen = koirun.marker_count(want, got, after)
    if seen != 1:
        problems.append(f"marker block seen {seen} times (want exactly 1)")
    problems += latency_problems(out, latency)
    (period,) = koirun.field(out, r"^koi: period\s+(\d+) frames x 4", "period line")
    if period != 512:
        problems.append(f"started at {period}-frame periods (want 512)")
    if problems:
        return False, "; ".join(problems)
    if not keep:
        for p in (got, want):
            os.remove(p)
    return True, (f"gap {silent} frames = device {dev_silent}, firmware ~{fw_gap}; marker once; "
                  + latency_said(out))


# ---- play: WAV files from the host ----

WAVDIR = os.path.join(OUT, "wav")
GUID_TAIL = bytes([0, 0, 0x10, 0, 0x80, 0, 0, 0xaa, 0, 0x38, 0x9b, 0x71])


def wav_bytes(rate, ch, fmt, frames, seed=0):
    """A WAV whose L and R differ: L a sine, R a slower one, -6 dBFS.
    fmt: u8 s16 s24 s32 float, ext24 (24 valid bits in 32, EXTENSIBLE),
    extfloat (float, EXTENSIBLE)."""
    import math
    import struct
    bits = {"u8": 8, "s16": 16, "s24": 24, "s32": 32, "float": 32, "ext24": 32,
            "extfloat": 32}[fmt]
    out = bytearray()
    for i in range(frames):
        for c in range(ch):
            v = 0.5 * math.sin(2 * math.pi * (i + seed) * (0.01 + 0.0031 * c) + seed)
            if fmt in ("float", "extfloat"):
                out += struct.pack("<f", v)
            elif fmt == "u8":
                out += bytes([int(round(v * 127)) + 128])
            elif fmt == "s16":
                out += struct.pack("<h", int(round(v * 32767)))
            elif fmt == "s24":
                out += struct.pack("<i", int(round(v * 8388607)))[:3]
            elif fmt == "ext24":
                out += struct.pack("<i", int(round(v * 8388607)) << 8)
            else:
                out += struct.pack("<i", int(round(v * 2147483647)))
    block = ch * bits // 8
    if fmt.startswith("ext"):
        sub = 3 if fmt == "extfloat" else 1
        valid = 24 if fmt == "ext24" else 32
        fmtc = struct.pack("<HHIIHHHHIH", 0xfffe, ch, rate, rate * block, block, bits, 22,
                           valid, 3 if ch == 2 else 4, sub) + b"\0\0" + GUID_TAIL
    else:
        fmtc = struct.pack("<HHIIHH", 3 if fmt == "float" else 1, ch, rate, rate * block,
                           block, bits)
    body = (b"WAVE" + b"fmt " + struct.pack("<I", len(fmtc)) + fmtc
            + b"LIST" + struct.pack("<I", 5) + b"koi!!\0"  # odd chunk, pad byte
            + b"data" + struct.pack("<I", len(out)) + bytes(out))
    return b"RIFF" + struct.pack("<I", len(body)) + body


def wav_file(name, *spec, **kw):
    os.makedirs(WAVDIR, exist_ok=True)
    path = os.path.join(WAVDIR, name)
    with open(path, "wb") as f:
        f.write(wav_bytes(*spec, **kw))
    return os.path.relpath(path, koirun.TOP)


# (name, files: (file name, rate, channels, format, frames)), played at once.
PLAY_CASES = [
    ("play-u8-8000-1ch", [("u8.wav", 8000, 1, "u8", 4000)]),
    ("play-s16-44100-2ch", [("s16.wav", 44100, 2, "s16", 22050)]),
    ("play-s24-48000-2ch", [("s24.wav", 48000, 2, "s24", 24000)]),
    ("play-s32-96000-1ch", [("s32.wav", 96000, 1, "s32", 48000)]),
    ("play-float-22050-2ch", [("float.wav", 22050, 2, "float", 11025)]),
    ("play-ext24-96000-2ch", [("ext24.wav", 96000, 2, "ext24", 24000)]),
    ("play-s24-192000-2ch-icount2", [("s24-192k.wav", 192000, 2, "s24", 48000)]),
    ("play-extfloat-11025-1ch", [("extfloat.wav", 11025, 1, "extfloat", 5512)]),
    ("play-s16-37800-2ch", [("odd-rate.wav", 37800, 2, "s16", 18900)]),
    ("play-gapless-3-files", [("g1.wav", 44100, 2, "s16", 10000),
                              ("g2.wav", 44100, 2, "s24", 9999),
                              ("g3.wav", 22050, 1, "float", 7000),
                              ("g4.wav", 44100, 2, "s16", 5000)]),
]


# play --with: several streams mixed (audio/dmix.h), against koi-render.
WITH_CASES = [
    ("play-with-file", lambda: ["play", wav_file("w1.wav", 44100, 2, "s16", 30000),
                                "--with", wav_file("w2.wav", 22050, 1, "float", 11025)]),
    ("play-with-tone-and-keys", lambda: ["play", "examples/ode.wav",
                                         "--with", "tone --freq 330 --seconds 2 --gain -12",
                                         "--with", "piano --keys 'asdf jkl'"]),
]


def check_with(name, make_args, keep):
    _, c, got, want = play(name, make_args())
    if c.returncode != 0:
        return False, "wavcmp: " + " ".join(c.stdout.split())[-300:]
    if not keep:
        for p in (got, want):
            os.remove(p)
    return True, c.stdout.strip().splitlines()[-1]


def check_with_live_piano(name, _, keep):
    """play --with piano, played along on the console: notes while the file
    plays, then q ends the piano; the run ends with the file."""
    got = os.path.join(OUT, name + ".wav")
    log = os.path.join(OUT, name + ".log")
    rc, out = console_session(["play", "examples/ode.wav", "--with", "piano"], got, log, [],
                              typed=b"asdfq")
    frames = koirun.field(out, r"^koi: frames   (\d+)", "frames")[0]
    want = 84010 * 2  # ode.wav: 3.81 s at 22.05 kHz, here at 44.1 kHz
    if rc != 0 or frames < want:
        return False, f"exit {rc}, {frames} frames (log {log})"
    if not keep:
        os.remove(got)
    return True, f"exit 0 after q, {frames} frames (the file's {want} and the piano's tail)"


def check_play(name, files, keep):
    paths = [wav_file(f, *spec) for f, *spec in files]
    # 192 kHz stereo takes 280 filter taps a channel per output frame:
    # more than 125 MIPS (shift 3) has time for; 250 MIPS (shift 2) has.
    icount = "2" if "icount2" in name else koirun.ICOUNT
    _, c, got, want = play(name, ["play"] + paths, icount=icount)
    if c.returncode != 0:
        return False, "wavcmp: " + " ".join(c.stdout.split())[-300:]
    if not keep:
        for p in (got, want):
            os.remove(p)
    return True, c.stdout.strip().splitlines()[-1]


def check_play_extreme(name, _, keep):
    """Float samples no converter should trust: NaN, both infinities,
    +-10 and +-2.5 beside ordinary ones.  NaN plays as silence, anything
    beyond +-2.0 as +-2.0 (then the converter's own clipping): the capture
    must equal koi-render's of the same file, frame for frame, and hold
    full-scale frames where the huge values were."""
    import struct
    vals = [float("nan"), float("inf"), float("-inf"), 10.0, -10.0, 2.5, -2.5, 0.25, -0.25]
    frames = 22050
    data = b"".join(struct.pack("<ff", vals[i % len(vals)], vals[(i * 7) % len(vals)])
                    for i in range(frames))
    fmtc = struct.pack("<HHIIHH", 3, 2, 44100, 44100 * 8, 8, 32)
    body = b"WAVE" + b"fmt " + struct.pack("<I", 16) + fmtc + b"data" + struct.pack(
        "<I", len(data)) + data
    os.makedirs(WAVDIR, exist_ok=True)
    path = os.path.join(WAVDIR, "extreme.wav")
    with open(path, "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", len(body)) + body)
    _, c, got, want = play(name, ["play", os.path.relpath(path, koirun.TOP)])
    if c.returncode != 0:
        return False, "wavcmp: " + " ".join(c.stdout.split())[-300:]
    peak = max(abs(v) for v in struct.unpack("<%dh" % (len(frames_of(got)) // 2),
                                             frames_of(got)))
    if peak < 32767:
        return False, f"no full-scale frame in the capture (peak {peak})"
    if not keep:
        for p in (got, want):
            os.remove(p)
    return True, f"identical to the render, peak {peak}"


def check_play_big(name, _, keep):
    """A 24.7 MB file on a machine of 20 MiB of RAM (the image takes 18)."""
    import array
    import struct
    frames = 44100 * 140
    block = array.array("h", [0] * (2 * 65536))
    for i in range(65536):
        block[2 * i] = (i * 7919) % 30000 - 15000
        block[2 * i + 1] = i - 32768
    data = (block.tobytes() * (frames // 65536 + 1))[:frames * 4]
    body = (b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 1, 2, 44100, 176400, 4, 16)
            + b"data" + struct.pack("<I", len(data)))
    os.makedirs(WAVDIR, exist_ok=True)
    path = os.path.join(WAVDIR, "big.wav")
    with open(path, "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", len(body) + len(data)) + body)
        f.write(data)
    rel = os.path.relpath(path, koirun.TOP)
    size = os.path.getsize(path)
    got = os.path.join(OUT, name + ".wav")
    want = os.path.join(OUT, name + ".expected.wav")
    log = os.path.join(OUT, name + ".log")
    koirun.render(["play", rel], want, 300)
    out = koirun.play_firmware(["play", rel], got, log, 300, qemu_args=["-m", "20M"])
    c = koirun.compare(want, got, log, 300)
    heap = re.search(r"heap (\d+) of", out)
    if c.returncode != 0:
        return False, "wavcmp: " + " ".join(c.stdout.split())[-300:]
    for p in (got, want, path):
        if not keep or p == path:
            os.remove(p)
    return True, (f"{size} bytes on a 20 MiB machine, {c.stdout.strip().splitlines()[-1]}, "
                  f"heap {heap.group(1) if heap else '?'} B")


def bad_file_bytes():
    import struct
    fmt16 = b"fmt " + struct.pack("<IHHIIHH", 16, 1, 2, 44100, 176400, 4, 16)
    return [
        ("missing", None, "no such file"),
        ("not-wav", b"this is a text file, not a WAV", "not a WAV file (no RIFF/WAVE or RIFX/WAVE header)"),
        ("truncated", b"RIFF\x24\0\0\0WAV", "the file ends inside its header (cut short)"),
        ("zero-channels", b"RIFF\0\0\0\0WAVEfmt " + struct.pack("<IHHIIHH", 16, 1, 0, 44100,
                                                                0, 0, 16)
         + b"data\4\0\0\0\0\0\0\0", "0 channels (a broken header)"),
        ("huge-list", b"RIFF\0\0\0\0WAVE" + b"LIST\xf0\xff\xff\x7f" + fmt16,
         "chunk 'LIST' at byte 12 says 2147483632 bytes"),
        ("adpcm", b"RIFF\0\0\0\0WAVEfmt " + struct.pack("<IHHIIHH", 16, 2, 1, 8000, 4000, 256, 4)
         + b"data\0\1\0\0" + bytes(256), "MS ADPCM (format 0x0002) is compressed: Koi has no "
         "decoder for it; convert it to PCM first"),
        ("directory", "dir", "is a directory"),
    ] + bad_header_bytes()


KOI_PLAYS = ": Koi plays 8- to 32-bit PCM, 32- and 64-bit float, 8-bit mu-law and A-law"


def bad_header_bytes():
    """The rest of the WAV reader's refusals (audio/wavfile.h), each with
    its own reason."""
    import struct

    def fmt(tag=1, ch=2, rate=44100, block=4, bits=16):
        return b"fmt " + struct.pack("<IHHIIHH", 16, tag, ch, rate, rate * block, block, bits)

    def ext(bits, valid, guid_tag=1, tail=GUID_TAIL):
        body = struct.pack("<HHIIHHHHIH", 0xfffe, 2, 44100, 44100 * 2 * bits // 8,
                           2 * bits // 8, bits, 22, valid, 3, guid_tag) + b"\0\0" + tail
        return b"fmt " + struct.pack("<I", len(body)) + body

    def riff(*chunks):
        return b"RIFF\0\0\0\0WAVE" + b"".join(chunks)
    data4 = b"data\4\0\0\0" + bytes(4)
    return [
        ("too-many-chunks", riff(*[b"JUNK\0\0\0\0"] * 70, fmt(), data4),
         "more than 64 chunks before the samples"),
        ("data-before-fmt", riff(data4, fmt()), "no 'fmt ' chunk before the samples"),
        ("no-fmt", riff(b"LIST\1\0\0\0x"), "no 'fmt ' chunk before the samples"),
        ("fmt-twice", riff(fmt(), fmt(), data4), "two 'fmt ' chunks"),
        ("fmt-short", riff(b"fmt \x0e\0\0\0" + bytes(14), data4),
         "its 'fmt ' chunk of 14 bytes is too short for its format"),
        ("no-data", riff(fmt()), "no 'data' chunk (no samples)"),
        ("rate-zero", riff(fmt(rate=0), data4), "a rate of 0 Hz: Koi reads 1..384000 Hz"),
        ("rate-high", riff(fmt(rate=400000), data4),
         "a rate of 400000 Hz: Koi reads 1..384000 Hz"),
        ("bits-40", riff(fmt(block=10, bits=40), data4), "40-bit PCM" + KOI_PLAYS),
        ("float-24", riff(fmt(tag=3, block=6, bits=24), data4), "24-bit float" + KOI_PLAYS),
        ("float-16", riff(fmt(tag=3, bits=16), data4), "16-bit float" + KOI_PLAYS),
        ("valid-above-container", riff(ext(16, 20), data4),
         "20-bit PCM in 16 bits" + KOI_PLAYS),
        ("vendor-guid", riff(ext(16, 16, tail=bytes(12)), data4),
         "unknown encoding (format 0xfffe, a vendor's SubFormat GUID): Koi plays PCM, float, "
         "mu-law and A-law"),
        ("ext-short", riff(b"fmt \x12\0\0\0" + struct.pack("<HHIIHHH", 0xfffe, 2, 44100,
                                                              176400, 4, 16, 0), data4),
         "its 'fmt ' chunk of 18 bytes is too short for its format"),
        ("block-align", riff(fmt(block=3), data4),
         "a frame of 3 bytes does not fit 2 channels of 16 bits"),
        ("no-whole-frame", riff(fmt(), b"data\2\0\0\0\0\0"),
         "its 'data' chunk holds no whole frame"),
    ]


def check_bad_file(name, case, keep):
    what, content, want = case
    os.makedirs(WAVDIR, exist_ok=True)
    path = os.path.join(WAVDIR, what + ".wav")
    if os.path.isdir(path):
        os.rmdir(path)
    elif os.path.exists(path):
        os.remove(path)
    if content == "dir":
        os.mkdir(path)
    elif content is not None:
        with open(path, "wb") as f:
            f.write(content)
    rel = os.path.relpath(path, koirun.TOP)
    good = wav_file("good.wav", 44100, 2, "s16", 4410)
    got = os.path.join(OUT, name + ".wav")
    log = os.path.join(OUT, name + ".log")
    if os.path.exists(got):
        os.remove(got)  # an earlier run's
    # A good file first: nothing plays, not even it.
    out = koirun.play_firmware(["play", good, rel], got, log, 60, status=2)
    line = f"koi: play: {rel}: {want}"
    lines = [l for l in out.splitlines() if l.startswith("koi: ")]
    problems = []
    if not lines or not lines[0].startswith(line):
        problems.append(f"first line {lines[:1]}, want '{line}...'")
    if len(lines) != 1:
        problems.append(f"{len(lines)} koi: lines, want 1")
    played = os.path.getsize(got) - 44 if os.path.exists(got) else 0
    if played:
        problems.append(f"{played} bytes of sound played")
    r = koirun.run([koirun.RENDER, "-o", os.path.join(OUT, name + ".x.wav"), "play", good, rel])
    if r.returncode != 2 or f"koi-render: play: {rel}: {want}" not in r.stdout:
        problems.append(f"koi-render: exit {r.returncode}: {r.stdout.strip()[-120:]}")
    if problems:
        return False, "; ".join(problems)
    if not keep:
        os.remove(got)
    return True, lines[0]


def check_changed(name, _, keep):
    """The second file is rewritten after every file was checked and
    before the first one has played: the sound ends after the first file,
    exit 2, and the reason names the second.  The moment is not a guess:
    a space typed before QEMU starts holds the job (paused) once it is
    built, the file is rewritten then, and a second space lets it play."""
    first = wav_file("long.wav", 8000, 1, "s16", 8000 * 2)
    second = wav_file("second.wav", 44100, 2, "s16", 44100)
    size = os.path.getsize(os.path.join(koirun.TOP, second))
    got = os.path.join(OUT, name + ".wav")
    want = os.path.join(OUT, name + ".expected.wav")
    log = os.path.join(OUT, name + ".log")
    koirun.render(["play", first], want, 120)

    def rewrite():
        with open(os.path.join(koirun.TOP, second), "wb") as f:
            f.write(wav_bytes(22050, 1, "s16", 100))
        return b" "
    rc, out = console_session(["play", first, second], got, log, [("koi: paused", rewrite)],
                              typed=b" ")
    c = koirun.compare(want, got, log, 120)
    line = (f"koi: play: {second}: changed while it was read ({size} bytes when checked, "
            f"{len(wav_bytes(22050, 1, 's16', 100))} now)")
    problems = []
    if rc != 2:
        problems.append(f"exit {rc}, not 2")
    if line not in out:
        problems.append("no line '" + line + "': " + out.strip()[-200:])
    problems += paused_capture(c.stdout, out)
    if problems:
        return False, "; ".join(problems)
    if not keep:
        for p in (got, want):
            os.remove(p)
    return True, "ended after the first file: " + line[5:]


# ---- keys on the console while playing ----

def console_session(args, wav, log, steps, typed=b"", timeout=120):
    """Run the firmware with a pipe for its console.  typed: keys in the
    console's FIFO before the guest runs (koirun.Held), so the player finds
    them as it starts.  steps: (text to wait for on the console, then the
    bytes to type, or a function returning them), for keys that must come
    after something the firmware said; each must be typed while the job
    waits for it (paused), or the wall clock would decide where it lands.
    timeout only ends a hang.  Returns (exit status, the console's output)."""
    import select
    import time
    held = koirun.Held() if typed else None
    cmd = [koirun.KOI_QEMU, "--icount", koirun.ICOUNT, "--wav", wav, "--serial", "stdio",
           "--timeout", str(timeout)] + (held.qemu_args if held else []) + [koirun.FIRMWARE] + args
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    if held:
        fd = p.stdin.fileno()
        try:
            held.start(p, lambda b: os.write(fd, b), lambda: koirun.queued(fd), typed)
        except ValueError:
            p.kill()
            p.communicate()
            raise
    out = b""
    end = time.time() + timeout

    def until(text):
        nonlocal out
        while text.encode() not in out and time.time() < end:
            r, _, _ = select.select([p.stdout], [], [], 0.05)
            if r:
                d = os.read(p.stdout.fileno(), 65536)
                if not d:
                    return False
                out += d
        return text.encode() in out
    for text, keys in steps:
        if not until(text):
            break
        if callable(keys):
            keys = keys()
        try:
            os.write(p.stdin.fileno(), keys)
        except BrokenPipeError:
            break
    rest, _ = p.communicate(timeout=max(1, end - time.time()))
    out += rest
    with open(log, "w") as f:
        f.write(out.decode(errors="replace"))
    return p.returncode, out.decode(errors="replace")


def paused_capture(report, out):
    """What must hold of a capture whose job was paused once, wherever the
    pause landed (before the stream started: no silence; while it played:
    one run of it): the capture minus its silence is the render, the
    silence is what the device counted, the stream saw no underrun.  A
    list of problems, empty if none."""
    mism, silent, runs, missing, extra = koirun.wavcmp_counts(report)
    # The device prints its counters at exit only when it played silence.
    m = re.search(r"goldfish_audio: \d+ frames played, \d+ underruns, (\d+) silent", out)
    dev_silent = int(m.group(1)) if m else 0
    (fw_xruns,) = koirun.field(out, r"^koi: underruns (\d+)", "firmware underruns")
    problems = []
    if mism or missing or extra:
        problems.append(f"mismatched {mism}, missing {missing}, extra {extra}")
    if runs > 1 or silent != dev_silent:
        problems.append(f"{runs} silence runs of {silent} frames, device {dev_silent}")
    if fw_xruns:
        problems.append(f"{fw_xruns} underruns in the stream")
    if "koi: paused" not in out or "koi: resumed" not in out:
        problems.append("no 'koi: paused' and 'koi: resumed'")
    return problems


def check_pause(name, _, keep):
    """Space, then space again: the capture minus the silence of the
    pause is the render, frame for frame; the silence is what the device
    counted; the stream saw no underrun.  The first space is typed before
    QEMU starts (it holds the job before its first period), the second
    once the console says paused: where either lands never depends on the
    host's speed.  (A pause in the middle of a stream is the host suite's:
    tests/host/test_controls.c.)"""
    args = ["tone", "--seconds", "2", "--channel", "inverted"]
    got = os.path.join(OUT, name + ".wav")
    want = os.path.join(OUT, name + ".expected.wav")
    log = os.path.join(OUT, name + ".log")
    koirun.render(args, want, 120)
    rc, out = console_session(args, got, log, [("koi: paused", b" ")], typed=b" ")
    if rc != 0:
        return False, f"exit {rc} (log {log})"
    c = koirun.compare(want, got, log, 120)
    problems = paused_capture(c.stdout, out)
    if problems:
        return False, "; ".join(problems)
    if not keep:
        for p in (got, want):
            os.remove(p)
    silent = koirun.wavcmp_counts(c.stdout)[1]
    return True, f"paused, resumed; {silent} silent frames (= device's); the rest identical"


def check_keys(name, _, keep):
    """- m m q, typed before QEMU starts: the console says each, in order,
    the sound ends early (q, not the end of the 120 s), exit 0."""
    args = ["tone", "--seconds", "120"]
    got = os.path.join(OUT, name + ".wav")
    log = os.path.join(OUT, name + ".log")
    rc, out = console_session(args, got, log, [], typed=b"-mmq")
    want = ["koi: volume -1 dB", "koi: muted (m unmutes)", "koi: unmuted", "koi: stopping"]
    lines = [l for l in out.splitlines() if l in want]
    frames = koirun.field(out, r"^koi: frames   (\d+)", "frames")[0]
    if rc != 0 or lines != want or frames >= 44100 * 120:
        return False, f"exit {rc}, lines {lines}, {frames} frames (log {log})"
    if not keep:
        os.remove(got)
    return True, f"{' / '.join(l[5:] for l in lines)}; stopped after {frames} frames"


# ---- record: the device's capture input into a host file ----

def capture_input(name, seconds, rate=8000, ch=1, fmt="s16"):
    """An input file for the device's capture-file property."""
    return wav_file(name, rate, ch, fmt, int(rate * seconds), seed=7)


def samples_of(path):
    """The data chunk of a WAV this suite or the firmware wrote."""
    import struct
    with open(os.path.join(koirun.TOP, path) if not os.path.isabs(path) else path, "rb") as f:
        b = f.read()
    i = 12
    while i + 8 <= len(b):
        cid, n = b[i:i + 4], struct.unpack("<I", b[i + 4:i + 8])[0]
        if cid == b"data":
            return b[i + 8:i + 8 + n], n
        i += 8 + n + (n & 1)
    raise ValueError(f"{path}: no data chunk")


def check_record(name, _, keep):
    """record --seconds 2: the file is the input's first 16000 frames."""
    src = capture_input("in8k.wav", 3)
    take = os.path.join(WAVDIR, "take.wav")
    if os.path.exists(take):
        os.remove(take)
    log = os.path.join(OUT, name + ".log")
    out = koirun.play_firmware(["record", "--seconds", "2", os.path.relpath(take, koirun.TOP)],
                               "/dev/null", log, 120, qemu_args=["-global",
                                                                 "goldfish_audio.capture-file=" + src])
    got, n = samples_of(take)
    want, _ = samples_of(src)
    if n != 32000 or len(got) != n or got != want[:n]:
        return False, f"{n} bytes recorded, equal to the input: {got == want[:len(got)]} (log {log})"
    if "koi: recorded " not in out:
        return False, "no 'koi: recorded' line"
    if not keep:
        os.remove(take)
    return True, "16000 frames, the input's first 16000, frame for frame"


def check_record_verbose(name, _, keep):
    """record -v: the capture stream's setup first (as aplay -v), then the
    same take as without it."""
    src = capture_input("in8k.wav", 3)
    take = os.path.join(WAVDIR, "take-v.wav")
    if os.path.exists(take):
        os.remove(take)
    log = os.path.join(OUT, name + ".log")
    out = koirun.play_firmware(["record", "-v", "--seconds", "1",
                                os.path.relpath(take, koirun.TOP)], "/dev/null", log, 120,
                               qemu_args=["-global", "goldfish_audio.capture-file=" + src])
    got, n = samples_of(take)
    want, _ = samples_of(src)
    if n != 16000 or got != want[:n]:
        return False, f"{n} bytes recorded, the input's first: {got == want[:n]} (log {log})"
    if "CAPTURE, RW_INTERLEAVED" not in out:
        return False, "no capture setup printed: " + out.strip()[-200:]
    if not keep:
        os.remove(take)
    return True, "setup printed; 8000 frames, the input's first"


def check_play_record(name, _, keep):
    """play --record: the playback is the render, the take is the input's
    first frames (whole 64 ms periods, as long as the playback ran)."""
    src = capture_input("in8k.wav", 3)
    song = wav_file("song.wav", 22050, 2, "s16", 22050)
    take = os.path.join(WAVDIR, "take2.wav")
    if os.path.exists(take):
        os.remove(take)
    args = ["play", song, "--record", os.path.relpath(take, koirun.TOP)]
    got = os.path.join(OUT, name + ".wav")
    want = os.path.join(OUT, name + ".expected.wav")
    log = os.path.join(OUT, name + ".log")
    koirun.render(args, want, 120)
    koirun.play_firmware(args, got, log, 120,
                         qemu_args=["-global", "goldfish_audio.capture-file=" + src])
    c = koirun.compare(want, got, log, 120)
    rec, n = samples_of(take)
    inp, _ = samples_of(src)
    problems = []
    if c.returncode != 0:
        problems.append("playback: " + " ".join(c.stdout.split())[-200:])
    if rec != inp[:n] or n < 2 * 8000 * 9 // 10 or n % (2 * 512):
        problems.append(f"take: {n // 2} frames, prefix of the input {rec == inp[:n]}")
    if problems:
        return False, "; ".join(problems)
    if not keep:
        for p in (got, want, take):
            os.remove(p)
    return True, f"playback identical; take {n // 2} frames = the input's first"


def check_record_bad(name, case, keep):
    what, args, qemu_args, status, line = case
    log = os.path.join(OUT, name + ".log")
    out = koirun.play_firmware(args, "/dev/null", log, 60, qemu_args=qemu_args, status=status)
    if line not in out:
        return False, f"no '{line}' in: {out.strip()[-200:]}"
    return True, line


def record_bad_cases():
    src = capture_input("in8k.wav", 3)
    wrong = wav_file("in-44k.wav", 44100, 2, "s16", 4410)
    cap = lambda f: ["-global", "goldfish_audio.capture-file=" + f]
    return [
        ("no-input", ["record", "--seconds", "1", "build/e2e/wav/x.wav"], [], 3,
         "koi: record: the audio device has no capture input here"),
        ("wrong-format", ["record", "build/e2e/wav/x.wav"], cap(wrong), 1,
         f"goldfish_audio: capture-file {wrong} is PCM, 44100 Hz, 2 channels, 16-bit; the device "
         "captures 8000 Hz mono 16-bit PCM"),
        ("missing-input", ["record", "build/e2e/wav/x.wav"], cap("build/e2e/wav/nope.wav"), 1,
         "goldfish_audio: capture-file: Could not open 'build/e2e/wav/nope.wav'"),
        ("unwritable", ["record", "build/e2e/wav/no/such/dir/x.wav"], cap(src), 2,
         "koi: record: build/e2e/wav/no/such/dir/x.wav: no such file"),
        ("no-file", ["record", "--seconds", "1"], cap(src), 2,
         "koi: record: into which file? (record FILE)"),
        ("two-files", ["record", "a.wav", "b.wav"], cap(src), 2,
         "koi: record: one file only ('b.wav' is a second)"),
        ("bad-seconds", ["record", "--seconds", "-1", "a.wav"], cap(src), 2,
         "koi: --seconds: '-1' is not a duration in 0.1..3600 (or 0: until q)"),
    ]


def check_record_interrupted(name, _, keep):
    """q during a recording, then QEMU killed during another: the file is
    a valid WAV both times, the input's first frames.  The recording is
    --seconds 0 (until q), so it cannot end before the q or the kill; each
    comes once the file holds frames, whenever that is on the wall clock.
    Past its end the input is silence, and so is the take."""
    import signal
    import time
    src = capture_input("in8k-long.wav", 10)
    inp, _ = samples_of(src)
    take = os.path.join(WAVDIR, "take3.wav")
    rel = os.path.relpath(take, koirun.TOP)
    log = os.path.join(OUT, name + ".log")
    if os.path.exists(log):
        os.remove(log)
    results = []
    for how in ("q", "kill"):
        if os.path.exists(take):
            os.remove(take)
        cmd = [koirun.KOI_QEMU, "--icount", koirun.ICOUNT, "--wav", "/dev/null", "--serial", "stdio",
               "--capture", src, koirun.FIRMWARE, "record", "--seconds", "0", rel]
        p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60  # ends a hang only
        while p.poll() is None and time.monotonic() < deadline:
            try:
                if samples_of(take)[1] > 0:
                    break
            except (OSError, ValueError):  # not there yet, or its header half written
                pass
            time.sleep(0.01)
        if how == "q":
            try:
                p.stdin.write(b"q")
                p.stdin.flush()
            except BrokenPipeError:
                pass
        else:
            p.send_signal(signal.SIGKILL)
        out, _ = p.communicate(timeout=120)
        with open(log, "ab") as f:
            f.write(out)
        try:
            rec, n = samples_of(take)
        except (OSError, ValueError) as e:
            results.append((how, False, str(e), p.returncode))
            continue
        ok = n > 0 and n == len(rec) and rec == (inp + bytes(max(0, n - len(inp))))[:n]
        if how == "q":
            ok = ok and p.returncode == 0 and b"koi: stopping" in out
        else:
            ok = ok and p.returncode == -signal.SIGKILL
        results.append((how, ok, n // 2, p.returncode))
    if not all(ok for _, ok, _, _ in results):
        return False, f"{results} (log {log})"
    if not keep:
        os.remove(take)
    return True, "; ".join(f"{how}: {n} frames, a valid WAV, the input's first" for how, _, n, _ in results)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="")
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    cases = [(n, g, check) for n, g in CASES]
    cases += [(n, (o, sec, at, lat), check_stall) for n, o, sec, at, lat in STALLS]
    cases += [(n, (o, f, lat), check_near_miss) for n, o, f, lat in NEAR_MISSES]
    cases += [(n, (g, p), lambda n, gp, k: check_number(n, gp[0], gp[1], k))
              for n, g, p in NUMBER_CASES]
    cases += [(n, f, check_play) for n, f in PLAY_CASES]
    cases += [("play-larger-than-ram", None, check_play_big),
              ("play-float-nan-inf", None, check_play_extreme)]
    cases += [("play-bad-" + c[0], c, check_bad_file) for c in bad_file_bytes()]
    cases += [("play-file-changes", None, check_changed)]
    cases += [("keys-pause-resume", None, check_pause), ("keys-volume-mute-quit", None, check_keys)]
    cases += [("record-frame-for-frame", None, check_record),
              ("record-verbose", None, check_record_verbose),
              ("play-and-record", None, check_play_record),
              ("record-interrupted", None, check_record_interrupted)]
    cases += [("record-bad-" + c[0], c, check_record_bad) for c in record_bad_cases()]
    cases += [(n, f, check_with) for n, f in WITH_CASES]
    cases += [("play-with-live-piano", None, check_with_live_piano)]
    return koirun.tap([(n, (lambda n=n, g=g, fn=fn: fn(n, g, a.keep)))
                       for n, g, fn in cases if a.only in n])


if __name__ == "__main__":
    sys.exit(main())
