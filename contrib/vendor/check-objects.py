#!/usr/bin/env python3
# Copyright (c) 2026 The libmemusage developers
# Distributed under the MIT software license.
"""Checks a vendored tree's build: every object that read one of Core's four headers read the
subtree's copy, and was compiled with the era and malloc model the fork stated.

  check-objects.py --tree CORE_TREE --define D [--define D ...] --compile-commands FILE
  check-objects.py --tree CORE_TREE --define D [--define D ...] --make-log FILE --make-dir DIR

The compile commands come from CMake's compile_commands.json, or from a `make V=1` log of an
automake build run in DIR. Each object's dependency file (the compiler's -MD output: CMake's
OBJ.d, automake's .deps/NAME.Po or .Plo) says which headers it read. --define names a -D flag
every such object must carry, e.g. MEMUSAGE_CORE_VERSION=30; a model flag not named is refused.
Prints one line per problem and a summary; exits 1 on any problem."""

import argparse
import json
import os
import re
import shlex
import sys

HEADERS = ("memusage.h", "prevector.h", "indirectmap.h", "support/allocators/pool.h")
MODEL_FLAGS = re.compile(r"^MEMUSAGE_MALLOC_MODEL_[A-Z]+$")


def read_depfile(path):
    """The prerequisites of a make-format dependency file."""
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read().replace("\\\n", " ")
    files = []
    for line in text.splitlines():
        if ":" not in line:
            continue
        _, _, rest = line.partition(": ")
        files.extend(p.replace("\\ ", " ") for p in re.split(r"(?<!\\)\s+", rest.strip()) if p)
    return files


def core_header(path):
    """Which of the four headers PATH is, or None."""
    for h in HEADERS:
        if path == h or path.endswith("/" + h):
            return h
    return None


def defines(tokens):
    out = set()
    for i, t in enumerate(tokens):
        if t == "-D" and i + 1 < len(tokens):
            out.add(tokens[i + 1])
        elif t.startswith("-D"):
            out.add(t[2:])
    return out


def option(tokens, name):
    for i, t in enumerate(tokens):
        if t == name and i + 1 < len(tokens):
            return tokens[i + 1]
    return None


def from_compile_commands(path):
    with open(path, encoding="utf-8") as f:
        entries = json.load(f)
    for e in entries:
        tokens = e["arguments"] if "arguments" in e else shlex.split(e["command"])
        directory = e["directory"]
        out = e.get("output") or option(tokens, "-o")
        dep = option(tokens, "-MF") or (out + ".d" if out else None)
        if dep is None:
            continue
        yield out, tokens, os.path.join(directory, dep), directory


def from_make_log(path, make_dir):
    """automake's V=1 compile lines; the object is -MT's value, the dependency file beside it."""
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read().replace("\\\n", " ")
    for line in text.splitlines():
        if " -c " not in line or "-MT" not in line:
            continue
        # The compiler's own command is the part after the last "depbase=...;" or libtool prefix.
        line = line.split(";")[-1] if "depbase=" in line else line
        line = line.split("&&")[0]
        try:
            tokens = shlex.split(line)
        except ValueError:
            continue
        obj = option(tokens, "-MT")
        if obj is None:
            continue
        d, base = os.path.split(obj)
        stem, ext = os.path.splitext(base)
        dep = os.path.join(make_dir, d, ".deps", stem + (".Plo" if ext == ".lo" else ".Po"))
        yield obj, tokens, dep, make_dir


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tree", required=True)
    ap.add_argument("--define", action="append", default=[])
    ap.add_argument("--compile-commands")
    ap.add_argument("--make-log")
    ap.add_argument("--make-dir")
    args = ap.parse_args()
    subtree = os.path.realpath(os.path.join(args.tree, "src", "memusage", "src")) + os.sep
    if args.compile_commands:
        objects = from_compile_commands(args.compile_commands)
    elif args.make_log and args.make_dir:
        objects = from_make_log(args.make_log, args.make_dir)
    else:
        ap.error("give --compile-commands, or --make-log with --make-dir")

    wanted = set(args.define)
    problems = 0
    seen = reading = 0
    for obj, tokens, dep, directory in objects:
        if not os.path.exists(dep):
            continue
        seen += 1
        read = [(core_header(p), p) for p in read_depfile(dep)]
        read = [(h, os.path.realpath(os.path.join(directory, p))) for h, p in read if h]
        if not read:
            continue
        reading += 1
        for h, p in read:
            if not p.startswith(subtree):
                print(f"{obj}: read {h} from {p}, not from the subtree")
                problems += 1
        got = defines(tokens)
        for d in sorted(wanted - got):
            print(f"{obj}: compiled without -D{d}")
            problems += 1
        for d in sorted(x for x in got if MODEL_FLAGS.match(x) and x not in wanted):
            print(f"{obj}: compiled with -D{d}, a model the fork did not state")
            problems += 1
        for d in sorted(got):
            if d.startswith("MEMUSAGE_CORE_VERSION=") and d not in wanted:
                print(f"{obj}: compiled with -D{d}")
                problems += 1
    print(f"{seen} objects with dependency files; {reading} read Core's headers; {problems} problems")
    if reading == 0:
        print("no object read the headers: nothing was checked")
        return 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
