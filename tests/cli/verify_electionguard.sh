#!/usr/bin/env bash
# `scrutineer verify --format electionguard-2.0 DIR`: the reference record
# verifies (exit 0), a tampered copy fails under the right step (exit 1),
# malformed input exits 2, unknown formats are refused with exit 2.
set -uo pipefail
cli="$1"
rec=""
for d in ../shared/vectors/electionguard-2.0/allAvailableJson /work/shared/vectors/electionguard-2.0/allAvailableJson; do
    [ -d "$d" ] && { rec="$d"; break; }
done
[ -n "$rec" ] || { echo "SKIPPED: allAvailableJson not found"; exit 77; }
command -v python3 >/dev/null || { echo "SKIPPED: python3 needed to tamper with the record"; exit 77; }

out=$("$cli" verify --format electionguard-2.0 "$rec"); rc=$?
echo "$out"
[ "$rc" -eq 0 ] || { echo "expected exit 0 on the reference record, got $rc"; exit 1; }
grep -q "Verification 1 (Parameter validation): ok" <<<"$out" || exit 1
grep -q "Verification 9 (Correctness of tally decryptions): ok" <<<"$out" || exit 1
grep -q "Verification 15 .*not checked" <<<"$out" || exit 1

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the report as JSON: the same 18 steps and outcomes as the text
"$cli" verify --format electionguard-2.0 "$rec" --json "$tmp/report.json" >"$tmp/report.txt" || { echo "--json: exit $?"; exit 1; }
python3 - "$tmp/report.json" "$tmp/report.txt" <<'PY' || exit 1
import json, re, sys
j = json.load(open(sys.argv[1]))
text = open(sys.argv[2]).read()
assert j["format"] == "electionguard-2.0" and j["passed"] is True, j
assert [s["number"] for s in j["steps"]] == list(range(1, 19)), j["steps"]
for s in j["steps"]:
    want = {"ok": "ok", "failed": "FAILED", "not checked": "not checked"}[s["outcome"]]
    line = "Verification %d (%s): %s" % (s["number"], s["title"], want)
    assert line in text, line
    assert (s["outcome"] == "failed") == bool(s["failures"]), s
assert j["steps"][8]["outcome"] == "ok" and j["steps"][14]["outcome"] == "not checked"
PY
# a voter's receipt: the confirmation code of a ballot (or a prefix of it), one that is not there, a malformed one
code=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["confirmation_code"])' \
    "$rec/encrypted_ballots/runWorkflowAllAvailableJson/eballot-id-3.json")
out=$("$cli" receipt --format electionguard-2.0 "$rec" "$code"); rc=$?
[ "$rc" -eq 0 ] || { echo "receipt: expected exit 0, got $rc"; echo "$out"; exit 1; }
grep -q "^ballot id-3 (.*eballot-id-3.json), .*state CAST" <<<"$out" || { echo "$out"; exit 1; }
grep -q "^it verifies" <<<"$out" || { echo "$out"; exit 1; }
"$cli" receipt --format electionguard-2.0 "$rec" "${code:0:4}-${code:4:8}" | grep -q "^ballot id-3 " || { echo "receipt by a prefix"; exit 1; }
"$cli" receipt --format electionguard-2.0 "$rec" 0000000000000000 >"$tmp/r.txt"; rc=$?
[ "$rc" -eq 1 ] && grep -q "no ballot of the record" "$tmp/r.txt" || { echo "receipt of an unknown code: exit $rc"; exit 1; }
"$cli" receipt --format electionguard-2.0 "$rec" "not-a-code" >/dev/null 2>&1; rc=$?
[ "$rc" -eq 2 ] || { echo "receipt of a malformed code: expected exit 2, got $rc"; exit 1; }
"$cli" receipt --format nonsense "$rec" "$code" >/dev/null 2>&1; rc=$?
[ "$rc" -eq 2 ] || { echo "receipt in an unknown format: expected exit 2, got $rc"; exit 1; }

# the short-code function of pre-encrypted ballots: a known name is accepted
# (this record has none to check; a receipt is quicker than a whole
# verification), an unknown one or one for the native format is refused
"$cli" receipt --format electionguard-2.0 "$rec" "$code" --short-codes OMEGA3 >/dev/null || { echo "--short-codes OMEGA3: exit $?"; exit 1; }
"$cli" verify --format electionguard-2.0 "$rec" --short-codes omega9 >/dev/null 2>"$tmp/err"; rc=$?
[ "$rc" -eq 2 ] && grep -q "omega9" "$tmp/err" || { echo "--short-codes omega9: expected exit 2 naming it, got $rc"; exit 1; }
"$cli" receipt --format electionguard-2.0 "$rec" "$code" --short-codes nine >/dev/null 2>&1; rc=$?
[ "$rc" -eq 2 ] || { echo "receipt --short-codes nine: expected exit 2, got $rc"; exit 1; }
"$cli" verify "$rec" --short-codes hex5 >/dev/null 2>"$tmp/err"; rc=$?
[ "$rc" -eq 2 ] && grep -q "electionguard-2.0 only" "$tmp/err" || { echo "--short-codes without the format: exit $rc"; exit 1; }

"$cli" verify --format electionguard-2.0 "$rec" --json /nonexistent/dir/report.json >/dev/null 2>"$tmp/err"; rc=$?
[ "$rc" -eq 3 ] || { echo "expected exit 3 when the JSON report cannot be written, got $rc"; exit 1; }
grep -q "cannot write the JSON report" "$tmp/err" || exit 1
cp -r "$rec" "$tmp/rec"
chmod -R u+w "$tmp/rec"
python3 - "$tmp/rec/tally.json" <<'PY'
import json, sys
p = sys.argv[1]
j = json.load(open(p))
j["contests"][0]["selections"][0]["tally"] += 1
json.dump(j, open(p, "w"))
PY
out=$("$cli" verify --format electionguard-2.0 "$tmp/rec" --json "$tmp/bad.json"); rc=$?
[ "$rc" -eq 1 ] || { echo "expected exit 1 on a tampered tally, got $rc"; exit 1; }
grep -q "Verification 10 (Validation of correct decryption of tallies): FAILED" <<<"$out" || { echo "$out"; exit 1; }
python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); assert not j["passed"] and j["steps"][9]["outcome"] == "failed" and j["steps"][9]["failures"]' "$tmp/bad.json" || exit 1

# chaining claimed but the ballots are not chained: 7.D
cp -r "$rec" "$tmp/chain"
chmod -R u+w "$tmp/chain"
python3 - "$tmp/chain/election_config.json" <<'PY'
import json, sys
p = sys.argv[1]
j = json.load(open(p))
j["chain_confirmation_codes"] = True
json.dump(j, open(p, "w"))
PY
out=$("$cli" verify --format electionguard-2.0 "$tmp/chain"); rc=$?
[ "$rc" -eq 1 ] || { echo "expected exit 1 on an unchained record claiming chaining, got $rc"; exit 1; }
grep -q "Verification 7 (Validation of confirmation codes): FAILED" <<<"$out" || { echo "$out"; exit 1; }
grep -q "(7.D)" <<<"$out" || { echo "$out"; exit 1; }

echo "{ broken" > "$tmp/rec/tally.json"
"$cli" verify --format electionguard-2.0 "$tmp/rec" >/dev/null 2>&1; rc=$?
[ "$rc" -eq 2 ] || { echo "expected exit 2 on malformed JSON, got $rc"; exit 1; }

"$cli" verify --format scrutineer-1 "$rec" >/dev/null 2>&1; rc=$?
[ "$rc" -eq 2 ] || { echo "expected exit 2 on an unsupported format, got $rc"; exit 1; }
"$cli" verify --format electionguard-2.0 /nonexistent/dir >/dev/null 2>&1; rc=$?
[ "$rc" -eq 3 ] || { echo "expected exit 3 on a missing directory, got $rc"; exit 1; }
echo "cli verify electionguard: ok"
