#!/usr/bin/env bash
# The demo runs a whole election, writes its record, verifies it and reports
# success; the record then verifies again through `scrutineer verify`; receipts
# work; bad options are rejected.
set -euo pipefail
cli="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$("$cli" demo --voters 12 --seed 7 --out "$tmp/rec" --fast-board)
echo "$out" | tail -30
grep -q "demo complete: the election ran and its record verifies" <<<"$out"
grep -q "The published result equals the votes the voters cast" <<<"$out"
grep -q "RESULT: all 32 checks passed" <<<"$out"
# the ranked contest: mixed, decrypted and counted; the count equals the votes cast
grep -q 'Ranked contest nec: the stage sheet of the count of the decrypted papers equals the count of the rankings the voters cast' <<<"$out"
grep -q 'mixed by all 5 trustees in turn' <<<"$out"
# without the ranked contest
out2=$("$cli" demo --voters 8 --seed 5 --out "$tmp/nr" --fast-board --no-ranked)
grep -q "demo complete: the election ran and its record verifies" <<<"$out2"
if grep -q "mix" "$tmp/nr/board.jsonl"; then echo "--no-ranked record has mix entries"; exit 1; fi
# the record verifies on its own, with a JSON report
"$cli" verify "$tmp/rec" --json "$tmp/report.json" --threads 1 >/dev/null
grep -q '"ok": true' "$tmp/report.json"
# deterministic with a seed
"$cli" demo --voters 6 --seed 3 --out "$tmp/a" --fast-board >/dev/null
"$cli" demo --voters 6 --seed 3 --out "$tmp/b" --fast-board >/dev/null
cmp "$tmp/a/manifest.json" "$tmp/b/manifest.json"
cmp "$tmp/a/roll.jsonl" "$tmp/b/roll.jsonl"
# --no-verify writes the same record without verifying it; verify accepts it afterwards
out3=$("$cli" demo --voters 6 --seed 3 --out "$tmp/c" --fast-board --no-verify --keys-out "$tmp/keys")
grep -q "demo complete: the election ran (record not verified)" <<<"$out3"
grep -q "Not verified here (--no-verify): run scrutineer verify" <<<"$out3"
grep -q "Published result (weighted votes per option):" <<<"$out3"
grep -q "  chair: " <<<"$out3"
if grep -q "Verifying the record" <<<"$out3"; then echo "--no-verify still verified"; exit 1; fi
cmp "$tmp/a/roll.jsonl" "$tmp/c/roll.jsonl"
"$cli" verify "$tmp/c" --threads 1 | grep -q "RESULT: all 32 checks passed"
# --keys-out: the parties' keys, readable by the owner only, usable by scrutineer board
for k in operator authority trustee1 trustee5; do
    [ "$(stat -c %a "$tmp/keys/$k.key")" = 600 ] || { echo "$k.key is not mode 600"; exit 1; }
done
"$cli" board status "$tmp/c" --key "$tmp/keys/operator.key" | grep -q "^next: nothing: the result is posted"
set +e
"$cli" board status "$tmp/c" --key "$tmp/keys/authority.key" >/dev/null 2>&1; rc=$?
[ "$rc" -eq 1 ] || { echo "expected exit 1 for board status with a key that is not the operator's, got $rc"; exit 1; }
"$cli" demo --voters 2 --seed 3 --out "$tmp/d" --fast-board --no-verify --keys-out "$tmp/keys" >/dev/null 2>&1; rc=$?
[ "$rc" -eq 3 ] || { echo "expected exit 3 when --keys-out would overwrite keys, got $rc"; exit 1; }
set -e
# receipts: a counted ballot (exit 0), a superseded one (exit 1, says why), an unknown code (exit 1)
"$cli" verify "$tmp/rec" --json "$tmp/r2.json" >/dev/null
# (the report is pretty-printed with sorted keys: "reason" comes right before "tracking_code")
superseded=$(grep -A1 '"reason": "superseded"' "$tmp/r2.json" | sed -n 's/.*"tracking_code": "\([^"]*\)".*/\1/p' | head -1)
[ -n "$superseded" ] || { echo "no superseded ballot in the demo record"; exit 1; }
set +e
"$cli" receipt "$tmp/rec" "$superseded" >"$tmp/rc.txt"; rc=$?
set -e
[ "$rc" -eq 1 ] || { echo "expected exit 1 for a superseded ballot, got $rc"; exit 1; }
grep -q "superseded by a later ballot" "$tmp/rc.txt"
set +e
"$cli" receipt "$tmp/rec" ZZZZ-ZZZZ-ZZZZ >/dev/null; rc=$?
[ "$rc" -eq 1 ] || { echo "expected exit 1 for an unknown code, got $rc"; exit 1; }
"$cli" receipt "$tmp/rec" "not a code!" >/dev/null 2>&1; rc=$?
[ "$rc" -eq 2 ] || { echo "expected exit 2 for a malformed code, got $rc"; exit 1; }
# bad usage: exit status 2 with a message
"$cli" demo --voters 0 >/dev/null 2>&1; rc=$?
[ "$rc" -eq 2 ] || { echo "expected exit 2 for --voters 0, got $rc"; exit 1; }
"$cli" demo --voters 3 --out "$tmp/rec" >/dev/null 2>&1; rc=$?
[ "$rc" -eq 2 ] || { echo "expected exit 2 for an existing record without --force, got $rc"; exit 1; }
"$cli" verify "$tmp/nonexistent" >/dev/null 2>&1; rc=$?
[ "$rc" -eq 2 ] || { echo "expected exit 2 for a missing record, got $rc"; exit 1; }
set -e
"$cli" --help | grep -q demo || { echo "help lacks demo"; exit 1; }
echo "cli demo: ok"
