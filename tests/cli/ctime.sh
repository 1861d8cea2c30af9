#!/usr/bin/env bash
# Constant-time check: builds tests/ctime/ctime_check.cpp with the library's
# sources (no sanitizers; valgrind cannot run ASan binaries) and runs it under
# valgrind memcheck, which must report nothing. Skips (77) without valgrind.
set -euo pipefail
command -v valgrind >/dev/null || { echo "SKIPPED: valgrind not installed"; exit 77; }
[ -f /usr/include/valgrind/memcheck.h ] || { echo "SKIPPED: valgrind headers not installed"; exit 77; }
out=${CTIME_BUILD_DIR:-build/ctime}
mkdir -p "$out"
srcs=$( (find src/core src/group src/primitives src/parallel -name '*.cpp' 2>/dev/null || true) | sort)
objs=()
for s in $srcs src/mixnet/ranking.cpp tests/ctime/ctime_check.cpp tests/ctime/ctime_ranking.cpp; do
  o="$out/$(echo "$s" | tr '/' '_').o"
  if [ ! -f "$o" ] || [ "$s" -nt "$o" ] || [ -n "$(find include -newer "$o" -name '*.hpp' -print -quit)" ]; then
    ${CXX:-c++} -std=c++20 -O1 -g -DSCRUTINEER_CTIME_CHECK -Wno-psabi -Iinclude -I/usr/include/decaf -c "$s" -o "$o" &
  fi
  objs+=("$o")
done
wait
# two programs: the core check (keys, encryption, provers, decryption) and the
# ranked-ballot encoding (mixnet/ranking.hpp), each linked with the library objects
lib=()
for o in "${objs[@]}"; do
  case "$o" in *tests_ctime_*) ;; *) lib+=("$o") ;; esac
done
for prog in ctime_check ctime_ranking; do
  ${CXX:-c++} -o "$out/$prog" "${lib[@]}" "$out/tests_ctime_$prog.cpp.o" -lsodium -l:libdecaf.a -lgmp -pthread
  valgrind --quiet --error-exitcode=42 --track-origins=yes --suppressions=tests/ctime/valgrind.supp "$out/$prog"
  # the table scans' 128-bit path too (core/cpu.hpp), which a CPU without AVX2 takes
  if [ "$prog" = ctime_check ]; then
    SCRUTINEER_NO_AVX2=1 valgrind --quiet --error-exitcode=42 --track-origins=yes --suppressions=tests/ctime/valgrind.supp "$out/$prog"
  fi
  # The check must be able to fail: the canary branches on a secret on purpose.
  set +e
  valgrind --quiet --error-exitcode=42 --suppressions=tests/ctime/valgrind.supp "$out/$prog" --canary >/dev/null 2>&1
  rc=$?
  set -e
  [ "$rc" -eq 42 ] || { echo "$prog: canary was not detected (exit $rc): the check is not working"; exit 1; }
done
echo "ctime check: clean (core, with and without AVX2 scans, and ranking encoding), and both canaries were detected"
