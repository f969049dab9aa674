"""Migration of goldfish_audio.

- Crafted streams: a machine's saved state with one field of the
  goldfish_audio section changed to a value no guest could produce (a
  sample clock or t0 in the future, DMA into MMIO or past the end of RAM, a
  partial frame, status and queue fields that contradict each other, ...).
  The destination must refuse it with the reason and QEMU's load error and
  exit by itself (one of them used to livelock the destination: SIGTERM
  ignored, QMP dead).  The unchanged stream must load.
- A qtest machine saved in the middle of a buffer resumes it: EMPTY at the
  same virtual time, counters carried over.
- Round trips under -icount with a real guest: the firmware playing the
  demo, stopped at an arbitrary point and migrated to a fresh QEMU; the
  WAV written before the save followed by the WAV written after it equals
  the WAV of an uninterrupted run frame for frame, the console output and
  the device's counters too.  And a guest capturing (tests/qtest/
  capture_smoke.S): every buffer gets its bytes exactly once.

The qtest accelerator keeps its clock outside the migration stream (a real
accelerator migrates it), so a qtest destination is started with
-incoming defer and its clock set to the source's before the load: the
device checks its sample clock against the virtual time at load.
"""
import os
import re
import shutil
import struct
import subprocess
import tempfile
import time

from qtest import QEMU, TIMEOUT, Machine, Qmp, QtestError, check, check_eq, wav_frames
import test_audio as ta

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
IMAGES = os.environ.get("QTEST_IMAGES",
                        os.path.join(os.path.dirname(QEMU), "qtest"))
# The tree make names ($KOI_BUILD: build/cov for `make coverage`), as
# tests/koirun.py finds it.
FIRMWARE = os.path.join(TOP, os.environ.get("KOI_BUILD") or "build", "firmware.elf")

# Layout of the goldfish_audio section (VMState version 1, big-endian):
# int_status, int_enable, irq_pending, irq_level (u32 each); out[0], out[1],
# in: addr, play_addr (u64), len, pos (u32); current (i32), running,
# starved (u32); t0 (i64), clock, frames_played, silent_frames, underruns,
# dropped_frames (u64); fifo_head, fifo_count (u32); fifo.
F = {"int_status": (0, ">I"), "int_enable": (4, ">I"), "irq_pending": (8, ">I"),
     "irq_level": (12, ">I"),
     "out0.play_addr": (24, ">Q"), "out0.len": (32, ">I"), "out0.pos": (36, ">I"),
     "out1.len": (56, ">I"), "out1.pos": (60, ">I"),
     "in.play_addr": (72, ">Q"), "in.len": (80, ">I"), "in.pos": (84, ">I"),
     "current": (88, ">i"), "running": (92, ">I"), "starved": (96, ">I"),
     "t0": (100, ">q"), "clock": (108, ">Q"), "fifo_count": (152, ">I")}
SECTION = b"\x0egoldfish_audio" + struct.pack(">II", 0, 1)  # name, instance, version
T_SAVE = 1_000_000          # the sources save at 1 ms of virtual time


def migrate_to_file(m, path):
    """Save a qtest Machine's state into path (QMP migrate)."""
    m.qmp("migrate", uri="exec:cat > " + path)
    for _ in range(1000):
        st = m.qmp("query-migrate").get("status")
        if st in ("completed", "failed"):
            break
        time.sleep(0.01)
    check_eq(st, "completed", "migration status")


def audio_section(data):
    i = data.find(SECTION)
    check(i >= 0 and data.find(SECTION, i + 1) < 0,
          "goldfish_audio section not found exactly once in the stream")
    return i + len(SECTION)


def patched(src, dst, field, value):
    data = bytearray(open(src, "rb").read())
    if field:
        off, fmt = F[field]
        struct.pack_into(fmt, data, audio_section(data) + off, value)
    with open(dst, "wb") as f:
        f.write(data)


def read_field(path, field):
    data = open(path, "rb").read()
    off, fmt = F[field]
    return struct.unpack_from(fmt, data, audio_section(data) + off)[0]


def load(path, *extra, audiodev="none", clock=T_SAVE):
    """A qtest destination that loads path at virtual time `clock`; returns
    the Machine (still running if the load worked)."""
    m = Machine("-incoming", "defer", *extra, audiodev=audiodev)
    m.clock_set(clock)
    m.qmp("migrate-incoming", uri="exec:cat " + path)
    return m


def wait_loaded(m):
    for _ in range(1000):
        st = m.qmp("query-status")["status"]
        if st != "inmigrate":
            return st
        time.sleep(0.01)
    raise QtestError("still loading after 10 s")


def wait_exit(m, secs=20):
    """The destination's exit status, or None if it is still running after
    secs (then it is killed): a load that livelocks fails here."""
    try:
        rc = m.proc.wait(secs)
    except subprocess.TimeoutExpired:
        m.kill()
        rc = None
    return rc


def source_play(path):
    """The issue's recipe: a playing machine, INT_ENABLE=7, buffer 1 of
    4 KiB at 1 MiB, saved 1 ms in (44 frames played)."""
    m = Machine()
    try:
        m.writel(ta.AUDIO + ta.INT_ENABLE, 7)
        m.writel(ta.AUDIO + ta.SET_WRITE_BUFFER[0], 0x100000)
        m.writel(ta.AUDIO + ta.WRITE_BUFFER[0], 0x1000)
        m.clock_set(T_SAVE)
        m.readl(ta.AUDIO + ta.INT_STATUS)     # the sample clock catches up
        migrate_to_file(m, path)
    finally:
        m.quit()


def source_capture(path):
    """A capturing machine: 4 KiB at 3 MiB, saved 1 ms in."""
    m = Machine()
    try:
        m.writel(ta.AUDIO + ta.INT_ENABLE, 7)
        m.writel(ta.AUDIO + ta.SET_READ_BUFFER, 0x300000)
        m.writel(ta.AUDIO + ta.START_READ, 0x1000)
        m.clock_set(T_SAVE)
        migrate_to_file(m, path)
    finally:
        m.quit()


# (stream, field, value, reason the destination must give)
CRAFTED = [
    ("play", "clock", 1 << 56, "sample clock at frame 72057594037927936, ahead of the 44 frames due by now"),
    ("play", "t0", T_SAVE + 1_000_000_000, "stream start t0 = 1001000000 ns is not in the past (now 1000000 ns)"),
    ("play", "t0", -5, "stream start t0 = -5 ns is not in the past"),
    ("play", "out0.play_addr", 0xff004000, "output buffer 1 (176 of 4096 bytes at 0xff004000): not all in guest RAM"),
    ("play", "out0.play_addr", (128 << 20) - 0x800, "bytes at 0x7fff800): not all in guest RAM"),
    ("play", "out0.play_addr", 0x100100000, "bytes at 0x100100000): not all in guest RAM"),
    ("play", "out0.len", 0x1002, "length or position not whole frames, or over 1 MiB"),
    ("play", "out0.len", (1 << 20) + 4, "length or position not whole frames, or over 1 MiB"),
    ("play", "out0.pos", 0x2000, "length or position not whole frames, or over 1 MiB"),
    ("play", "current", 2, "running, starved or current out of range"),
    ("play", "current", 1, "the playing buffer does not match the queued ones"),
    ("play", "current", -1, "the playing buffer does not match the queued ones"),
    ("play", "starved", 1, "the playing buffer does not match the queued ones"),
    ("play", "running", 0, "a stopped stream with an output buffer queued"),
    ("play", "int_status", 0x12, "INT_STATUS or INT_ENABLE has bits outside 0x7"),
    ("play", "int_status", 3, "output buffer 1 has data and is also EMPTY"),
    ("play", "irq_pending", 4, "an event is pending for a status bit that is not set"),
    ("play", "irq_level", 1, "the interrupt line level does not follow from the status"),
    ("play", "fifo_count", 3, "Input validation failed: goldfish_audio/fifo in range"),
    ("capture", "in.play_addr", 0xff004000, "capture buffer (0 of 4096 bytes at 0xff004000): not all in guest RAM"),
    ("capture", "int_status", 7, "the capture buffer has room and is also FULL"),
]


def t_crafted_streams(tmp):
    streams = {"play": os.path.join(tmp, "play.vm"),
               "capture": os.path.join(tmp, "capture.vm")}
    source_play(streams["play"])
    source_capture(streams["capture"])
    check_eq(read_field(streams["play"], "clock"), 44, "clock in the saved stream")
    # The streams as saved load, and the device goes on.
    for name, path in streams.items():
        m = load(path)
        try:
            check_eq(wait_loaded(m), "running", "%s: status after load" % name)
            m.step(10_000_000)
            st = m.readl(ta.AUDIO + ta.INT_STATUS)
            check_eq(st & 1 if name == "play" else st & 4, 0, "%s: still busy 11 ms in" % name)
        finally:
            check_eq(m.quit(), 0, "%s: exit status after a good load" % name)
    bad = os.path.join(tmp, "bad.vm")
    for stream, field, value, want in CRAFTED:
        patched(streams[stream], bad, field, value)
        m = load(bad)
        rc = wait_exit(m)
        err = m._stderr()
        m.quit()
        what = "%s stream, %s = %#x" % (stream, field, value & ((1 << 64) - 1))
        check(rc is not None, "%s: destination still running 20 s after the load" % what)
        check_eq(rc, 1, "%s: exit status" % what)
        check(want in err, "%s: %r not in %r" % (what, want, err))
        check("load of migration failed" in err, "%s: no load error in %r" % (what, err))
    # A capture in flight cannot go on where nothing records.
    m = load(streams["capture"], audiodev="wav,path=" + os.path.join(tmp, "x.wav"))
    rc = wait_exit(m)
    err = m._stderr()
    m.quit()
    check_eq(rc, 1, "capture into a machine without input: exit status")
    check("a capture is in progress but this machine's audio backend has no input" in err,
          "capture into a machine without input: %r" % err)


def t_issue_repro(tmp):
    """The report's own commands: the clock field set to 2^56, loaded with
    -incoming "exec:cat vm" on the command line.  It used to spin in
    timerlist_run_timers with QMP dead and SIGTERM ignored."""
    vm, bad = os.path.join(tmp, "vm"), os.path.join(tmp, "vm.bad")
    source_play(vm)
    patched(vm, bad, "clock", 1 << 56)
    m = Machine("-incoming", "exec:cat " + bad)
    rc = wait_exit(m)
    err = m._stderr()
    m.quit()
    check(rc is not None, "destination hangs")
    check_eq(rc, 1, "exit status")
    check("loaded state refused: sample clock at frame 72057594037927936" in err, err)


def t_migration_qtest(tmp):
    """Save a machine in the middle of a 200 ms buffer, load it into a new
    QEMU: EMPTY comes at the same virtual time, the rest of the buffer plays
    from the FIFO and from RAM, counters carry over."""
    state = os.path.join(tmp, "vmstate")
    n = 8820
    m = Machine()
    try:
        ta.setup(m)
        t0 = m.now()
        ta.queue(m, 0, ta.pattern(0, n))
        m.clock_set(t0 + 100_000_000)
        migrate_to_file(m, state)
        played_before = m.qom_get("/machine/audio", "frames-played")
        check_eq(played_before, 100_000_000 * ta.RATE // 1_000_000_000,
                 "frames-played at the save")
    finally:
        m.quit()
    wav = os.path.join(tmp, "after.wav")
    m2 = load(state, audiodev="wav,path=" + wav, clock=t0 + 100_000_000)
    try:
        check_eq(wait_loaded(m2), "running", "status after load")
        check_eq(m2.qom_get("/machine/audio", "frames-played"), played_before,
                 "frames-played restored")
        m2.clock_set(t0 + ta.due(n) - 1)
        check_eq(m2.readl(ta.AUDIO) & 1, 0, "EMPTY 1 ns early after load")
        m2.clock_set(t0 + ta.due(n))
        check_eq(m2.readl(ta.AUDIO) & 1, 1, "EMPTY on time after load")
        m2.writel(ta.AUDIO + ta.INT_ENABLE, 0)
        m2.step(200_000_000)
        check_eq(m2.qom_get("/machine/audio", "frames-played"), n, "frames-played")
    finally:
        m2.quit()
    _, _, _, frames = wav_frames(wav)
    want = ta.pattern(0, n)
    check(len(frames) >= n - played_before,
          "too little output after load: %d frames, %d played before save"
          % (len(frames), played_before))
    check(frames == want[n - len(frames):],
          "output after load is not the tail of the buffer")


# --- round trips of a real guest under -icount --------------------------------

class Guest:
    """A QEMU running a guest under -icount with a QMP socket; extra are
    more QEMU arguments.  Firmware runs go through tools/koi-qemu (the
    command line every Koi run uses), others through QEMU directly."""

    def __init__(self, tmp, name, cmd, extra):
        self.sock = os.path.join(tmp, name + ".qmp")
        if os.path.exists(self.sock):
            os.unlink(self.sock)
        qmp = ["-qmp", "unix:%s,server=on,wait=off" % self.sock]
        self.proc = subprocess.Popen(cmd(extra + qmp), stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True,
                                     stdin=subprocess.DEVNULL)
        self.qmp = Qmp(self.sock, self.proc)

    def cmd(self, *a, **k):
        return self.qmp.cmd(*a, **k)

    def finish(self, timeout=60):
        """Waits for the guest to end; (status, stdout, stderr)."""
        try:
            out, err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate()
            raise QtestError("guest still running after %d s: %s" % (timeout, err[-500:]))
        self.qmp.close()
        return self.proc.returncode, out, err

    def quit(self):
        try:
            self.cmd("quit")
        except Exception:
            pass
        return self.finish(TIMEOUT)


def stop_and_save(g, delay, state):
    """Lets the guest run for delay seconds of wall time, stops it and
    saves it into state.  False if the guest had already ended."""
    g.cmd("cont")
    time.sleep(delay)
    try:
        g.cmd("stop")
    except (QtestError, OSError):   # the guest ended first: QEMU is gone
        return False
    if g.proc.poll() is not None:
        return False
    g.cmd("migrate", uri="exec:cat > " + state)
    for _ in range(3000):
        st = g.cmd("query-migrate").get("status")
        if st in ("completed", "failed"):
            break
        time.sleep(0.01)
    check_eq(st, "completed", "migration status")
    return True


def resume(g):
    """A destination that loaded a stopped source stays paused: go on."""
    for _ in range(3000):
        st = g.cmd("query-status")["status"]
        if st != "inmigrate":
            break
        time.sleep(0.01)
    check_eq(st, "paused", "destination status after the load")
    g.cmd("cont")


def split_points(wall):
    """Where to stop the source, in wall seconds: the guest's whole run
    takes about `wall`; the save must land in the middle of a buffer.
    Nothing checked depends on where it lands, only that it is inside a
    buffer, and a stop by the wall clock lands there only now and then
    (under -icount with sleep=off the device's position moves in jumps):
    so points are tried until one does, spread over the run and shuffled
    (the same order every time), for as long as the hang guard allows
    rather than a fixed few.  Yields delays."""
    import random
    fractions = [0.5, 0.3, 0.7, 0.15, 0.85, 0.05, 0.4, 0.6, 0.2, 0.1, 0.03, 0.01]
    rest = [k / 200 for k in range(1, 200)]
    random.Random(1).shuffle(rest)
    deadline = time.monotonic() + 240  # the suite's own timeout is 600 s
    for f in fractions + rest:
        if time.monotonic() > deadline:
            return
        yield wall * f


DEVICE_LINE = re.compile(r"^goldfish_audio: \d+ frames played.*$", re.M)


def t_roundtrip_play(tmp):
    """The firmware plays the demo (10.2 s, 4 periods of 512 frames) under
    -icount.  A second run is stopped at an arbitrary point in the middle of
    a buffer, saved, and loaded into a fresh QEMU that plays on: the WAV
    written before the save followed by the WAV written after the load is
    the uninterrupted run's WAV frame for frame; the console output, the
    firmware's exit status and the device's counters are the same."""
    def cmd(wav):
        def build(extra):
            c = [os.path.join(TOP, "tools", "koi-qemu"), "--icount", "3", "--wav", wav,
                 "--qemu-arg", "-global", "--qemu-arg", "goldfish_audio.exit-report=on"]
            for e in extra:
                c += ["--qemu-arg", e]
            return c + [FIRMWARE, "demo"]
        return build
    full = os.path.join(tmp, "full.wav")
    # Started stopped like the others, to time the guest alone.
    g = Guest(tmp, "full", cmd(full), ["-S"])
    t = time.monotonic()
    g.cmd("cont")
    rc, want_out, want_err = g.finish()
    wall = time.monotonic() - t
    check_eq(rc, 0, "uninterrupted run: exit status (%s)" % want_err[-300:])
    want_line = DEVICE_LINE.search(want_err)
    check(want_line, "uninterrupted run: no device counters in %r" % want_err)
    _, _, _, want = wav_frames(full)
    before, after = os.path.join(tmp, "before.wav"), os.path.join(tmp, "after.wav")
    state = os.path.join(tmp, "play.vm")
    tries = 0
    for delay in split_points(wall):
        tries += 1
        src = Guest(tmp, "src", cmd(before), ["-S"])
        saved = stop_and_save(src, delay, state)
        rc, out1, err1 = src.quit()
        if not saved:
            continue
        cur = read_field(state, "current")
        pos, length = ((read_field(state, "out0.pos"), read_field(state, "out0.len"))
                       if cur == 0 else
                       (read_field(state, "out1.pos"), read_field(state, "out1.len"))
                       if cur == 1 else (0, 0))
        if 0 < pos < length:
            break
    else:
        raise AssertionError("never stopped the guest in the middle of a buffer in %d tries "
                             "(whole run %.2f s of wall time)" % (tries, wall))
    print("# saved %.3f s into a %.3f s run, %d of %d bytes into buffer %d (try %d)"
          % (delay, wall, pos, length, cur + 1, tries))
    dst = Guest(tmp, "dst", cmd(after), ["-incoming", "exec:cat " + state])
    resume(dst)
    rc, out2, err2 = dst.finish()
    check_eq(rc, 0, "firmware exit status after the load (%s)" % err2[-300:])
    _, _, _, b = wav_frames(before)
    _, _, _, a = wav_frames(after)
    check(len(b) > 0 and len(a) > 0, "one side of the split is empty: %d + %d frames"
          % (len(b), len(a)))
    check_eq(len(b) + len(a), len(want), "frames before + after the save")
    first = next((i for i, (x, y) in enumerate(zip(b + a, want)) if x != y), None)
    check(first is None, "before + after differs from the uninterrupted WAV at frame %s "
          "(%d frames before the save)" % (first, len(b)))
    check_eq(out1 + out2, want_out, "console output before + after the save")
    got_line = DEVICE_LINE.search(err2)
    check(got_line, "no device counters after the load in %r" % err2)
    check_eq(got_line.group(0), want_line.group(0), "device counters")


CAP = {"done": 0x0017fffc, "res": 0x00180000, "buf": 0x00200000, "len": 800, "n": 40}


def t_roundtrip_capture(tmp):
    """A guest captures 40 buffers of 50 ms under -icount
    (capture_smoke.S).  Saved in the middle of a buffer and loaded into a
    fresh QEMU, every buffer still gets exactly its 800 bytes, all
    written (the none backend records silence), and the buffers done
    before the save finished at the same virtual times.  The one in flight
    and later ones finish 0 to 2 audio-core ticks (10 ms each) later than
    in the uninterrupted run: the capture path is paced by the audio core's
    timer, whose phase is not part of a saved state (docs/goldfish-audio.md
    section 6)."""
    elf = os.path.join(IMAGES, "capture_smoke.elf")
    dump = os.path.join(tmp, "mem.bin")

    def cmd(extra):
        return [QEMU, "-M", "goldfish", "-display", "none", "-nodefaults",
                "-audiodev", "none,id=a", "-M", "audiodev=a",
                "-icount", "shift=3,align=off,sleep=off", "-rtc", "clock=vm",
                "-kernel", elf] + extra

    def mem(g, addr, n):
        g.cmd("pmemsave", val=addr, size=n, filename=dump)
        with open(dump, "rb") as f:
            return f.read()

    def done(g):
        return struct.unpack("<I", mem(g, CAP["done"], 4))[0]

    def results(g):
        t = time.monotonic()
        while done(g) != CAP["n"]:
            check(time.monotonic() - t < TIMEOUT, "capture guest never finished")
            time.sleep(0.005)
        r = mem(g, CAP["res"], 16 * CAP["n"])
        res = [struct.unpack_from("<III", r, 16 * k) for k in range(CAP["n"])]
        data = mem(g, CAP["buf"], CAP["len"] * CAP["n"])
        return [(a, lo | hi << 32) for a, lo, hi in res], data

    t = time.monotonic()
    g = Guest(tmp, "cap", cmd, [])
    want, data = results(g)
    wall = time.monotonic() - t
    g.quit()
    check(all(a == CAP["len"] for a, _ in want), "uninterrupted: byte counts %r" % want)
    check(not any(data), "uninterrupted: buffers not all written")
    state = os.path.join(tmp, "capture.vm")
    for delay in split_points(wall):
        src = Guest(tmp, "csrc", cmd, ["-S"])
        saved = stop_and_save(src, delay, state)
        if saved:   # buffers the guest saw finish before the save
            r = mem(src, CAP["res"], 16 * CAP["n"])
            before = sum(1 for k in range(CAP["n"]) if struct.unpack_from("<I", r, 16 * k)[0])
        src.quit()
        if saved and 0 < read_field(state, "in.pos") < read_field(state, "in.len"):
            break
    else:
        raise AssertionError("never stopped the guest in the middle of a capture buffer")
    dst = Guest(tmp, "cdst", cmd, ["-incoming", "exec:cat " + state])
    resume(dst)
    got, data = results(dst)
    dst.quit()
    check(all(a == CAP["len"] for a, _ in got), "after the load: byte counts %r" % got)
    check(not any(data), "after the load: buffers not all written (0xa5 left)")
    lags = [g[1] - w[1] for g, w in zip(got, want)]
    print("# saved %d bytes into buffer %d; it and later buffers finish %s ms late"
          % (read_field(state, "in.pos"), before + 1,
             sorted(set(d / 1e6 for d in lags[before:]))))
    check(not any(lags[:before]), "buffers finished before the save moved: %r" % lags)
    check(all(0 <= d <= 20_000_000 for d in lags),
          "FULL times after the load more than 2 ticks late: %r" % lags)


def register(tap, tmp):
    tap.run("migration: crafted goldfish_audio states refused with the reason, "
            "the destination exits", t_crafted_streams, tmp)
    tap.run("migration: the reported livelock stream (clock 2^56) is refused",
            t_issue_repro, tmp)
    tap.run("migration: qtest machine saved mid-buffer resumes it",
            t_migration_qtest, tmp)
    tap.run("migration: firmware playing the demo under -icount, saved mid-buffer: "
            "WAV before + after = uninterrupted, console and counters too",
            t_roundtrip_play, tmp)
    tap.run("migration: guest capturing under -icount, saved mid-buffer: every "
            "byte captured once, timing within 2 audio ticks", t_roundtrip_capture, tmp)
