#!/usr/bin/env python3
"""Every `make run ...` example in README.md and docs/*.md, run as written.

A README example is a user's first test.  Each example line is split the
way the shell splits it (shlex), its `# comment` dropped, and run as
`make run VAR=value...` with OUT= pointing into build/readme/ so the user's
own out.wav is never touched.  Each must exit 0.  An example that plays
(anything but help and the interactive piano) must leave a WAV with sound
in it, identical frame for frame to what koi-render makes of the same
argument words for that board's device format (vexpress-a9, virt: 48 kHz,
or the words' own leading --rate): the firmware's splitter and the shell
must agree.  An example that records (record FILE, play ... --record FILE)
with CAPTURE= must leave FILE holding the first frames of CAPTURE, frame
for frame; the file is removed afterwards unless it was there before.

TAP on stdout; run by `make test-readme`.
"""
import glob
import os
import re
import shlex
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import koirun  # noqa: E402

TOP = koirun.TOP
OUTDIR = os.path.join(koirun.BUILD, "readme")


def examples():
    """(file:line, [VAR=value...]) for every `make run` line in the docs."""
    found = []
    for path in ["README.md"] + sorted(glob.glob("docs/*.md")):
        with open(os.path.join(TOP, path)) as f:
            for n, line in enumerate(f, 1):
                m = re.search(r"\bmake run\b(.*)$", line)
                if not m or "`make run`" in line:
                    continue  # prose that names the target, not an example
                rest = m.group(1).split("`")[0]  # inline code ends at a backtick
                words = shlex.split(rest, comments=True)
                if all(re.match(r"^[A-Z_]+=", w) for w in words):
                    found.append((f"{path}:{n}", words))
    return found


def recording(words):
    """(file, it existed before) for an example that records, else None."""
    path = None
    if words and words[0] == "record":
        rest = [w for i, w in enumerate(words) if i > 0 and not w.startswith("-")
                and words[i - 1] != "--seconds"]
        path = rest[-1] if rest else None
    elif "--record" in words and words.index("--record") + 1 < len(words):
        path = words[words.index("--record") + 1]
    return (path, os.path.exists(os.path.join(TOP, path))) if path else None


def data_of(path):
    with open(path, "rb") as f:
        b = f.read()
    i = 12
    while i + 8 <= len(b):
        n = int.from_bytes(b[i + 4:i + 8], "little")
        if b[i:i + 4] == b"data":
            return b[i + 8:i + 8 + n]
        i += 8 + n + (n & 1)
    return None


def check_take(take, capture):
    """None if the take holds the capture input's first frames."""
    got = os.path.join(TOP, take[0])
    if not os.path.exists(got):
        return f"recorded nothing into {take[0]}"
    rec = data_of(got)
    if not rec:
        return f"{take[0]} holds no frames"
    if capture:
        src = data_of(os.path.join(TOP, capture))
        if src is None or rec != src[:len(rec)]:
            return f"{take[0]} is not the first frames of {capture}"
    return None


def main():
    os.makedirs(OUTDIR, exist_ok=True)
    cases = examples()
    print(f"1..{len(cases)}")
    seen = set()
    for i, (where, assigns) in enumerate(cases, 1):
        name = f"{where}: make run {' '.join(shlex.quote(a) for a in assigns)}".rstrip()
        key = tuple(assigns)
        if key in seen:
            print(f"ok {i} - {name} # SKIP same as an earlier example")
            continue
        seen.add(key)
        env_vars = dict(a.split("=", 1) for a in assigns)
        words = shlex.split(env_vars.get("ARGS", ""))
        wav = os.path.join(OUTDIR, f"ex{i}.wav")
        for stale in (wav,):
            if os.path.exists(stale):
                os.remove(stale)
        # The device's --rate comes before the program.
        take = recording(words[2:] if words[:1] == ["--rate"] else words)
        # A file the example records into that is already there (yours, or
        # an earlier run's) waits in build/readme/ meanwhile: what the
        # check reads must be this run's.
        aside = os.path.join(OUTDIR, f"ex{i}-aside.wav")
        if take and take[1]:
            os.replace(os.path.join(TOP, take[0]), aside)
        try:
            print(run_example(i, name, cmd_words(assigns, wav), wav, env_vars, words, take))
        finally:
            if take and take[1]:
                os.replace(aside, os.path.join(TOP, take[0]))


def cmd_words(assigns, wav):
    return ["make", "--no-print-directory", "-C", TOP, "run"] + assigns + [f"OUT={wav}"]


def run_example(i, name, cmd, wav, env_vars, words, take):
    """Runs one example; its TAP line."""
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        return f"not ok {i} - {name}: no exit after 300 s"
    out = r.stdout
    with open(os.path.join(OUTDIR, f"ex{i}.log"), "w") as f:
        f.write(" ".join(cmd) + "\n" + out)
    if r.returncode != 0:
        tail = out.strip().splitlines()[-1:] or [""]
        return f"not ok {i} - {name}: exit {r.returncode}: {tail[0]}"
    # What the firmware does with these words, as `make run` asks it
    # (koi-render --what: the firmware's parser and program table).
    render = os.path.join(koirun.build_dir(env_vars.get("BOARD", "goldfish")),
                          "tools", "koi-render")
    what = subprocess.run([render, "--what"] + words, stdout=subprocess.PIPE,
                          text=True).stdout.strip()
    if take:
        why = check_take(take, env_vars.get("CAPTURE"))
        if os.path.exists(os.path.join(TOP, take[0])):
            os.remove(os.path.join(TOP, take[0]))  # a file there before comes back
        if why:
            return f"not ok {i} - {name}: {why}"
        if what == "records":
            return f"ok {i} - {name} (recorded {take[0]}: the input's first frames)"
    plays = what == "plays"
    if not plays:
        return f"ok {i} - {name} (exit 0, plays nothing)"
    if not os.path.exists(wav) or os.path.getsize(wav) <= 44:
        return f"not ok {i} - {name}: played but left no sound in {wav}"
    want = os.path.join(OUTDIR, f"ex{i}-render.wav")
    render_words = words
    if env_vars.get("BOARD", "goldfish") != "goldfish" and words[:1] != ["--rate"]:
        # The other boards' devices (vexpress-a9's codec, virt's stream)
        # play at 48 kHz unless the words say otherwise.
        render_words = ["--rate", "48000"] + words
    try:
        koirun.render(render_words, want, 300)
    except ValueError as e:
        return f"not ok {i} - {name}: {e}"
    c = koirun.compare(want, wav, os.path.join(OUTDIR, f"ex{i}.log"), 300)
    if c.returncode != 0:
        return (f"not ok {i} - {name}: capture differs from koi-render: "
                + c.stdout.strip().splitlines()[0])
    return f"ok {i} - {name} (bit-exact with koi-render, {os.path.getsize(wav)} bytes)"


if __name__ == "__main__":
    main()
