#!/usr/bin/env python3
"""Tamper with a copy of a record as a malicious operator (and trustees) would.

Usage: tamper.py RECORD_DIR KEYS_DIR CASE
  RECORD_DIR  a copy of a record (modified in place)
  KEYS_DIR    the directory of `scrutineer demo --keys-out` (operator.key, trusteeN.key:
              64 hex digits of an Ed25519 seed)
  CASE        what to change (one hex digit), then the whole chain is re-hashed and
              re-signed by the operator and the close re-co-signed by every trustee, so
              that only the deeper checks can notice:
                ciphertext   a cast ballot's first selection          (V1/V3/V4)
                share-proof  a tally decryption share's proof response (T2)
                votes        the first option's count in the result    (T4)
                mix-proof    the first mix's last proof scalar        (R2/R3)
                stage-votes  the first ranked-result's count: the votes of the
                             first candidate of the last stage, one unit more
                             (a decimal string of docs/count.md)           (R6)

Uses the hash and framing functions of verify_record.py (docs/spec.md §8.4, §8.9).
"""
import ctypes
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import verify_record as vr  # noqa: E402


def keypair(seed_hex):
    pk, sk = ctypes.create_string_buffer(32), ctypes.create_string_buffer(64)
    vr._na.crypto_sign_seed_keypair(pk, sk, bytes.fromhex(seed_hex.strip()))
    return pk.raw, sk.raw


def sign(sk, msg):
    sig = ctypes.create_string_buffer(64)
    vr._na.crypto_sign_detached(sig, None, msg, ctypes.c_ulonglong(len(msg)), sk)
    return sig.raw


def flip(h, pos):
    return h[:pos] + format(int(h[pos], 16) ^ 1, "x") + h[pos + 1:]


def main(rec, keys, case):
    path = os.path.join(rec, "board.jsonl")
    entries = [json.loads(l) for l in open(path, encoding="utf-8").read().splitlines()]
    mhash = bytes.fromhex(entries[0]["payload"]["manifest"])
    _, op_sk = keypair(open(os.path.join(keys, "operator.key")).read())
    tsk = {}
    for i in range(1, 101):
        f = os.path.join(keys, f"trustee{i}.key")
        if os.path.exists(f):
            tsk[i] = keypair(open(f).read())[1]
    done = False
    for e in entries:
        p = e["payload"]
        if case == "ciphertext" and e["kind"] == "cast":
            s = p["contests"][0]["selections"]
            s[0] = flip(s[0], 70)
            done = True
        elif case == "share-proof" and e["kind"] == "decryption-share":
            p["proofs"][0] = flip(p["proofs"][0], 128)   # first byte of z
            done = True
        elif case == "votes" and e["kind"] == "result":
            p["contests"][0]["options"][0]["votes"] += 1
            done = True
        elif case == "stage-votes" and e["kind"] == "ranked-result" and p["stages"]:
            c = p["stages"]["stages"][-1]["candidates"][0]
            v = c["votes"]
            c["votes"] = v[:-1] + str((int(v[-1]) + 1) % 10)   # last digit changed
            done = True
        elif case == "mix-proof" and e["kind"] == "mix":
            p["proof"] = flip(p["proof"], len(p["proof"]) - 64)  # first byte of s'_N
            done = True
        if done:
            break
    if not done:
        sys.exit(f"nothing to tamper with for {case}")
    # re-chain and re-sign everything (§8.4); re-co-sign the close (§8.9)
    prev = bytes(64)
    for e in entries:
        e["prev"] = prev.hex()
        if e["kind"] == "close":
            e["payload"]["head"] = prev.hex()
            st = vr.H(vr.frame("scrutineer/close/v1", "") + vr.frame("election", mhash)
                      + vr.Nfr("entries", e["index"]) + vr.frame("head", prev))
            e["payload"]["cosignatures"] = [{"trustee": i, "signature": sign(tsk[i], st).hex()}
                                            for i in sorted(tsk)]
        signer = bytes.fromhex(e["signer"])
        eh = vr.H(vr.frame("scrutineer/board-entry/v1", "") + vr.Nfr("index", e["index"])
                  + vr.frame("prev", prev) + vr.Tfr("kind", e["kind"])
                  + vr.Tfr("payload", vr.canonical(e["payload"])) + vr.frame("signer", signer))
        e["signature"] = sign(op_sk, eh).hex()
        prev = eh
    with open(path, "w", encoding="utf-8") as fh:
        for e in entries:
            fh.write(vr.canonical(e) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
