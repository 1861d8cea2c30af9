// scrutineer — core: the CPU features the constant-time table scans use.
#pragma once

namespace scrutineer::cpu {

/// Whether the constant-time table scans (ristretto255's fixed-base tables,
/// dual_mul and multi_exp_ct; the modp comb's row selection) use AVX2: true
/// when the CPU has AVX2 and the environment variable SCRUTINEER_NO_AVX2 is
/// unset or empty. Decided once per process, from the CPU and the environment,
/// never from data; without it the scans take their 128-bit (SSE2) path, and
/// the modp comb GMP's mpn_sec_tabselect. Both paths give the same results
/// (the test suite runs the table tests both ways); the variable exists so
/// that the 128-bit path can be tested and timed on any x86-64 machine.
/// Always false off x86-64.
bool avx2_scans() noexcept;

}  // namespace scrutineer::cpu
