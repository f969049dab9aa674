#!/usr/bin/env python3
"""Runs Koi's qtest suites against build/qemu-system-arm; prints TAP."""
import shutil
import sys
import tempfile

import test_audio
import test_fuzz_long
import test_machine
import test_migration
from qtest import Tap


def main():
    tap = Tap()
    tmp = tempfile.mkdtemp(prefix="koi-qtest-")
    only = sys.argv[1:]
    for mod in (test_machine, test_audio, test_migration, test_fuzz_long):
        if only and mod.__name__ not in only:
            continue
        mod.register(tap, tmp)
    rc = tap.done()
    if rc == 0:
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        print("# files kept in %s" % tmp)
    return rc


if __name__ == "__main__":
    sys.exit(main())
