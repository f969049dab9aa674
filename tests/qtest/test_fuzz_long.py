"""A long, fixed-seed bad-guest run against goldfish_audio: 100,000 register
accesses in random order with random values, DMA addresses inside, at the
edge of and outside RAM (and above 4 GiB), lengths 0, odd, huge, INT_ENABLE
written mid-buffer, capture started anywhere, and random time steps from
1 ns to 1 s, plus a dozen hour-long ones.

Alongside, a model of the device contract (docs/goldfish-audio.md §4.2-4.3)
decides which WRITE_BUFFERs are valid, when a stream starts (first valid
write after INT_ENABLE, t0 = now) and stops (INT_ENABLE), so it knows how
many frames the sample clock has run: floor((stop - t0) * 44100 / 1e9) per
stream.  After every INT_ENABLE, frames-played + silent-frames must equal
that, to the frame; at the end QEMU must still answer, exit with status 0,
and have logged exactly one guest error per rejected buffer."""
import os
import random

from qtest import Machine, check, check_eq
from test_audio import (AUDIO, HIGH, INT_ENABLE, INT_STATUS, R, SET_WRITE_BUFFER,
                        WRITE_BUFFER)

RAM = 128 << 20            # the machine's default -m
MAX_LEN = R.GOLDFISH_AUDIO_MAX_LEN  # longest buffer the device takes
RATE = R.GOLDFISH_AUDIO_OUT_RATE
ACCESSES = 100_000
SEED = 0x6b6f69            # "koi"
HOUR_NS = 3_600_000_000_000
HOUR_STEPS = 12

OFFSETS = list(range(0, 0x40, 4)) + [0x100, 0x800, 0xffc]
ADDR_REGS = {SET_WRITE_BUFFER[0]: 0, SET_WRITE_BUFFER[1]: 1}
HIGH_REGS = {HIGH[0]: 0, HIGH[1]: 1}
LEN_REGS = {WRITE_BUFFER[0]: 0, WRITE_BUFFER[1]: 1}


class Model:
    """What the device must have counted, from the contract alone."""

    def __init__(self, now):
        self.lo = [0, 0]
        self.hi = [0, 0]
        self.running = False
        self.t0 = 0
        self.frames = 0          # frames of finished streams
        self.rejected = 0

    def write_buffer(self, n, length, now):
        length -= length % 4
        addr = self.hi[n] << 32 | self.lo[n]
        if length == 0 or length > MAX_LEN or addr + length > RAM:
            self.rejected += 1
            return
        if not self.running:
            self.running = True
            self.t0 = now

    def int_enable(self, now):
        if self.running:
            self.frames += (now - self.t0) * RATE // 1_000_000_000
            self.running = False


def wild_addr(rng):
    r = rng.random()
    if r < 0.4:
        return rng.randrange(0, RAM, 4)                    # inside RAM
    if r < 0.7:                                            # at the edge
        return RAM - rng.choice((4, 256, 4096, MAX_LEN, MAX_LEN - 4, 0, -4 & 0xffffffff)) & 0xffffffff
    return rng.choice((RAM, RAM + 4, 0xff000000, AUDIO, AUDIO + 0x10, 0xfffffffc,
                       rng.getrandbits(32), rng.randrange(0, RAM) | 1))


def wild_len(rng):
    return rng.choice((0, 1, 2, 3, 4, 5, 7, 256, 4096, 4099, MAX_LEN, MAX_LEN + 4,
                       MAX_LEN + 3, 0x7fffffff, 0xffffffff, rng.getrandbits(32),
                       rng.randrange(4, 65536, 4), rng.randrange(1, 65536)))


def t_fuzz_long(tmp):
    rng = random.Random(SEED)
    log = os.path.join(tmp, "fuzz_long_guest_errors.log")
    m = Machine(log=log)
    try:
        now = m.now()
        model = Model(now)
        checks = 0
        # An hour of virtual time costs QEMU's 10 ms audio tick 360,000
        # times (~0.4 s of host time): a few of them, at random points.
        hours = set(rng.sample(range(ACCESSES), HOUR_STEPS))

        def check_clock():
            # Right after INT_ENABLE: every starved stretch is classified,
            # as an underrun's silence or as the silence after the last
            # period (tail-frames).
            played = m.qom_get("/machine/audio", "frames-played")
            silent = m.qom_get("/machine/audio", "silent-frames")
            tail = m.qom_get("/machine/audio", "tail-frames")
            check_eq(played + silent + tail, model.frames,
                     "frames-played %d + silent-frames %d + tail-frames %d vs the "
                     "sample clock (%d ns into the run)" % (played, silent, tail, now))

        for i in range(ACCESSES):
            off = rng.choice(OFFSETS)
            if rng.random() < 0.3:
                m.readl(AUDIO + off)
            else:
                if off in ADDR_REGS:
                    v = wild_addr(rng)
                    model.lo[ADDR_REGS[off]] = v
                elif off in HIGH_REGS:
                    v = rng.choice((0, 0, 0, 0, 0, 0, 1, 0xffffffff))
                    model.hi[HIGH_REGS[off]] = v
                elif off in LEN_REGS:
                    v = wild_len(rng)
                    model.write_buffer(LEN_REGS[off], v, now)
                elif off in (R.GFA_SET_READ_BUFFER, R.GFA_SET_READ_BUFFER_HIGH):
                    v = wild_addr(rng) if off == R.GFA_SET_READ_BUFFER else rng.choice((0, 0, 1))
                elif off == R.GFA_START_READ:
                    v = wild_len(rng)
                else:
                    v = rng.getrandbits(32)
                m.writel(AUDIO + off, v)
                if off == INT_ENABLE:
                    model.int_enable(now)
                    check_clock()
                    checks += 1
            if i in hours:
                now = m.step(HOUR_NS)
            elif rng.random() < 0.08:
                now = m.step(rng.choice((1, 997, 22675, 22676, 1_000_000, 5_804_988,
                                         30_000_000, 1_000_000_000)))
        check(m.alive(), "QEMU died")
        m.writel(AUDIO + INT_ENABLE, 0)
        model.int_enable(now)
        check_clock()
        check_eq(m.readl(AUDIO + INT_STATUS), 0, "INT_STATUS after INT_ENABLE=0")
        print("# %d accesses, %d clock checks, %d rejected buffers, %d frames of "
              "sample clock (%.1f h of virtual time)"
              % (ACCESSES, checks + 1, model.rejected, model.frames, now / 3.6e12))
        check(checks > 1000, "only %d clock checks" % checks)
    finally:
        rc = m.quit()
    check_eq(rc, 0, "QEMU exit status")
    with open(log, errors="replace") as f:
        rejected = sum(1 for line in f if "WRITE_BUFFER_" in line and " rejected" in line)
    check_eq(rejected, model.rejected, "rejected buffers logged")


def register(tap, tmp):
    tap.run("audio: 100,000 random accesses (seeded): QEMU alive, sample clock exact, "
            "every rejected buffer logged", t_fuzz_long, tmp)
