#!/usr/bin/env bash
# The demo runs, verifies everything and reports success; bad options are rejected.
set -euo pipefail
cli="$1"
out=$("$cli" demo --voters 20 --seed 7)
echo "$out"
grep -q "demo complete: every proof verified" <<<"$out"
grep -q "replaying ballot-0 as another ballot: verify_failed" <<<"$out"
# deterministic with a seed
[ "$("$cli" demo --voters 5 --seed 3 | grep 'election key')" = "$("$cli" demo --voters 5 --seed 3 | grep 'election key')" ]
# bad usage: exit status 2 with a message
set +e
"$cli" demo --limit 9 --options 2 >/dev/null 2>&1; rc=$?
[ "$rc" -eq 2 ] || { echo "expected exit 2 for limit > options, got $rc"; exit 1; }
"$cli" demo --voters 0 >/dev/null 2>&1; rc=$?
[ "$rc" -eq 2 ] || { echo "expected exit 2 for --voters 0, got $rc"; exit 1; }
"$cli" --help | grep -q demo || { echo "help lacks demo"; exit 1; }
echo "cli demo: ok"
