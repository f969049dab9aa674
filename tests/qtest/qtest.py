"""Minimal driver for QEMU's qtest protocol (python3 standard library only).

A Machine starts build/qemu-system-arm -M goldfish -accel qtest with the
qtest channel on stdio and QMP on a unix socket.  Guest time only moves
when a test calls step(); registers and memory are read and written from
outside the guest.  Also: a tiny TAP runner shared by the qtest suites.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import traceback

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
QEMU = os.environ.get("QEMU", os.path.join(TOP, "build", "qemu-system-arm"))
TIMEOUT = 60  # seconds for any single QEMU process


class QtestError(Exception):
    pass


class Machine:
    def __init__(self, *extra, audiodev="none", log=None):
        self.dir = tempfile.mkdtemp(prefix="koi-qtest-")
        self.qmp_path = os.path.join(self.dir, "qmp.sock")
        args = [QEMU, "-M", "goldfish", "-display", "none", "-accel", "qtest",
                "-qtest", "stdio", "-qtest-log", "/dev/null", "-serial", "none", "-monitor", "none",
                "-qmp", "unix:%s,server=on,wait=off" % self.qmp_path,
                "-nodefaults"]
        if audiodev:
            args += ["-audiodev", audiodev + ",id=snd", "-M", "audiodev=snd"]
        if log:
            args += ["-d", "guest_errors", "-D", log]
        args += list(extra)
        self.stderr_path = os.path.join(self.dir, "stderr")
        self.stderr_file = open(self.stderr_path, "w+")
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=self.stderr_file,
                                     text=True, bufsize=1)
        self.qmp_sock = None
        self.stderr = ""

    # --- qtest ---------------------------------------------------------------
    def cmd(self, line):
        reply = self.reply(line)
        if not reply.startswith("OK"):
            raise QtestError("%r -> %r" % (line, reply))
        return reply[2:].strip()

    def reply(self, line):
        """Sends one qtest command; its reply line, OK or FAIL."""
        if self.proc.poll() is not None:
            raise QtestError("QEMU exited (%s): %s" % (self.proc.returncode,
                                                       self._stderr()))
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        while True:
            reply = self.proc.stdout.readline()
            if not reply:
                raise QtestError("QEMU closed qtest after %r: %s"
                                 % (line, self._stderr()))
            reply = reply.strip()
            if reply.startswith("IRQ"):
                continue
            return reply

    def readl(self, addr):
        return int(self.cmd("readl 0x%x" % addr), 16)

    def writel(self, addr, val):
        self.cmd("writel 0x%x 0x%x" % (addr, val & 0xffffffff))

    def write(self, addr, data):
        if data:
            self.cmd("write 0x%x 0x%x 0x%s" % (addr, len(data), data.hex()))

    def read(self, addr, size):
        return bytes.fromhex(self.cmd("read 0x%x 0x%x" % (addr, size))[2:])

    def step(self, ns=None):
        """Advance virtual time by ns (or to the next timer); returns now."""
        return int(self.cmd("clock_step" if ns is None else "clock_step %d" % ns))

    def now(self):
        """The virtual clock.  QEMU 10 refuses "clock_step 0" (it "could not
        advance time"), and has no command that only reads the clock; a
        clock_set to 0 never moves it back and replies with the time it
        leaves, as "OK 0" at the very start and "FAIL <now>" after."""
        reply = self.reply("clock_set 0")
        word, _, ns = reply.partition(" ")
        if word not in ("OK", "FAIL") or not ns.strip().isdigit():
            raise QtestError("'clock_set 0' -> %r" % reply)
        return int(ns)

    def clock_set(self, ns):
        return int(self.cmd("clock_set %d" % ns))

    # --- QMP -----------------------------------------------------------------
    def qmp(self, execute, **arguments):
        if self.qmp_sock is None:
            self.qmp_sock = Qmp(self.qmp_path, self.proc)
        return self.qmp_sock.cmd(execute, **arguments)

    def qom_get(self, path, prop):
        return self.qmp("qom-get", path=path, property=prop)

    # --- lifetime --------------------------------------------------------------
    def alive(self):
        return self.proc.poll() is None

    def _stderr(self):
        self.stderr_file.flush()
        with open(self.stderr_path) as f:
            return f.read()

    def quit(self):
        """Ends QEMU normally (atexit handlers run); returns its status."""
        if self.alive():
            try:
                self.qmp("quit")
            except Exception:
                pass
        try:
            self.proc.stdin.close()
        except Exception:
            pass
        try:
            rc = self.proc.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        self.stderr = self._stderr()
        if self.qmp_sock:
            self.qmp_sock.close()
        self.stderr_file.close()
        shutil.rmtree(self.dir, ignore_errors=True)
        return rc

    def kill(self):
        if self.alive():
            self.proc.kill()
            self.proc.wait()


class Qmp:
    """A QMP connection on a unix socket (QEMU started with
    -qmp unix:PATH,server=on,wait=off); events are skipped."""

    def __init__(self, path, proc=None):
        """Waits for QEMU (proc, if given) to open the socket: as long as
        it runs, however long a busy host takes to start it; TIMEOUT only
        ends a hang."""
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        deadline = time.monotonic() + TIMEOUT
        while True:
            try:
                s.connect(path)
                break
            except OSError:
                if proc is not None and proc.poll() is not None:
                    raise QtestError("QEMU exited (%s) before it opened QMP at %s"
                                     % (proc.returncode, path))
                if time.monotonic() > deadline:
                    raise QtestError("cannot connect to QMP at %s" % path)
                time.sleep(0.02)
        self.sock = s
        self.file = s.makefile("rw")
        json.loads(self.file.readline())  # greeting
        self.cmd("qmp_capabilities")

    def cmd(self, execute, **arguments):
        self.file.write(json.dumps({"execute": execute,
                                    "arguments": arguments}) + "\n")
        self.file.flush()
        while True:
            line = self.file.readline()
            if not line:
                raise QtestError("QMP %s: connection closed" % execute)
            msg = json.loads(line)
            if "event" in msg:
                continue
            if "error" in msg:
                raise QtestError("QMP %s: %s" % (execute, msg["error"]))
            return msg["return"]

    def close(self):
        self.sock.close()


def wav_frames(path):
    """(channels, rate, bits, [(L, R), ...]) of a PCM WAV file."""
    import struct
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise QtestError("%s is not a WAV file" % path)
    pos = 12
    fmt = None
    while pos + 8 <= len(data):
        tag, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        body = data[pos + 8:pos + 8 + size]
        if tag == b"fmt ":
            fmt = struct.unpack("<HHIIHH", body[:16])
        elif tag == b"data":
            if fmt is None:
                raise QtestError("data before fmt in %s" % path)
            n = len(body) // 4
            frames = list(struct.iter_unpack("<hh", body[:n * 4]))
            return fmt[1], fmt[2], fmt[5], frames
        pos += 8 + size + (size & 1)
    raise QtestError("no data chunk in %s" % path)


class Tap:
    """Runs test functions, prints TAP, exit status 1 if any failed."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def run(self, name, fn, *args):
        self.n += 1
        t = time.monotonic()
        try:
            fn(*args)
        except Exception as e:  # any failure, including QEMU dying
            self.failed += 1
            print("not ok %d - %s" % (self.n, name))
            for line in traceback.format_exc().splitlines():
                print("# " + line)
            del e
        else:
            print("ok %d - %s  # %.1fs" % (self.n, name, time.monotonic() - t))
        sys.stdout.flush()

    def done(self):
        print("1..%d" % self.n)
        return 1 if self.failed else 0


def check(cond, msg, *args):
    if not cond:
        raise AssertionError(msg % args if args else msg)


def check_eq(got, want, what):
    if got != want:
        raise AssertionError("%s: got %r, want %r" % (what, got, want))
