"""qtest cases for the goldfish machine: boot on each CPU, platform-bus
enumeration, the classic timer, audiodev binding, deterministic WAV under
-icount (migration: test_migration.py)."""
import os
import re
import subprocess
import time

import regs
from qtest import QEMU, TIMEOUT, Machine, QtestError, check, check_eq, wav_frames
import test_audio as ta

IMAGES = os.environ.get("QTEST_IMAGES",
                        os.path.join(os.path.dirname(QEMU), "qtest"))
R = regs.load("goldfish_machine", "goldfish_pic", "goldfish_pdev_bus", "goldfish_timer",
              "goldfish_poweroff")
BUS = R.GOLDFISH_BUS_BASE
TIMER = R.GOLDFISH_TIMER_BASE
PIC = R.GOLDFISH_PIC_BASE
NAMEBUF = 0x00080000

# What the bus must report: the documented map (docs/goldfish-machine.md),
# written out here as the oracle, not read from regs/goldfish_machine.h.
DEVICES = [  # name, id, base, size, irq base, irq count
    ("goldfish_interrupt_controller", -1, 0xff000000, 0x1000, 0, 0),
    ("goldfish_device_bus", -1, 0xff001000, 0x1000, 1, 1),
    ("goldfish_tty", 0, 0xff002000, 0x1000, 4, 1),
    ("goldfish_timer", -1, 0xff003000, 0x1000, 3, 1),
    ("goldfish_audio", -1, 0xff004000, 0x1000, 15, 1),
    ("goldfish_poweroff", -1, 0xff005000, 0x1000, 0, 0),
    ("goldfish_rtc", -1, 0xff010000, 0x1000, 10, 1),
]


def run_guest(args, timeout=TIMEOUT):
    t = time.monotonic()
    p = subprocess.run([QEMU, "-M", "goldfish", "-display", "none",
                        "-nodefaults", "-semihosting"] + args,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr, time.monotonic() - t


def t_boot(cpu, audio):
    rc, out, err, _ = run_guest(["-cpu", cpu, "-serial", "stdio", "-kernel",
                                 os.path.join(IMAGES, "boot_smoke.elf")] + audio)
    check_eq(out, "koi goldfish boot ok\n", "TTY output on %s" % cpu)
    check_eq(rc, 42, "semihosting exit code on %s (99 = not in SVC)" % cpu)


def t_bad_config():
    for args, needle in ((["-cpu", "cortex-m3"], "Invalid CPU model"),
                         (["-M", "goldfish,audiodev"], "audiodev"),
                         (["-m", "4G"], "overlaps the devices"),
                         (["-M", "audiodev=nope"], "nope"),
                         (["-kernel", "/nonexistent.elf"], "nonexistent")):
        rc, out, err, _ = run_guest(args, timeout=20)
        check(rc != 0, "%s: exit status 0" % args)
        check(needle in err, "%s: %r not in %r" % (args, needle, err))


def t_bus_enumeration():
    m = Machine()
    try:
        m.writel(PIC + R.PIC_ENABLE, 1 << 1)
        check_eq(m.readl(PIC + R.PIC_PENDING) & 2, 0, "bus line before OP_INIT")
        m.writel(BUS + R.PDEV_BUS_OP, R.PDEV_BUS_OP_INIT)
        check_eq(m.readl(PIC + R.PIC_PENDING) & 2, 2, "bus line after OP_INIT")
        seen = []
        while True:
            op = m.readl(BUS + R.PDEV_BUS_OP)
            if op == 0:
                break
            check_eq(op, 8, "BUS_OP")
            n = m.readl(BUS + R.PDEV_BUS_NAME_LEN)
            m.write(NAMEBUF, b"\xee" * 40)
            m.writel(BUS + R.PDEV_BUS_NAME_ADDR_HIGH, 0)
            m.writel(BUS + R.PDEV_BUS_GET_NAME, NAMEBUF)
            raw = m.read(NAMEBUF, 40)
            check_eq(raw[n], 0xee, "GET_NAME wrote past NAME_LEN")
            ident = m.readl(BUS + R.PDEV_BUS_ID)
            seen.append((raw[:n].decode(), ident - (1 << 32) if ident >> 31 else ident,
                         m.readl(BUS + R.PDEV_BUS_IO_BASE),
                         m.readl(BUS + R.PDEV_BUS_IO_SIZE),
                         m.readl(BUS + R.PDEV_BUS_IRQ_BASE),
                         m.readl(BUS + R.PDEV_BUS_IRQ_COUNT)))
            check(len(seen) <= 32, "enumeration never ends")
        check_eq(seen, DEVICES, "enumerated devices")
        check_eq(m.readl(PIC + R.PIC_PENDING) & 2, 0, "bus line after DONE")
        check_eq(m.readl(BUS + R.PDEV_BUS_OP), 0, "DONE again")
        m.writel(BUS + R.PDEV_BUS_OP, R.PDEV_BUS_OP_INIT)  # restart lists all again
        check_eq(m.readl(BUS + R.PDEV_BUS_OP), R.PDEV_BUS_OP_ADD_DEV, "restart")
        # GET_NAME into MMIO: refused, QEMU alive, audio untouched (had the
        # name landed there, its "fish" would be an INT_ENABLE of 0x68736966:
        # enable 6, INT_STATUS 2).
        m.writel(BUS + R.PDEV_BUS_GET_NAME, 0xff004000)
        check_eq(m.readl(ta.AUDIO + ta.INT_STATUS), 0, "audio after GET_NAME into it")
        m.writel(BUS + R.PDEV_BUS_OP, 5)                    # bad op: ignored
        check_eq(m.readl(BUS + R.PDEV_BUS_NAME_LEN), len(DEVICES[0][0]), "cursor kept after a bad op")
        check(m.alive(), "QEMU died")
        for child in ("pic", "bus", "tty", "timer", "audio", "rtc", "cpu"):
            m.qom_get("/machine/" + child, "type")
    finally:
        m.quit()


def t_timer():
    m = Machine()
    try:
        m.writel(PIC + R.PIC_ENABLE, 1 << 3)
        m.clock_set(5_000_000_123)
        lo = m.readl(TIMER + R.TIMER_TIME_LOW)
        hi = m.readl(TIMER + R.TIMER_TIME_HIGH)
        check_eq((hi << 32) | lo, 5_000_000_123, "TIME_LOW/HIGH = virtual ns")
        m.step(1 << 32)
        check_eq(m.readl(TIMER + R.TIMER_TIME_HIGH), hi, "TIME_HIGH is latched by TIME_LOW")
        now = m.now()
        alarm = now + 1_000_000
        m.writel(TIMER + R.TIMER_ALARM_HIGH, alarm >> 32)
        m.writel(TIMER + R.TIMER_ALARM_LOW, alarm & 0xffffffff)
        m.clock_set(alarm - 1)
        check_eq(m.readl(PIC + R.PIC_PENDING) & 8, 0, "alarm 1 ns early")
        m.clock_set(alarm)
        check_eq(m.readl(PIC + R.PIC_PENDING) & 8, 8, "alarm on time")
        m.step(10_000_000)
        check_eq(m.readl(PIC + R.PIC_PENDING) & 8, 8, "line stays until CLEAR_INTERRUPT")
        m.writel(TIMER + R.TIMER_CLEAR_INTERRUPT, 1)
        check_eq(m.readl(PIC + R.PIC_PENDING) & 8, 0, "CLEAR_INTERRUPT")
        past = m.now() - 5
        m.writel(TIMER + R.TIMER_ALARM_HIGH, past >> 32)
        m.writel(TIMER + R.TIMER_ALARM_LOW, past & 0xffffffff)
        check_eq(m.readl(PIC + R.PIC_PENDING) & 8, 8, "alarm in the past fires at once")
        m.writel(TIMER + R.TIMER_CLEAR_INTERRUPT, 1)
        fut = m.now() + 1000
        m.writel(TIMER + R.TIMER_ALARM_HIGH, fut >> 32)
        m.writel(TIMER + R.TIMER_ALARM_LOW, fut & 0xffffffff)
        m.writel(TIMER + R.TIMER_CLEAR_ALARM, 1)                  # CLEAR_ALARM
        m.step(1_000_000)
        check_eq(m.readl(PIC + R.PIC_PENDING) & 8, 0, "CLEAR_ALARM cancels")
        check_eq(m.readl(TIMER + R.TIMER_ALARM_LOW), 0, "write-only ALARM_LOW reads 0")
        check(m.alive(), "QEMU died")
    finally:
        m.quit()


POWEROFF = R.GOLDFISH_POWEROFF_BASE
OFF_REG, VERSION_REG = R.GOLDFISH_POWEROFF_REG_POWEROFF, R.GOLDFISH_POWEROFF_REG_VERSION


def t_poweroff(tmp):
    log = os.path.join(tmp, "poweroff.log")
    m = Machine(log=log)
    try:
        check_eq(m.readl(POWEROFF + VERSION_REG), R.GOLDFISH_POWEROFF_VERSION, "VERSION")
        check_eq(m.readl(POWEROFF + OFF_REG), 0, "POWEROFF reads 0")
        m.writel(POWEROFF + VERSION_REG, 5)               # read-only: logged
        m.writel(POWEROFF + OFF_REG, 256)             # over 255: logged, ignored
        check(m.alive(), "QEMU ended on a status over 255")
        check_eq(m.readl(POWEROFF + VERSION_REG), 1, "still answering after the bad writes")
        try:
            m.writel(POWEROFF + OFF_REG, 77)
        except QtestError:
            pass                                   # QEMU is gone mid-command
        rc = m.proc.wait(TIMEOUT)
        check_eq(rc, 77, "QEMU's exit status is the value written")
    finally:
        m.quit()
    with open(log) as f:
        text = f.read()
    check("read-only" in text and "over 255" in text,
          "guest errors not logged: %r" % text)


def t_global_audiodev(tmp):
    path = os.path.join(tmp, "global.wav")
    m = Machine("-audiodev", "wav,id=g,path=" + path,
                "-global", "goldfish_audio.audiodev=g", audiodev=None)
    try:
        ta.setup(m)
        ta.queue(m, 0, ta.pattern(0, 441))
        ta.wait_status(m, 1)
        m.writel(ta.AUDIO + ta.INT_ENABLE, 0)
        m.step(100_000_000)
    finally:
        m.quit()
    _, _, _, frames = wav_frames(path)
    check_eq(frames, ta.pattern(0, 441), "WAV via -global goldfish_audio.audiodev")


def guest_pattern(n):
    return [((i & 0xffff) - ((i & 0x8000) << 1),
             (((i * 3) ^ 0x5555) & 0xffff) - ((((i * 3) ^ 0x5555) & 0x8000) << 1))
            for i in range(n)]


def t_icount_deterministic(tmp):
    """A guest playing 200 x 256 frames, refilled from the EMPTY interrupt:
    under -icount the WAV is bit-exact and byte-identical across runs."""
    elf = os.path.join(IMAGES, "play_smoke.elf")
    blobs = []
    for i in range(3):
        path = os.path.join(tmp, "icount%d.wav" % i)
        rc, out, err, secs = run_guest(
            ["-icount", "shift=3,align=off,sleep=off", "-rtc", "clock=vm",
             "-audiodev", "wav,id=a,path=" + path, "-M", "audiodev=a",
             "-kernel", elf])
        check_eq(rc, 0, "guest exit status (stderr %r)" % err)
        check("underrun" not in err, "underruns reported: %r" % err)
        with open(path, "rb") as f:
            blobs.append(f.read())
    check(blobs[0] == blobs[1] == blobs[2], "WAV differs between runs")
    _, _, _, frames = wav_frames(os.path.join(tmp, "icount0.wav"))
    check(frames == guest_pattern(200 * 256), "WAV is not the guest's pattern")


def t_tcg_realtime(tmp):
    """Same guest without -icount (virtual time follows the host): still
    gapless and exact, no underrun."""
    path = os.path.join(tmp, "tcg.wav")
    rc, out, err, secs = run_guest(["-audiodev", "wav,id=a,path=" + path,
                                    "-M", "audiodev=a", "-kernel",
                                    os.path.join(IMAGES, "play_smoke.elf")])
    check_eq(rc, 0, "guest exit status (stderr %r)" % err)
    _, _, _, frames = wav_frames(path)
    # Virtual time follows the host here, so a loaded host can starve the
    # stream; every gap must then be silence that the device counted.
    # (The pattern never has L = R = 0, so silence is unambiguous.)
    # The silence between the last EMPTY and the guest's stop is counted
    # apart, as the end of the stream, not as an underrun.
    sound = [f for f in frames if f != (0, 0)]
    silent = len(frames) - len(sound)
    check(sound == guest_pattern(200 * 256), "WAV is not the guest's pattern")
    m = re.search(r"played, \d+ underruns, (\d+) silent frames, \d+ frames dropped, "
                  r"(\d+) frames of silence after the last period", err)
    counted = int(m.group(1)) + int(m.group(2)) if m else 0
    check(counted == silent, "%d silent frames in the WAV, device said %r" % (silent, err))


def t_semihosting_door(tmp):
    """The trust model (docs/robustness.md): with semihosting a guest runs
    host shell commands (SYS_SYSTEM); the plain command has no semihosting,
    and the same image cannot."""
    elf = os.path.join(IMAGES, "host_door.elf")
    on, off = os.path.join(tmp, "door-on"), os.path.join(tmp, "door-off")
    os.makedirs(on, exist_ok=True)
    os.makedirs(off, exist_ok=True)
    p = subprocess.run([QEMU, "-M", "goldfish", "-display", "none", "-nodefaults",
                        "-semihosting", "-kernel", elf], cwd=on, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       timeout=TIMEOUT)
    check_eq(p.returncode, 0, "exit status with semihosting (%s)" % p.stderr)
    door = os.path.join(on, "koi-door.txt")
    check(os.path.exists(door), "with semihosting the guest's command did not run")
    with open(door) as f:
        check_eq(f.read(), "koi\n", "what the guest's host command wrote")
    # The plain command runs the guest on past its SVC for ever: wait
    # until QEMU has logged an exception after the SVC (by then a host
    # command the SVC ran would have finished), not for a length of time.
    log = os.path.join(tmp, "door-off.log")
    if os.path.exists(log):
        os.remove(log)
    q = subprocess.Popen([QEMU, "-M", "goldfish", "-nographic", "-kernel", elf,
                          "-d", "int", "-D", log], cwd=off,
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    deadline = time.monotonic() + TIMEOUT
    text = ""
    while q.poll() is None and time.monotonic() < deadline:
        if os.path.exists(log):
            with open(log, errors="replace") as f:
                text = f.read()
            svc = text.find("[SVC]")
            if svc >= 0 and "Taking exception" in text[svc:]:
                break
        time.sleep(0.02)
    q.kill()
    q.wait()
    with open(log, errors="replace") as f:
        text = f.read()
    svc = text.find("[SVC]")
    check(svc >= 0 and "Taking exception" in text[svc:],
          "the plain command's guest never got past its SVC: %r" % text[:300])
    check("semihosting" not in text, "the plain command handled the SVC as semihosting")
    check_eq(os.listdir(off), [], "files the guest made without semihosting")


def register(tap, tmp):
    for cpu in ("cortex-a15", "cortex-a8", "cortex-a9"):
        tap.run("machine: ELF boots on %s, TTY and semihosting exit" % cpu,
                t_boot, cpu, ["-audiodev", "none,id=a", "-M", "audiodev=a"])
    tap.run("machine: boots with no -audiodev (whatever the host has)",
            t_boot, "cortex-a15", [])
    tap.run("machine: bad CPU, RAM, audiodev, kernel give an error", t_bad_config)
    tap.run("machine: platform bus enumerates every device", t_bus_enumeration)
    tap.run("machine: goldfish_timer counter and alarm", t_timer)
    tap.run("machine: goldfish_poweroff ends QEMU with the status written", t_poweroff, tmp)
    tap.run("machine: -global goldfish_audio.audiodev binds the backend",
            t_global_audiodev, tmp)
    tap.run("machine: guest playback bit-exact, WAV identical under -icount",
            t_icount_deterministic, tmp)
    tap.run("machine: guest playback exact without -icount, gaps all counted", t_tcg_realtime, tmp)
    tap.run("machine: a guest's SYS_SYSTEM runs on the host with semihosting, "
            "not under the plain command", t_semihosting_door, tmp)
