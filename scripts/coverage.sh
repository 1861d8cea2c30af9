#!/usr/bin/env bash
# Line coverage of the library, the CLI and the headers by the whole test
# suite (make coverage): builds build/cov with GCC's --coverage at -Og, runs
# every ctest test but the installed-package consumer (which links without the
# coverage runtime), and writes build/cov/coverage.txt (per file: lines, lines
# run, per cent, the lines never run) and build/cov/html/coverage.html with
# gcovr (its warnings in build/cov/gcovr.log).
# Takes about 10 minutes on 2 cores. Counts from concurrent processes are
# merged by the gcov runtime; the occasional negative branch count it leaves
# is skipped (--gcov-ignore-parse-errors).
set -euo pipefail
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
out=build/cov
bash scripts/install-deps.sh --coverage
cmake -S . -B "$out" -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-Og -g1 --coverage" \
  "-DCMAKE_EXE_LINKER_FLAGS=--coverage" -DSCRUTINEER_BUILD_BENCH=OFF >/dev/null
cmake --build "$out" -j "$jobs"
find "$out" -name '*.gcda' -delete
status=0
(cd "$out" && ctest -j "$jobs" --timeout 900 -E '^consumer\.') || status=$?
mkdir -p "$out/html"
gcovr -r . "$out" --gcov-ignore-parse-errors --filter 'src/' --filter 'include/' --filter 'apps/' \
  --txt "$out/coverage.txt" --html-details "$out/html/coverage.html" 2>"$out/gcovr.log"
tail -n 3 "$out/coverage.txt"
echo "coverage: $out/coverage.txt and $out/html/coverage.html"
[ "$status" -eq 0 ] || echo "coverage: some tests failed (ctest exit $status); the figures count what ran"
exit "$status"
