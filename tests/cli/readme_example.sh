#!/usr/bin/env bash
# The README's ten-line example must compile: extract the first ```cpp block,
# put its statements in main(), and compile it against the headers.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
awk '/^```cpp$/{on=1; next} /^```$/{if(on){exit}} on' README.md > "$tmp/snippet.cpp"
[ -s "$tmp/snippet.cpp" ] || { echo "no cpp block in README.md"; exit 1; }
{
  grep -E '^(#include|using )' "$tmp/snippet.cpp"
  echo "int main() {"
  grep -vE '^(#include|using )' "$tmp/snippet.cpp"
  echo "(void)ok; (void)vote; return 0; }"
} > "$tmp/main.cpp"
${CXX:-c++} -std=c++20 -fsyntax-only -Wall -Wextra -Werror -Iinclude "$tmp/main.cpp"
echo "README example compiles"
