#!/usr/bin/env bash
# CTest registers each Catch2 test case by name through CMake lists, where ';'
# separates items and '[' ']' suppress separation. A test name containing them
# becomes a bogus CTest entry that matches no test and passes without running
# anything. Refuse such names.
set -euo pipefail
tests="$(dirname "$1")/scrutineer_tests"
[ -x "$tests" ] || { echo "SKIPPED: $tests not built"; exit 77; }
bad=$("$tests" --list-test-names-only | grep -E '[][;]' || true)
if [ -n "$bad" ]; then
  echo "test names must not contain ';', '[' or ']' (CTest would not run them):"
  echo "$bad"
  exit 1
fi
n=$("$tests" --list-test-names-only | grep -c . || true)
echo "test names: $n checked"
