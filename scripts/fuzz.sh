#!/usr/bin/env bash
# Coverage-guided fuzzing of scrutineer's decoders of untrusted input, under
# libFuzzer with AddressSanitizer and UndefinedBehaviorSanitizer (clang).
# See docs/fuzzing.md.
#
#   scripts/fuzz.sh [SECONDS-PER-TARGET] [TARGET...]     (make fuzz FUZZ_SECONDS=… FUZZ_TARGETS="…")
#
# Builds build/fuzz/bin/scrutineer_fuzz, then runs each target (all of them
# by default) for SECONDS (default 60) starting from its seeds and the inputs
# kept in tests/fuzz/corpus/<target>/. The growing corpus stays in
# build/fuzz/corpus/<target>/; an input that crashes, hangs or breaks a
# property is written to build/fuzz/crashes/. Exit status 1 if any target
# failed, with the command that reproduces each failure.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
[ $# -gt 0 ] && shift
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
  echo "scripts/fuzz.sh: SECONDS-PER-TARGET must be a positive integer, got '$seconds'" >&2
  exit 2
fi

bash scripts/install-deps.sh --fuzz
CXX=${FUZZ_CXX:-clang++} cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g" -DSCRUTINEER_FUZZ=ON -DSCRUTINEER_BUILD_BENCH=OFF \
  -DSCRUTINEER_BUILD_APPS=OFF -DSCRUTINEER_BUILD_EXAMPLES=OFF >/dev/null
cmake --build build/fuzz -j "${JOBS:-$(nproc 2>/dev/null || echo 2)}" --target scrutineer_fuzz
bin=build/fuzz/bin/scrutineer_fuzz

# Every target, as the binary lists them when given an unknown name.
mapfile -t all < <(SCRUTINEER_FUZZ_TARGET=- "$bin" 2>&1 | awk 'NR > 1 { print $1 }')
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")
for t in "${targets[@]}"; do
  if ! printf '%s\n' "${all[@]}" | grep -qx -- "$t"; then
    echo "scripts/fuzz.sh: no target '$t'; the targets are: ${all[*]}" >&2
    exit 2
  fi
done

mkdir -p build/fuzz/crashes
failed=()
for t in "${targets[@]}"; do
  corpus=build/fuzz/corpus/$t
  mkdir -p "$corpus" "tests/fuzz/corpus/$t"
  SCRUTINEER_FUZZ_TARGET=$t SCRUTINEER_FUZZ_SEEDS=$corpus "$bin" >/dev/null 2>&1
  echo "== $t: ${seconds}s ($(ls "$corpus" | wc -l) inputs in $corpus)"
  log=build/fuzz/$t.log
  if SCRUTINEER_FUZZ_TARGET=$t "$bin" "$corpus" "tests/fuzz/corpus/$t" -max_total_time="$seconds" -timeout=60 \
       -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="build/fuzz/crashes/$t-" >"$log" 2>&1; then
    grep -E "^stat::number_of_executed_units|^stat::new_units_added" "$log" | sed 's/^/   /'
  else
    failed+=("$t")
    echo "   FAILED (log: $log):"
    grep -E "ERROR|broken_property|what\(\)|SUMMARY|Test unit written" "$log" | head -8 | sed 's/^/   /'
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo
  echo "failed: ${failed[*]}"
  echo "reproduce: SCRUTINEER_FUZZ_TARGET=<target> $bin build/fuzz/crashes/<target>-<file>"
  echo "keep as a regression input (make test runs it): cp build/fuzz/crashes/<target>-<file> tests/fuzz/corpus/<target>/<name>"
  exit 1
fi
echo "no failures in ${#targets[@]} target(s)"
