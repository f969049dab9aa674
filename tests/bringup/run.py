#!/usr/bin/env python3
"""Runs the bring-up checkpoints (docs/bring-up.md) and checks their console.

    tests/bringup/run.py check IMAGE_DIR CHECKPOINTS DOC     TAP, every step
    tests/bringup/run.py show  IMAGE_DIR CHECKPOINTS N       one step, live

CHECKPOINTS is the board's file (board/NAME/bringup/checkpoints):

    qemu BINARY ARGS...   how to boot a step on this board (BINARY relative
                          to the top of the tree, or on PATH); the runner adds
                          the serial port (a file, or stdio for a step with
                          input), semihosting, -audiodev wav,id=koi (the
                          step's sound, IMAGE_DIR/stepN.wav), -icount (but
                          for a step with input in show mode) and -kernel
    audio OPTIONS         appended to that -audiodev (",out.frequency=48000":
                          the backend at the sound device's rate)
    step N NAME           a checkpoint: its image is IMAGE_DIR/stepN.elf
    exit S                its exit status
    input TEXT            typed on the console in check mode (\\n: Enter)
    qemu-log REGEX        a line QEMU itself must print (its stderr)
    REGEX                 a console line; in order, each after the previous;
                          {input} stands for the typed line (in show mode,
                          for whatever you typed)

check: each step runs under -icount (deterministic), its console must match
in order, its exit status must be S, and DOC must show, after the comment
line "<!-- checkpoint N -->", a code block that matches the same lines (so
the guide cannot drift from what the checkpoint prints).
show: the step runs with its console on the terminal (you type for the
input step), then the same comparison is printed.
"""
import os
import re
import select
import subprocess
import sys
import time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ICOUNT = ["-icount", "shift=3,align=off,sleep=off", "-rtc", "clock=vm"]
# A step that waits for typed input idles until it comes: with sleep=off
# its virtual time would leap to the step's 30 s give-up before QEMU's main
# loop had read a byte from the pipe (seen under load, 2 runs in 5 on
# vexpress-a9).  With sleep=on idle time passes at the host's pace; the
# console is the same.
ICOUNT_INPUT = ["-icount", "shift=3,align=off,sleep=on", "-rtc", "clock=vm"]
TIMEOUT = 120


def parse(path):
    """(machine, steps): machine = {"argv": the qemu line's words, "audio":
    the audio line's options}."""
    qemu, audio, steps, cur = None, "", [], None
    with open(path, encoding="utf-8") as fh:
        for n, raw in enumerate(fh, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            word, _, rest = line.partition(" ")
            if word == "qemu":
                qemu = rest.split()
            elif word == "audio":
                audio = rest.strip()
            elif word == "step":
                num, _, name = rest.partition(" ")
                cur = {"n": int(num), "name": name, "exit": 0, "input": None,
                       "console": [], "log": []}
                steps.append(cur)
            elif cur is None:
                sys.exit("%s:%d: a line before the first 'step'" % (path, n))
            elif word == "exit":
                cur["exit"] = int(rest)
            elif word == "input":
                cur["input"] = rest.encode().decode("unicode_escape")
            elif word == "qemu-log":
                cur["log"].append(re.compile(rest))
            else:
                cur["console"].append(line)
    if not qemu:
        sys.exit("%s: no 'qemu' line" % path)
    return {"argv": qemu, "audio": audio}, steps


def in_order(patterns, lines):
    """None if every pattern matches a line after the previous match, else
    the first pattern that does not."""
    i = 0
    for p in patterns:
        while i < len(lines) and not p.search(lines[i]):
            i += 1
        if i == len(lines):
            return p.pattern
        i += 1
    return None


def command(qemu, step, image_dir, icount, serial):
    """serial: a file for the console, or None for stdio.  Semihosting's
    output goes to QEMU's stdout whatever -semihosting-config says (QEMU
    7.2), so a step's console is a file whenever it can be: the fatal
    path writes to both, and two streams on one stdout interleave."""
    binary = qemu["argv"][0]
    if "/" in binary:
        binary = os.path.join(TOP, binary)
    wav = os.path.join(image_dir, "step%d.wav" % step["n"])
    return ([binary] + qemu["argv"][1:] +
            ["-display", "none", "-monitor", "none",
             "-serial", "file:" + serial if serial else "stdio",
             "-audiodev", "wav,id=koi,path=" + wav + qemu["audio"],
             "-semihosting-config", "enable=on,target=native,arg=koi"] +
            ((ICOUNT_INPUT if step["input"] else ICOUNT) if icount else []) +
            ["-kernel", os.path.join(image_dir, "step%d.elf" % step["n"])])


def patterns(step, typed):
    """The console's expectations, {input} replaced: by the line typed in
    check mode, by any text when a person typed (typed is None)."""
    line = step["input"].rstrip("\n") if typed and step["input"] else None
    fill = re.escape(line) if line is not None else ".+"
    return [re.compile(p.replace("{input}", fill)) for p in step["console"]]


def compare(step, console, log, status, typed=True):
    """List of (ok, text) for one run."""
    out = []
    miss = in_order(patterns(step, typed), console)
    out.append((miss is None, "console as expected" if miss is None
                else "console lacks /%s/ (in order)" % miss))
    for p in step["log"]:
        hit = any(p.search(l) for l in log)
        out.append((hit, "QEMU reports /%s/" % p.pattern if hit else "QEMU did not report /%s/" % p.pattern))
    out.append((status == step["exit"], "exit status %d%s" % (
        status, "" if status == step["exit"] else ", want %d" % step["exit"])))
    return out


def type_after_prompt(cmd, step):
    """Run cmd and type the step's input once its console has shown the
    step's first line (the prompt), as a person would: a UART may drop
    what arrives before it is set up (QEMU's PL011 empties its receive
    FIFO when the driver turns the FIFO on).  (status, output)."""
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    prompt = re.compile(step["console"][0]) if step["console"] else None
    out, typed, deadline = b"", False, time.monotonic() + TIMEOUT
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            p.kill()
            p.wait()
            return 124, out.decode("utf-8", "replace") + "killed after %d s" % TIMEOUT
        ready, _, _ = select.select([p.stdout], [], [], min(left, 1.0))
        if not ready:
            continue
        chunk = os.read(p.stdout.fileno(), 4096)
        if not chunk:
            break
        out += chunk
        text = out.decode("utf-8", "replace")
        if not typed and (prompt is None or any(prompt.search(l) for l in text.splitlines())):
            p.stdin.write(step["input"].encode())
            p.stdin.close()
            typed = True
    if not typed:
        p.stdin.close()
    return p.wait(), out.decode("utf-8", "replace")


def run(qemu, step, image_dir, live):
    """(console lines, QEMU's other output lines, exit status)."""
    typed = step["input"] is not None
    serial = None if typed else os.path.join(image_dir, "step%d.serial" % step["n"])
    cmd = command(qemu, step, image_dir, not (live and typed), serial)
    if live and typed:
        # The console on the terminal: you type the line.
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        console = []
        for raw in iter(p.stdout.readline, b""):
            text = raw.decode("utf-8", "replace")
            sys.stdout.write(text)
            sys.stdout.flush()
            console.append(text.rstrip("\r\n"))
        return console, p.stderr.read().decode("utf-8", "replace").splitlines(), p.wait()
    if typed:
        status, out = type_after_prompt(cmd, step)
    else:
        try:
            r = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=TIMEOUT)
            status, out = r.returncode, r.stdout.decode("utf-8", "replace")
        except subprocess.TimeoutExpired as e:
            status, out = 124, (e.stdout or b"").decode("utf-8", "replace") + \
                "killed after %d s" % TIMEOUT
    if serial:
        with open(serial, encoding="utf-8", errors="replace") as fh:
            console = fh.read().splitlines()
        log = out.splitlines()
    else:
        console = log = out.splitlines()
    console = [l.rstrip("\r") for l in console]
    if live:
        for l in console:
            print(l)
    return console, log, status


def doc_blocks(doc):
    """Checkpoint number -> the lines of the code block after its marker."""
    blocks, want, inside, lines = {}, None, False, []
    if not os.path.exists(doc):
        return blocks
    with open(doc, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            m = re.match(r"<!-- checkpoint (\d+) -->", line)
            if m:
                want = int(m.group(1))
                continue
            if want is not None and line.startswith("```"):
                if inside:
                    blocks[want] = lines
                    want, inside, lines = None, False, []
                else:
                    inside = True
                continue
            if inside:
                lines.append(line)
    return blocks


def check_all(image_dir, checkpoints, doc):
    qemu, steps = parse(checkpoints)
    blocks = doc_blocks(doc)
    n = failed = 0
    for step in steps:
        label = "step %d (%s)" % (step["n"], step["name"])
        console, log, status = run(qemu, step, image_dir, False)
        results = compare(step, console, log, status)
        if not all(ok for ok, _ in results):
            print("# %s console:" % label)
            for l in console:
                print("#   " + l)
            for l in log[-20:]:
                print("#   qemu: " + l)
        block = blocks.get(step["n"])
        miss = "no block" if block is None else in_order(patterns(step, True), block)
        results.append((miss is None, "%s shows it%s" % (
            os.path.relpath(doc, TOP), "" if miss is None else
            (": no code block after <!-- checkpoint %d -->" % step["n"] if block is None
             else ": its block lacks /%s/" % miss))))
        for ok, text in results:
            n += 1
            failed += not ok
            print("%s %d - %s: %s" % ("ok" if ok else "not ok", n, label, text))
    print("1..%d" % n)
    return 1 if failed else 0


def show(image_dir, checkpoints, num):
    qemu, steps = parse(checkpoints)
    step = next((s for s in steps if s["n"] == num), None)
    if step is None:
        sys.exit("bring-up: no checkpoint %d in %s" % (num, checkpoints))
    if step["input"] is not None:
        print("(checkpoint %d reads the console: type a line and press Enter)" % num)
    console, log, status = run(qemu, step, image_dir, True)
    for l in log:
        if l.strip() and l not in console:
            print("qemu: " + l)
    results = compare(step, console, log, status, typed=step["input"] is None)
    bad = [t for ok, t in results if not ok]
    wav = os.path.join(image_dir, "step%d.wav" % num)
    print("checkpoint %d (%s): %s" % (num, step["name"],
                                      "as expected" if not bad else "NOT as expected: " + "; ".join(bad)))
    if os.path.exists(wav) and os.path.getsize(wav) > 44:
        print("its sound: %s" % os.path.relpath(wav))
    return 1 if bad else 0


def main(argv):
    if len(argv) == 5 and argv[1] == "check":
        return check_all(argv[2], argv[3], argv[4])
    if len(argv) == 5 and argv[1] == "show":
        return show(argv[2], argv[3], int(argv[4]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
