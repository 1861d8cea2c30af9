#!/usr/bin/env bash
# A whole election with every party its own process, from the keys to the
# verified record: the credential authority issues and signs the roll, three
# trustees run the key ceremony and co-sign the open, voters' devices encrypt
# ballots (one challenged, one revote, one voter revoked before and one after
# voting), the operator casts them, two trustees co-sign the close, and the
# tally, the mix chain and the results follow (docs/operator.md). Also: what
# each step refuses.
set -euo pipefail
cli="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
expect() {  # expect STATUS COMMAND...
    local want="$1"; shift
    set +e; "$@" >out.txt 2>&1; local rc=$?; set -e
    [ "$rc" -eq "$want" ] || { echo "expected exit $want, got $rc: $*"; cat out.txt; exit 1; }
}
cat >manifest.json <<'EOF'
{"format": "scrutineer/manifest/v1", "election_id": "cli-election", "title": "Every party its own process",
 "group": "ristretto255", "trustees": {"n": 3, "k": 2},
 "policy": {"revoting": "last", "roll_frozen_at": "2026-11-01", "cancel_reasons": ["revoked", "superseded"]},
 "contests": [
  {"id": "council", "title": "Council", "kind": "approval",
   "options": [{"id": "ana", "title": "Ana"}, {"id": "ben", "title": "Ben"}, {"id": "cy", "title": "Cy"}]},
  {"id": "budget", "title": "Budget", "kind": "score", "max_score": 3,
   "options": [{"id": "parks", "title": "Parks"}, {"id": "roads", "title": "Roads"}]},
  {"id": "panel", "title": "Panel", "kind": "ranked", "method": "scottish-stv", "seats": 1,
   "options": [{"id": "pa", "title": "Pa"}, {"id": "pb", "title": "Pb"}, {"id": "pc", "title": "Pc"}]}]}
EOF

# keys: every party makes its own; public keys are handed over
"$cli" key new --out operator.key >operator.pub
"$cli" key new --out authority.key >authority.pub
[ "$(stat -c %a operator.key)" = 600 ]
[ "$("$cli" key public operator.key)" = "$(cat operator.pub)" ]
expect 3 "$cli" key new --out operator.key                       # never overwritten
: >trustee-keys.txt
for i in 1 2 3; do "$cli" key new --out "t$i.key" >>trustee-keys.txt; done

# the credential authority: credentials, the roll, its signature
"$cli" credentials issue --count 6 --roll roll.jsonl --secrets creds.jsonl >/dev/null
"$cli" credentials sign-roll --manifest manifest.json --roll roll.jsonl --key authority.key --out roll.sig | grep -q "6 voters"

# the key ceremony, bound to the manifest
ceremony() {  # ceremony BOARD STATE-PREFIX OUT: three keygen processes at once, then the transcript
    local pids=() i
    for i in 1 2 3; do
        "$cli" trustee keygen --board "$1" --index "$i" --state "$2$i.state" --wait 120 >"$2$i.log" 2>&1 &
        pids+=($!)
    done
    for i in "${pids[@]}"; do wait "$i"; done
    "$cli" trustee transcript --board "$1" --out "$3" >/dev/null
}
"$cli" trustee setup --board cer --trustees 3 --threshold 2 --manifest manifest.json >/dev/null
ceremony cer t ceremony.json

# the operator prepares the record; the trustees co-sign the open
op() { local a="$1"; shift; "$cli" board "$a" rec --key operator.key --threads 1 "$@"; }
head -2 trustee-keys.txt >two-keys.txt
expect 2 "$cli" board prepare rec --key operator.key --manifest manifest.json --roll roll.jsonl \
    --roll-signature roll.sig --ceremony ceremony.json --trustee-keys two-keys.txt
grep -q "one co-signing key per trustee" out.txt
"$cli" credentials issue --count 2 --roll other-roll.jsonl --secrets other-creds.jsonl >/dev/null
expect 2 "$cli" board prepare rec --key operator.key --manifest manifest.json --roll other-roll.jsonl \
    --roll-signature roll.sig --ceremony ceremony.json --trustee-keys trustee-keys.txt
grep -q "signed for another roll" out.txt
[ ! -e rec ] || { echo "a refused prepare left rec behind"; exit 1; }
# a ceremony run for another election
"$cli" trustee setup --board cer2 --trustees 3 --threshold 2 --election another-election >/dev/null
ceremony cer2 o other-ceremony.json
expect 2 "$cli" board prepare rec --key operator.key --manifest manifest.json --roll roll.jsonl \
    --roll-signature roll.sig --ceremony other-ceremony.json --trustee-keys trustee-keys.txt
grep -q "not run for this manifest" out.txt
"$cli" board prepare rec --key operator.key --manifest manifest.json --roll roll.jsonl \
    --roll-signature roll.sig --ceremony ceremony.json --trustee-keys trustee-keys.txt | grep -q "2 of 3 trustees"
"$cli" board status rec --key operator.key | grep -q "^next: the trustees co-sign the open (2 of 3"
expect 2 "$cli" trustee cosign rec --key t1.key --index 2 --out x.json          # not trustee 2's key
grep -q "not trustee 2's co-signing key" out.txt
expect 1 "$cli" trustee cosign rec --key t2.key --index 2 --state t3.state --out x.json   # not its key share
"$cli" trustee cosign rec --key t1.key --index 1 --state t1.state --out open1.json | grep -q "2-of-3"
"$cli" trustee cosign rec --key t3.key --index 3 --state t3.state --out open3.json >/dev/null
expect 1 "$cli" board open rec --key operator.key --cosignature open1.json      # one of k = 2
grep -q "1 valid trustee co-signatures, 2 needed" out.txt
expect 1 "$cli" board open rec --key authority.key --cosignature open1.json open3.json   # not the operator
"$cli" board open rec --key operator.key --cosignature open1.json open3.json | grep -q "the board is open"
[ ! -e rec/open-request.json ]
expect 2 "$cli" board open rec --key operator.key --cosignature open1.json open3.json
grep -q "already open" out.txt

# voters' devices encrypt; the operator casts
op status | grep -q "^next: voting"
vote() { local v="$1" out="$2"; shift 2; "$cli" ballot rec --credentials creds.jsonl --voter "$v" --out "$out" "$@" >/dev/null; }
vote v1 b1.json --vote council=ana,cy --vote budget=parks:3,roads:1 --vote panel=pa,pb
vote v2 b2a.json --vote council=ben
vote v0 b6.json --vote council=cy
expect 2 "$cli" ballot rec --credentials creds.jsonl --voter v1 --out x.json --vote council=zed
grep -q 'no option "zed"' out.txt
expect 2 "$cli" ballot rec --credentials creds.jsonl --voter v1 --out x.json --vote budget=parks:4
expect 2 "$cli" ballot rec --credentials creds.jsonl --out x.json                 # whose credential?
"$cli" credentials revoke --manifest manifest.json --roll roll.jsonl --voter v0 --reason "membership lapsed" \
    --key authority.key --out revoke6.json >/dev/null
expect 2 "$cli" credentials revoke --manifest manifest.json --roll roll.jsonl --voter nobody --reason x \
    --key authority.key --out x.json
op revoke revoke6.json | grep -q "revocation of v0 posted"
expect 2 op revoke revoke6.json                                                 # already revoked
cat b1.json b2a.json b6.json >batch1.jsonl
op cast batch1.jsonl >cast1.txt
grep -q "batch1.jsonl:3: cast as entry [0-9]*, tracking code .* (cancels entry [0-9]*: revoked)" cast1.txt
vote v2 b2b.json --vote council=ana,ben --vote budget=roads:2 --vote panel=pc
printf '%s\n' '{"not": "a ballot"}' >>b2b.json
expect 1 op cast b2b.json                                                       # line 2 refused, line 1 cast
grep -q "b2b.json:1: cast as entry .*(cancels entry [0-9]*: superseded)" out.txt
grep -q "b2b.json:2: refused" out.txt
python3 -c 'print("[" * 200000 + "]" * 200000)' >deep.jsonl                 # nesting bounded, no crash
expect 1 op cast deep.jsonl
grep -q "deep.jsonl:1: refused" out.txt
{ python3 -c 'print("x" * (17 << 20))'; echo; } >long.jsonl                   # a line over 16 MiB is skipped unread
expect 1 op cast long.jsonl
grep -q "long.jsonl:1: refused: .*longer than 16 MiB" out.txt
grep -q "0 ballots cast, 0 challenges and revocations posted, 1 refused" out.txt
# a challenged ballot: posted with its opening, never cast
vote v3 b3c.json --vote council=cy --opening-out b3c.opening
[ "$(stat -c %a b3c.opening)" = 600 ]
op challenge --ballot b3c.json --opening b3c.opening | grep -q "verified and posted"
expect 1 op cast b3c.json
grep -q "refused" out.txt
vote v3 b3.json --vote council=ben
vote v4 b4.json --vote council=cy
"$cli" credentials revoke --manifest manifest.json --roll roll.jsonl --voter v4 --reason "resigned" \
    --key authority.key --out revoke4.json >/dev/null
vote v5 b5c.json --vote council=cy --opening-out b5c.opening
python3 -c 'import json; print(json.dumps({"revoke": json.load(open("revoke4.json"))}))' >revoke4.line
python3 -c 'import json; print(json.dumps({"challenge": {"ballot": json.load(open("b5c.json")),
                                                         "opening": json.load(open("b5c.opening"))}}))' >challenge5.line
# one operator process for a stream of submissions (standard input): each is
# posted and acknowledged as it arrives, before the input ends; meanwhile the
# board is locked against every other writer
jfield() { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
cast_before=$(op status --json | jfield cast)
coproc STREAM { exec "$cli" board cast rec - --key operator.key --threads 1 2>stream.err; }
stream_pid=$STREAM_PID                      # (bash forgets the coprocess's pid and descriptors once it ends)
exec {rd}<&"${STREAM[0]}" {wr}>&"${STREAM[1]}"
exec {STREAM[1]}>&-
cat b3.json >&"$wr"
read -r -t 60 -u "$rd" ack1
[[ "$ack1" == "stdin:1: cast as entry "* ]] || { echo "no acknowledgement of the first streamed ballot: $ack1"; exit 1; }
expect 3 op tally                                                               # locked by the streaming process
grep -qi "lock" out.txt
op status --json >status.json                                                   # read-only: runs beside it
[ "$(jfield cast <status.json)" -eq $((cast_before + 1)) ] || { echo "status beside the stream:"; cat status.json; exit 1; }
[ "$(jfield incomplete_tail <status.json)" = None ]
op status | grep -q "^entries [0-9]*; cast $((cast_before + 1)),"
printf '%s\n' '{"not": "a ballot"}' >&"$wr"
read -r -t 60 -u "$rd" ack2
[[ "$ack2" == "stdin:2: refused: "* ]] || { echo "no refusal of the second streamed line: $ack2"; exit 1; }
cat b4.json >&"$wr"
read -r -t 60 -u "$rd" ack3
[[ "$ack3" == "stdin:3: cast as entry "* ]] || { echo "no acknowledgement of the third streamed line: $ack3"; exit 1; }
cat revoke4.line challenge5.line revoke4.line >&"$wr"                           # v4's ballot still counts
for n in 4 5 6; do read -r -t 60 -u "$rd" "ack$n"; done
[[ "$ack4" == "stdin:4: revocation of v4 posted as entry "* ]] || { echo "streamed revocation: $ack4"; exit 1; }
[[ "$ack5" == "stdin:5: challenge of ballot "*" posted as entry "* ]] || { echo "streamed challenge: $ack5"; exit 1; }
[[ "$ack6" == "stdin:6: refused: "*"already revoked"* ]] || { echo "a second revocation: $ack6"; exit 1; }
exec {wr}>&-                                                                     # end of input: the process ends
read -r -t 60 -u "$rd" summary
[[ "$summary" == "2 ballots cast, 2 challenges and revocations posted, 2 refused"* ]] || { echo "summary: $summary"; exit 1; }
exec {rd}<&-
set +e; wait "$stream_pid"; rc=$?; set -e
[ "$rc" -eq 1 ] || { echo "streaming cast: expected exit 1 (a line refused), got $rc"; cat stream.err; exit 1; }
# SIGTERM stops a streaming process cleanly: what it acknowledged is posted, and it says why it stopped
vote v1 b1c.json --vote council=ben --opening-out b1c.opening
python3 -c 'import json; print(json.dumps({"challenge": {"ballot": json.load(open("b1c.json")),
                                                         "opening": json.load(open("b1c.opening"))}}))' >challenge1.line
coproc STREAM { exec "$cli" board cast rec - --key operator.key --threads 1 2>stream.err; }
stream_pid=$STREAM_PID
exec {rd}<&"${STREAM[0]}" {wr}>&"${STREAM[1]}"
exec {STREAM[1]}>&-
cat challenge1.line >&"$wr"
read -r -t 60 -u "$rd" ack1
[[ "$ack1" == "stdin:1: challenge of ballot "* ]] || { echo "streamed challenge: $ack1"; exit 1; }
kill -TERM "$stream_pid"
read -r -t 60 -u "$rd" summary
[[ "$summary" == "0 ballots cast, 1 challenges and revocations posted, 0 refused"* ]] || { echo "summary: $summary"; exit 1; }
exec {rd}<&- {wr}>&-
set +e; wait "$stream_pid"; rc=$?; set -e
[ "$rc" -eq 0 ] || { echo "streaming cast stopped by SIGTERM: expected exit 0, got $rc"; cat stream.err; exit 1; }
grep -q "stopped by SIGTERM" stream.err

# the close: a co-signature made before the last cast is stale
"$cli" trustee cosign rec --key t1.key --index 1 --out close1.json --threads 1 | grep -q "closing the board"
vote v5 b5.json --vote council=ana --vote panel=pb,pa
op cast b5.json >/dev/null
for i in 2 3; do "$cli" trustee cosign rec --key "t$i.key" --index "$i" --out "close$i.json" --threads 1 >/dev/null; done
expect 1 op close --cosignature close1.json close2.json
grep -q "co-signed the board at [0-9]* entries" out.txt
expect 2 op close --cosignature open1.json open3.json                           # co-signatures of the open
op close --cosignature close2.json close3.json | grep -q "the board is closed"
expect 2 op cast b5.json
expect 2 "$cli" trustee cosign rec --key t2.key --index 2 --out x.json
grep -q "already closed" out.txt

# after the close, as in board.sh
op tally | grep -q "5 ballots counted"
for i in 1 2; do
    "$cli" trustee share rec --state "t$i.state" --tally --out "tally$i.json" --threads 1 >/dev/null
    op post-share "tally$i.json" >/dev/null
done
op post-mix-input --contest panel >/dev/null
for i in 3 1; do
    "$cli" mix rec --contest panel --mixer "$i" --key "t$i.key" --out "mix$i.json" --threads 1 >/dev/null 2>&1
    op post-mix "mix$i.json" >/dev/null
done
for i in 2 3; do
    "$cli" trustee share rec --state "t$i.state" --contest panel --out "panel$i.json" --threads 1 >/dev/null
    op post-ranked-share "panel$i.json" >/dev/null
done
op publish-ranked-result --contest panel | grep -q "elected: "
op publish-result >result.txt
cat result.txt
grep -q "^council: ana 3 ben 2 cy 2$" result.txt
grep -q "^budget: parks 3 roads 3$" result.txt
"$cli" verify rec --threads 1 >verify.txt || { cat verify.txt; exit 1; }
grep -q "RESULT: all 32 checks passed" verify.txt
code=$(sed -n 's/.*tracking code \([0-9A-Z-]*\).*/\1/p' cast1.txt | sed -n 3p)
expect 1 "$cli" receipt rec "$code"                                             # v0's: cancelled
grep -q "It did not count: cast after the voter's credential was revoked" out.txt
code=$(sed -n 's/.*tracking code \([0-9A-Z-]*\).*/\1/p' cast1.txt | sed -n 1p)
"$cli" receipt rec "$code" | grep -q "counted"
echo "whole election, one process per party: verified"
