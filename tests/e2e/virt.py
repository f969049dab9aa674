#!/usr/bin/env python3
"""End-to-end checks of the sound Koi plays on the virt board, reported in TAP.

The firmware (build/virt/firmware.elf) runs in qemu-system-arm -M virt
(QEMU 8.2 or later) under icount, with virtio-sound-device on QEMU's wav
backend at the stream's rate (so QEMU does not resample), and the host
renders the expected samples with the same code for that device format
(koi-render --rate R: 48 kHz unless the firmware's arguments start with
--rate R).  build/virt/tools/wavcmp then compares them frame for frame: a
case passes only with 0 mismatched, 0 inserted silent and 0 missing frames,
and exit status 0.

The forced underruns (the test image's `stall` program, tests/e2e/stall.c)
check how an underrun shows on this board.  QEMU's virtio-sound hands the
wav backend what it gets when it gets it and nothing while its tx queue is
empty: the capture stays identical to the render whatever the stall.  The
underrun is seen from two sides instead:
  - the firmware: the stream's underrun count and its stall report;
  - the driver: its count of periods queued after the device had none left
    (tests/e2e/virtio_snd_report.c; QEMU sends no PCM_XRUN event).
The device holds the driver's 4 periods (2048 frames at 512): a stall
shorter than that (`hidden`) is absorbed by them and shows on neither side.

Capture: with the `none` backend QEMU's rx queue returns silence, paced: a
take is all zeros, of exactly the length asked for; with the `wav` backend
it never returns a message, and the recording ends with the stall report
and status 1.  The transport: both the legacy (QEMU's default) and the
modern interface (-global virtio-mmio.force-legacy=false) play the tone.

    tests/e2e/virt.py [--only SUBSTRING] [--keep]
"""
import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import koirun  # noqa: E402  (tests/koirun.py: play, render, compare)

BOARD = "virt"
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
    # PCM clips converted to the stream's 48 kHz stereo s16.
    ("pcm-s16-44100-2ch", ["pcm", "--format", "s16", "--rate", "44100", "--repeat", "10"]),
    ("pcm-s24-22050-1ch", ["pcm", "--format", "s24", "--rate", "22050", "--channels", "1",
                           "--repeat", "10"]),
    ("pcm-u8-8000-2ch", ["pcm", "--format", "u8", "--rate", "8000", "--repeat", "10"]),
    ("pcm-float-48000-1ch", ["pcm", "--format", "float", "--rate", "48000", "--channels", "1",
                             "--repeat", "10"]),
    # The stream at other rates (--rate before the program).
    ("rate-44100-tone", ["--rate", "44100", "tone", "--seconds", "1"]),
    ("rate-32000-mix", ["--rate", "32000", "mix", "--seconds", "1"]),
    ("rate-8000-pcm", ["--rate", "8000", "pcm", "--format", "s16", "--rate", "44100",
                       "--repeat", "10"]),
    # A host file through semihosting, converted to the stream's rate, at a
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
    # (name, frames of stall, underrun seen by the driver)
    ("underrun-forced", 12 * 512, True),
    ("underrun-hidden", 1024, False),
]


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


REPORT = r"^virtio-snd: (legacy|modern), playback (\d+) periods, (\d+) dry, (\d+) xruns"


def driver_report(out):
    """(transport, periods, dry, xruns) from tests/e2e/virtio_snd_report.c."""
    m = re.search(REPORT, out, re.M)
    if not m:
        raise ValueError("no virtio-snd counters in the output")
    return m.group(1), int(m.group(2)), int(m.group(3)), int(m.group(4))


def verdict(problems, keep, files, summary):
    """A case's result: its problems, or the summary (and its WAVs removed
    unless --keep)."""
    if problems:
        return False, "; ".join(problems)
    if not keep:
        for p in files:
            os.remove(p)
    return True, summary


def check_stall(name, frames, seen, keep):
    args = ["stall", "--after", str(STALL_AFTER), "--for", str(frames)] + STALL_TONE
    out, c, got, want = play(name, args, STALL_TONE, FIRMWARE_TEST)
    mism, silent, runs, missing, extra = koirun.wavcmp_counts(c.stdout)
    (fw_xruns,) = koirun.field(out, r"^koi: underruns (\d+)", "firmware underruns")
    _, _, dry, _ = driver_report(out)
    want_fw = 1 if seen else 0
    problems = []
    if mism or silent or missing or extra:
        problems.append(f"capture: mismatched {mism}, silent {silent} in {runs} runs, "
                        f"missing {missing}, extra {extra} (want it identical)")
    stalled = re.search(r"^koi: stall    device starved for", out, re.M) is not None
    if fw_xruns != want_fw or stalled != seen:
        problems.append(f"firmware: {fw_xruns} underruns, stall report {stalled} "
                        f"(want {want_fw}, {seen})")
    if dry != want_fw:
        problems.append(f"driver: {dry} refills after running dry (want {want_fw})")
    seen_marker = koirun.marker_count(want, got, STALL_AFTER)
    if seen_marker != 1:
        problems.append(f"marker block seen {seen_marker} times (want exactly 1)")
    return verdict(problems, keep, (got, want),
                   f"capture identical; underruns: firmware {fw_xruns}, driver {dry}")


def check_paced(name, keep):
    """Periods of 128 frames (4 of them: 10.7 ms, about QEMU's 10 ms tick):
    QEMU hands each message back as soon as its audio core has copied it,
    the whole ring at once.  The driver holds them until the board's clock
    says they are played (drivers/virtio_snd.h), so: bit-exact, no
    underrun (153 in 2 s when returns were taken as played), every message
    held, and the stream drains at the sound's length after QEMU's first
    tick (1000 to 1011 ms; 990 before: the last ring came back early)."""
    args = ["tone", "--freq", "997", "--seconds", "1", "--period", "128"]
    out, c, got, want = play(name, args, args, FIRMWARE_TEST)
    problems = []
    if c.returncode != 0:
        problems.append("wavcmp: " + " ".join(c.stdout.split())[-300:])
    (xruns,) = koirun.field(out, r"^koi: underruns (\d+)", "firmware underruns")
    t = re.search(r"^koi: time +(\d+\.\d+) ms of virtual time from first period to drained",
                  out, re.M)
    if not t:
        raise ValueError("no drain time in the output")
    ms = float(t.group(1))
    m = re.search(REPORT + r", (\d+) held", out, re.M)
    if not m:
        raise ValueError("no virtio-snd held count in the output")
    periods, held = int(m.group(2)), int(m.group(5))
    if xruns:
        problems.append(f"{xruns} underruns")
    if periods != 375 or held != periods:
        problems.append(f"{held} of {periods} periods held (want 375 of 375)")
    if not 1000.0 <= ms <= 1011.0:
        problems.append(f"drained {ms} ms after the first period (want 1000 to 1011)")
    return verdict(problems, keep, (got, want),
                   f"0 underruns, {held} of {periods} held, drained at {ms} ms")


def check_modern(name, keep):
    """The modern virtio-mmio interface plays the same tone, bit-exact."""
    args = ["tone", "--freq", "997", "--seconds", "1"]
    out, c, got, want = play(name, args, firmware=FIRMWARE_TEST,
                             qemu_args=["-global", "virtio-mmio.force-legacy=false"])
    transport = driver_report(out)[0]
    if transport != "modern" or c.returncode != 0:
        return False, f"transport {transport}; wavcmp: " + " ".join(c.stdout.split())[-200:]
    if not keep:
        for p in (got, want):
            os.remove(p)
    return True, "modern transport, capture identical"


def check_record(name, keep):
    """record with the none backend: silence, exactly the frames asked."""
    os.makedirs(OUT, exist_ok=True)
    take = os.path.join(OUT, name + ".take.wav")
    log = os.path.join(OUT, name + ".log")
    rel = os.path.relpath(take, koirun.TOP)
    if os.path.exists(take):
        os.remove(take)
    q = koirun.run([koirun.KOI_QEMU, "--board", BOARD, "--icount", koirun.ICOUNT,
                    "--timeout", "120", "--serial", "stdio", FIRMWARE,
                    "record", "--seconds", "1.5", rel], stdin=koirun.subprocess.DEVNULL)
    with open(log, "w") as f:
        f.write(q.stdout)
    if q.returncode != 0 or not os.path.exists(take):
        return False, f"exit {q.returncode}, take written: {os.path.exists(take)} (log {log})"
    with open(take, "rb") as f:
        data = f.read()
    frames = (len(data) - 44) // 4
    if frames != 72000 or any(data[44:]):
        return False, f"{frames} frames (want 72000), all zero: {not any(data[44:])}"
    if not keep:
        os.remove(take)
    return True, "72000 frames of silence"


def check_duplex(name, keep):
    """play --record on the none backend: the playback and the capture run
    together; the take is silence and as long as the playback, give or take
    the periods in flight and the drain (8192 frames: 4 periods of 512 on
    either side, and the 93 ms drain while the capture still runs)."""
    os.makedirs(OUT, exist_ok=True)
    take = os.path.join(OUT, name + ".take.wav")
    log = os.path.join(OUT, name + ".log")
    if os.path.exists(take):
        os.remove(take)
    q = koirun.run([koirun.KOI_QEMU, "--board", BOARD, "--icount", koirun.ICOUNT,
                    "--timeout", "120", "--serial", "stdio", FIRMWARE, "play",
                    "examples/ode.wav", "--record", os.path.relpath(take, koirun.TOP)],
                   stdin=koirun.subprocess.DEVNULL)
    with open(log, "w") as f:
        f.write(q.stdout)
    if q.returncode != 0 or not os.path.exists(take):
        return False, f"exit {q.returncode}, take written: {os.path.exists(take)} (log {log})"
    (played,) = koirun.field(q.stdout, r"^koi: frames   (\d+)", "frames played")
    (taken,) = koirun.field(q.stdout, r"^koi: recorded \S+: (\d+) frames", "frames recorded")
    with open(take, "rb") as f:
        data = f.read()
    if (len(data) - 44) // 4 != taken or any(data[44:]):
        return False, f"the take holds {(len(data) - 44) // 4} frames, not {taken}, or not silence"
    if abs(taken - played) > 8192:
        return False, f"{taken} frames recorded while {played} played (want within 8192)"
    if not keep:
        os.remove(take)
    return True, f"{played} frames played, {taken} of silence recorded"


def stalled_wav(name, args):
    """Runs ARGS (a job that records, with the TAKE file's place given as
    {take}) on the wav backend, whose rx queue never completes; returns
    (output, log) of a run that ended with status 1, or raises ValueError."""
    os.makedirs(OUT, exist_ok=True)
    take = os.path.relpath(os.path.join(OUT, name + ".take.wav"), koirun.TOP)
    log = os.path.join(OUT, name + ".log")
    out = koirun.play_firmware([a.format(take=take) for a in args],
                               os.path.join(OUT, name + ".wav"), log, 120,
                               FIRMWARE, BOARD, status=1)
    return out, log


def check_record_wav(name, keep):
    """record with the wav backend: the rx queue never completes; the
    recording ends with the stall report and status 1, no hang."""
    try:
        out, log = stalled_wav(name, ["record", "--seconds", "1", "{take}"])
    except ValueError as e:
        return False, str(e)
    if not re.search(r"^koi: stalled: no capture period for", out, re.M):
        return False, f"no stall report (log {log})"
    return True, "stall reported, status 1"


def check_duplex_wav(name, keep):
    """play --record with the wav backend: the rx queue never completes
    while the playback runs; the capture's watchdog ends the play with the
    stall report, the recording's error and status 1, as a plain record
    does (it used to record 0 frames and exit 0)."""
    try:
        out, log = stalled_wav(name, ["play", "examples/ode.wav", "--record", "{take}"])
    except ValueError as e:
        return False, str(e)
    want = [r"^koi: stalled: no capture period for [\d.]+ ms; the audio device stopped "
            r"capturing, playback and recording ended$",
            r"^koi: record: \S+: the capture stalled \(-\d+\)$",
            r"^koi: recorded \S+: 0 frames"]
    missing = [w for w in want if not re.search(w, out, re.M)]
    if missing:
        return False, f"no line {missing[0]!r} (log {log})"
    return True, "stall reported, recording failed, status 1"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="")
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    cases = [(n, (lambda n=n, g=g: check(n, g, a.keep))) for n, g in CASES]
    cases += [(n, (lambda n=n, f=f, s=s: check_stall(n, f, s, a.keep))) for n, f, s in STALLS]
    cases += [("paced-period-128", lambda: check_paced("paced-period-128", a.keep)),
              ("transport-modern", lambda: check_modern("transport-modern", a.keep)),
              ("record-none", lambda: check_record("record-none", a.keep)),
              ("duplex-none", lambda: check_duplex("duplex-none", a.keep)),
              ("record-wav-stalls", lambda: check_record_wav("record-wav-stalls", a.keep)),
              ("duplex-wav-stalls", lambda: check_duplex_wav("duplex-wav-stalls", a.keep))]
    return koirun.tap([c for c in cases if a.only in c[0]])


if __name__ == "__main__":
    sys.exit(main())
