# scrutineer — top-level entry points. Each target installs what is missing
# (scripts/install-deps.sh), configures with CMake and builds.
#
#   make          Release build; the CLI is build/bin/scrutineer
#   make test     every test, under AddressSanitizer + UndefinedBehaviorSanitizer (build/asan;
#                 -Og: it compiles in about two thirds of -O1's time and the tests run
#                 within a few percent of -O1's)
#   make bench    benchmarks (Release); BENCH_FILTER=<regex> selects; writes build/bench/summary.json
#   make demo     a whole election with 1,000 voters (record in build/demo-record), verified
#   make fuzz     coverage-guided fuzzing (clang, libFuzzer): FUZZ_SECONDS per target (60), FUZZ_TARGETS (all)
#   make coverage line coverage of src/, include/ and apps/ by every test (gcovr): build/cov/coverage.txt, html/
#   make clean    remove build/

JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BENCH_FILTER ?=
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=
CMAKE ?= cmake

.PHONY: all deps release test bench demo fuzz coverage clean

all: release

deps:
	@bash scripts/install-deps.sh

release: deps
	@$(CMAKE) -S . -B build -DCMAKE_BUILD_TYPE=Release -DSCRUTINEER_BUILD_TESTS=OFF >/dev/null
	@$(CMAKE) --build build -j $(JOBS)

test: deps
	@$(CMAKE) -S . -B build/asan -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-Og -g1" -DSCRUTINEER_SANITIZE=ON \
	  -DSCRUTINEER_WERROR=ON -DSCRUTINEER_BUILD_BENCH=OFF >/dev/null
	@$(CMAKE) --build build/asan -j $(JOBS)
	@cd build/asan && ctest --output-on-failure -j $(JOBS) --timeout 900

bench: release
	@mkdir -p build/bench
	@build/bin/scrutineer-bench --filter='$(BENCH_FILTER)' --summary=build/bench/summary.json

demo: release
	@build/bin/scrutineer demo --voters 1000 --out build/demo-record --force

fuzz: deps
	@bash scripts/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

coverage:
	@JOBS=$(JOBS) bash scripts/coverage.sh

clean:
	rm -rf build
