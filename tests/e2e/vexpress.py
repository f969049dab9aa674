#!/usr/bin/env python3
"""End-to-end checks of the sound Koi plays on vexpress-a9, reported in TAP.

The firmware (build/vexpress-a9/firmware.elf) runs in Debian's
qemu-system-arm -M vexpress-a9 under icount, its PL041 on QEMU's wav
backend at the codec's rate, and the host renders the expected samples
with the same code for that device format (koi-render --rate R: 48 kHz
unless the firmware's arguments start with --rate R).  build/vexpress-a9/
tools/wavcmp then compares them frame for frame: a case passes only with 0
mismatched, 0 inserted silent and 0 missing frames, and exit status 0.
The capture starts with the silence the driver primes the device with and
ends with the silence it flushes it with; wavcmp allows both.

The forced underruns (the test image's `stall` program, tests/e2e/stall.c)
check how an underrun shows on this board.  QEMU's wav backend writes what
it gets when it gets it, and no silence when it gets nothing: the capture
stays identical to the render whatever the stall.  The underrun is seen
from three sides instead:
  - the firmware: the stream's underrun count and its stall report;
  - the device: the PL041 driver's underrun count (tests/e2e/pl041_report.c:
    the device ran out of sound by its sample clock);
  - QEMU: its audio timer stopping (-trace audio_timer_stop) while the
    stream is stalled, when the output went idle.
A stall longer than what QEMU holds (about 2800 frames at 48 kHz) shows on
all three; a shorter one only empties the firmware's ring (`hidden`).

What the board cannot do (record: the PL041 model has no capture path; a
rate the codec lacks; a period the AACI does not take) ends the run with
the firmware's status for it and one line saying why.

    tests/e2e/vexpress.py [--only SUBSTRING] [--keep]
"""
import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import koirun  # noqa: E402  (tests/koirun.py: play, render, compare)

BOARD = "vexpress-a9"
BUILD = koirun.build_dir(BOARD)
FIRMWARE = os.path.join(BUILD, "firmware.elf")
FIRMWARE_TEST = os.path.join(BUILD, "e2e", "firmware-test.elf")
RENDER = os.path.join(BUILD, "tools", "koi-render")
WAVCMP = os.path.join(BUILD, "tools", "wavcmp")
OUT = os.path.join(BUILD, "e2e")

# (name, firmware arguments).  Every program puts different signals on the
# left and right channels, so a swap or a stride error cannot pass.
CASES = [
    ("tone-997", ["tone", "--freq", "997", "--seconds", "1"]),
    ("tone-saw-4096", ["tone", "--wave", "saw", "--freq", "1234.5", "--seconds", "0.5",
                       "--period", "4096"]),
    ("mix", ["mix", "--seconds", "1"]),
    ("demo", ["demo"]),
    ("piano-keys", ["piano", "--keys", "asdf ghjk"]),
    # PCM clips converted to the device's 48 kHz stereo s16.
    ("pcm-s16-44100-2ch", ["pcm", "--format", "s16", "--rate", "44100", "--repeat", "10"]),
    ("pcm-s24-22050-1ch", ["pcm", "--format", "s24", "--rate", "22050", "--channels", "1",
                           "--repeat", "10"]),
    ("pcm-u8-8000-2ch", ["pcm", "--format", "u8", "--rate", "8000", "--repeat", "10"]),
    ("pcm-float-48000-1ch", ["pcm", "--format", "float", "--rate", "48000", "--channels", "1",
                             "--repeat", "10"]),
    # The codec at other rates (--rate before the program).
    ("rate-44100-tone", ["--rate", "44100", "tone", "--seconds", "1"]),
    ("rate-32000-mix", ["--rate", "32000", "mix", "--seconds", "1"]),
    ("rate-8000-pcm", ["--rate", "8000", "pcm", "--format", "s16", "--rate", "44100",
                       "--repeat", "10"]),
    # A host file through semihosting, converted to the codec's rate, at a
    # volume, and with a second stream mixed in (dmix).
    ("play-file", ["play", "examples/ode.wav"]),
    ("play-file-volume", ["play", "examples/ode.wav", "--volume", "-6"]),
    ("play-with-tone", ["play", "examples/ode.wav", "--with", "tone --seconds 1 --freq 440"]),
]

# The forced underruns: a 997 Hz tone never repeats a 64-frame block within
# its 1 s, so the block before the stall point is a unique marker.
STALL_AFTER = 22016  # a whole number of 512-frame periods: 43
STALL_TONE = ["tone", "--freq", "997", "--seconds", "1"]
STALLS = [
    # (name, frames of stall, underrun seen by the device and by QEMU)
    ("underrun-forced", 12 * 512, True),
    ("underrun-hidden", 1024, False),
]


# What this board refuses, with the exit status and the line that says why
# (the PL041 model has no capture input; the codec has its own rates and
# the AACI its own period limits).
REFUSED = [
    ("refused-record", ["record", "--seconds", "1", "build/e2e-x.wav"], 3,
     "koi: record: the audio device has no capture input here (QEMU's PL041 model has no "
     "capture path: record on goldfish)"),
    ("refused-play-record", ["play", "examples/ode.wav", "--record", "build/e2e-x.wav"], 3,
     "koi: record: the audio device has no capture input here"),
    ("refused-rate", ["--rate", "96000", "tone", "--seconds", "0.2"], 3,
     "koi: pl041 cannot play at 96000 Hz (error -22)"),
    ("refused-period", ["tone", "--period", "8192"], 2,
     "koi: --period: 8192 frames: the audio device takes 512..4096"),
]


def check_refused(name, args, status, line):
    os.makedirs(OUT, exist_ok=True)
    log = os.path.join(OUT, name + ".log")
    out = koirun.play_firmware(args, os.devnull, log, 60, FIRMWARE, BOARD, status=status)
    if line not in out:
        return False, f"no '{line}' in: {out.strip()[-200:]}"
    return True, line


def device_rate(args):
    return int(args[1]) if args[:1] == ["--rate"] else 48000


def play(name, args, render_args=None, firmware=FIRMWARE, qemu_args=()):
    """Render the expected WAV of render_args (by default args, less the
    device's --rate) at the device's rate, run the firmware with args,
    compare.  Returns the firmware's output and wavcmp's report."""
    os.makedirs(OUT, exist_ok=True)
    got = os.path.join(OUT, name + ".wav")
    want = os.path.join(OUT, name + ".expected.wav")
    log = os.path.join(OUT, name + ".log")
    if render_args is None:
        render_args = args[2:] if args[:1] == ["--rate"] else args
    r = koirun.run([RENDER, "-o", want, "--rate", str(device_rate(args))] + render_args,
                   timeout=120)
    if r.returncode != 0:
        raise ValueError("koi-render failed: " + r.stdout.strip()[-300:])
    out = koirun.play_firmware(args, got, log, 300, firmware, BOARD, qemu_args)
    c = koirun.run([WAVCMP, want, got], timeout=120)
    with open(log, "a") as f:
        f.write(c.stdout)
    return out, c, got, want


def check(name, args, keep):
    out, c, got, want = play(name, args)
    if c.returncode != 0:
        return False, "wavcmp: " + " ".join(c.stdout.split())[-300:]
    (xruns,) = koirun.field(out, r"^koi: underruns (\d+)", "firmware underruns")
    if xruns:
        return False, f"{xruns} underruns"
    if not keep:
        for p in (got, want):
            os.remove(p)
    return True, c.stdout.strip().splitlines()[-1] if c.stdout.strip() else ""


def check_stall(name, frames, seen, keep):
    args = ["stall", "--after", str(STALL_AFTER), "--for", str(frames)] + STALL_TONE
    out, c, got, want = play(name, args, STALL_TONE, FIRMWARE_TEST,
                             ["-trace", "audio_timer_st*"])
    rep = c.stdout
    mism, silent, runs, missing, extra = koirun.wavcmp_counts(rep)
    (fw_xruns,) = koirun.field(out, r"^koi: underruns (\d+)", "firmware underruns")
    (dev_xruns,) = koirun.field(out, r"^pl041: \d+ frames, (\d+) underruns", "the driver's counters")
    stops = len(re.findall(r"^audio_timer_stop", out, re.M))
    problems = []
    if mism or silent or missing or extra:
        problems.append(f"capture: mismatched {mism}, silent {silent} in {runs} runs, "
                        f"missing {missing}, extra {extra} (want it identical)")
    if fw_xruns != 1 or not re.search(r"^koi: stall    device starved for", out, re.M):
        problems.append(f"firmware: {fw_xruns} underruns (want 1, and its stall report)")
    if dev_xruns != (1 if seen else 0):
        problems.append(f"device: {dev_xruns} underruns (want {1 if seen else 0})")
    # QEMU's output stops once in the stall; at the end the run is over
    # before it goes idle.
    if stops != (1 if seen else 0):
        problems.append(f"QEMU: the audio timer stopped {stops} times (want {1 if seen else 0})")
    seen_marker = koirun.marker_count(want, got, STALL_AFTER)
    if seen_marker != 1:
        problems.append(f"marker block seen {seen_marker} times (want exactly 1)")
    if problems:
        return False, "; ".join(problems)
    if not keep:
        for p in (got, want):
            os.remove(p)
    return True, (f"capture identical; underruns: firmware {fw_xruns}, device {dev_xruns}, "
                  f"QEMU idle {stops}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="")
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    cases = [(n, (lambda n=n, g=g: check(n, g, a.keep))) for n, g in CASES]
    cases += [(n, (lambda n=n, f=f, s=s: check_stall(n, f, s, a.keep))) for n, f, s in STALLS]
    cases += [(n, (lambda n=n, g=g, st=st, ln=ln: check_refused(n, g, st, ln)))
              for n, g, st, ln in REFUSED]
    return koirun.tap([c for c in cases if a.only in c[0]])


if __name__ == "__main__":
    sys.exit(main())
