#!/usr/bin/env python3
"""Differential test of `scrutineer count --method ers97` against verify_record.py's ERS97 count.

Usage: ers97_diff.py SCRUTINEER N SEED [--method M] [--big] [--keep DIR] [--show K]
  N     number of random elections
  SEED  an integer seed for the generator (the elections are a function of it);
        the lot seed passed to both counts is its hex form.
Generates N small elections (3-8 candidates, 1-4 seats, 5-60 ballots with
weights, short rankings so that papers exhaust, many exact ties and exact
quotas, profiles that make the total-active-vote rule 5.1.7(b), deferred
surpluses, bulk exclusions, batches of several values and the 5.4.8 quota
recalculation likely), counts each with both and prints the first differences
of each differing election (with its BLT when --show), then a tally.
Exit 0 when all agree, 1 otherwise.  An output comparison only.
--big generates larger elections instead (8-24 candidates, 1-8 seats,
60-600 ranking lines, rankings up to 10 long).
--method M counts under another preset instead (scottish-stv, wigm, meek,
meek-prf, irv; irv with one seat); the generator is the same.
"""
import json
import os
import random
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import verify_record as vr  # noqa: E402


def gen(rng, big=False):
    C = rng.randint(3, 8) if not big else rng.randint(8, 24)
    maxS = 4 if not big else 8
    S = rng.randint(1, min(maxS, C - 1)) if rng.random() < 0.95 else min(maxS, C)
    profile = rng.choice(["plain", "exhaust", "ties", "exact", "skew", "bullet"])
    nb = rng.randint(5, 60) if not big else rng.randint(60, 600)
    ballots = []
    pop = [rng.random() ** (3 if profile == "skew" else 1) for _ in range(C)]
    for _ in range(nb):
        if profile in ("exhaust", "bullet"):
            L = 1 if profile == "bullet" and rng.random() < 0.7 else rng.randint(1, 2)
        else:
            L = rng.randint(1, min(C, 4 if not big else 10))
        rk = []
        cands = list(range(C))
        for _ in range(L):
            ws = [pop[c] + 0.05 for c in cands]
            c = rng.choices(cands, ws)[0]
            cands.remove(c)
            rk.append(c)
        w = rng.choice([1, 1, 1, 2, 3]) if profile != "ties" else rng.choice([1, 2])
        ballots.append((rk, w))
    if profile == "ties":
        # duplicate a ranking with candidates swapped so that votes tie
        extra = []
        for rk, w in ballots[: len(ballots) // 2]:
            a, b = rng.sample(range(C), 2)
            extra.append(([b if c == a else a if c == b else c for c in rk], w))
        ballots += extra
    V = sum(w for _, w in ballots)
    if profile == "exact" and V % (S + 1):
        ballots.append(([rng.randrange(C)], (S + 1) - V % (S + 1)))
    wd = [rng.randrange(C)] if rng.random() < 0.1 and C > S + 1 else []
    return C, S, ballots, wd


def blt(C, S, ballots, wd=()):
    lines = [f"{C} {S}"]
    if wd:
        lines.append(" ".join(f"-{c + 1}" for c in wd))
    lines += [f"{w} " + " ".join(str(c + 1) for c in rk) + " 0" for rk, w in ballots]
    lines.append("0")
    lines += [f'"C{c + 1}"' for c in range(C)]
    lines.append('"random"')
    return "\n".join(lines) + "\n"


def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__)
    binary, N, seed = argv[1], int(argv[2]), int(argv[3])
    method, keep, show, big = "ers97", None, 3, False
    rest = argv[4:]
    while rest:
        if rest[0] == "--big":
            big, rest = True, rest[1:]
        elif rest[0] == "--method":
            method, rest = rest[1], rest[2:]
        elif rest[0] == "--keep":
            keep, rest = rest[1], rest[2:]
        elif rest[0] == "--show":
            show, rest = int(rest[1]), rest[2:]
        else:
            sys.exit(__doc__)
    rng = random.Random(seed)
    lot_seed = format(seed, "x").rjust(2, "0")
    if len(lot_seed) % 2:
        lot_seed = "0" + lot_seed
    agree = differ = 0
    feats = {"below-quota": 0, "batches": 0, "lots": 0, "bulk": 0, "quota-change": 0, "surplus-pending-at-exclusion": 0}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(N):
            C, S, ballots, wd = gen(rng, big)
            if method == "irv":
                S = 1  # irv elects one candidate
            path = os.path.join(keep or tmp, f"e{seed}-{i}.blt")
            with open(path, "w") as f:
                f.write(blt(C, S, ballots, wd))
            out = os.path.join(tmp, "t.json")
            r = subprocess.run([binary, "count", "-m", method, "--seed", lot_seed, path,
                                "--json", out, "-q"], capture_output=True)
            if r.returncode != 0:
                print(f"ERROR e{i}: scrutineer exit {r.returncode}: {r.stderr.decode()[:200]}")
                differ += 1
                continue
            ref = json.load(open(out))
            names = [f"C{c + 1}" for c in range(C)]
            mine = vr.Count(method, S, names, ballots, bytes.fromhex(lot_seed), "random", None, wd).run()
            d = vr.transcript_diffs(mine, ref)
            if ref["elected"] != mine["elected"]:
                d.insert(0, f"elected: expected {mine['elected']}, published {ref['elected']}")
            st = ref["stages"]
            notes = " ".join(s.get("note", "") for s in st)
            feats["below-quota"] += "5.1.7(b)" in notes
            feats["batches"] += "5.4.4" in notes
            feats["lots"] += ref["lots_drawn"] > 0
            feats["bulk"] += any(len(s["subjects"]) > 1 for s in st)
            feats["quota-change"] += len({s["quota"] for s in st}) > 1
            # an exclusion while a surplus is pending (5.2.2 deferral)
            feats["surplus-pending-at-exclusion"] += any(s["action"] == "exclusion" and any(
                c["state"] == "elected" and int(c["votes"].replace(".", "")) > int(p["quota"].replace(".", ""))
                for c in p["candidates"]) for p, s in zip(st, st[1:]))
            if d:
                differ += 1
                print(f"DIFF e{seed}-{i} ({C} candidates, {S} seats)")
                for x in d[:4]:
                    print(f"     {x}")
                if show > 0:
                    show -= 1
                    print("     " + blt(C, S, ballots, wd).replace("\n", "\n     "))
            else:
                agree += 1
    print(f"{method}: {agree} of {N} random elections agree exactly, {differ} differ "
          f"(seed {seed}; elections with: " + ", ".join(f"{k} {v}" for k, v in feats.items()) + ")")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
