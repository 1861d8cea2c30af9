#!/usr/bin/env bash
# An election finished one process per party, after the tally: the trustees
# decrypt with `scrutineer trustee share`, mix with `scrutineer mix`, and the
# operator posts each step with `scrutineer board`; the record then verifies.
# Also: a trustee refuses to decrypt the papers before k trustees have mixed,
# and to decrypt a tally that is not the counted ballots' sum.
set -euo pipefail
cli="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rec="$tmp/rec"
keys="$tmp/keys"
"$cli" demo --voters 24 --seed 11 --out "$rec" --fast-board --keys-out "$keys" --stop-after-tally >"$tmp/demo.txt"
grep -q "stops after the tally" "$tmp/demo.txt"
for i in 1 2 3 4 5; do
    [ "$(stat -c %a "$keys/trustee$i.share")" = 600 ] || { echo "trustee$i.share is not mode 600"; exit 1; }
done
board() { local a="$1"; shift; "$cli" board "$a" "$rec" --key "$keys/operator.key" --threads 1 "$@"; }
expect() {  # expect STATUS COMMAND...
    local want="$1"; shift
    set +e; "$@" >"$tmp/out.txt" 2>&1; local rc=$?; set -e
    [ "$rc" -eq "$want" ] || { echo "expected exit $want, got $rc: $*"; cat "$tmp/out.txt"; exit 1; }
}
board status | grep -q "^next: the trustees' decryption shares of the tally (0 of 3 posted)"

# the tally: trustees 2, 3 and 5 decrypt, the operator posts
for i in 2 3 5; do
    "$cli" trustee share "$rec" --state "$keys/trustee$i.share" --tally --out "$tmp/tally-$i.json" --threads 1 | grep -q "^trustee $i: "
    expect 3 "$cli" trustee share "$rec" --state "$keys/trustee$i.share" --tally --out "$tmp/tally-$i.json"
    board post-share "$tmp/tally-$i.json" | grep -q "verified and posted"
done
expect 2 board post-share "$tmp/tally-2.json"                                  # once per trustee
expect 2 "$cli" trustee share "$rec" --state "$keys/trustee1.share" --out "$tmp/x.json"   # neither --tally nor --contest
expect 2 "$cli" trustee share "$rec" --state "$keys/trustee1.key" --tally --out "$tmp/x.json"  # not a key share

# the mix chain
board post-mix-input --contest nec | grep -q "mix-input of \"nec\" posted"
for i in 4 1; do
    "$cli" mix "$rec" --contest nec --mixer "$i" --key "$keys/trustee$i.key" --out "$tmp/mix-$i.json" --threads 1 >/dev/null 2>&1
    board post-mix "$tmp/mix-$i.json" | grep -q "by trustee $i verified and posted"
done
# two mixers, k = 3: no trustee decrypts yet
expect 2 "$cli" trustee share "$rec" --state "$keys/trustee1.share" --contest nec --out "$tmp/early.json" --threads 1
grep -q "at least k = 3 must mix" "$tmp/out.txt"
expect 2 "$cli" trustee share "$rec" --state "$keys/trustee1.share" --contest nec --out "$tmp/early.json" --no-check
grep -q "at least k = 3 must mix" "$tmp/out.txt"   # not even unchecked
# the key share of another election's ceremony
"$cli" demo --voters 2 --seed 12 --out "$tmp/other" --fast-board --keys-out "$tmp/otherkeys" --stop-after-tally >/dev/null
expect 2 "$cli" trustee share "$rec" --state "$tmp/otherkeys/trustee1.share" --contest nec --out "$tmp/x.json" --no-check
grep -q "another ceremony" "$tmp/out.txt"
"$cli" mix "$rec" --contest nec --mixer 3 --key "$keys/trustee3.key" --out "$tmp/mix-3.json" --threads 1 >/dev/null 2>&1
board post-mix "$tmp/mix-3.json" >/dev/null
board status | grep -q 'ranked contest "nec": mix-input posted, [0-9]* papers, 3 mixes (trustees 1,3,4)'

# the papers: trustees 1, 4 and 5 decrypt
for i in 1 4 5; do
    "$cli" trustee share "$rec" --state "$keys/trustee$i.share" --contest nec --out "$tmp/nec-$i.json" --threads 1 >/dev/null
    board post-ranked-share "$tmp/nec-$i.json" | grep -q "for \"nec\" verified and posted"
done
board publish-ranked-result --contest nec | grep -q "elected: "
board publish-result | grep -q "^chair:"
board status | grep -q "^next: nothing"
"$cli" verify "$rec" --threads 1 | grep -q "RESULT: all 32 checks passed"

# an incomplete last line: status (read-only) reads up to it and names it; a
# writing step refuses it; --truncate-torn-tail cuts it off
cp -r "$rec" "$tmp/torn"
size=$(stat -c %s "$tmp/torn/board.jsonl")
printf '{"index":' >>"$tmp/torn/board.jsonl"
tboard() { local a="$1"; shift; "$cli" board "$a" "$tmp/torn" --key "$keys/operator.key" --threads 1 "$@"; }
tboard status | grep -q "last line, at byte offset $size, is incomplete"
[ "$(tboard status --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["incomplete_tail"])')" = "$size" ]
[ "$(stat -c %s "$tmp/torn/board.jsonl")" -eq $((size + 9)) ]                 # status wrote nothing
expect 2 tboard publish-result
grep -q "torn tail at byte offset $size" "$tmp/out.txt"
expect 2 tboard publish-result --truncate-torn-tail                           # cut, then: already posted
[ "$(stat -c %s "$tmp/torn/board.jsonl")" -eq "$size" ]
tboard status >"$tmp/st.txt"
if grep -q "incomplete" "$tmp/st.txt"; then echo "still incomplete after the truncation"; exit 1; fi

# a trustee refuses to decrypt a tally that is not the counted ballots' sum (T1):
# the operator swaps the tally for a ciphertext of its choosing before asking
cp -r "$rec" "$tmp/bad"
python3 - "$tmp/bad/board.jsonl" <<'PY'

import json, sys
p = sys.argv[1]
lines = open(p).read().splitlines()
for i, l in enumerate(lines):
    e = json.loads(l)
    if e["kind"] == "tally":
        lines = lines[:i + 1]
        c = e["payload"]["contests"][0]["selections"]
        c[0], c[1] = c[1], c[0]
        lines[i] = json.dumps(e, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
        break
open(p, "w").write("\n".join(lines) + "\n")
PY
expect 1 "$cli" trustee share "$tmp/bad" --state "$keys/trustee1.share" --tally --out "$tmp/bad-share.json" --threads 1
grep -q "refusing to decrypt" "$tmp/out.txt"
grep -q "T1: " "$tmp/out.txt" || { echo "the refusal does not name T1"; cat "$tmp/out.txt"; exit 1; }
[ ! -e "$tmp/bad-share.json" ] || { echo "a share was written for a bad tally"; exit 1; }
echo "cli board: ok"
