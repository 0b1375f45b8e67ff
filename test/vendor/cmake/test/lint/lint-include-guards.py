#!/usr/bin/env python3
# A miniature of Core's include-guard and file lints, for test/vendor/run.sh: every header of
# src/ outside the subtrees Core lists has the guard its path names (BITCOIN_<PATH>_H), and
# every file with a shebang may be run. Exit 1 with the offending files named.

import os
import sys

from lint_ignore_dirs import SHARED_EXCLUDED_SUBTREES


def main():
    bad = []
    for root, _, files in os.walk("src"):
        for name in files:
            path = os.path.join(root, name)
            if any(path.startswith(subtree) for subtree in SHARED_EXCLUDED_SUBTREES):
                continue
            with open(path, "rb") as f:
                text = f.read()
            if text.startswith(b"#!") and not os.access(path, os.X_OK):
                bad.append(f"{path}: a shebang without the run bit")
            if name.endswith(".h"):
                guard = "BITCOIN_" + path[len("src/"):-len(".h")].upper().replace("/", "_").replace("-", "_") + "_H"
                if f"#ifndef {guard}".encode() not in text:
                    bad.append(f"{path}: no include guard {guard}")
    for line in bad:
        print(line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
