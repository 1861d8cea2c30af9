#!/usr/bin/env bash
# A 3-of-5 key ceremony with the trustees as separate processes that exchange
# messages only through files in a board directory; then 3 trustees decrypt,
# anyone combines and verifies; tampering is caught; bad input exits 2.
set -euo pipefail
cli="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
board="$tmp/board"

"$cli" trustee --help | grep -q keygen
"$cli" trustee keygen --help | grep -q -- --state
"$cli" trustee setup --board "$board" --trustees 5 --threshold 3 --election cli-test-election

# keygen_all BOARD PREFIX: five trustees, five processes, running concurrently
# (state PREFIXi.state, log PREFIXi.log in $tmp)
keygen_all() {
    local pids=() i
    for i in 1 2 3 4 5; do
        "$cli" trustee keygen --board "$1" --index "$i" --state "$tmp/$2$i.state" --wait 120 >"$tmp/$2$i.log" 2>&1 &
        pids+=($!)
    done
    for i in 0 1 2 3 4; do
        wait "${pids[$i]}" || { echo "trustee $((i + 1)) failed:"; cat "$tmp/$2$((i + 1)).log"; exit 1; }
    done
}
keygen_all "$board" t
for i in 1 2 3 4 5; do
    grep -q "ceremony complete" "$tmp/t$i.log" || { cat "$tmp/t$i.log"; exit 1; }
    perm=$(stat -c %a "$tmp/t$i.state")
    [ "$perm" = 600 ] || { echo "state file of trustee $i has mode $perm"; exit 1; }
    # the share never appears on the board or in the output
    share=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["share"])' "$tmp/t$i.state")
    ! grep -rq "$share" "$board" "$tmp"/t*.log || { echo "trustee $i's share leaked"; exit 1; }
done
# running keygen again is harmless
"$cli" trustee keygen --board "$board" --index 2 --state "$tmp/t2.state" | grep -q "done"
"$cli" trustee verify --board "$board"

# encrypt three values, decrypt with trustees 1, 3 and 5
"$cli" trustee encrypt --board "$board" --values 3,0,42 --out "$tmp/cts.json" --seed 5
for i in 1 3 5; do
    "$cli" trustee decrypt --board "$board" --state "$tmp/t$i.state" --input "$tmp/cts.json" --label tally
done
out=$("$cli" trustee combine --board "$board" --label tally --max 100)
echo "$out"
grep -q "ciphertext 0: 3" <<<"$out"
grep -q "ciphertext 1: 0" <<<"$out"
grep -q "ciphertext 2: 42" <<<"$out"
grep -q "trustees 1, 3, 5" <<<"$out"
"$cli" trustee verify --board "$board" | grep -q "decryption tally: 3 ciphertexts"

# two trustees cannot decrypt: exit 1 with the reason
"$cli" trustee encrypt --board "$board" --values 7 --out "$tmp/cts2.json"
for i in 2 4; do
    "$cli" trustee decrypt --board "$board" --state "$tmp/t$i.state" --input "$tmp/cts2.json" --label second
done
set +e
out=$("$cli" trustee combine --board "$board" --label second --max 10); rc=$?
set -e
[ "$rc" -eq 1 ] || { echo "expected exit 1 with 2 of 3 shares, got $rc"; exit 1; }
grep -q "only 2 valid decryption share sets, threshold is 3" <<<"$out"

# a tampered share is named and left out; three others still decrypt
cp "$board/decrypt/second/share-2.json" "$tmp/share-2.bak"
"$cli" trustee decrypt --board "$board" --state "$tmp/t1.state" --input "$tmp/cts2.json" --label second
python3 - "$board/decrypt/second/share-4.json" <<'PY'
import json, sys
p = sys.argv[1]; j = json.load(open(p))
j["shares"][0], j["proofs"][0] = j["shares"][0], j["proofs"][0][:-2] + ("00" if j["proofs"][0][-2:] != "00" else "01")
json.dump(j, open(p, "w"))
PY
set +e
out=$("$cli" trustee combine --board "$board" --label second --max 10); rc=$?
set -e
echo "$out"
[ "$rc" -eq 1 ] || { echo "expected exit 1 (only 2 valid after tampering), got $rc"; exit 1; }
grep -q "trustee 4" <<<"$out"
"$cli" trustee decrypt --board "$board" --state "$tmp/t5.state" --input "$tmp/cts2.json" --label second
out=$("$cli" trustee combine --board "$board" --label second --max 10)
grep -q "ciphertext 0: 7" <<<"$out"
grep -q "share of trustee 4 rejected" <<<"$out"

# a tampered transcript is caught by verify
cp "$board/keygen/commit-3.json" "$tmp/commit-3.bak"
python3 - "$board/keygen/commit-3.json" <<'PY'
import json, sys
p = sys.argv[1]; j = json.load(open(p))
j["proofs"][1] = j["proofs"][1][:-2] + ("00" if j["proofs"][1][-2:] != "00" else "01")
json.dump(j, open(p, "w"))
PY
set +e
out=$("$cli" trustee verify --board "$board" 2>&1); rc=$?
set -e
[ "$rc" -ne 0 ] || { echo "verify accepted a tampered commitment"; exit 1; }
echo "$out"
cp "$tmp/commit-3.bak" "$board/keygen/commit-3.json"
"$cli" trustee verify --board "$board" >/dev/null

# bad input: exit 2, naming the file
echo '{"trustee": 1' >"$tmp/bad.json"
set +e
err=$("$cli" trustee decrypt --board "$board" --state "$tmp/t1.state" --input "$tmp/bad.json" 2>&1); rc=$?
[ "$rc" -eq 2 ] || { echo "expected exit 2 for malformed input, got $rc"; exit 1; }
grep -q "bad.json" <<<"$err" || { echo "error does not name the file: $err"; exit 1; }
err=$("$cli" trustee decrypt --board "$board" --state "$tmp/nonexistent" --input "$tmp/cts.json" 2>&1); rc=$?
[ "$rc" -eq 3 ] || { echo "expected exit 3 for a missing state file, got $rc"; exit 1; }
"$cli" trustee setup --board "$tmp/b2" --trustees 3 --threshold 4 --election x >/dev/null 2>&1; rc=$?
[ "$rc" -eq 2 ] || { echo "expected exit 2 for k > n, got $rc"; exit 1; }
"$cli" trustee keygen --board "$board" --index 9 --state "$tmp/x.state" >/dev/null 2>&1; rc=$?
[ "$rc" -eq 2 ] || { echo "expected exit 2 for a bad index, got $rc"; exit 1; }
"$cli" trustee decrypt --board "$board" --state "$tmp/t1.state" --input "$tmp/cts.json" --label "../x" >/dev/null 2>&1; rc=$?
[ "$rc" -eq 2 ] || { echo "expected exit 2 for a bad label, got $rc"; exit 1; }
# another trustee's state for this index
err=$("$cli" trustee keygen --board "$board" --index 2 --state "$tmp/t1.state" 2>&1); rc=$?
[ "$rc" -eq 2 ] || { echo "expected exit 2 for another trustee's state, got $rc"; exit 1; }
grep -q "state of another trustee or ceremony" <<<"$err" || { echo "not named: $err"; exit 1; }
# --bad-share must name two different trustees in 1..n
for bs in 2:2 9:1 0:3 2-4 x; do
    err=$("$cli" trustee simulate --trustees 5 --threshold 3 --seed 1 --bad-share "$bs" 2>&1); rc=$?
    [ "$rc" -eq 2 ] || { echo "expected exit 2 for --bad-share $bs, got $rc"; exit 1; }
    grep -q "expected DEALER:RECIPIENT" <<<"$err" || { echo "--bad-share $bs not explained: $err"; exit 1; }
done
set -e
# a share file claiming another trustee, and an unreadable one, are left out with a
# message; the three valid share sets still decrypt
cp "$board/decrypt/tally/share-1.json" "$board/decrypt/tally/share-2.json"
echo '{"trustee": 4' >"$board/decrypt/tally/share-4.json"
out=$("$cli" trustee combine --board "$board" --label tally --max 100)
grep -q "share-2.json claims trustee 1; left out" <<<"$out" || { echo "$out"; exit 1; }
grep -q "share of trustee 4 left out: .*share-4.json" <<<"$out" || { echo "$out"; exit 1; }
grep -q "ciphertext 2: 42" <<<"$out"
# ...and verify reports both (exit 1), going on to the other labels
set +e
out=$("$cli" trustee verify --board "$board"); rc=$?
set -e
[ "$rc" -eq 1 ] || { echo "expected exit 1 from verify with a bad share file, got $rc"; echo "$out"; exit 1; }
grep -q "decryption tally: share in .*share-2.json claims trustee 1; left out" <<<"$out" || { echo "$out"; exit 1; }
grep -q "decryption tally: share of trustee 4 left out: .*share-4.json: not valid JSON" <<<"$out" || { echo "$out"; exit 1; }
grep -q "decryption second:" <<<"$out" || { echo "$out"; exit 1; }
rm "$board/decrypt/tally/share-2.json" "$board/decrypt/tally/share-4.json"
"$cli" trustee verify --board "$board" | grep -q "decryption tally: 3 ciphertexts"

# the in-process simulation, with a dealer that cheats and then stays silent
"$cli" trustee simulate --trustees 5 --threshold 3 --seed 1 | grep -q "by trustees 1, 2, 3: correct"
set +e
out=$("$cli" trustee simulate --trustees 5 --threshold 3 --seed 1 --bad-share 2:4 --silent 2); rc=$?
set -e
[ "$rc" -eq 1 ] || { echo "expected exit 1 for a disqualified dealer, got $rc"; exit 1; }
grep -q "trustee 2 disqualified (did not answer the complaint of trustee 4)" <<<"$out"
"$cli" trustee simulate --trustees 5 --threshold 3 --seed 1 --bad-share 2:4 | grep -q "ceremony complete"
# an election's ceremony: bound to its manifest's hash; the transcript is the record's ceremony.json
"$cli" demo --voters 2 --seed 1 --out "$tmp/rec" --fast-board --no-verify >/dev/null
eboard="$tmp/eboard"
set +e
"$cli" trustee setup --board "$eboard" --trustees 5 --threshold 3 >/dev/null 2>&1; rc=$?
[ "$rc" -eq 2 ] || { echo "expected exit 2 without --election or --manifest, got $rc"; exit 1; }
"$cli" trustee setup --board "$eboard" --trustees 5 --threshold 3 --election x --manifest "$tmp/rec/manifest.json" >/dev/null 2>&1; rc=$?
[ "$rc" -eq 2 ] || { echo "expected exit 2 with both --election and --manifest, got $rc"; exit 1; }
"$cli" trustee setup --board "$eboard" --trustees 5 --threshold 2 --manifest "$tmp/rec/manifest.json" >/dev/null 2>&1; rc=$?
[ "$rc" -eq 2 ] || { echo "expected exit 2 for a threshold other than the manifest's, got $rc"; exit 1; }
"$cli" trustee transcript --board "$eboard" --out "$tmp/none.json" >/dev/null 2>&1; rc=$?
[ "$rc" -ne 0 ] || { echo "a transcript of a board without a ceremony"; exit 1; }
set -e
"$cli" trustee setup --board "$eboard" --trustees 5 --threshold 3 --manifest "$tmp/rec/manifest.json" >/dev/null
keygen_all "$eboard" e
# trustee 1's state of this ceremony on the first board: refused (exit 2), at any phase
set +e
err=$("$cli" trustee keygen --board "$board" --index 1 --state "$tmp/e1.state" 2>&1); rc=$?
set -e
[ "$rc" -eq 2 ] || { echo "expected exit 2 for another ceremony's state, got $rc"; exit 1; }
grep -q "another ceremony" <<<"$err" || { echo "not named: $err"; exit 1; }
"$cli" trustee transcript --board "$eboard" --out "$tmp/ceremony.json" | grep -q "^ceremony hash [0-9a-f]\{128\}$"
python3 - "$tmp/ceremony.json" "$tmp/rec/board.jsonl" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
open_entry = json.loads(open(sys.argv[2]).readline())
assert c["parameters"]["election"] == open_entry["payload"]["manifest"], "not bound to the manifest hash"
assert c["parameters"]["trustees"] == 5 and c["parameters"]["threshold"] == 3
PY
set +e
"$cli" trustee transcript --board "$eboard" --out "$tmp/ceremony.json" >/dev/null 2>&1; rc=$?
[ "$rc" -eq 3 ] || { echo "expected exit 3 for an existing --out, got $rc"; exit 1; }
set -e
echo "cli trustee ceremony: ok"
