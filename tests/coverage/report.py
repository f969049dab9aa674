#!/usr/bin/env python3
"""Line and branch coverage totals for `make coverage` (mk/coverage.mk).

    tests/coverage/report.py COV_DIR

Firmware: COV_DIR/gcda holds one set of .gcda files per QEMU run, named
<run>#<object path with '/' as '#'>.gcda by tests/coverage/gcov_dump.c.
Each set is put next to its .gcno files and read with arm-none-eabi-gcov
(JSON); a line counts as covered if any run executed it, a branch if any
run took it.  Host: the .gcda files the host tests left, read with gcov.
Only the project's sources (arch/ lib/ drivers/ board/ audio/ app/) are counted.
Prints per-suite totals and the least-covered files."""
import collections
import glob
import json
import os
import re
import shutil
import subprocess
import sys

SOURCES = ("arch/", "lib/", "drivers/", "board/", "audio/", "app/")
WORST = 8


def gcov_json(gcov, gcda_files, cwd):
    """Yields gcov's JSON document for each data file."""
    if not gcda_files:
        return
    out = subprocess.run([gcov, "-j", "-t", "-b"] + gcda_files, cwd=cwd,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         text=True).stdout
    dec = json.JSONDecoder()
    i = 0
    while True:
        while i < len(out) and out[i].isspace():
            i += 1
        if i >= len(out):
            return
        doc, i = dec.raw_decode(out, i)
        yield doc


class Cover:
    def __init__(self):
        self.lines = collections.defaultdict(dict)     # file -> line -> hit
        self.branches = collections.defaultdict(dict)  # file -> (line, i) -> taken

    def add(self, doc, top):
        for f in doc["files"]:
            name = os.path.relpath(os.path.join(doc.get("current_working_directory", top),
                                                f["file"]), top)
            if not name.startswith(SOURCES):
                continue
            lines, br = self.lines[name], self.branches[name]
            for ln in f["lines"]:
                n = ln["line_number"]
                lines[n] = lines.get(n, False) or ln["count"] > 0
                for k, b in enumerate(ln["branches"]):
                    br[(n, k)] = br.get((n, k), False) or b["count"] > 0

    def report(self, title):
        lt = sum(len(v) for v in self.lines.values())
        lh = sum(sum(v.values()) for v in self.lines.values())
        bt = sum(len(v) for v in self.branches.values())
        bh = sum(sum(v.values()) for v in self.branches.values())
        pct = lambda h, t: 100.0 * h / t if t else 100.0
        print("%s: lines %d/%d (%.1f%%), branches %d/%d (%.1f%%), %d files"
              % (title, lh, lt, pct(lh, lt), bh, bt, pct(bh, bt), len(self.lines)))
        rows = []
        for name, v in self.lines.items():
            if not v:
                continue
            b = self.branches[name]
            rows.append((pct(sum(v.values()), len(v)), name, sum(v.values()), len(v),
                         sum(b.values()), len(b)))
        rows.sort()
        print("  least covered:")
        for p, name, h, t, bh_, bt_ in rows[:WORST]:
            print("    %5.1f%%  %-28s lines %4d/%-4d branches %4d/%d"
                  % (p, name, h, t, bh_, bt_))
        return lt, lh, bt, bh


def firmware(cov, top):
    gcda = os.path.join(cov, "gcda")
    runs = collections.defaultdict(list)
    for path in glob.glob(os.path.join(gcda, "*#*.gcda")):
        m = re.match(r"(\d+)(#.*)$", os.path.basename(path))
        if m:
            runs[int(m.group(1))].append((path, m.group(2).replace("#", "/")))
    c = Cover()
    for run in sorted(runs):
        placed = []
        for src, dst in runs[run]:
            if not os.path.isdir(os.path.dirname(dst)):
                continue
            shutil.copyfile(src, dst)
            placed.append(dst)
        for doc in gcov_json("arm-none-eabi-gcov", placed, top):
            c.add(doc, top)
        for p in placed:
            os.remove(p)
    print("firmware coverage from %d target-test runs (QEMU)" % len(runs))
    return c


def host(cov, top):
    files = sorted(glob.glob(os.path.join(cov, "host", "**", "*.gcda"), recursive=True))
    c = Cover()
    for doc in gcov_json("gcov", files, top):
        c.add(doc, top)
    print("host coverage from the host unit tests")
    return c


def main():
    cov = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/cov")
    top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    fw = firmware(cov, top)
    fw.report("  firmware (target tests)")
    h = host(cov, top)
    h.report("  host logic (host tests)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
