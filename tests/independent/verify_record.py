#!/usr/bin/env python3
"""Independent verifier for a scrutineer election record (format scrutineer/record/v1).

Written from the documents only: docs/spec.md, docs/format/*.md, docs/verify.md,
docs/ceremony.md, and docs/count.md for the recount of ranked contests (R6: the
presets scottish-stv, wigm, irv, meek, meek-prf and ers97; for ers97, points the
documents leave open follow `scrutineer count` output and are marked ERS-OPEN).  Python 3.11 standard library plus the system libsodium
(through ctypes) for ristretto255 and Ed25519.

Usage: python3 verify_record.py RECORD_DIR
Exit status: 0 every check performed passed, 1 some check failed,
2 the record cannot be read (missing file, manifest/roll unparsable).

Scalars are handled as Python integers modulo l (docs/spec.md §1); group
elements are kept as their 32-byte canonical encodings and combined with
libsodium's ristretto255 functions.
"""

import ctypes
import ctypes.util
import hashlib
import json
import os
import re
import sys

# ---------------------------------------------------------------------------
# libsodium
# ---------------------------------------------------------------------------


def _load_sodium():
    name = ctypes.util.find_library("sodium") or "libsodium.so.23"
    lib = ctypes.CDLL(name)
    if lib.sodium_init() < 0:
        raise OSError("sodium_init failed")
    return lib


class ReadError(Exception):
    """The record cannot be read at all (exit 2)."""


class Bad(Exception):
    """A malformed value (a format error, docs/spec.md §7)."""


# What malformed JSON can raise while a payload is taken apart.
MALFORMED = (Bad, KeyError, TypeError, ValueError, IndexError, AttributeError, OverflowError)


try:
    _na = _load_sodium()
except OSError as exc:  # pragma: no cover - environment problem
    print(f"FAIL setup: cannot load libsodium: {exc}")
    sys.exit(2)

# docs/spec.md §1: the group order and the generator's encoding.
ELL = 2**252 + 27742317777372353535851937790883648493
G = bytes.fromhex("e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76")
ZERO = bytes(32)
GROUP = "ristretto255"


def _buf():
    return ctypes.create_string_buffer(32)


def is_point(b):
    return len(b) == 32 and _na.crypto_core_ristretto255_is_valid_point(b) == 1


def padd(p, q):
    r = _buf()
    if _na.crypto_core_ristretto255_add(r, p, q) != 0:
        raise Bad("point addition on an invalid point")
    return r.raw


def psub(p, q):
    r = _buf()
    if _na.crypto_core_ristretto255_sub(r, p, q) != 0:
        raise Bad("point subtraction on an invalid point")
    return r.raw


def smul(s, p):
    """s·P; libsodium refuses an identity result (returns -1): that is 0 here."""
    s %= ELL
    if s == 0 or p == ZERO:
        return ZERO
    r = _buf()
    if _na.crypto_scalarmult_ristretto255(r, s.to_bytes(32, "little"), p) != 0:
        return ZERO
    return r.raw


def bmul(s):
    """s·G."""
    s %= ELL
    if s == 0:
        return ZERO
    r = _buf()
    if _na.crypto_scalarmult_ristretto255_base(r, s.to_bytes(32, "little")) != 0:
        return ZERO
    return r.raw


def psum(points):
    acc = ZERO
    for p in points:
        acc = padd(acc, p)
    return acc


def one_way_map(h64):
    """RFC 9496 §4.3.4 (libsodium crypto_core_ristretto255_from_hash)."""
    r = _buf()
    _na.crypto_core_ristretto255_from_hash(r, h64)
    return r.raw


def ed25519_verify(sig, msg, pk):
    if len(sig) != 64 or len(pk) != 32:
        return False
    return _na.crypto_sign_verify_detached(sig, msg, ctypes.c_ulonglong(len(msg)), pk) == 0


# ---------------------------------------------------------------------------
# docs/spec.md §1–§4: encodings, framing, transcripts, hashing
# ---------------------------------------------------------------------------


def H(data):
    """§1: H is SHA-512."""
    return hashlib.sha512(data).digest()


def u32(n):
    if not isinstance(n, int) or isinstance(n, bool) or not 0 <= n < 2**32:
        raise Bad(f"not an integer in 0 … 2^32 − 1: {n!r}")
    return n.to_bytes(4, "little")


def u64(n):
    if not isinstance(n, int) or isinstance(n, bool) or not 0 <= n < 2**64:
        raise Bad(f"not an integer in 0 … 2^64 − 1: {n!r}")
    return n.to_bytes(8, "little")


def _b(x):
    return x.encode("utf-8") if isinstance(x, str) else bytes(x)


def frame(label, data):
    """§2: u32le(len(label)) ‖ label ‖ u64le(len(data)) ‖ data."""
    label, data = _b(label), _b(data)
    return u32(len(label)) + label + u64(len(data)) + data


def Efr(label, p):
    return frame(label, p)


def Sfr(label, s):
    return frame(label, (s % ELL).to_bytes(32, "little"))


def Nfr(label, n):
    return frame(label, u64(n))


def Tfr(label, text):
    return frame(label, text)


def from_wide(b64):
    """§1: little-endian integer of 64 bytes mod l."""
    return int.from_bytes(b64, "little") % ELL


def for_election(ident):
    """§3.1."""
    return H(frame("scrutineer/context/v1", ident))[:32]


def derive(parent, label, data):
    """§3.1."""
    return H(parent + frame(label, data))[:32]


class Transcript:
    """§3.2: the Fiat–Shamir transcript, in its three phases."""

    def __init__(self, protocol, context):
        self.buf = bytearray()
        self.buf += Tfr("domain", "scrutineer/fiat-shamir/v1")
        self.buf += Tfr("protocol", protocol)
        self.buf += Tfr("group", GROUP)
        self.buf += frame("context", context)
        self.buf += Tfr("phase", "statement")
        self.count = 0

    def add(self, b):
        self.buf += b

    def commitments(self):
        self.buf += Tfr("phase", "commitments")

    def challenge(self):
        self.buf += Nfr("challenge", self.count)
        c = from_wide(H(bytes(self.buf)))
        self.buf += Sfr("challenge-value", c)
        self.count += 1
        return c


def hash_to_group(d, m):
    """§4."""
    return one_way_map(H(Tfr("scrutineer/hash-to-group/v1", d) + frame("message", m)))


def generators(context, label, count):
    """§4 / §9.2: independent generators generator_0 … generator_{count-1}."""
    lab = _b(label)
    return [hash_to_group("scrutineer/generators/v1",
                          context + u32(len(lab)) + lab + u64(i)) for i in range(count)]


# ---------------------------------------------------------------------------
# Decoding (§1 hex, elements, scalars; §5 ciphertexts)
# ---------------------------------------------------------------------------

_HEX = re.compile(r"\A[0-9a-f]*\Z")


def dhex(v, nbytes, what):
    """Lowercase hex of exactly nbytes bytes (docs/format/record.md §3)."""
    if not isinstance(v, str) or not _HEX.match(v) or len(v) % 2:
        raise Bad(f"{what}: not lowercase hex")
    b = bytes.fromhex(v)
    if nbytes is not None and len(b) != nbytes:
        raise Bad(f"{what}: {len(b)} bytes, expected {nbytes}")
    return b


def delem(b, what, allow_identity=False):
    """§1/§6: canonical ristretto255 encoding, and not the identity."""
    if len(b) != 32 or not is_point(b):
        raise Bad(f"{what}: not a canonical group element")
    if not allow_identity and b == ZERO:
        raise Bad(f"{what}: identity element")
    return b


def dscalar(b, what):
    if len(b) != 32:
        raise Bad(f"{what}: bad length")
    s = int.from_bytes(b, "little")
    if s >= ELL:
        raise Bad(f"{what}: scalar not reduced modulo the group order")
    return s


def hex_elem(v, what):
    return delem(dhex(v, 32, what), what)


def hex_ct(v, what):
    """§5: a ciphertext alpha ‖ beta, neither the identity."""
    b = dhex(v, 64, what)
    return (delem(b[:32], what + ".alpha"), delem(b[32:], what + ".beta"))


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def canonical(v):
    """docs/format/record.md §3: nlohmann::json::dump() form."""
    return json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


# ---------------------------------------------------------------------------
# §6 Proofs
# ---------------------------------------------------------------------------


def verify_schnorr(ctx, g, X, proof):
    """§6.1."""
    if len(proof) != 64:
        raise Bad("schnorr proof: bad length")
    A = delem(proof[:32], "schnorr A")
    z = dscalar(proof[32:], "schnorr z")
    t = Transcript("scrutineer/proof/schnorr/v1", ctx)
    t.add(Efr("g", g) + Efr("X", X))
    t.commitments()
    t.add(Efr("A", A))
    c = t.challenge()
    return smul(z, g) == padd(A, smul(c, X))


def verify_cp(ctx, g, X, h, Y, proof):
    """§6.2 Chaum–Pedersen."""
    if len(proof) != 96:
        raise Bad("chaum-pedersen proof: bad length")
    A = delem(proof[:32], "cp A")
    B = delem(proof[32:64], "cp B")
    z = dscalar(proof[64:], "cp z")
    t = Transcript("scrutineer/proof/chaum-pedersen/v1", ctx)
    t.add(Efr("g", g) + Efr("X", X) + Efr("h", h) + Efr("Y", Y))
    t.commitments()
    t.add(Efr("A", A) + Efr("B", B))
    c = t.challenge()
    return smul(z, g) == padd(A, smul(c, X)) and smul(z, h) == padd(B, smul(c, Y))


def _verify_disjunctive(label, statement, ctx, K, alpha, beta, R, proof):
    """§6.3 (and §6.4 with its own label and statement frames)."""
    if len(proof) != 128 * (R + 1):
        raise Bad(f"{label}: length {len(proof)}, expected {128 * (R + 1)}")
    br = []
    for j in range(R + 1):
        o = 128 * j
        a = delem(proof[o:o + 32], f"a[{j}]")
        b = delem(proof[o + 32:o + 64], f"b[{j}]")
        cj = dscalar(proof[o + 64:o + 96], f"c[{j}]")
        vj = dscalar(proof[o + 96:o + 128], f"v[{j}]")
        br.append((a, b, cj, vj))
    t = Transcript(label, ctx)
    t.add(statement)
    t.commitments()
    for a, b, _, _ in br:
        t.add(Efr("a", a) + Efr("b", b))
    c = t.challenge()
    if sum(x[2] for x in br) % ELL != c:
        return False
    for j, (a, b, cj, vj) in enumerate(br):
        if bmul(vj) != padd(a, smul(cj, alpha)):
            return False
        if smul(vj, K) != padd(b, smul(cj, psub(beta, bmul(j)))):
            return False
    return True


def verify_range(ctx, K, ct, R, proof):
    alpha, beta = ct
    st = Efr("g", G) + Efr("K", K) + Efr("alpha", alpha) + Efr("beta", beta) + Nfr("R", R)
    return _verify_disjunctive("scrutineer/proof/range/v1", st, ctx, K, alpha, beta, R, proof)


def verify_limit(ctx, K, cts, L, proof):
    """§6.4: over the sum of the contest's selections."""
    st = Efr("g", G) + Efr("K", K) + Nfr("n", len(cts))
    for a, b in cts:
        st += Efr("alpha", a) + Efr("beta", b)
    st += Nfr("L", L)
    sa = psum(a for a, _ in cts)
    sb = psum(b for _, b in cts)
    return _verify_disjunctive("scrutineer/proof/contest-limit/v1", st, ctx, K, sa, sb, L, proof)


def verify_randomness(ctx, K, cts, proof):
    """§6.5 (v2): z·G = A + Σ c^i·α_i."""
    if len(proof) != 64:
        raise Bad("randomness proof: bad length")
    A = delem(proof[:32], "randomness A")
    z = dscalar(proof[32:], "randomness z")
    t = Transcript("scrutineer/proof/encryption-randomness/v2", ctx)
    st = Efr("g", G) + Efr("K", K) + Nfr("n", len(cts))
    for a, b in cts:
        st += Efr("alpha", a) + Efr("beta", b)
    t.add(st)
    t.commitments()
    t.add(Efr("A", A))
    c = t.challenge()
    acc, ci = A, 1
    for a, _ in cts:
        ci = ci * c % ELL
        acc = padd(acc, smul(ci, a))
    return bmul(z) == acc


# ---------------------------------------------------------------------------
# §9 Proof of shuffle
# ---------------------------------------------------------------------------


def decode_list(b, N, w, what):
    """§9.1: list of N ciphertext vectors of width w."""
    if len(b) != 64 * w * N:
        raise Bad(f"{what}: {len(b)} bytes, expected {64 * w * N}")
    out = []
    for i in range(N):
        vec = []
        for j in range(w):
            o = 64 * (i * w + j)
            vec.append((delem(b[o:o + 32], f"{what}[{i}][{j}].alpha"),
                        delem(b[o + 32:o + 64], f"{what}[{i}][{j}].beta")))
        out.append(vec)
    return out


def verify_shuffle(ctx, K, N, w, inp_bytes, out_bytes, proof):
    """§9.3–§9.5, equations checked one by one."""
    if not (1 <= N <= 2**40 and 1 <= w <= 4096):
        raise Bad("shuffle: N or w out of range")
    if len(proof) != 32 * (5 * N + 6 + 3 * w):
        raise Bad("shuffle proof: bad length")
    e = decode_list(inp_bytes, N, w, "input")
    et = decode_list(out_bytes, N, w, "output")
    pos = [0]

    def el(k, what):
        r = []
        for i in range(k):
            o = pos[0]
            r.append(delem(proof[o:o + 32], f"{what}[{i}]"))
            pos[0] += 32
        return r

    def sc(k, what):
        r = []
        for i in range(k):
            o = pos[0]
            r.append(dscalar(proof[o:o + 32], f"{what}[{i}]"))
            pos[0] += 32
        return r

    c = el(N, "c")
    ch = el(N, "c-hat")
    th = el(N, "t-hat")
    t1, t2, t3 = el(3, "t")
    t4a = el(w, "t4-alpha")
    t4b = el(w, "t4-beta")
    s1, s2, s3 = sc(3, "s")
    s4 = sc(w, "s4")
    sh = sc(N, "s-hat")
    sp = sc(N, "s-prime")

    gens = generators(ctx, "scrutineer/shuffle/v1", N + 1)
    h, hs = gens[0], gens[1:]
    t = Transcript("scrutineer/proof/shuffle/v1", ctx)
    t.add(Efr("g", G) + Efr("K", K) + Nfr("n", N) + Nfr("w", w)
          + Tfr("generators", "scrutineer/shuffle/v1")
          + frame("input", inp_bytes) + frame("output", out_bytes))
    t.commitments()
    t.add(frame("c", b"".join(c)))
    sigma = t.challenge()
    u = [from_wide(H(Tfr("domain", "scrutineer/shuffle/challenge-vector/v1")
                     + Sfr("seed", sigma) + Nfr("index", i))) for i in range(N)]
    t.add(frame("c-hat", b"".join(ch)) + Efr("t1", t1) + Efr("t2", t2) + Efr("t3", t3)
          + frame("t4-alpha", b"".join(t4a)) + frame("t4-beta", b"".join(t4b))
          + frame("t-hat", b"".join(th)))
    cc = t.challenge()

    fails = []
    cbar = psub(psum(c), psum(hs))
    if bmul(s1) != padd(t1, smul(cc, cbar)):
        fails.append("s1·G = t1 + c·c̄")
    U = 1
    for x in u:
        U = U * x % ELL
    if bmul(s2) != padd(t2, smul(cc, psub(ch[-1], smul(U, h)))):
        fails.append("s2·G = t2 + c·(ĉ_N − Ū·h)")
    ctil = psum(smul(u[i], c[i]) for i in range(N))
    lhs = padd(bmul(s3), psum(smul(sp[i], hs[i]) for i in range(N)))
    if lhs != padd(t3, smul(cc, ctil)):
        fails.append("s3 equation")
    for j in range(w):
        ap = psum(smul(u[i], e[i][j][0]) for i in range(N))
        bp = psum(smul(u[i], e[i][j][1]) for i in range(N))
        la = psub(psum(smul(sp[i], et[i][j][0]) for i in range(N)), bmul(s4[j]))
        lb = psub(psum(smul(sp[i], et[i][j][1]) for i in range(N)), smul(s4[j], K))
        if la != padd(t4a[j], smul(cc, ap)):
            fails.append(f"t4-alpha[{j}] equation")
        if lb != padd(t4b[j], smul(cc, bp)):
            fails.append(f"t4-beta[{j}] equation")
    prev = h
    for i in range(N):
        if padd(bmul(sh[i]), smul(sp[i], prev)) != padd(th[i], smul(cc, ch[i])):
            fails.append(f"chain equation {i + 1}")
            break
        prev = ch[i]
    return fails


# ---------------------------------------------------------------------------
# §9.7 Ranking encoding
# ---------------------------------------------------------------------------


def ranking_width(m):
    return (1 + m + 29) // 30


def _embed_chunk(D):
    for c in range(320):
        s = bytes([2 * (c % 128)]) + D + bytes([c // 128])
        if s != ZERO and is_point(s):
            return s
    raise Bad("ranking: no embedding")


def embed_ranking(ranking, m):
    w = ranking_width(m)
    M = bytearray(30 * w)
    M[0] = len(ranking)
    for i, r in enumerate(ranking):
        M[1 + i] = r
    return [_embed_chunk(bytes(M[30 * j:30 * j + 30])) for j in range(w)]


def decode_ranking(points, m):
    """§9.7 decoding; returns (ranking, None) or (None, problem), the problem
    being the exact text of §9.7's table "Problems"."""
    if not 1 <= m <= 255:
        return None, f"a ranked contest has 1 to 255 candidates, got {m}"
    w = ranking_width(m)
    if len(points) != w:
        return None, f"a ranking of {m} candidates is {w} point{'' if w == 1 else 's'}, got {len(points)}"
    M = bytearray()
    for j0, E in enumerate(points):
        j = j0 + 1  # points are numbered from 1 in the texts
        if E == ZERO:
            return None, f"point {j}: the identity is never an embedding"
        if E[0] % 2:
            return None, f"point {j}: byte 0 is odd, not a counter byte"
        c = E[0] // 2 + 128 * E[31]
        if E[31] > 2 or c >= 320:
            return None, f"point {j}: bytes 0 and 31 ({E[0]}, {E[31]}) are not a counter below 320"
        D = E[1:31]
        for c2 in range(c):
            s = bytes([2 * (c2 % 128)]) + D + bytes([c2 // 128])
            if s != ZERO and is_point(s):
                return None, (f"point {j}: counter {c} is not the first that decodes ({c2} does): "
                              "not the canonical embedding")
        M += D
    L = M[0]
    if L > m:
        return None, f"length byte {L} exceeds the number of candidates {m}"
    seen = set()
    for i in range(1, L + 1):
        if M[i] >= m:
            return None, f"position {i}: candidate index {M[i]} is not below the number of candidates {m}"
        if M[i] in seen:
            return None, f"position {i}: candidate {M[i]} is repeated"
        seen.add(M[i])
    for t in range(L + 1, len(M)):
        if M[t]:
            return None, f"padding byte {t} of the message is {M[t]}, not zero"
    return list(M[1:L + 1]), None


# ---------------------------------------------------------------------------
# docs/count.md: the count of a ranked contest (R6, docs/spec.md §8.11)
# ---------------------------------------------------------------------------
# Everything here is integer arithmetic in units of 10^-d of a vote (count.md,
# "Arithmetic").  Candidates are 0-based inside, 1-based in the transcript.

LOT_TAG = b"scrutineer/count/lot/v1"


def lot_draw(seed, draw_index, ids):
    """count.md "Ties decided by lot": pick one of ids (0-based, ascending)."""
    k = len(ids)
    limit = 2**64 - (2**64 % k)
    base = (LOT_TAG + len(seed).to_bytes(8, "big") + seed + draw_index.to_bytes(8, "big")
            + k.to_bytes(4, "big") + b"".join(i.to_bytes(4, "big") for i in ids))
    j = 0
    while True:
        x = int.from_bytes(hashlib.sha256(base + j.to_bytes(4, "big")).digest()[:8], "big")
        if x < limit:
            return ids[x % k]
        j += 1


def fmt_amount(u, d):
    """count.md "Output formats": an amount as a decimal string with d places."""
    s = "-" if u < 0 else ""
    a = abs(u)
    if d == 0:
        return s + str(a)
    return f"{s}{a // 10**d}.{a % 10**d:0{d}d}"


# count.md "Presets" (and the table "Rule parameters").
COUNT_RULES = {
    "scottish-stv": dict(kind="gregory", d=5, quota="droop_whole", ties="backward", final="lot",
                         zero_surplus_stage=False),
    "wigm": dict(kind="gregory", d=4, quota="droop_plus_unit", ties="backward", final="lot",
                 zero_surplus_stage=False),
    "irv": dict(kind="irv", d=0, quota="majority", ties="backward", final="lot"),
    "meek": dict(kind="meek", d=9, quota="meek", ties="forward", final="lot", omega=10**5,
                 stall=True, surplus_ties=False),
    "meek-prf": dict(kind="meek", d=9, quota="meek", ties="none", final="candidate_order",
                     omega=10**3, stall=True, surplus_ties=True),
    "ers97": dict(kind="ers97", d=2, quota="droop_ers97", ties="forward", final="lot"),
}


class CountError(Exception):
    pass


class Count:
    """One count under docs/count.md; run() returns the transcript (transcript_json)."""

    def __init__(self, method, seats, names, ballots, seed, title, parties=None, withdrawn=()):
        if method not in COUNT_RULES:
            raise CountError(f"counting rules {method!r} not implemented here")
        self.method = method
        self.r = COUNT_RULES[method]
        self.d = self.r["d"]
        self.one = 10**self.d
        self.n = len(names)
        self.names = names
        self.parties = parties or [""] * self.n
        self.withdrawn = set(withdrawn)
        self.seats = seats
        self.seed = seed
        self.title = title
        # count.md: papers naming only withdrawn candidates are invalid; identical
        # rankings are merged and sorted.
        agg = {}
        self.invalid = 0
        for rk, wt in ballots:
            rk = tuple(c for c in rk if c not in self.withdrawn)
            if not rk:
                self.invalid += wt
                continue
            agg[rk] = agg.get(rk, 0) + wt
        self.ballots = sorted(agg.items())
        self.V = sum(w for _, w in self.ballots)
        self.state = ["withdrawn" if c in self.withdrawn else "hopeful" for c in range(self.n)]
        self.votes = [0] * self.n
        self.hist = []          # votes after each stage
        self.stages = []
        self.elected = []
        self.draws = 0
        self.nt_total = 0
        self.round_total = 0

    # -- helpers ------------------------------------------------------------
    def fmt(self, u):
        return fmt_amount(u, self.d)

    def hopeful(self):
        return [c for c in range(self.n) if self.state[c] == "hopeful"]

    def next_pref(self, rk, pos):
        """First continuing candidate at or after position pos, or (None, len)."""
        while pos < len(rk):
            if self.state[rk[pos]] == "hopeful":
                return rk[pos], pos
            pos += 1
        return None, pos

    def history(self, tied, lowest):
        """count.md "The history test": narrow tied (0-based); returns (those left,
        ascending, and `how` or None when no stage narrowed the set)."""
        cands = sorted(tied)
        how = None
        mode = self.r["ties"]
        # count.md "The history test": every stage recorded so far, stage 1 and the
        # latest recorded stage included, for every purpose. (An election-order tie is
        # decided before its stage is recorded, where the tied are equal; a Meek
        # exclusion after the stage's iterations, whose votes are not a recorded stage,
        # so the latest recorded one can still separate them. In the parcel engines a
        # surplus-order or exclusion tie is decided on the votes of the latest recorded
        # stage, where the tied are equal, so that stage never narrows the set there.)
        nh = len(self.hist)
        if mode in ("backward", "forward") and nh > 0:
            order = range(nh - 1, -1, -1) if mode == "backward" else range(nh)
            for s in order:
                vs = [self.hist[s][c] for c in cands]
                if len(set(vs)) > 1:
                    best = min(vs) if lowest else max(vs)
                    cands = [c for c in cands if self.hist[s][c] == best]
                    how = f"{mode} to stage {s + 1}"
                    if len(cands) == 1:
                        break
        return cands, how

    def tie(self, tied, purpose, lowest):
        """count.md `ties`/`final_tie`: pick one of tied (0-based, ascending)."""
        tied = sorted(tied)
        rec = {"purpose": purpose, "tied": [c + 1 for c in tied]}
        cands, how = self.history(tied, lowest)
        if how:
            rec["how"] = how
        if len(cands) == 1:
            rec["chosen"] = cands[0] + 1
        elif self.r["final"] == "candidate_order":
            pick = cands[0] if lowest else cands[-1]
            rec["how"] = "candidate order"
            rec["chosen"] = pick + 1
            cands = [pick]
        else:
            pick = lot_draw(self.seed, self.draws, cands)
            rec.update(how=rec["how"] + ", then lot" if "how" in rec else "lot", chosen=pick + 1, draw=self.draws, lot_among=[c + 1 for c in cands])
            self.draws += 1
            cands = [pick]
        self.cur_ties.append(rec)
        return cands[0]

    def order_elected(self, cs):
        """count.md: newly elected candidates are listed in order of votes."""
        return sorted(cs, key=lambda c: (-self.votes[c], c))

    def fill_last_vacancies(self):
        """count.md: when the hopefuls are no more than the places left, they are
        elected (listed in order of votes); returns them (empty if the test fails)."""
        left = self.seats - len(self.elected)
        h = self.hopeful()
        if not (0 < left and len(h) <= left):
            return []
        rest = self.order_elected(h)
        for c in rest:
            self.state[c] = "elected"
            self.elected.append(c)
        return rest

    def record(self, action, subjects, amount, quota, nt, rnd, newly, note=None, extra=None):
        prev = self.hist[-1] if self.hist else [0] * self.n
        self.nt_total += nt
        self.round_total += rnd
        st = {
            "stage": len(self.stages) + 1,
            "action": action,
            "subjects": [c + 1 for c in subjects],
            "subject_amount": self.fmt(amount),
            "quota": self.fmt(quota),
            "candidates": [{"candidate": c + 1, "transferred": self.fmt(self.votes[c] - prev[c]),
                            "votes": self.fmt(self.votes[c]), "state": self.state[c]}
                           for c in range(self.n)],
            "nontransferable": {"transferred": self.fmt(nt), "total": self.fmt(self.nt_total)},
            "rounding": {"this_stage": self.fmt(rnd), "total": self.fmt(self.round_total)},
            "elected": [c + 1 for c in newly],
            "ties": self.cur_ties,
        }
        if extra:
            st.update(extra)
        if note:
            st["note"] = note
        self.stages.append(st)
        self.hist.append(list(self.votes))
        self.cur_ties = []

    def transcript(self, quota):
        return {
            "format": "scrutineer-count-transcript/1",
            "method": self.method,
            "title": self.title,
            "seats": self.seats,
            "decimals": self.d,
            "valid_votes": self.V,
            "invalid_papers": self.invalid,
            "quota": self.fmt(quota),
            "candidates": [{"id": c + 1, "name": self.names[c], "party": self.parties[c],
                            "withdrawn": c in self.withdrawn} for c in range(self.n)],
            "stages": self.stages,
            "elected": [c + 1 for c in self.elected],
            "lots_drawn": self.draws,
        }

    def run(self):
        self.cur_ties = []
        kind = self.r["kind"]
        if kind == "gregory":
            return self.run_gregory()
        if kind == "irv":
            return self.run_irv()
        if kind == "ers97":
            return self.run_ers97()
        return self.run_meek()

    # -- gregory (scottish-stv, wigm) ------------------------------------------
    def run_gregory(self):
        one, S, V = self.one, self.seats, self.V
        if self.r["quota"] == "droop_whole":
            quota = (V // (S + 1) + 1) * one
        else:                                   # droop_plus_unit
            quota = V * one // (S + 1) + 1
        # papers[c]: list of [ranking, position, weight, value]
        papers = [[] for _ in range(self.n)]
        for rk, w in self.ballots:
            c, p = self.next_pref(rk, 0)
            papers[c].append([rk, p, w, one])
            self.votes[c] += w * one
        pending = []                              # elected, surplus not yet transferred

        def elect_at_quota():
            new = self.order_elected([c for c in self.hopeful() if self.votes[c] >= quota])
            for c in new:
                self.state[c] = "elected"
                self.elected.append(c)
                if self.votes[c] > quota or self.r["zero_surplus_stage"]:
                    pending.append(c)
            return new

        def finish_stage(action, subjects, amount, nt, rnd):
            new = elect_at_quota()
            rest = self.fill_last_vacancies()
            note = "last vacancies filled: continuing candidates equal vacancies" if rest else None
            self.record(action, subjects, amount, quota, nt, rnd, new + rest, note)

        def move(plist, value_of):
            """Move papers to their next continuing preference; returns nt amount."""
            nt = 0
            for rk, p, w, v in plist:
                nv = value_of(v)
                c, np = self.next_pref(rk, p + 1)
                if c is None:
                    nt += nv * w
                else:
                    papers[c].append([rk, np, w, nv])
                    self.votes[c] += nv * w
            return nt

        finish_stage("first", [], 0, 0, 0)
        while len(self.elected) < S:
            if pending:
                big = max(self.votes[c] for c in pending)
                tied = [c for c in pending if self.votes[c] == big]
                c = tied[0] if len(tied) == 1 else self.tie(tied, "surplus order", lowest=False)
                pending.remove(c)
                total = self.votes[c]
                surplus = total - quota
                plist, papers[c] = papers[c], []
                before = sum(self.votes)
                nt = move(plist, lambda v: surplus * v // total)
                self.votes[c] = quota
                moved = sum(self.votes) - before + surplus  # to candidates
                rnd = surplus - moved - nt
                finish_stage("surplus", [c], surplus, nt, rnd)
            else:
                h = self.hopeful()
                low = min(self.votes[c] for c in h)
                tied = [c for c in h if self.votes[c] == low]
                c = tied[0] if len(tied) == 1 else self.tie(tied, "exclusion", lowest=True)
                self.state[c] = "excluded"
                amount = self.votes[c]
                plist, papers[c] = papers[c], []
                self.votes[c] = 0
                nt = move(plist, lambda v: v)
                finish_stage("exclusion", [c], amount, nt, 0)
        return self.transcript(quota)

    # -- irv -------------------------------------------------------------------
    def run_irv(self):
        papers = [[] for _ in range(self.n)]
        for rk, w in self.ballots:
            c, p = self.next_pref(rk, 0)
            papers[c].append([rk, p, w])
            self.votes[c] += w
        first_quota = None
        action, subjects, amount, nt = "first", [], 0, 0
        while True:
            h = self.hopeful()
            quota = sum(self.votes[c] for c in h) // 2 + 1
            if first_quota is None:
                first_quota = quota
            win = [c for c in h if self.votes[c] >= quota]
            new = []
            if win or len(h) == 1:
                c = win[0] if win else h[0]
                self.state[c] = "elected"
                self.elected.append(c)
                new = [c]
            self.record(action, subjects, amount, quota, nt, 0, new)
            if new:
                break
            low = min(self.votes[c] for c in h)
            tied = [c for c in h if self.votes[c] == low]
            c = tied[0] if len(tied) == 1 else self.tie(tied, "exclusion", lowest=True)
            self.state[c] = "excluded"
            amount = self.votes[c]
            self.votes[c] = 0
            plist, papers[c] = papers[c], []
            nt = 0
            for rk, p, w in plist:
                d, np = self.next_pref(rk, p + 1)
                if d is None:
                    nt += w
                else:
                    papers[d].append([rk, np, w])
                    self.votes[d] += w
            action, subjects = "exclusion", [c]
        return self.transcript(first_quota)

    # -- ers97 (ERS model rules 1997, sections 5-6; count.md `ers97`) ------------
    # Readings of points the documents leave open are marked ERS-OPEN.

    def run_ers97(self):
        one, S, V = self.one, self.seats, self.V
        n = self.n

        def ceil_div(a, b):
            return -(-a // b)

        quota = ceil_div(V * one, S + 1)          # 5.1.6
        first_quota = quota
        # papers[c]: every paper c holds, [rk, pos, w, value]; last[c]: the last parcel received
        papers = [[] for _ in range(n)]
        last = [None] * n
        for rk, w in self.ballots:
            c, p = self.next_pref(rk, 0)
            papers[c].append([rk, p, w, one])
            self.votes[c] += w * one
        for c in range(n):
            last[c] = list(papers[c])
        pending = []
        self.q = quota

        def active_vote():
            kept = sum(min(self.q, self.votes[c]) for c in self.elected)
            return V * one - self.nt_total - self.round_total - kept

        def election_tie(tied, places):
            """count.md "Ties for the last places (5.6.2)": one place among tied (more
            than places), forward by the history test, never by lot; the one elected,
            or None (no tie recorded) when more are left than places."""
            cands, how = self.history(tied, lowest=False)
            if len(cands) > places:
                return None
            if len(cands) > 1:
                how += ", then candidate order"
            self.cur_ties.append({"purpose": "election order", "tied": [c + 1 for c in sorted(tied)],
                                  "how": how, "chosen": cands[0] + 1})
            return cands[0]

        def end_stage(action, subjects, amount, nt, extra_note=None):
            # nt counted before the tests (5.4.8, 5.6.1)
            self.nt_total += nt
            if not self.elected:                   # 5.4.8
                self.q = ceil_div(V * one - self.nt_total, S + 1)
            new, notes = [], []
            stalled = False
            while not stalled:
                left = S - len(self.elected)
                if left <= 0:
                    break
                h = self.hopeful()
                thr = max(1, ceil_div(active_vote(), left + 1))
                eff = min(self.q, thr)
                reach = sorted([c for c in h if self.votes[c] >= eff], key=lambda c: (-self.votes[c], c))
                if not reach:
                    break
                if len(reach) > left:
                    edge = self.votes[reach[left - 1]]
                    take = [c for c in reach if self.votes[c] > edge]
                    tied = [c for c in reach if self.votes[c] == edge]
                    if len(tied) <= left - len(take):
                        # places for all of the equal ones: not a tie (candidate number order)
                        take += tied
                    while len(take) < left:
                        c = election_tie(tied, left - len(take))
                        if c is None:
                            stalled = True
                            break
                        tied.remove(c)
                        take.append(c)
                    reach = take
                below = False
                for c in reach:
                    self.state[c] = "elected"
                    self.elected.append(c)
                    new.append(c)
                    if self.votes[c] < self.q:
                        below = True
                    elif self.votes[c] > self.q:
                        pending.append(c)
                # count.md "Stage notes": each note once per stage
                note_b = "deemed elected on the total active vote / (vacancies + 1), below the quota (ERS97 5.1.7(b))"
                if below and note_b not in notes:
                    notes.append(note_b)
            if stalled:
                notes.append("equal votes at every stage and not places for all: "
                             "none of them deemed elected at this stage (ERS97 5.6.2)")
            rest = self.fill_last_vacancies()
            if rest:
                new = new + rest
                notes.append("last vacancies filled: continuing candidates equal vacancies")
            # the 5.4.4 note only while places remain (count.md: not on the stage that ends the count)
            if extra_note and S - len(self.elected) > 0:
                notes.append(extra_note)
            self.nt_total -= nt
            self.record(action, subjects, amount, self.q, nt, 0, new, "; ".join(notes) or None)

        def move(plist, value, dest_parcels):
            nt = 0
            for rk, p, w, v in plist:
                c, np = self.next_pref(rk, p + 1)
                if c is None:
                    nt += value * w
                else:
                    pp = [rk, np, w, value]
                    papers[c].append(pp)
                    dest_parcels.setdefault(c, []).append(pp)
                    self.votes[c] += value * w
            return nt

        def bulk_group(extra):
            """5.2.5: the lowest candidates to exclude together (k >= 2), or None."""
            h = sorted(self.hopeful(), key=lambda c: (self.votes[c], c))
            left = S - len(self.elected)
            best = None
            tot = 0
            for k in range(1, len(h)):
                tot += self.votes[h[k - 1]]
                if len(h) - k < left:
                    break
                nxt = self.votes[h[k]]
                # 5.2.5(b) "does not exceed"; a tie with the next candidate is never split
                if tot + extra <= nxt and self.votes[h[k - 1]] < nxt:
                    best = k
            return h, best

        def deferred():
            """5.2.2: whether the surpluses' total may wait."""
            T = sum(self.votes[c] - self.q for c in pending)
            h = sorted(self.hopeful(), key=lambda c: (self.votes[c], c))
            if len(h) < 2:
                return False
            left = S - len(self.elected)
            tot = 0
            for k in range(1, len(h)):
                tot += self.votes[h[k - 1]]
                if k > 1 and len(h) - k < left:
                    break
                nxt = self.votes[h[k]]
                # (a) k == 1, (b) k >= 2 (the group as 5.2.5 forms it); both "does not exceed"
                if T + tot <= nxt:
                    return True
            return False

        end_stage("first", [], 0, 0)
        while len(self.elected) < S:
            if pending and not deferred():
                big = max(self.votes[c] for c in pending)
                tied = [c for c in pending if self.votes[c] == big]
                c = tied[0] if len(tied) == 1 else self.tie(tied, "surplus order", lowest=False)
                pending.remove(c)
                surplus = self.votes[c] - self.q
                plist = last[c]
                trans = [pp for pp in plist if self.next_pref(pp[0], pp[1] + 1)[0] is not None]
                nw = sum(pp[2] for pp in trans)
                val = plist[0][3] if plist else 0
                if nw and nw * val > surplus:
                    tv = surplus // nw
                else:
                    tv = val
                dest = {}
                move(trans, tv, dest)
                for d, pl in dest.items():
                    last[d] = pl
                self.votes[c] = self.q
                nt = surplus - tv * nw
                end_stage("surplus", [c], surplus, nt)
                continue
            T = sum(self.votes[c] - self.q for c in pending)
            h, k = bulk_group(T)
            if k is None:
                low = self.votes[h[0]]
                tied = [c for c in h if self.votes[c] == low]
                group = [tied[0] if len(tied) == 1 else self.tie(tied, "exclusion", lowest=True)]
            else:
                group = h[:k]           # ERS-OPEN: subjects listed lowest vote first
            amount = sum(self.votes[c] for c in group)
            allp = []
            for c in group:
                self.state[c] = "excluded"
                allp += [(c, pp) for pp in papers[c]]
                papers[c] = []
            values = sorted({pp[3] for _, pp in allp}, reverse=True)
            if not values:
                values = [None]
            for i, v in enumerate(values):
                batch = [(c, pp) for c, pp in allp if pp[3] == v]
                for c, pp in batch:
                    self.votes[c] -= pp[2] * pp[3]
                dest = {}
                nt = move([pp for _, pp in batch], v, dest)
                for d, pl in dest.items():
                    last[d] = pl
                end_stage("exclusion", group, amount, nt,
                          "exclusion continues with the next batch (ERS97 5.4.4)" if i + 1 < len(values) else None)
                if len(self.elected) >= S:
                    break
        return self.transcript(first_quota)

    # -- meek (meek, meek-prf) ----------------------------------------------------
    def run_meek(self):
        one, S, n = self.one, self.seats, self.n
        r = self.r
        kf = [0 if self.state[c] == "withdrawn" else one for c in range(n)]
        total_papers = self.V * one   # invalid papers are left out (count.md)

        def distribute():
            v = [0] * n
            for rk, w in self.ballots:
                rem = one
                for c in rk:
                    if kf[c] == 0:
                        continue
                    give = -(-rem * kf[c] // one)        # ceil9(remaining × kf)
                    v[c] += give * w
                    rem -= give
                    if rem <= 0:
                        break
            self.votes = v
            held = sum(v)
            return held // (S + 1) + 1, total_papers - held   # quota, excess

        def surplus_of(quota):
            return sum(max(0, self.votes[c] - quota) for c in range(n) if self.state[c] == "elected")

        def extra():
            return {}

        def record(action, subjects, amount, quota, nt_total, newly, iters, note=None):
            prev_nt = self.nt_total
            self.nt_total = nt_total
            prev = self.hist[-1] if self.hist else [0] * n
            st = {
                "stage": len(self.stages) + 1, "action": action,
                "subjects": [c + 1 for c in subjects], "subject_amount": self.fmt(amount),
                "quota": self.fmt(quota),
                "candidates": [{"candidate": c + 1, "transferred": self.fmt(self.votes[c] - prev[c]),
                                "votes": self.fmt(self.votes[c]), "state": self.state[c],
                                "keep_factor": self.fmt(kf[c])} for c in range(n)],
                "nontransferable": {"transferred": self.fmt(nt_total - prev_nt), "total": self.fmt(nt_total)},
                "rounding": {"this_stage": self.fmt(0), "total": self.fmt(0)},
                "elected": [c + 1 for c in newly], "ties": self.cur_ties,
            }
            if iters:
                st["iterations"] = iters
            if note:
                st["note"] = note
            self.stages.append(st)
            self.hist.append(list(self.votes))
            self.cur_ties = []

        def elect(quota, at_quota=True):
            new = self.order_elected([c for c in self.hopeful() if at_quota and self.votes[c] >= quota])
            for c in new:
                self.state[c] = "elected"
                self.elected.append(c)
            rest = self.fill_last_vacancies()
            note = "last vacancies filled: hopeful candidates equal vacancies" if rest else None
            return new + rest, note

        quota, excess = distribute()
        first_quota = quota
        new, note = elect(quota)
        record("first", [], 0, quota, excess, new, 0, note)
        while len(self.elected) < S:
            iters = 0
            last = None
            while True:
                quota, excess = distribute()
                iters += 1
                sur = surplus_of(quota)
                if any(self.votes[c] >= quota for c in self.hopeful()):
                    break
                if sur < r["omega"] or (r["stall"] and last is not None and sur >= last):
                    break
                last = sur
                for c in range(n):
                    if self.state[c] == "elected":
                        kf[c] = -(-(-(-kf[c] * quota // one)) * one // self.votes[c])
            if any(self.votes[c] >= quota for c in self.hopeful()):
                new, note = elect(quota)
                record("iteration", [], 0, quota, excess, new, iters, note)
                continue
            h = self.hopeful()
            low = min(self.votes[c] for c in h)
            lim = low + (sur if r["surplus_ties"] else 0)
            tied = [c for c in h if self.votes[c] <= lim]
            c = tied[0] if len(tied) == 1 else self.tie(tied, "exclusion", lowest=True)
            amount = self.votes[c]
            self.state[c] = "excluded"
            kf[c] = 0
            quota, excess = distribute()
            new, note = elect(quota, at_quota=False)
            record("exclusion", [c], amount, quota, excess, new, iters, note)
        return self.transcript(first_quota)


def transcript_diffs(mine, pub):
    """R6: where a published transcript differs from the recomputed one, as messages
    (stage, field, candidate, expected vs published).  Equality is of JSON values."""
    if mine == pub:
        return []
    if not isinstance(pub, dict):
        return [f"stages: expected a transcript, published {json.dumps(pub)[:80]}"]
    out = []
    for k in sorted(set(mine) | set(pub)):
        if k != "stages" and mine.get(k) != pub.get(k):
            out.append(f"transcript {k}: expected {json.dumps(mine.get(k))[:200]}, "
                       f"published {json.dumps(pub.get(k))[:200]}")
    ms, ps = mine["stages"], pub.get("stages")
    if not isinstance(ps, list):
        return out + ["transcript stages: not a list"]
    for a, b in zip(ms, ps):
        n = a["stage"]
        if a == b:
            continue
        if not isinstance(b, dict):
            out.append(f"stage {n}: not an object")
            continue
        for k in sorted(set(a) | set(b)):
            if k == "candidates" and isinstance(b.get(k), list) and len(b[k]) == len(a[k]):
                for x, y in zip(a[k], b[k]):
                    for f in sorted(set(x) | set(y) if isinstance(y, dict) else x):
                        yv = y.get(f) if isinstance(y, dict) else None
                        if x.get(f) != yv:
                            out.append(f"stage {n} ({a['action']}) candidate {x['candidate']} {f}: "
                                       f"expected {x.get(f)}, published {yv}")
            elif a.get(k) != b.get(k):
                out.append(f"stage {n} ({a['action']}) {k}: expected {json.dumps(a.get(k))}, "
                           f"published {json.dumps(b.get(k))}")
        break       # later stages follow from this one
    if len(ms) != len(ps):
        out.append(f"transcript: expected {len(ms)} stages, published {len(ps)}")
    return out


# ---------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------


class Report:
    def __init__(self):
        self.checks = []  # (id, title, failures list, count)
        self.index = {}

    def check(self, cid, title):
        if cid not in self.index:
            self.index[cid] = len(self.checks)
            self.checks.append([cid, title, [], 0])
        return self.checks[self.index[cid]]

    def ok(self, cid, title, n=1):
        self.check(cid, title)[3] += n

    def fail(self, cid, title, msg):
        c = self.check(cid, title)
        c[2].append(msg)
        c[3] += 1

    def emit(self):
        bad = 0
        for cid, title, fails, n in self.checks:
            if fails:
                bad += 1
                print(f"FAIL {cid} {title} ({n} items, {len(fails)} failed)")
                for f in fails[:50]:
                    print(f"     - {f}")
                if len(fails) > 50:
                    print(f"     - … {len(fails) - 50} more")
            else:
                print(f"PASS {cid} {title} ({n} items)")
        if bad:
            print(f"RESULT: FAILED ({bad} of {len(self.checks)} checks)")
        else:
            print(f"RESULT: all {len(self.checks)} checks passed")
        return 1 if bad else 0


TITLES = {
    "M1": "manifest.json is canonical; manifest hash (§8.1)",
    "C1": "ceremony transcript verifies, binds this election, yields the joint key (§8.6, ceremony.md)",
    "O1": "open entry: format, manifest hash, ceremony hash, joint key, trustee keys (§8.5)",
    "O2": "roll is canonical, matches the commitment, authority signed it (§8.2, §8.5)",
    "O3": "open co-signed by at least k trustees (§8.5)",
    "B1": "board chain: canonical lines, indices, prev links, entry hashes (§8.4)",
    "B2": "every entry signed by the board operator (§8.4)",
    "B3": "known kinds, well-formed payloads (board.md §3)",
    "V1": "cast ballots decode against the manifest, for this election (§8.3)",
    "V2": "cast ballots' credentials are on the roll (§8.3)",
    "V3": "cast ballots signed by their credential over the ballot hash (§8.3)",
    "V4": "ballot proofs: range, contest limit, encryption randomness (§6.3–§6.5)",
    "V5": "no ballot cast twice (§8.3)",
    "H1": "challenged ballots open to their claimed choices (§8.7)",
    "H2": "no challenged ballot is cast (§8.7)",
    "P1": "revocations signed by the authority, voter on roll, once (§8.8)",
    "P2": "cancellations name an earlier eligible cast, its hash, an allowed reason, once (§8.8)",
    "P3": "every cancellation is an exclusion of the policy replay, posted after its cause (§8.8)",
    "P4": "every exclusion of the policy replay is cancelled (§8.8)",
    "K1": "exactly one close, naming the head before it (§8.9)",
    "K2": "close co-signed by at least k trustees (§8.9)",
    "K3": "entry order (§8.9, board.md §2)",
    "T1": "tally is the weighted sum of the counted ballots (§8.10)",
    "T2": "decryption shares proven (Chaum–Pedersen) (§8.10)",
    "T3": "at least k valid share sets (§8.10)",
    "T4": "result equals the decrypted tally; trustees named correctly (§8.10)",
    "R1": "mix-input is the counted ballots' ranked ciphertexts, weighted, board order (§8.11)",
    "R2": "every proof of shuffle holds, rounds chained (§8.11, §9)",
    "R3": "mixes signed by their mixer; k distinct mixers (§8.11)",
    "R4": "ranked decryption shares proven; k valid sets (§8.11)",
    "R5": "ranked-result papers are the decrypted, decoded papers (§8.11, §9.7)",
    "R6": "ranked count re-run from the decrypted papers gives the published winners and stages (§8.11, count.md)",
}


# ---------------------------------------------------------------------------
# The record
# ---------------------------------------------------------------------------

# board.md §1: the thirteen kinds.
KINDS = {"open", "cast", "challenge", "revoke", "cancel", "close", "tally", "decryption-share",
         "result", "mix-input", "mix", "ranked-share", "ranked-result"}

IDENT = re.compile(r"\A[A-Za-z0-9._-]{1,64}\Z")


def contest_params(c):
    """manifest.md: (options n, R = max_score, L = max_total) of a homomorphic contest."""
    n = len(c["options"])
    kind = c["kind"]
    if kind == "plurality":
        return n, 1, 1
    if kind == "k-of-n":
        return n, 1, c["max_marks"]
    if kind == "approval":
        return n, 1, n
    if kind == "score":
        return n, c["max_score"], c["max_total"]
    raise ReadError(f"manifest: unknown contest kind {kind!r}")


def tracking_code(bh):
    """§8.3: first 20 bytes in Crockford base32, MSB first, 8 groups of 4."""
    alpha = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    v = int.from_bytes(bh[:20], "big")
    s = "".join(alpha[(v >> (5 * (31 - i))) & 31] for i in range(32))
    return "-".join(s[i:i + 4] for i in range(0, 32, 4))


class Verifier:
    def __init__(self, d):
        self.d = d
        self.r = Report()

    # -- helpers ----------------------------------------------------------
    def ok(self, cid, n=1):
        self.r.ok(cid, TITLES[cid], n)

    def fail(self, cid, msg):
        self.r.fail(cid, TITLES[cid], msg)

    def expect(self, cid, cond, msg):
        if cond:
            self.ok(cid)
        else:
            self.fail(cid, msg)
        return cond

    # -- reading ----------------------------------------------------------
    def read(self):
        for f in ("manifest.json", "roll.jsonl", "ceremony.json", "board.jsonl"):
            if not os.path.isfile(os.path.join(self.d, f)):
                raise ReadError(f"{f} missing")
        try:
            with open(os.path.join(self.d, "manifest.json"), "rb") as fh:
                self.manifest_raw = fh.read()
            self.manifest = json.loads(self.manifest_raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise ReadError(f"manifest.json: {exc}")
        m = self.manifest
        try:
            if not isinstance(m, dict) or m.get("format") != "scrutineer/manifest/v1":
                raise ReadError("manifest.json: format is not scrutineer/manifest/v1")
            self.n = m["trustees"]["n"]
            self.k = m["trustees"]["k"]
            self.hom = [c for c in m["contests"] if c["kind"] != "ranked"]
            self.ranked = [c for c in m["contests"] if c["kind"] == "ranked"]
            self.hparams = [contest_params(c) for c in self.hom]
            self.policy = m["policy"]
        except MALFORMED as exc:
            raise ReadError(f"manifest.json: missing or bad field {exc}")
        # roll.jsonl (record.md §4)
        try:
            with open(os.path.join(self.d, "roll.jsonl"), "rb") as fh:
                self.roll_raw = fh.read()
            lines = self.roll_raw.decode("utf-8").split("\n")
            if lines and lines[-1] == "":
                lines.pop()
            self.roll = []
            for ln in lines:
                e = json.loads(ln)
                if set(e) != {"voter", "credential", "weight"}:
                    raise ValueError("roll entry fields")
                if not IDENT.match(e["voter"]) or not is_int(e["weight"]) \
                        or not 1 <= e["weight"] <= 1000000:
                    raise ValueError(f"roll entry {e['voter']!r}")
                e["pk"] = dhex(e["credential"], 32, "roll credential")
                self.roll.append(e)
        except (UnicodeDecodeError,) + MALFORMED as exc:
            raise ReadError(f"roll.jsonl: {exc}")
        self.by_voter = {e["voter"]: e for e in self.roll}
        self.by_cred = {e["pk"]: e for e in self.roll}
        if len(self.by_voter) != len(self.roll) or len(self.by_cred) != len(self.roll):
            raise ReadError("roll.jsonl: duplicate voter id or credential")
        with open(os.path.join(self.d, "board.jsonl"), "rb") as fh:
            self.board_raw = fh.read()

    # -- M1, §8.1 ---------------------------------------------------------
    def check_manifest(self):
        canon = canonical(self.manifest).encode("utf-8") + b"\n"
        self.expect("M1", canon == self.manifest_raw, "manifest.json is not canonical(manifest) + newline")
        self.mhash = H(frame("scrutineer/manifest/v1", canonical(self.manifest)))
        self.ctx = for_election(self.mhash)

    # -- O2 part: §8.2 ----------------------------------------------------
    def roll_commitment(self):
        ents = sorted(self.roll, key=lambda e: e["voter"].encode("utf-8"))
        b = frame("scrutineer/roll/v1", "") + Nfr("count", len(ents))
        for e in ents:
            b += Tfr("voter", e["voter"]) + frame("credential", e["pk"]) + Nfr("weight", e["weight"])
        canon = "".join(canonical({k: e[k] for k in ("credential", "voter", "weight")}) + "\n"
                        for e in ents).encode("utf-8")
        self.expect("O2", canon == self.roll_raw, "roll.jsonl is not canonical / not sorted by voter id")
        return H(b)

    # -- C1: docs/ceremony.md, §8.6 ---------------------------------------
    def check_ceremony(self):
        try:
            with open(os.path.join(self.d, "ceremony.json"), "rb") as fh:
                tr = json.loads(fh.read().decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            self.fail("C1", f"ceremony.json does not parse: {exc}")
            return None, None, None
        chash = H(frame("scrutineer/ceremony-transcript/v1", canonical(tr)))
        try:
            p = tr["parameters"]
            n, k, a = p["trustees"], p["threshold"], p["attempt"]
            self.expect("C1", p["group"] == GROUP, "ceremony group is not ristretto255")
            self.expect("C1", dhex(p["election"], 64, "ceremony election") == self.mhash,
                        "ceremony election is not the manifest hash")
            self.expect("C1", (n, k) == (self.n, self.k), "ceremony n, k differ from the manifest's")
            cctx = derive(for_election(self.mhash), "scrutineer/ceremony/v1", u32(n) + u32(k) + u32(a))
            ann = {x["trustee"]: x for x in tr["announcements"]}
            com = {x["trustee"]: x for x in tr["commitments"]}
            reps = {x["trustee"]: x for x in tr["reports"]}
            disq = set()
            if len(ann) != len(tr["announcements"]) or len(com) != len(tr["commitments"]) \
                    or len(reps) != len(tr["reports"]):
                self.fail("C1", "a trustee published two announcements/commitments/reports")
            K = {}
            for i in range(1, n + 1):
                if i not in ann or i not in com or i not in reps:
                    disq.add(i)
                    self.fail("C1", f"trustee {i}: message missing")
                    continue
                cm = com[i]
                if len(cm["coefficients"]) != k or len(cm["proofs"]) != k:
                    disq.add(i)
                    self.fail("C1", f"trustee {i}: not k coefficients")
                    continue
                hb = frame("domain", "scrutineer/ceremony/v1/commitments") + frame("group", GROUP) \
                    + frame("context", cctx) + frame("trustee", u32(i)) + frame("count", u32(k))
                Ks = []
                for j in range(k):
                    Kij = hex_elem(cm["coefficients"][j], f"trustee {i} K[{j}]")
                    pr = dhex(cm["proofs"][j], 64, f"trustee {i} proof[{j}]")
                    hb += frame("K", Kij) + frame("proof", pr)
                    pctx = derive(derive(cctx, "trustee", u32(i)), "coefficient", u32(j))
                    if not verify_schnorr(pctx, G, Kij, pr):
                        disq.add(i)
                        self.fail("C1", f"trustee {i} coefficient {j}: Schnorr proof fails")
                    Ks.append(Kij)
                if H(hb) != dhex(ann[i]["commitment_hash"], 64, "commitment_hash"):
                    disq.add(i)
                    self.fail("C1", f"trustee {i}: commitments do not match the announced hash")
                K[i] = Ks
            # complaints must be answered with a share passing eq. 21
            answers = {}
            for an in tr["answers"]:
                key = (an["dealer"], an["recipient"])
                if key in answers and answers[key] != an["share"]:
                    disq.add(an["dealer"])
                answers[key] = an["share"]
            for l, rp in reps.items():
                for cp in rp["complaints"]:
                    d = cp["dealer"]
                    if d == l:
                        disq.add(l)
                        continue
                    if (d, l) not in answers or d not in K:
                        disq.add(d)
                        continue
                    s = dscalar(dhex(answers[(d, l)], 32, "answer share"), "answer share")
                    rhs = psum(smul(pow(l, j, ELL), K[d][j]) for j in range(k))
                    if bmul(s) != rhs:
                        disq.add(d)
            if disq:
                self.fail("C1", f"disqualified trustees: {sorted(disq)}")
                return chash, None, None
            C = [psum(K[i][j] for i in range(1, n + 1)) for j in range(k)]
            joint = C[0]
            vkeys = {l: psum(smul(pow(l, j, ELL), C[j]) for j in range(k)) for l in range(1, n + 1)}
            self.ok("C1")
            return chash, joint, vkeys
        except MALFORMED as exc:
            self.fail("C1", f"ceremony malformed: {exc}")
            return chash, None, None

    # -- B1/B2: §8.4 ------------------------------------------------------
    def read_board(self):
        raw = self.board_raw
        entries = []
        if raw and not raw.endswith(b"\n"):
            self.fail("B1", "torn tail: last line has no newline")
        lines = raw.split(b"\n")
        if lines and lines[-1] == b"":
            lines.pop()
        prev = bytes(64)
        op = None
        for ln, line in enumerate(lines):
            try:
                e = json.loads(line.decode("utf-8"))
                if not isinstance(e, dict) or set(e) != {"index", "kind", "payload", "prev", "signature", "signer"}:
                    raise Bad("entry does not have exactly the six envelope fields")
                if canonical(e).encode("utf-8") != line:
                    self.fail("B1", f"line {ln}: not canonical")
                if e["index"] != ln:
                    self.fail("B1", f"line {ln}: index {e['index']}")
                p = dhex(e["prev"], 64, "prev")
                signer = dhex(e["signer"], 32, "signer")
                sig = dhex(e["signature"], 64, "signature")
                if not isinstance(e["kind"], str) or not isinstance(e["payload"], dict):
                    raise Bad("kind/payload type")
                if p != prev:
                    self.fail("B1", f"entry {ln}: prev is not the previous entry's hash")
                eh = H(frame("scrutineer/board-entry/v1", "") + Nfr("index", e["index"])
                       + frame("prev", p) + Tfr("kind", e["kind"])
                       + Tfr("payload", canonical(e["payload"])) + frame("signer", signer))
                if op is None:
                    op = signer
                if signer != op:
                    self.fail("B2", f"entry {ln}: signer is not the operator of entry 0")
                elif not ed25519_verify(sig, eh, signer):
                    self.fail("B2", f"entry {ln}: operator signature does not verify")
                else:
                    self.ok("B2")
                e["_hash"] = eh
                prev = eh
                entries.append(e)
                self.ok("B1")
            except (UnicodeDecodeError,) + MALFORMED as exc:
                self.fail("B1", f"line {ln}: unreadable entry: {exc}")
                prev = None  # chain broken: every later prev fails
                entries.append(None)
        self.entries = entries
        self.operator = op

    # -- O1/O2/O3: §8.5 -----------------------------------------------------
    def check_open(self, chash, joint):
        e0 = self.entries[0] if self.entries else None
        if e0 is None or e0["kind"] != "open":
            self.fail("O1", "entry 0 is not an open")
            return False
        p = e0["payload"]
        try:
            want = {"authority", "ceremony", "cosignatures", "format", "joint_key", "manifest",
                    "roll", "roll_signature", "roll_size", "trustees"}
            if set(p) != want:
                self.fail("B3", "open: fields are not exactly those of board.md §3.1")
            self.expect("O1", p["format"] == "scrutineer/record/v1", "open.format")
            self.expect("O1", dhex(p["manifest"], 64, "open.manifest") == self.mhash,
                        "open.manifest is not the manifest hash")
            cer = dhex(p["ceremony"], 64, "open.ceremony")
            self.expect("O1", cer == chash, "open.ceremony is not the ceremony hash")
            self.K = hex_elem(p["joint_key"], "open.joint_key")
            if joint is not None:
                self.expect("O1", self.K == joint, "open.joint_key is not the ceremony's joint key")
            self.trustee_keys = [dhex(x, 32, "open.trustees[]") for x in p["trustees"]]
            self.expect("O1", len(self.trustee_keys) == self.n, "open.trustees: not n keys")
            self.authority = dhex(p["authority"], 32, "open.authority")
            keys = self.trustee_keys + [self.authority, self.operator]
            self.expect("O1", len(set(keys)) == len(keys), "operator/authority/trustee keys not distinct")
            # O2: roll commitment and signature
            rc = self.roll_commitment()
            self.expect("O2", dhex(p["roll"], 64, "open.roll") == rc, "open.roll is not the roll commitment")
            self.expect("O2", p["roll_size"] == len(self.roll), "open.roll_size")
            rsig = dhex(p["roll_signature"], 64, "open.roll_signature")
            rs = H(frame("scrutineer/roll-signature/v1", "") + frame("election", self.mhash)
                   + frame("roll", rc) + Nfr("size", len(self.roll)))
            self.expect("O2", ed25519_verify(rsig, rs, self.authority), "roll_signature does not verify")
            # O3: open statement co-signatures
            st = frame("scrutineer/open/v1", "") + frame("election", self.mhash) + frame("roll", rc) \
                + Nfr("size", len(self.roll)) + frame("authority", self.authority) \
                + frame("roll-signature", rsig) + frame("ceremony", cer) + Efr("joint-key", self.K) \
                + Nfr("trustees", len(self.trustee_keys))
            for tk in self.trustee_keys:
                st += frame("trustee", tk)
            st += frame("operator", self.operator)
            self.cosigs("O3", H(st), p["cosignatures"])
            return True
        except MALFORMED as exc:
            self.fail("O1", f"open payload malformed: {exc}")
            self.K = None
            return False

    def cosigs(self, cid, statement, cs):
        """§8.5/§8.9: ≥ k valid co-signatures from distinct trustees, none bad."""
        seen = set()
        good = 0
        for c in cs:
            i = c.get("trustee") if isinstance(c, dict) else None
            if not is_int(i) or not 1 <= i <= len(self.trustee_keys):
                self.fail(cid, f"co-signature by unknown trustee {i!r}")
                continue
            if i in seen:
                self.fail(cid, f"second co-signature by trustee {i}")
                continue
            seen.add(i)
            sig = dhex(c.get("signature"), 64, "co-signature")
            if ed25519_verify(sig, statement, self.trustee_keys[i - 1]):
                good += 1
            else:
                self.fail(cid, f"co-signature by trustee {i} does not verify")
        self.expect(cid, good >= self.k, f"only {good} valid co-signatures, need {self.k}")

    # -- ballots: §8.3 ----------------------------------------------------
    def decode_ballot(self, b):
        """V1: decode against the manifest. Returns a dict or raises Bad."""
        if not isinstance(b, dict):
            raise Bad("ballot is not an object")
        keys = {"contests", "credential", "election", "format", "randomness_proof", "signature"}
        if self.ranked:
            keys.add("ranked")
        if set(b) != keys:
            raise Bad(f"ballot fields {sorted(b)}")
        if b["format"] != "scrutineer/ballot/v1":
            raise Bad("ballot format")
        out = {"election": dhex(b["election"], 64, "election"),
               "pk": dhex(b["credential"], 32, "credential"),
               "sig": dhex(b["signature"], 64, "signature"),
               "rp": dhex(b["randomness_proof"], 64, "randomness_proof")}
        if not isinstance(b["contests"], list) or len(b["contests"]) != len(self.hom):
            raise Bad("contests: not one per homomorphic contest")
        cons = []
        for c, mc, (n, R, L) in zip(b["contests"], self.hom, self.hparams):
            has_limit = L < n * R
            want = {"id", "selections", "range_proofs"} | ({"limit_proof"} if has_limit else set())
            if not isinstance(c, dict) or set(c) != want:
                raise Bad(f"contest {mc['id']}: fields (limit proof presence)")
            if c["id"] != mc["id"]:
                raise Bad(f"contest id {c['id']!r}, expected {mc['id']!r}")
            if len(c["selections"]) != n or len(c["range_proofs"]) != n:
                raise Bad(f"contest {mc['id']}: not one selection/proof per option")
            sels = [hex_ct(s, f"{mc['id']}.selections[{i}]") for i, s in enumerate(c["selections"])]
            rps = [dhex(p, 128 * (R + 1), f"{mc['id']}.range_proofs[{i}]")
                   for i, p in enumerate(c["range_proofs"])]
            lp = dhex(c["limit_proof"], 128 * (L + 1), f"{mc['id']}.limit_proof") if has_limit else None
            cons.append((mc["id"], n, R, L, sels, rps, lp))
        out["contests"] = cons
        rk = []
        if self.ranked:
            if not isinstance(b["ranked"], list) or len(b["ranked"]) != len(self.ranked):
                raise Bad("ranked: not one per ranked contest")
            for r, mc in zip(b["ranked"], self.ranked):
                w = ranking_width(len(mc["options"]))
                if not isinstance(r, dict) or set(r) != {"id", "ciphertexts"} or r["id"] != mc["id"]:
                    raise Bad("ranked entry fields/id")
                if len(r["ciphertexts"]) != w:
                    raise Bad(f"ranked {mc['id']}: not {w} ciphertexts")
                rk.append((mc["id"], w, [hex_ct(x, f"ranked {mc['id']}") for x in r["ciphertexts"]]))
        out["ranked"] = rk
        # §8.3 ballot hash
        bh = frame("scrutineer/ballot/v1", "") + frame("election", out["election"]) \
            + frame("credential", out["pk"]) + Nfr("contests", len(cons))
        for cid, n, R, L, sels, rps, lp in cons:
            bh += Tfr("contest", cid) + Nfr("options", n)
            for a, be in sels:
                bh += frame("selection", a + be)
            for p in rps:
                bh += frame("range-proof", p)
            if lp is not None:
                bh += frame("limit-proof", lp)
        if self.ranked:
            bh += Nfr("ranked", len(rk))
            for cid, w, cts in rk:
                bh += Tfr("contest", cid) + Nfr("width", w)
                for a, be in cts:
                    bh += frame("ciphertext", a + be)
        bh += frame("randomness-proof", out["rp"])
        out["hash"] = H(bh)
        return out

    def ballot_proofs(self, bal):
        """V4: §6.3–§6.5 under derive(context, "credential", pk)."""
        K = self.K
        bctx = derive(self.ctx, "credential", bal["pk"])
        fails = []
        allcts = []
        for cid, n, R, L, sels, rps, lp in bal["contests"]:
            for i, (ct, p) in enumerate(zip(sels, rps)):
                if not verify_range(bctx, K, ct, R, p):
                    fails.append(f"{cid} option {i}: range proof")
            if lp is not None and not verify_limit(bctx, K, sels, L, lp):
                fails.append(f"{cid}: contest-limit proof")
            allcts += sels
        for _, _, cts in bal["ranked"]:
            allcts += cts
        if not verify_randomness(bctx, K, allcts, bal["rp"]):
            fails.append("encryption-randomness proof")
        return fails

    # -- the board pass ---------------------------------------------------
    def board_pass(self):
        revoked = set()
        counted = {}          # voter -> cast index (C of §8.8)
        exclusions = {}       # cast index -> (reason, cause index)
        casts = {}            # index -> decoded ballot and voter (eligible casts)
        cast_hashes = {}      # ballot hash -> first index
        challenged = set()
        cancels = []
        revoked_ever = set()
        close_idx = None
        for e in self.entries[1:]:
            if e is None:
                continue
            i, kind, p = e["index"], e["kind"], e["payload"]
            if kind not in KINDS:
                self.fail("B3", f"entry {i}: unknown kind {kind!r}")
                continue
            self.ok("B3")
            if kind == "open":
                self.fail("B3", f"entry {i}: a second open")
                continue
            if kind in ("cast", "challenge", "revoke", "cancel"):
                if close_idx is not None:
                    self.fail("K3", f"entry {i}: {kind} after the close")
                    continue
            try:
                if kind == "cast":
                    try:
                        bal = self.decode_ballot(p)
                    except MALFORMED as exc:
                        self.fail("V1", f"entry {i}: {exc}")
                        continue
                    if not self.expect("V1", bal["election"] == self.mhash, f"entry {i}: ballot for another election"):
                        continue
                    rv = self.by_cred.get(bal["pk"])
                    if not self.expect("V2", rv is not None, f"entry {i}: credential not on the roll"):
                        continue
                    if not self.expect("V3", ed25519_verify(bal["sig"], bal["hash"], bal["pk"]),
                                       f"entry {i}: ballot signature does not verify"):
                        continue
                    try:
                        f = self.ballot_proofs(bal)
                    except Bad as exc:
                        f = [str(exc)]
                    for x in f:
                        self.fail("V4", f"entry {i} ({tracking_code(bal['hash'])}): {x}")
                    if not f:
                        self.ok("V4")
                    if bal["hash"] in cast_hashes:
                        self.fail("V5", f"entry {i}: ballot already cast at entry {cast_hashes[bal['hash']]}")
                    else:
                        cast_hashes[bal["hash"]] = i
                        self.ok("V5")
                    v = rv["voter"]
                    bal["voter"] = v
                    casts[i] = bal
                    # §8.8 policy replay
                    if v in revoked:
                        exclusions[i] = ("revoked", i)
                    elif v not in counted:
                        counted[v] = i
                    elif self.policy["revoting"] == "last":
                        exclusions[counted[v]] = ("superseded", i)
                        counted[v] = i
                    else:
                        exclusions[i] = ("repeat", i)
                elif kind == "challenge":
                    self.check_challenge(i, p, challenged)
                elif kind == "revoke":
                    if set(p) != {"authority_signature", "reason", "voter"}:
                        self.fail("B3", f"entry {i}: revoke fields")
                        continue
                    v, reason = p["voter"], p["reason"]
                    sig = dhex(p["authority_signature"], 64, "authority_signature")
                    st = H(frame("scrutineer/revoke/v1", "") + frame("election", self.mhash)
                           + Tfr("voter", v) + Tfr("reason", reason))
                    if v not in self.by_voter:
                        self.fail("P1", f"entry {i}: voter {v!r} not on the roll")
                    elif v in revoked_ever:
                        self.fail("P1", f"entry {i}: voter {v} revoked twice")
                    elif not ed25519_verify(sig, st, self.authority):
                        self.fail("P1", f"entry {i}: authority signature does not verify")
                    else:
                        revoked.add(v)
                        revoked_ever.add(v)
                        self.ok("P1")
                elif kind == "cancel":
                    if set(p) != {"ballot", "entry", "reason"}:
                        self.fail("B3", f"entry {i}: cancel fields")
                        continue
                    cancels.append((i, p["entry"], dhex(p["ballot"], 64, "cancel.ballot"), p["reason"]))
                elif kind == "close":
                    if close_idx is not None:
                        self.fail("K1", f"entry {i}: a second close")
                        continue
                    close_idx = i
                    self.check_close(e)
            except MALFORMED as exc:
                self.fail("B3", f"entry {i} ({kind}): malformed: {exc}")
        if close_idx is None:
            self.fail("K1", "no close entry")
        self.close_idx = close_idx
        # H2: no challenged ballot cast, before or after
        for h in challenged:
            self.expect("H2", h not in cast_hashes, f"challenged ballot {tracking_code(h)} was cast")
        if not challenged:
            self.ok("H2", 0)
        # P2/P3/P4: cancellations against the replay's exclusions
        done = set()
        for ci, ent, bh, reason in cancels:
            if not is_int(ent) or ent not in casts or ent >= ci:
                self.fail("P2", f"entry {ci}: entry {ent!r} is not an earlier eligible cast")
                continue
            if casts[ent]["hash"] != bh:
                self.fail("P2", f"entry {ci}: ballot hash does not match entry {ent}")
                continue
            if reason not in self.policy["cancel_reasons"]:
                self.fail("P2", f"entry {ci}: reason {reason!r} not in cancel_reasons")
                continue
            if ent in done:
                self.fail("P2", f"entry {ci}: entry {ent} cancelled twice")
                continue
            done.add(ent)
            self.ok("P2")
            ex = exclusions.get(ent)
            if ex is None:
                self.fail("P3", f"entry {ci}: cancels entry {ent}, which the policy counts")
            elif ex[0] != reason:
                self.fail("P3", f"entry {ci}: reason {reason}, policy says {ex[0]}")
            elif ci < ex[1]:
                self.fail("P3", f"entry {ci}: posted before its cause (entry {ex[1]})")
            else:
                self.ok("P3")
        for ent, (reason, _) in sorted(exclusions.items()):
            self.expect("P4", ent in done, f"entry {ent} excluded ({reason}) but not cancelled")
        if not exclusions:
            self.ok("P4", 0)
        self.casts = casts
        self.counted = counted
        self.exclusions = exclusions
        print(f"# ballots: {len(casts)} eligible casts, {len(challenged)} challenged, "
              f"{len(revoked_ever)} revoked, {len(exclusions)} excluded, {len(counted)} counted")
        for ent, (reason, _) in sorted(exclusions.items()):
            print(f"#   excluded: entry {ent} {tracking_code(casts[ent]['hash'])} "
                  f"voter {casts[ent]['voter']} {reason}")

    def check_challenge(self, i, p, challenged):
        """H1: §8.7."""
        if set(p) != {"ballot", "opening"}:
            self.fail("B3", f"entry {i}: challenge fields")
            return
        try:
            bal = self.decode_ballot(p["ballot"])
        except MALFORMED as exc:
            self.fail("H1", f"entry {i}: ballot does not decode: {exc}")
            return
        challenged.add(bal["hash"])
        if bal["election"] != self.mhash or bal["pk"] not in self.by_cred \
                or not ed25519_verify(bal["sig"], bal["hash"], bal["pk"]):
            self.fail("H1", f"entry {i}: not for this election / credential not on roll / bad signature")
            return
        op = p["opening"]
        ch, nonces = op["choices"], op["nonces"]
        if set(op) != {"choices", "nonces"}:
            raise Bad("opening fields")
        names = {c[0] for c in bal["contests"]} | {r[0] for r in bal["ranked"]}
        if set(ch) != names:
            self.fail("H1", f"entry {i}: opening choices keys")
            return
        cts, msgs = [], []
        for cid, n, R, L, sels, _, _ in bal["contests"]:
            vals = ch[cid]
            if len(vals) != n or any(not is_int(x) or x > R for x in vals) or sum(vals) > L:
                self.fail("H1", f"entry {i}: contest {cid} values out of range")
                return
            for ct, m in zip(sels, vals):
                cts.append(ct)
                msgs.append(bmul(m))
        for (cid, w, rcts), mc in zip(bal["ranked"], self.ranked):
            rank = ch[cid]
            m = len(mc["options"])
            if len(rank) > m or len(set(rank)) != len(rank) or any(not is_int(x) or x >= m for x in rank):
                self.fail("H1", f"entry {i}: ranking of {cid} invalid")
                return
            cts += rcts
            msgs += embed_ranking(rank, m)
        if len(nonces) != len(cts):
            self.fail("H1", f"entry {i}: {len(nonces)} nonces for {len(cts)} ciphertexts")
            return
        for j, ((a, b), M, rh) in enumerate(zip(cts, msgs, nonces)):
            r = dscalar(dhex(rh, 32, "nonce"), "nonce")
            if bmul(r) != a or padd(smul(r, self.K), M) != b:
                self.fail("H1", f"entry {i}: ciphertext {j} does not open to the claimed choice")
                return
        self.ok("H1")

    def check_close(self, e):
        """K1/K2: §8.9."""
        p = e["payload"]
        if set(p) != {"cosignatures", "entries", "head"}:
            self.fail("B3", "close fields")
        c = e["index"]
        head = dhex(p["head"], 64, "close.head")
        self.expect("K1", p["entries"] == c and head == dhex(e["prev"], 64, "prev")
                    and self.entries[c - 1] is not None and head == self.entries[c - 1]["_hash"],
                    "close does not name the head before it")
        st = H(frame("scrutineer/close/v1", "") + frame("election", self.mhash)
               + Nfr("entries", c) + frame("head", head))
        self.cosigs("K2", st, p["cosignatures"])

    # -- after the close: K3, T1–T4, R1–R6 ----------------------------------
    def after_close(self, vkeys):
        post = [e for e in self.entries if e is not None and self.close_idx is not None
                and e["index"] > self.close_idx]
        kinds = [e["kind"] for e in post]
        allowed = {"tally", "decryption-share", "mix-input", "mix", "ranked-share", "ranked-result", "result"}
        ok = bool(kinds) and kinds[0] == "tally" and kinds[-1] == "result" \
            and kinds.count("tally") == 1 and kinds.count("result") == 1 and set(kinds) <= allowed
        # per ranked contest: mix-input < mixes < ranked-shares < ranked-result
        stage = {"mix-input": 0, "mix": 1, "ranked-share": 2, "ranked-result": 3}
        last = {}
        for e in post:
            if e["kind"] in stage:
                c = e["payload"].get("contest") if isinstance(e["payload"], dict) else None
                s = stage[e["kind"]]
                if s < last.get(c, -1) or (s == 0 and c in last) or (s == 3 and last.get(c) == 3) \
                        or (s > 0 and c not in last):
                    ok = False
                last[c] = s
        self.expect("K3", ok, "entries after the close are not tally, shares/ranked entries, result in order")
        tally = next((e for e in post if e["kind"] == "tally"), None)
        if tally is None:
            self.fail("T1", "no tally entry")
            return
        self.check_tally(tally["payload"], post, vkeys)
        for mc in self.ranked:
            try:
                self.check_ranked(mc, post, vkeys)
            except MALFORMED as exc:
                self.fail("R2", f"contest {mc['id']}: malformed entry: {exc}")

    def counted_list(self):
        """The counted ballots (§8.8), in board order of their cast entry."""
        return [self.casts[i] for i in sorted(self.counted.values())]

    def check_tally(self, p, post, vkeys):
        """T1–T4: §8.10."""
        counted = self.counted_list()
        weight = sum(self.by_voter[b["voter"]]["weight"] for b in counted)
        flat = []
        for ci in range(len(self.hom)):
            for oi in range(self.hparams[ci][0]):
                acc_a = acc_b = ZERO
                for b in counted:
                    w = self.by_voter[b["voter"]]["weight"]
                    a, be = b["contests"][ci][4][oi]
                    acc_a, acc_b = padd(acc_a, smul(w, a)), padd(acc_b, smul(w, be))
                flat.append((acc_a, acc_b))
        try:
            ok = p["ballots"] == len(counted) and p["weight"] == weight
            if not ok:
                self.fail("T1", f"tally ballots/weight {p['ballots']}/{p['weight']}, "
                                f"derived {len(counted)}/{weight}")
            posted = []
            if [c["id"] for c in p["contests"]] != [c["id"] for c in self.hom]:
                raise Bad("tally contests are not the manifest's homomorphic contests")
            for c, (n, _, _) in zip(p["contests"], self.hparams):
                if len(c["selections"]) != n:
                    raise Bad(f"tally {c['id']}: not one ciphertext per option")
                posted += [hex_ct(s, f"tally {c['id']}") for s in c["selections"]]
            bad = [j for j in range(len(flat)) if flat[j] != posted[j]]
            self.expect("T1", ok and not bad, f"tally ciphertexts differ at flattened positions {bad}")
        except MALFORMED as exc:
            self.fail("T1", f"tally malformed: {exc}")
            return
        if vkeys is None:
            self.fail("T2", "no verification keys (C1 failed)")
            return
        tctx = derive(self.ctx, "scrutineer/tally/v1", "")
        shares = [e for e in post if e["kind"] == "decryption-share"]
        valid = self.share_sets("T2", shares, tctx, posted, vkeys, "T")
        if not self.expect("T3", len(valid) >= self.k, f"only {len(valid)} valid share sets"):
            return
        U = sorted(valid)[:self.k]
        P = self.combine(U, valid, posted)
        try:
            res = next(e for e in post if e["kind"] == "result")["payload"]
            self.expect("T4", res["trustees"] == U, f"result.trustees {res['trustees']}, expected {U}")
            j = 0
            for c, mc in zip(res["contests"], self.hom):
                if c["id"] != mc["id"] or [o["id"] for o in c["options"]] != [o["id"] for o in mc["options"]]:
                    raise Bad(f"result contest {c['id']}: ids differ from the manifest")
                for o in c["options"]:
                    self.expect("T4", is_int(o["votes"]) and bmul(o["votes"]) == P[j],
                                f"{c['id']}.{o['id']}: votes {o['votes']} is not the decrypted count")
                    j += 1
            if j != len(P) or len(res["contests"]) != len(self.hom):
                raise Bad("result does not cover every contest and option")
            print("# result: " + "; ".join(
                f"{c['id']}: " + " ".join(f"{o['id']}={o['votes']}" for o in c["options"])
                for c in res["contests"]))
        except (StopIteration,) + MALFORMED as exc:
            self.fail("T4", f"result missing or malformed: {exc}")

    def share_sets(self, cid, entries, base_ctx, cts, vkeys, prefix):
        """T2/R4: Chaum–Pedersen per share under share_context_i (§8.10, ceremony.md)."""
        valid = {}
        seen = set()
        for e in entries:
            p = e["payload"]
            try:
                i = p["trustee"]
                if not is_int(i) or not 1 <= i <= self.n:
                    raise Bad(f"trustee {i!r} out of range")
                if i in seen:
                    self.fail(cid, f"entry {e['index']}: second share set of trustee {i}")
                    continue
                seen.add(i)
                if len(p["shares"]) != len(cts) or len(p["proofs"]) != len(cts):
                    raise Bad("not one share and proof per ciphertext")
                sctx = derive(base_ctx, "scrutineer/decryption-share/v1", u32(i))
                Ms = []
                good = True
                for j, ((a, _), sh, pr) in enumerate(zip(cts, p["shares"], p["proofs"])):
                    M = hex_elem(sh, f"share[{j}]")
                    if not verify_cp(sctx, G, vkeys[i], a, M, dhex(pr, 96, f"proof[{j}]")):
                        self.fail(cid, f"entry {e['index']}: trustee {i} share {j}: proof fails")
                        good = False
                        break
                    Ms.append(M)
                if good:
                    valid[i] = Ms
                    self.ok(cid)
            except MALFORMED as exc:
                self.fail(cid, f"entry {e['index']}: malformed share set: {exc}")
        return valid

    def combine(self, U, valid, cts):
        """§8.10: Lagrange at 0, P_j = β_j − Σ λ_i M_{i,j}."""
        lam = {}
        for i in U:
            num = den = 1
            for l in U:
                if l != i:
                    num = num * l % ELL
                    den = den * (l - i) % ELL
            lam[i] = num * pow(den, -1, ELL) % ELL
        return [psub(b, psum(smul(lam[i], valid[i][j]) for i in U)) for j, (_, b) in enumerate(cts)]

    def check_ranked(self, mc, post, vkeys):
        """R1–R6: §8.11."""
        cid = mc["id"]
        m = len(mc["options"])
        w = ranking_width(m)
        ri = [x[0] for x in self.ranked].index(cid) if False else self.ranked.index(mc)
        mine = [e for e in post if isinstance(e["payload"], dict) and e["payload"].get("contest") == cid]
        # R1: L_0 from the counted set, each ballot repeated by its voter's weight
        L0 = b""
        counted = self.counted_list()
        for b in counted:
            part = b"".join(a + be for a, be in b["ranked"][ri][2])
            L0 += part * self.by_voter[b["voter"]]["weight"]
        N = len(L0) // (64 * w)
        mi = [e for e in mine if e["kind"] == "mix-input"]
        if len(mi) != 1:
            self.fail("R1", f"{cid}: {len(mi)} mix-input entries")
            return
        p = mi[0]["payload"]
        self.expect("R1", p["ballots"] == len(counted) and p["n"] == N and p["width"] == w
                    and dhex(p["ciphertexts"], None, "ciphertexts") == L0,
                    f"{cid}: mix-input is not the counted ballots' ranked ciphertexts")
        if N == 0:
            return
        # R2/R3: the chain
        cur = L0
        mixers = set()
        rnd = 0
        for e in (x for x in mine if x["kind"] == "mix"):
            q = e["payload"]
            rnd += 1
            if q["round"] != rnd or q["n"] != N or q["width"] != w:
                self.fail("R2", f"entry {e['index']}: round/n/width")
                continue
            i = q["mixer"]
            out = dhex(q["output"], 64 * w * N, "mix.output")
            proof = dhex(q["proof"], 32 * (5 * N + 6 + 3 * w), "mix.proof")
            sig = dhex(q["signature"], 64, "mix.signature")
            st = H(frame("scrutineer/mix/v1", "") + frame("election", self.mhash) + Tfr("contest", cid)
                   + Nfr("round", rnd) + Nfr("mixer", i) + Nfr("n", N) + Nfr("w", w)
                   + frame("input", cur) + frame("output", out) + frame("proof", proof))
            if not is_int(i) or not 1 <= i <= self.n:
                self.fail("R3", f"entry {e['index']}: mixer {i!r} unknown")
            elif i in mixers:
                self.fail("R3", f"entry {e['index']}: trustee {i} mixed twice")
            else:
                self.expect("R3", ed25519_verify(sig, st, self.trustee_keys[i - 1]),
                            f"entry {e['index']}: mixer signature does not verify")
                mixers.add(i)
            mctx = derive(derive(self.ctx, "scrutineer/mix/v1", cid), "round", u32(rnd))
            try:
                f = verify_shuffle(mctx, self.K, N, w, cur, out, proof)
            except Bad as exc:
                f = [str(exc)]
            for x in f:
                self.fail("R2", f"entry {e['index']} round {rnd}: {x}")
            if not f:
                self.ok("R2")
            cur = out
        self.expect("R3", len(mixers) >= self.k, f"{cid}: only {len(mixers)} distinct mixers")
        # R4: shares of the last output, flattened
        if vkeys is None:
            self.fail("R4", "no verification keys (C1 failed)")
            return
        flat = [ct for vec in decode_list(cur, N, w, "last output") for ct in vec]
        rctx = derive(self.ctx, "scrutineer/ranked-decryption/v1", cid)
        valid = self.share_sets("R4", [e for e in mine if e["kind"] == "ranked-share"], rctx, flat, vkeys, "R")
        if not self.expect("R4", len(valid) >= self.k, f"{cid}: only {len(valid)} valid share sets"):
            return
        U = sorted(valid)[:self.k]
        P = self.combine(U, valid, flat)
        # R5: decode the papers
        ballots, invalid = [], []
        for t in range(N):
            rk, prob = decode_ranking(P[t * w:(t + 1) * w], m)
            ballots.append(rk)
            if rk is None:
                invalid.append({"index": t, "problem": prob})
        rr = [e for e in mine if e["kind"] == "ranked-result"]
        if len(rr) != 1:
            self.fail("R5", f"{cid}: {len(rr)} ranked-result entries")
            return
        q = rr[0]["payload"]
        self.expect("R5", q["trustees"] == U, f"{cid}: ranked-result.trustees {q['trustees']}, expected {U}")
        self.expect("R5", q["ballots"] == ballots, f"{cid}: published papers differ from the decrypted ones")
        self.expect("R5", q["invalid"] == invalid,
                    f"{cid}: invalid list differs (indices and problem texts, §9.7)")
        print(f"# ranked contest {cid}: {N} papers, {len(invalid)} invalid; "
              f"published elected: {' '.join(map(str, q['elected']))}")
        self.check_count(mc, ballots, q)

    def check_count(self, mc, ballots, q):
        """R6: §8.11 "Outcome": the count of the valid papers with a preference, each of
        weight 1, in the order of `ballots`, candidates 1 … m named by the option ids
        (party empty, none withdrawn), the contest's title and seats, the preset named
        by `method`, lot seed = the 64 bytes of the manifest hash; `elected` = option
        ids in order of election, `stages` = transcript_json (count.md) as a JSON value."""
        cid = mc["id"]
        names = [o["id"] for o in mc["options"]]
        papers = [(rk, 1) for rk in ballots if rk]
        if not papers:
            # §8.11: nothing is counted: elected [] and stages null
            self.expect("R6", q["elected"] == [] and q["stages"] is None,
                        f"{cid}: no paper has a preference, but elected/stages are not [] / null")
            return
        try:
            t = Count(mc.get("method"), mc.get("seats"), names, papers, self.mhash, mc.get("title", "")).run()
        except CountError as exc:
            self.fail("R6", f"{cid}: cannot recount: {exc}")
            return
        elected = [names[c - 1] for c in t["elected"]]
        diffs = transcript_diffs(t, q["stages"])
        if q["elected"] != elected:
            diffs.insert(0, f"elected: expected {' '.join(elected)}, published {' '.join(map(str, q['elected']))}")
        if diffs:
            for x in diffs[:10]:
                self.fail("R6", f"{cid}: {x}")
        else:
            self.ok("R6")
        print(f"# ranked contest {cid}: recounted under {mc.get('method')}: {len(t['stages'])} stages, "
              f"{t['lots_drawn']} lots, elected {' '.join(elected)}")

    # -- main -------------------------------------------------------------
    def run(self):
        self.read()
        self.check_manifest()
        chash, joint, vkeys = self.check_ceremony()
        self.read_board()
        if not self.check_open(chash, joint) or self.K is None:
            return self.r.emit()
        self.board_pass()
        if self.close_idx is not None:
            self.after_close(vkeys)
        return self.r.emit()


def main(argv):
    if len(argv) != 2:
        print("usage: verify_record.py RECORD_DIR", file=sys.stderr)
        return 2
    if not os.path.isdir(argv[1]):
        print(f"FAIL read: {argv[1]} is not a directory")
        return 2
    v = Verifier(argv[1])
    try:
        return v.run()
    except ReadError as exc:
        print(f"FAIL read: record cannot be read: {exc}")
        return 2
    except (Bad, KeyError, TypeError, ValueError, IndexError, AttributeError, OverflowError) as exc:
        # Should not happen (every section catches its own), but never a traceback.
        v.r.fail("X", "verifier", f"unexpected malformed input: {type(exc).__name__}: {exc}")
        return v.r.emit()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
