#!/usr/bin/env python3
"""End-to-end checks of the sound Koi plays, reported in TAP.

For each case the firmware runs in QEMU under icount (deterministic virtual
time) with the wav backend capturing the audio device's output, and the host
renders the expected samples from the same arguments with the same C code
(build/tools/koi-render).  build/tools/wavcmp then compares them frame for
frame: a case passes only with 0 mismatched frames, 0 inserted silent frames
and 0 missing frames, and a firmware exit status of 0.

The forced-underrun case stalls the firmware on purpose: the test image
build/e2e/firmware-test.elf plays `stall --after N --for M tone ...`
(tests/e2e/stall.c: the main loop sleeps once after N frames, for M
frames' worth of time) and the host renders plain `tone ...`.  The capture
must hold exactly one run of inserted silence, as long as the device model
counted and as the firmware measured (within 2 frames), everything else
identical, and the 64-frame block rendered just before the stall point
exactly once in the capture (no stale replay).

    tests/e2e/run.py [--only SUBSTRING] [--keep]
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import koirun  # noqa: E402  (tests/koirun.py: play, render, compare)

OUT = os.path.join(koirun.BUILD, "e2e")

# (name, firmware arguments).  Every program puts different signals on the
# left and right channels, so a swap or a stride error cannot pass.
CASES = [
    ("tone-997", ["tone", "--freq", "997", "--seconds", "1"]),
    ("tone-square-64", ["tone", "--wave", "square", "--freq", "440",
                        "--seconds", "0.5", "--period", "64"]),
    ("tone-saw-16k", ["tone", "--wave", "saw", "--freq", "1234.5",
                      "--seconds", "0.5", "--period", "4096"]),
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


# The forced underrun: a 997 Hz tone never repeats a 64-frame block within
# its 1 s, so the block before the stall point is a unique marker.
STALL_AFTER = 22016  # a whole number of 512-frame periods: 43
STALL_TONE = ["tone", "--freq", "997", "--seconds", "1"]
STALL = ("underrun-forced", ["stall", "--after", str(STALL_AFTER), "--for", str(12 * 512)]
         + STALL_TONE)


def play(name, args, render_args=None, firmware=koirun.FIRMWARE):
    """Render the expected WAV (of render_args, by default args), run the
    firmware with args, compare.  Returns the firmware's console+stderr
    output and wavcmp's report."""
    os.makedirs(OUT, exist_ok=True)
    got = os.path.join(OUT, name + ".wav")
    want = os.path.join(OUT, name + ".expected.wav")
    log = os.path.join(OUT, name + ".log")
    koirun.render(render_args or args, want, 120)
    out = koirun.play_firmware(args, got, log, 300, firmware)
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


def check_stall(name, args, keep):
    out, c, got, want = play(name, args, STALL_TONE, koirun.FIRMWARE_TEST)
    rep = c.stdout
    (mism,) = koirun.field(rep, r"^mismatched frames: (\d+)", "mismatched")
    (silent, runs) = koirun.field(rep, r"^inserted silent frames: (\d+) \((\d+) runs\)", "inserted")
    (missing,) = koirun.field(rep, r"^missing frames: (\d+)", "missing")
    (extra,) = koirun.field(rep, r"^extra frames: (\d+)", "extra")
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
    seen = koirun.marker_count(want, got, STALL_AFTER)
    if seen != 1:
        problems.append(f"marker block seen {seen} times (want exactly 1)")
    if problems:
        return False, "; ".join(problems)
    if not keep:
        for p in (got, want):
            os.remove(p)
    return True, f"gap {silent} frames = device {dev_silent}, firmware ~{fw_gap}; marker once"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="")
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    cases = [(n, g, check) for n, g in CASES] + [STALL + (check_stall,)]
    return koirun.tap([(n, (lambda n=n, g=g, fn=fn: fn(n, g, a.keep)))
                       for n, g, fn in cases if a.only in n])


if __name__ == "__main__":
    sys.exit(main())
