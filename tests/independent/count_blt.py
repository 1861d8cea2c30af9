#!/usr/bin/env python3
"""Compare verify_record.py's count (docs/count.md, R6) with `scrutineer count` on BLT files.

Usage: count_blt.py SCRUTINEER METHODS [--seed HEX] FILE.blt...
  METHODS  comma-separated presets (scottish-stv,wigm,irv,meek,meek-prf,ers97); irv is run with 1 seat.
Runs `SCRUTINEER count -m METHOD FILE --json OUT` (an output comparison only) and the
Python count of verify_record.py on the same ballots, and prints the first differences
(transcript_diffs) per file and a tally of exact agreements per method.

The BLT reader here is a minimal one (count.md "Input formats"), enough for the
files of ../shared/stv-data; files it cannot read are skipped.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import verify_record as vr  # noqa: E402


def parse_blt(path):
    data = open(path, 'rb').read()
    if data.startswith(b'\xef\xbb\xbf'): data = data[3:]
    toks = []
    # tokenise: handle quoted strings, comments
    text = data.decode('utf-8', 'surrogateescape').replace('\r', '')
    lines = text.split('\n')
    i = 0
    def strip_comment(l):
        out = ''; q = False
        for ch in l:
            if ch == '"': q = not q
            if ch == '#' and not q: break
            out += ch
        return out
    lines = [strip_comment(l).strip() for l in lines]
    lines = [l for l in lines if l]
    hdr = lines[0].split(); C, S = int(hdr[0]), int(hdr[1])
    k = 1; withdrawn = []
    ballots = []
    while True:
        l = lines[k]
        if l.startswith('['):
            if l.startswith('[withdrawn'):
                withdrawn += [int(x) - 1 for x in l[10:].strip(' ]').split()]
            k += 1; continue
        t = l.split()
        if t[0].startswith('-'):
            withdrawn += [-int(x) - 1 for x in t]; k += 1; continue
        if t == ['0']:
            k += 1; break
        if t[0].startswith('('):
            w = 1; t = t[1:]
        else:
            w = int(t[0]); t = t[1:]
        assert t[-1] == '0', l
        ballots.append(([int(x) - 1 for x in t[:-1]], w))
        k += 1
    names = []; parties = []
    for j in range(C):
        l = lines[k + j]
        q = re.findall(r'"((?:[^"]|"")*)"', l)
        if q:
            names.append(q[0].replace('""', '"')); parties.append(q[1].replace('""','"') if len(q) > 1 else '')
        else:
            names.append(l); parties.append('')
    k += C
    title = ''
    if k < len(lines):
        q = re.findall(r'"((?:[^"]|"")*)"', lines[k])
        title = q[0].replace('""','"') if q else lines[k]
    return C, S, withdrawn, ballots, names, parties, title


def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__)
    binary, methods, rest = argv[1], argv[2].split(","), argv[3:]
    seed = b""
    if rest[0] == "--seed":
        seed, rest = bytes.fromhex(rest[1]), rest[2:]
    stats = {m: [0, 0, 0] for m in methods}     # agree, differ, skipped
    with tempfile.TemporaryDirectory() as tmp:
        for f in rest:
            try:
                C, S, wd, ballots, names, parties, title = parse_blt(f)
            except (ValueError, IndexError, AssertionError) as exc:
                print(f"SKIP {f}: cannot read: {exc}")
                for m in methods:
                    stats[m][2] += 1
                continue
            for m in methods:
                seats = 1 if m == "irv" else S
                out = os.path.join(tmp, "t.json")
                cmd = [binary, "count", "-m", m, "--seats", str(seats), f, "--json", out, "-q"]
                if seed:
                    cmd[2:2] = ["--seed", seed.hex()]
                if subprocess.run(cmd, capture_output=True).returncode != 0:
                    stats[m][2] += 1
                    continue
                ref = json.load(open(out))
                try:
                    mine = vr.Count(m, seats, names, ballots, seed, title, parties, wd).run()
                except vr.CountError as exc:
                    print(f"SKIP {m} {f}: {exc}")
                    stats[m][2] += 1
                    continue
                d = vr.transcript_diffs(mine, ref)
                stats[m][1 if d else 0] += 1
                if d:
                    print(f"DIFF {m} {f}")
                    for x in d[:5]:
                        print(f"     {x}")
    for m, (a, b, c) in stats.items():
        print(f"{m}: {a} agree exactly, {b} differ, {c} not compared")
    return 1 if any(v[1] for v in stats.values()) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
