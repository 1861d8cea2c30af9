#!/usr/bin/env bash
# scrutineer credentials issue: a public roll and the secret credentials, as
# files; refuses to overwrite, to write both to one file and bad counts.
set -euo pipefail
cli="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$("$cli" credentials issue --count 12 --prefix m --roll "$tmp/roll.jsonl" --secrets "$tmp/creds.jsonl")
grep -q "issued 12 credentials" <<<"$out"
grep -Eq "roll commitment: +[0-9a-f]{128}$" <<<"$out"
[ "$(wc -l <"$tmp/roll.jsonl")" -eq 12 ] || { echo "roll: expected 12 lines"; exit 1; }
[ "$(wc -l <"$tmp/creds.jsonl")" -eq 12 ] || { echo "secrets: expected 12 lines"; exit 1; }
# the roll: canonical lines {credential, voter, weight 1}, ids zero-padded and in byte order
grep -Evq '^\{"credential":"[0-9a-f]{64}","voter":"m[0-9]{2}","weight":1\}$' "$tmp/roll.jsonl" && { echo "roll line of another shape"; exit 1; }
[ "$(cut -d'"' -f8 "$tmp/roll.jsonl" | tr '\n' ' ')" = "m00 m01 m02 m03 m04 m05 m06 m07 m08 m09 m10 m11 " ] || { echo "voter ids"; exit 1; }
[ "$(cut -d'"' -f4 "$tmp/roll.jsonl" | sort -u | wc -l)" -eq 12 ] || { echo "credentials not distinct"; exit 1; }
# the secrets: one seed per voter, readable by the owner only, never in the roll
grep -Evq '^\{"seed":"[0-9a-f]{64}","voter":"m[0-9]{2}"\}$' "$tmp/creds.jsonl" && { echo "secret line of another shape"; exit 1; }
[ "$(stat -c %a "$tmp/creds.jsonl")" = "600" ] || { echo "secrets file is not mode 0600"; exit 1; }
for s in $(cut -d'"' -f4 "$tmp/creds.jsonl"); do
  if grep -q "$s" "$tmp/roll.jsonl"; then echo "a secret seed appears in the roll"; exit 1; fi
done
# refusals: exit 2, files left as they were
before=$(md5sum "$tmp/roll.jsonl" "$tmp/creds.jsonl")
set +e
"$cli" credentials issue --count 3 --roll "$tmp/roll.jsonl" --secrets "$tmp/new.jsonl" 2>"$tmp/err"; rc=$?
[ "$rc" -eq 2 ] || { echo "expected exit 2 for an existing roll, got $rc"; exit 1; }
grep -q "exists; refusing to overwrite it" "$tmp/err"
[ ! -e "$tmp/new.jsonl" ] || { echo "wrote secrets although the roll exists"; exit 1; }
"$cli" credentials issue --count 3 --roll "$tmp/same" --secrets "$tmp/same" 2>/dev/null; rc=$?
[ "$rc" -eq 2 ] || { echo "expected exit 2 for one file for both, got $rc"; exit 1; }
"$cli" credentials issue --count 0 --roll "$tmp/r0" --secrets "$tmp/s0" 2>/dev/null; rc=$?
[ "$rc" -eq 2 ] || { echo "expected exit 2 for --count 0, got $rc"; exit 1; }
"$cli" credentials issue --count 3 --roll "$tmp/no/such/dir/r" --secrets "$tmp/s3" 2>/dev/null; rc=$?
[ "$rc" -eq 3 ] || { echo "expected exit 3 for an unwritable roll, got $rc"; exit 1; }
set -e
[ "$(md5sum "$tmp/roll.jsonl" "$tmp/creds.jsonl")" = "$before" ] || { echo "the issued files changed"; exit 1; }
echo "cli credentials: ok"
