"""qtest cases for goldfish_audio: registers, interrupt line, sample clock,
gapless and streaming output checked in the WAV file, underrun silence and
counters, capture, guest errors, and a bounded random-register run."""
import os
import random
import struct

import regs
from qtest import Machine, QtestError, check, check_eq, wav_frames

# The register maps the driver and the model compile (regs/*.h).
R = regs.load("goldfish_machine", "goldfish_pic", "goldfish_audio")
AUDIO = R.GOLDFISH_AUDIO_BASE
PIC = R.GOLDFISH_PIC_BASE
PIC_PENDING, PIC_ENABLE = R.PIC_PENDING, R.PIC_ENABLE
AUDIO_IRQ = R.GOLDFISH_AUDIO_IRQ

INT_STATUS, INT_ENABLE = R.GFA_INT_STATUS, R.GFA_INT_ENABLE
SET_WRITE_BUFFER = (R.GFA_SET_WRITE_BUFFER_1, R.GFA_SET_WRITE_BUFFER_2)
WRITE_BUFFER = (R.GFA_WRITE_BUFFER_1, R.GFA_WRITE_BUFFER_2)
READ_SUPPORTED, SET_READ_BUFFER = R.GFA_READ_SUPPORTED, R.GFA_SET_READ_BUFFER
START_READ, READ_BUFFER_AVAILABLE = R.GFA_START_READ, R.GFA_READ_BUFFER_AVAILABLE
HIGH = (R.GFA_SET_WRITE_BUFFER_1_HIGH, R.GFA_SET_WRITE_BUFFER_2_HIGH)
SET_READ_BUFFER_HIGH = R.GFA_SET_READ_BUFFER_HIGH

RATE = R.GOLDFISH_AUDIO_OUT_RATE
BUF = (0x00100000, 0x00200000)   # guest RAM for the two output buffers
RBUF = 0x00300000


def due(n):
    """ns after t0 at which frame n is due: ceil(n * 1e9 / 44100)."""
    return -(-n * 1000000000 // RATE)


def line(m):
    m.writel(PIC + PIC_ENABLE, 1 << AUDIO_IRQ)
    return (m.readl(PIC + PIC_PENDING) >> AUDIO_IRQ) & 1


def pattern(start, n):
    """Frames with different, non-zero L and R signals (L ramps up, R is
    a different sequence), so a swapped, shifted or repeated frame shows."""
    out = []
    for i in range(start, start + n):
        left = (i % 32000) + 1
        right = -(((i * 7) % 31000) + 1)
        out.append((left, right))
    return out


def pack(frames):
    return b"".join(struct.pack("<hh", l, r) for l, r in frames)


def setup(m, enable=3):
    m.writel(AUDIO + SET_WRITE_BUFFER[0], BUF[0])
    m.writel(AUDIO + SET_WRITE_BUFFER[1], BUF[1])
    m.writel(AUDIO + INT_ENABLE, enable)
    m.readl(AUDIO + INT_STATUS)


def queue(m, n, frames):
    m.write(BUF[n], pack(frames))
    m.writel(AUDIO + WRITE_BUFFER[n], 4 * len(frames))


def wait_status(m, mask, limit_ns=10_000_000_000):
    """Step to successive timer deadlines until INT_STATUS & mask."""
    start = m.now()
    while True:
        st = m.readl(AUDIO + INT_STATUS)
        if st & mask:
            return st
        t = m.step()
        check(t - start < limit_ns, "status 0x%x never came", mask)


def t_reset_state(tmp):
    m = Machine()
    try:
        check_eq(m.readl(AUDIO + INT_STATUS), 0, "INT_STATUS after reset")
        check_eq(line(m), 0, "line after reset")
        check_eq(m.readl(AUDIO + READ_SUPPORTED), 1, "READ_SUPPORTED with none")
        check_eq(m.readl(AUDIO + READ_BUFFER_AVAILABLE), 0, "READ_BUFFER_AVAILABLE")
        for prop in ("frames-played", "silent-frames", "underruns"):
            check_eq(m.qom_get("/machine/audio", prop), 0, prop)
    finally:
        m.quit()
    m = Machine(audiodev="wav,path=%s" % os.path.join(tmp, "x.wav"))
    try:
        check_eq(m.readl(AUDIO + READ_SUPPORTED), 0, "READ_SUPPORTED with wav")
    finally:
        m.quit()


def t_int_enable_and_sticky_status():
    m = Machine()
    try:
        m.writel(AUDIO + INT_ENABLE, 3)
        check_eq(line(m), 1, "line right after INT_ENABLE=3")
        check_eq(m.readl(AUDIO + INT_STATUS), 3, "INT_STATUS")
        check_eq(line(m), 0, "line after reading INT_STATUS")
        check_eq(m.readl(AUDIO + INT_STATUS), 3, "status bits are sticky")
        m.writel(AUDIO + INT_ENABLE, 1)
        check_eq(line(m), 1, "line after INT_ENABLE=1")
        check_eq(m.readl(AUDIO + INT_STATUS), 1, "INT_STATUS masked by enable")
        m.writel(AUDIO + INT_ENABLE, 0)
        check_eq(line(m), 0, "line after INT_ENABLE=0")
        check_eq(m.readl(AUDIO + INT_STATUS), 0, "INT_STATUS with enable 0")
        # 64-bit address halves deposit, order-independent.
        m.writel(AUDIO + HIGH[0], 0)
        m.writel(AUDIO + SET_WRITE_BUFFER[0], BUF[0])
        m.writel(AUDIO + INT_ENABLE, 3)
        m.readl(AUDIO + INT_STATUS)
        queue(m, 0, pattern(0, 64))
        check_eq(m.readl(AUDIO + INT_STATUS), 2, "WRITE_BUFFER_1 clears bit0")
    finally:
        m.quit()


def t_stuck_interrupt_trap():
    """Both buffers written before INT_STATUS is read: the reference leaves
    the line high forever; here withdrawing both events drops it."""
    m = Machine()
    try:
        m.writel(AUDIO + SET_WRITE_BUFFER[0], BUF[0])
        m.writel(AUDIO + SET_WRITE_BUFFER[1], BUF[1])
        m.writel(AUDIO + INT_ENABLE, 3)
        check_eq(line(m), 1, "line after INT_ENABLE")
        queue(m, 0, pattern(0, 64))
        check_eq(line(m), 1, "line while bit1 still reports an event")
        queue(m, 1, pattern(64, 64))
        check_eq(line(m), 0, "line after both buffers written")
        check_eq(m.readl(AUDIO + INT_STATUS), 0, "INT_STATUS")
        t = m.now()
        m.clock_set(t + due(64) + 1000)
        check_eq(line(m), 1, "line on buffer 1 EMPTY")
        check_eq(m.readl(AUDIO + INT_STATUS), 1, "INT_STATUS")
        check_eq(line(m), 0, "line after read")
    finally:
        m.quit()


def t_empty_timing():
    """EMPTY of a 64-frame buffer at t0 + ceil(64e9/44100) ns exactly, then
    chained buffers at every multiple, with the line, whatever order."""
    for period in (10000, 1000, 50000):
        m = Machine(audiodev="none,timer-period=%d" % period)
        try:
            setup(m)
            t0 = m.now()
            queue(m, 1, pattern(0, 64))           # buffer 2 first: plays first
            queue(m, 0, pattern(64, 64))
            check_eq(m.readl(AUDIO + INT_STATUS), 0, "both queued")
            for k in range(1, 40):
                n = 1 if k % 2 else 0              # 2, 1, 2, 1, ...
                bit = 1 << n
                m.clock_set(t0 + due(64 * k) - 1)
                check_eq(line(m), 0, "line 1 ns before EMPTY #%d" % k)
                check_eq(m.readl(AUDIO + INT_STATUS) & bit, 0,
                         "bit before EMPTY #%d (period %d)" % (k, period))
                m.clock_set(t0 + due(64 * k))
                check_eq(line(m), 1, "line at EMPTY #%d" % k)
                check_eq(m.readl(AUDIO + INT_STATUS), bit,
                         "EMPTY #%d at t0+%d ns (period %d)" % (k, due(64 * k), period))
                queue(m, n, pattern(64 * (k + 1), 64))
            check_eq(m.qom_get("/machine/audio", "underruns"), 0, "underruns")
        finally:
            m.quit()


def play_and_capture(tmp, name, plan, period=10000, tail_ns=200_000_000):
    """Runs plan(m, t0) with a wav backend; returns (frames, machine)."""
    path = os.path.join(tmp, name)
    m = Machine(audiodev="wav,path=%s,timer-period=%d" % (path, period))
    try:
        setup(m)
        plan(m)
        m.writel(AUDIO + INT_ENABLE, 0)
        m.step(tail_ns)
        props = {p: m.qom_get("/machine/audio", p)
                 for p in ("frames-played", "silent-frames", "underruns",
                           "dropped-frames", "tail-frames")}
    finally:
        rc = m.quit()
    check_eq(rc, 0, "QEMU exit status")
    ch, rate, bits, frames = wav_frames(path)
    check_eq((ch, rate, bits), (2, RATE, 16), "WAV format")
    os.unlink(path)
    return frames, props, m


def gapless_plan(nbuf, size):
    def plan(m):
        queue(m, 0, pattern(0, size))
        queue(m, 1, pattern(size, size))
        for k in range(2, nbuf):
            st = wait_status(m, 3)
            n = 0 if st & 1 else 1
            queue(m, n, pattern(size * k, size))
        wait_status_both(m)
    return plan


def wait_status_both(m, limit_ns=10_000_000_000):
    start = m.now()
    while (m.readl(AUDIO + INT_STATUS) & 3) != 3:
        t = m.step()
        check(t - start < limit_ns, "both buffers never came back EMPTY")


def t_gapless_wav(tmp):
    """300 buffers of 64 frames, refilled on each EMPTY: the WAV holds every
    frame exactly once, in order, with no gap, L and R not swapped."""
    results = []
    for period in (10000, 3000):
        frames, props, m = play_and_capture(tmp, "gapless.wav",
                                            gapless_plan(300, 64), period)
        want = pattern(0, 300 * 64)
        check_eq(len(frames), len(want), "WAV frame count (period %d)" % period)
        for i, (g, w) in enumerate(zip(frames, want)):
            if g != w:
                raise AssertionError("frame %d: got %r, want %r" % (i, g, w))
        check_eq(props["underruns"], 0, "underruns")
        check_eq(props["silent-frames"], 0, "silent-frames")
        check_eq(props["frames-played"], 300 * 64, "frames-played")
        results.append(frames)
    check(results[0] == results[1], "timer-period changed the output")


def t_underrun_silence(tmp):
    """Starve the stream for 50 ms: the WAV shows exactly that much silence
    between the two parts, and the counters say one underrun of that size."""
    info = {}

    def plan(m):
        t0 = m.now()
        queue(m, 0, pattern(0, 64))
        queue(m, 1, pattern(64, 64))
        wait_status_both(m)
        t_resume = t0 + 50_000_000
        m.clock_set(t_resume)
        info["silent"] = (t_resume - t0) * RATE // 1000000000 - 128
        queue(m, 0, pattern(128, 64))
        wait_status_both(m)

    frames, props, m = play_and_capture(tmp, "underrun.wav", plan)
    s = info["silent"]
    want = pattern(0, 128) + [(0, 0)] * s + pattern(128, 64)
    check_eq(len(frames), len(want), "WAV frame count")
    check(frames == want, "WAV is not part 1 + %d silent frames + part 2", s)
    check_eq(props["underruns"], 1, "underruns")
    check_eq(props["silent-frames"], s, "silent-frames")
    check_eq(props["frames-played"], 192, "frames-played")
    check("played, 1 underruns, %d silent frames," % s in m.stderr,
          "exit report missing from stderr: %r" % m.stderr)


def t_tail_not_underrun(tmp):
    """Let 10 ms pass after the last EMPTY, then stop: that silence is the
    end of the stream, played and counted as tail-frames, not an underrun
    (a driver that drains cleanly and the device agree on 0)."""
    info = {}

    def plan(m):
        t0 = m.now()
        queue(m, 0, pattern(0, 64))
        queue(m, 1, pattern(64, 64))
        wait_status_both(m)
        t_stop = t0 + 10_000_000
        m.clock_set(t_stop)
        info["tail"] = (t_stop - t0) * RATE // 1000000000 - 128

    frames, props, m = play_and_capture(tmp, "tail.wav", plan)
    tail = info["tail"]
    check_eq(props["underruns"], 0, "underruns")
    check_eq(props["silent-frames"], 0, "silent-frames")
    check_eq(props["tail-frames"], tail, "tail-frames")
    check(frames[:128] == pattern(0, 128), "WAV does not start with the 128 frames")


def backlog_run(bound_ms):
    """One second of gapless 4410-frame buffers into a backend that takes
    at most 10 ms of sound every 500 ms (none, out.buffer-length=10000,
    timer-period=500000): a server that lags the sample clock.  Returns the
    counters and the EMPTY times of the buffers, relative to the first."""
    extra = ("-global", "goldfish_audio.max-backlog-ms=%d" % bound_ms)
    m = Machine(*extra, audiodev="none,timer-period=500000,out.buffer-length=10000")
    try:
        setup(m)
        t0 = m.now()
        times = []
        queue(m, 0, pattern(0, 4410))
        queue(m, 1, pattern(4410, 4410))
        for k in range(2, 12):
            st = wait_status(m, 3)
            n = 0 if st & 1 else 1
            times.append(m.now() - t0)
            queue(m, n, pattern(4410 * k, 4410))
        wait_status_both(m)
        props = {p: m.qom_get("/machine/audio", p)
                 for p in ("frames-played", "underruns", "dropped-frames")}
    finally:
        m.quit()
    return props, times


def t_backlog_bound():
    """max-backlog-ms: once the backend is full, at most that much played
    sound waits in the FIFO; the older frames are skipped and counted as
    dropped.  Without it nothing is dropped (the FIFO holds 1.49 s).  The
    guest sees no difference: the same frames played at the same times."""
    free, t_free = backlog_run(0)
    bound, t_bound = backlog_run(20)
    check_eq(free["dropped-frames"], 0, "dropped without a bound")
    check_eq(free["underruns"], 0, "underruns")
    check_eq(bound["frames-played"], free["frames-played"], "frames-played")
    check(t_bound == t_free, "the bound moved EMPTY times: %r vs %r", t_bound, t_free)
    # By 1.0 s the backend has taken at most two ticks' 10 ms each and the
    # FIFO keeps at most 20 ms: everything else of the first 0.5 s and of
    # the next was skipped (two ticks: 1.0 s - 2 * (10 + 20) ms at least).
    played = bound["frames-played"]
    least = 2 * 22050 - 2 * (441 + 882) - 441
    check(least <= bound["dropped-frames"] <= played,
          "dropped %d of %d frames, want at least %d", bound["dropped-frames"], played, least)


def t_streaming_dma(tmp):
    """Samples are read as they play: rewriting the not-yet-played half of a
    playing buffer is heard, rewriting the played half is not."""
    n = 4410

    def plan(m):
        t0 = m.now()
        queue(m, 0, pattern(0, n))
        m.clock_set(t0 + 50_000_000)           # frame 2205 playing
        m.write(BUF[0], pack(pattern(100000, n)))
        wait_status(m, 1)

    frames, props, m = play_and_capture(tmp, "stream.wav", plan)
    played = 50_000_000 * RATE // 1000000000   # frames done at 50 ms
    want = pattern(0, n)[:played] + pattern(100000, n)[played:]
    check_eq(len(frames), n, "WAV frame count")
    check(frames == want, "WAV does not show streaming reads at frame %d", played)


def t_capture_none():
    m = Machine()
    try:
        m.writel(AUDIO + SET_READ_BUFFER, RBUF)
        m.writel(AUDIO + SET_READ_BUFFER_HIGH, 0)
        m.writel(AUDIO + INT_ENABLE, 7)
        check_eq(m.readl(AUDIO + INT_STATUS), 3, "INT_STATUS after INT_ENABLE=7")
        m.write(RBUF, b"\xaa" * 1600)
        m.writel(AUDIO + START_READ, 1600)     # 100 ms at 8 kHz mono
        check_eq(m.readl(AUDIO + INT_STATUS) & 4, 0, "FULL cleared by START_READ")
        m.step(300_000_000)
        check_eq(line(m), 1, "line on READ_BUFFER_FULL")
        check_eq(m.readl(AUDIO + INT_STATUS) & 4, 4, "READ_BUFFER_FULL")
        check_eq(m.readl(AUDIO + READ_BUFFER_AVAILABLE), 1600, "bytes captured")
        check_eq(m.read(RBUF, 1600), b"\0" * 1600, "none captures silence")
    finally:
        m.quit()


def capture_wav(path, samples, rate=8000, ch=1, bits=16):
    data = b"".join(struct.pack("<h", v) for v in samples)
    block = ch * bits // 8
    with open(path, "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVEfmt "
                + struct.pack("<IHHIIHH", 16, 1, ch, rate, rate * block, block, bits)
                + b"data" + struct.pack("<I", len(data)) + data)


def t_capture_file(tmp):
    """capture-file: frame k of a buffer written at t0 + ceil((k+1)e9/8000),
    FULL exactly when the last is; the file a tape (the next buffer goes on
    where the last stopped, whatever the pause between); silence past its
    end; READ_SUPPORTED 1 with the wav backend; other formats refused."""
    src = os.path.join(tmp, "cap8k.wav")
    samples = [((i * 37) % 60000) - 30000 for i in range(1000)]
    capture_wav(src, samples)
    wav = os.path.join(tmp, "cap-out.wav")
    m = Machine("-global", "goldfish_audio.capture-file=" + src,
                audiodev="wav,path=" + wav)
    try:
        check_eq(m.readl(AUDIO + READ_SUPPORTED), 1, "READ_SUPPORTED with a capture file")
        m.writel(AUDIO + SET_READ_BUFFER, RBUF)
        m.writel(AUDIO + INT_ENABLE, 7)
        m.readl(AUDIO + INT_STATUS)
        m.write(RBUF, b"\xaa" * 1600)
        t0 = m.now()
        m.writel(AUDIO + START_READ, 1600)           # 800 frames, 100 ms
        in_due = lambda k: -(-k * 1000000000 // 8000)
        m.clock_set(t0 + in_due(100) - 1)
        check_eq(m.readl(AUDIO + READ_BUFFER_AVAILABLE), 99 * 2, "99 frames 1 ns early")
        m.clock_set(t0 + in_due(100))
        check_eq(m.readl(AUDIO + READ_BUFFER_AVAILABLE), 100 * 2, "frame 100 at its time")
        m.clock_set(t0 + in_due(800) - 1)
        check_eq(m.readl(AUDIO + INT_STATUS) & 4, 0, "not FULL 1 ns before the last frame")
        m.clock_set(t0 + in_due(800))
        check_eq(line(m), 1, "line at FULL")
        check_eq(m.readl(AUDIO + INT_STATUS) & 4, 4, "FULL when the last frame is due")
        want = b"".join(struct.pack("<h", v) for v in samples[:800])
        check_eq(m.read(RBUF, 1600), want, "the file's first 800 frames, in order")
        # a pause, then the next buffer: the tape goes on, then silence
        m.step(50_000_000)
        t1 = m.now()
        m.writel(AUDIO + START_READ, 800)            # 400 frames
        m.clock_set(t1 + in_due(400))
        check_eq(m.readl(AUDIO + INT_STATUS) & 4, 4, "second buffer FULL on time")
        want = b"".join(struct.pack("<h", v) for v in samples[800:]) + b"\0" * 400
        check_eq(m.read(RBUF, 800), want, "frames 800..999, then silence past the end")
    finally:
        m.quit()
    capture_wav(src, samples, rate=44100, ch=2)
    bad = Machine("-global", "goldfish_audio.capture-file=" + src)
    try:
        try:
            bad.readl(AUDIO + READ_SUPPORTED)
            check(False, "QEMU started with a 44.1 kHz stereo capture file")
        except QtestError as e:
            check("the device captures 8000 Hz mono 16-bit PCM" in str(e),
                  "no reason given: %s", e)
    finally:
        bad.kill()


def t_guest_errors(tmp):
    log = os.path.join(tmp, "guest_errors.log")
    m = Machine(log=log)
    try:
        setup(m)
        cases = [
            ("read 0x2c", lambda: m.readl(AUDIO + 0x2c), "offset 0x2c"),
            ("read 0xffc", lambda: m.readl(AUDIO + 0xffc), "offset 0xffc"),
            ("read INT_ENABLE", lambda: m.readl(AUDIO + INT_ENABLE), "offset 0x4"),
            ("write INT_STATUS", lambda: m.writel(AUDIO + INT_STATUS, 1), "offset 0x0 "),
            ("write 0x100", lambda: m.writel(AUDIO + 0x100, 5), "offset 0x100"),
            ("INT_ENABLE extra bits", lambda: m.writel(AUDIO + INT_ENABLE, 0xff), "bits outside"),
        ]
        for name, fn, needle in cases:
            fn()
        setup(m)
        # Length 0, over 1 MiB, DMA into MMIO (own registers), past RAM end:
        # rejected; the buffer is handed straight back as EMPTY.
        for length, addr, needle in ((0, BUF[0], "empty"),
                                     ((1 << 20) + 4, BUF[0], "longer than 1 MiB"),
                                     (64, AUDIO, "not all in RAM"),
                                     (64, 0x08000000 - 16, "not all in RAM"),
                                     (64, 0xfffffff0, "not all in RAM")):
            m.writel(AUDIO + SET_WRITE_BUFFER[0], addr)
            m.writel(AUDIO + WRITE_BUFFER[0], length)
            check_eq(m.readl(AUDIO + INT_STATUS) & 1, 1,
                     "rejected buffer (%d at 0x%x) reported EMPTY" % (length, addr))
            cases.append(("reject %d@0x%x" % (length, addr), None, needle))
        check_eq(m.qom_get("/machine/audio", "frames-played"), 0, "nothing played")
        # High half set: address above 4 GiB is not RAM.
        m.writel(AUDIO + HIGH[1], 1)
        m.writel(AUDIO + WRITE_BUFFER[1], 64)
        check_eq(m.readl(AUDIO + INT_STATUS) & 2, 2, "64-bit address rejected")
        m.writel(AUDIO + HIGH[1], 0)
        # Length not a multiple of 4: the whole frames play.
        m.writel(AUDIO + SET_WRITE_BUFFER[0], BUF[0])
        t0 = m.now()
        m.writel(AUDIO + WRITE_BUFFER[0], 4 * 64 + 3)
        cases.append(("length 259", None, "not a multiple of 4"))
        m.clock_set(t0 + due(64))
        check_eq(m.readl(AUDIO + INT_STATUS) & 1, 1, "truncated buffer EMPTY after 64 frames")
        check_eq(m.qom_get("/machine/audio", "frames-played"), 64, "frames-played")
        # Rewriting a playing buffer restarts it (reference behaviour), logged.
        queue(m, 0, pattern(0, 64))
        queue(m, 0, pattern(0, 64))
        cases.append(("rewrite while playing", None, "while it still plays"))
        # Capture into MMIO: rejected, READ_BUFFER_FULL at once, 0 bytes.
        setup(m, enable=7)
        m.writel(AUDIO + SET_READ_BUFFER, AUDIO)
        m.writel(AUDIO + START_READ, 64)
        check_eq(m.readl(AUDIO + INT_STATUS) & 4, 4, "rejected capture reports FULL")
        check_eq(m.readl(AUDIO + READ_BUFFER_AVAILABLE), 0, "rejected capture: 0 bytes")
        cases.append(("capture into MMIO", None, "START_READ rejected"))
        check(m.alive(), "QEMU died")
    finally:
        rc = m.quit()
    check_eq(rc, 0, "QEMU exit status")
    with open(log) as f:
        text = f.read()
    for name, _, needle in cases:
        check(needle in text, "%s: %r not logged" % (name, needle))


def t_random_registers():
    """Fixed seed, 6000 accesses anywhere in the page with wild values and
    DMA addresses, and random time steps: QEMU must stay alive and sane."""
    rng = random.Random(20240531)
    m = Machine()
    try:
        offsets = list(range(0, 0x40, 4)) + [0x100, 0xffc]
        wild = [0, BUF[0], BUF[1], 0x07fffffc, 0x08000000, AUDIO, PIC,
                0xff000000, 0xfffffffc, 0x12345678]
        for i in range(6000):
            off = rng.choice(offsets)
            r = rng.random()
            if r < 0.35:
                m.readl(AUDIO + off)
            else:
                if off in SET_WRITE_BUFFER + (SET_READ_BUFFER,):
                    v = rng.choice(wild) + rng.choice((0, 4, 2))
                elif off in WRITE_BUFFER + (START_READ,):
                    v = rng.choice((0, 1, 4, 64, 256, 4096, 1 << 20,
                                    (1 << 20) + 4, 0xffffffff, rng.getrandbits(32)))
                elif off in HIGH + (SET_READ_BUFFER_HIGH,):
                    v = rng.choice((0, 0, 0, 1, 0xffffffff))
                else:
                    v = rng.getrandbits(32)
                m.writel(AUDIO + off, v)
            if rng.random() < 0.1:
                m.step(rng.choice((1, 1000, 22675, 1_000_000, 30_000_000,
                                   3_600_000_000_000)))
        check(m.alive(), "QEMU died")
        m.writel(AUDIO + INT_ENABLE, 0)
        m.step(100_000_000)
        m.qom_get("/machine/audio", "frames-played")
        check_eq(m.readl(AUDIO + INT_STATUS), 0, "INT_STATUS after INT_ENABLE=0")
    finally:
        rc = m.quit()
    check_eq(rc, 0, "QEMU exit status")


def register(tap, tmp):
    tap.run("audio: reset state, READ_SUPPORTED per backend, QOM counters",
            t_reset_state, tmp)
    tap.run("audio: INT_ENABLE resets and raises, INT_STATUS sticky and acks",
            t_int_enable_and_sticky_status)
    tap.run("audio: stuck-interrupt trap does not stick", t_stuck_interrupt_trap)
    tap.run("audio: EMPTY of 64-frame buffers on the sample clock, any timer-period",
            t_empty_timing)
    tap.run("audio: gapless 64-frame buffers bit-exact in the WAV", t_gapless_wav, tmp)
    tap.run("audio: underrun gives exact silence and counters", t_underrun_silence, tmp)
    tap.run("audio: silence after the last period is no underrun", t_tail_not_underrun, tmp)
    tap.run("audio: streaming DMA reads samples as they play", t_streaming_dma, tmp)
    tap.run("audio: max-backlog-ms skips a lagging backend's backlog, guest unchanged",
            t_backlog_bound)
    tap.run("audio: capture with the none backend", t_capture_none)
    tap.run("audio: capture from a file: its own clock, a tape, format checked",
            t_capture_file, tmp)
    tap.run("audio: guest errors logged, defined, QEMU alive", t_guest_errors, tmp)
    tap.run("audio: random registers (seeded, 6000 accesses)", t_random_registers)
