#!/usr/bin/env bash
# The ceremony's typestate: out-of-order steps do not compile
# (tests/compile_fail/ceremony_out_of_order.cpp; CASE=0 is the control).
set -uo pipefail
cxx="${CXX:-c++}"
command -v "$cxx" >/dev/null || { echo "no C++ compiler; skipping"; exit 77; }
src=tests/compile_fail/ceremony_out_of_order.cpp
compile() { "$cxx" -std=c++20 -fsyntax-only -Iinclude -DCASE="$1" "$src" 2>&1; }
out=$(compile 0) || { echo "control case does not compile:"; echo "$out"; exit 1; }
expect() {  # case, diagnostic
    out=$(compile "$1") && { echo "case $1 compiled but must not"; exit 1; }
    grep -q -- "$2" <<<"$out" || { echo "case $1: expected diagnostic '$2', got:"; echo "$out" | head -20; exit 1; }
    echo "case $1: rejected ($2)"
}
expect 1 "has no member named .receive"
expect 2 "as .this. argument discards qualifiers"
expect 3 "has no member named .finish"
expect 4 "no matching function for call to .*trustee_checked<.*>::trustee_checked()"
expect 5 "use of deleted function"
echo "ceremony compile-fail: ok"
