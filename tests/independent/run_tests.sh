#!/usr/bin/env bash
# Self-test of the independent verifier (verify_record.py).
# Usage: run_tests.sh [SCRUTINEER_BINARY]
# Generates a fresh 20-voter record, checks that verify_record.py passes it, then
# tampers with one hex digit in (a) a ballot's ciphertext, (b) a proof response,
# (c) a board signature, and checks that verify_record.py fails each copy (exit 1).
# Registered with ctest as independent.verify_record (skipped, exit 77, when
# python3 or libsodium cannot be found).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
BIN=${1:-$HERE/../../build/lead-dev/bin/scrutineer}
if ! command -v python3 >/dev/null 2>&1; then
  echo "SKIPPED: python3 not found (the independent verifier is a Python program)"; exit 77
fi
if ! python3 -c 'import ctypes, ctypes.util; ctypes.CDLL(ctypes.util.find_library("sodium") or "libsodium.so.23")' 2>/dev/null; then
  echo "SKIPPED: python3 cannot load libsodium through ctypes"; exit 77
fi
VERIFY="python3 $HERE/verify_record.py"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
status=0

mkdir "$TMP/keys"
"$BIN" demo --voters 20 --seed 20 --out "$TMP/rec" --keys-out "$TMP/keys" --force >"$TMP/demo.log" 2>&1 \
  || { echo "SURPRISE: demo failed"; cat "$TMP/demo.log"; exit 1; }

$VERIFY "$TMP/rec" >"$TMP/orig.out"; rc=$?
if [ $rc -eq 0 ]; then echo "ok   original record passes"; else
  echo "SURPRISE: original record fails (exit $rc)"; cat "$TMP/orig.out"; status=1; fi

# tamper KIND: flip one hex digit in board.jsonl of a copy, textually (the line's
# other bytes unchanged, so only the targeted value differs).
tamper() {
  local kind=$1 dir="$TMP/$1"
  cp -r "$TMP/rec" "$dir"
  python3 - "$dir/board.jsonl" "$kind" <<'EOF' || return 1
import re, sys
path, kind = sys.argv[1], sys.argv[2]
lines = open(path, "rb").read().split(b"\n")
def flip(line, pos):
    c = line[pos:pos + 1]
    n = format(int(c, 16) ^ 1, "x").encode()
    return line[:pos] + n + line[pos + 1:]
for i, l in enumerate(lines):
    if kind == "ciphertext" and b'"kind":"cast"' in l:
        m = re.search(rb'"selections":\["', l)
        lines[i] = flip(l, m.end() + 70)          # inside the first selection's beta
        break
    if kind == "response" and b'"kind":"cast"' in l:
        m = re.search(rb'"randomness_proof":"', l)
        lines[i] = flip(l, m.end() + 64)          # first byte of the response z
        break
    if kind == "signature" and b'"kind":"close"' in l:
        m = re.search(rb'"prev":"[0-9a-f]{128}","signature":"', l)
        lines[i] = flip(l, m.end() + 10)          # the operator's entry signature
        break
else:
    sys.exit("no line to tamper with")
open(path, "wb").write(b"\n".join(lines))
EOF
  $VERIFY "$dir" >"$TMP/$kind.out"; rc=$?
  if [ $rc -eq 1 ]; then
    echo "ok   tampered $kind fails: $(grep -m1 '^FAIL' "$TMP/$kind.out")"
  else
    echo "SURPRISE: tampered $kind gives exit $rc"; cat "$TMP/$kind.out"; status=1
  fi
}
for k in ciphertext response signature; do tamper $k || { echo "SURPRISE: tampering $k failed"; status=1; }; done

# Deeper: the same kinds of change made by a malicious operator who re-chains and
# re-signs the board and has the trustees re-co-sign the close (tamper.py), so
# that the chain checks pass and only the ballot, decryption and mix checks can
# notice. EXPECT is the check that must fail (stage-votes: one figure of the
# published stage sheet of the ranked contest, which only the recount, R6, sees).
deep() {
  local case=$1 expect=$2 dir="$TMP/deep-$1"
  cp -r "$TMP/rec" "$dir"
  python3 "$HERE/tamper.py" "$dir" "$TMP/keys" "$case" || { echo "SURPRISE: tamper.py $case"; status=1; return; }
  $VERIFY "$dir" >"$TMP/deep-$case.out"; rc=$?
  if [ $rc -eq 1 ] && grep -q "^FAIL $expect " "$TMP/deep-$case.out" \
     && ! grep -qE "^FAIL (B1|B2|K1|K2) " "$TMP/deep-$case.out"; then
    echo "ok   re-signed $case fails $expect: $(grep -A1 "^FAIL $expect " "$TMP/deep-$case.out" | tail -1 | sed 's/^ *- //')"
  else
    echo "SURPRISE: re-signed $case (exit $rc)"; grep FAIL -A2 "$TMP/deep-$case.out"; status=1
  fi
}
deep ciphertext V1
deep share-proof T2
deep votes T4
deep mix-proof R2
deep stage-votes R6

# R6 end to end under every other counting preset (scrutineer demo --method)
for m in ers97 meek meek-prf wigm irv; do
  "$BIN" demo --voters 20 --seed 21 --method $m --out "$TMP/m-$m" --force >"$TMP/m-$m.log" 2>&1 \
    || { echo "SURPRISE: demo --method $m failed"; tail -5 "$TMP/m-$m.log"; status=1; continue; }
  if $VERIFY "$TMP/m-$m" >"$TMP/m-$m.out" && grep -q "^PASS R6 " "$TMP/m-$m.out"; then
    echo "ok   a $m record passes, R6 recounted"
  else
    echo "SURPRISE: the $m record (exit $?)"; grep -A2 "^FAIL" "$TMP/m-$m.out"; status=1
  fi
done

# unreadable record: exit 2
mkdir "$TMP/empty"
$VERIFY "$TMP/empty" >/dev/null; rc=$?
if [ $rc -eq 2 ]; then echo "ok   empty directory gives exit 2"; else echo "SURPRISE: empty dir exit $rc"; status=1; fi

[ $status -eq 0 ] && echo "ALL OK" || echo "FAILED"
exit $status
