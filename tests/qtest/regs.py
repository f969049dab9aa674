"""The register maps in regs/*.h, read by the qtest cases, so the tests use
the very numbers the firmware's drivers and the QEMU models compile.

    import regs
    R = regs.load("goldfish_audio", "goldfish_machine")
    R.GFA_INT_ENABLE, R.GOLDFISH_AUDIO_BASE, ...

Each header is plain "#define NAME VALUE" lines (regs/ allows nothing
else); VALUE is a C integer expression over numbers (u/U/l/L suffixes
dropped) and names defined before it.  A line this cannot read is an
error, not a silent gap."""
import os
import re
import types

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFINE = re.compile(r"^\s*#\s*define\s+([A-Za-z_]\w*)\s+(.*?)\s*(/\*.*)?$")
NUMBER = re.compile(r"\b(0[xX][0-9a-fA-F]+|\d+)[uUlL]*\b")
SAFE = re.compile(r"^[\w\s()+\-*/%<>|&^~]*$")


def parse(path):
    values = {}
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            m = DEFINE.match(line)
            if not m or not m.group(2):
                continue  # include guards, comments
            expr = NUMBER.sub(lambda x: x.group(1), m.group(2))
            if not SAFE.match(expr):
                raise ValueError("%s:%d: cannot read %r" % (path, n, m.group(2)))
            try:
                py = expr.replace("/", "//")
                values[m.group(1)] = int(eval(py, {"__builtins__": {}}, dict(values)))
            except Exception as e:
                raise ValueError("%s:%d: cannot evaluate %r: %s" % (path, n, m.group(2), e))
    return values


def load(*names):
    values = {}
    for name in names:
        values.update(parse(os.path.join(TOP, "regs", name + ".h")))
    return types.SimpleNamespace(**values)
