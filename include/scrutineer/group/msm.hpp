// scrutineer — group: entry points of ristretto255's fast multi-scalar
// multiplication with a forced method, for tests and benchmarks. Normal code
// calls ristretto255::multi_exp_vartime, which chooses the method by size.
// The algorithms and their sources: group/multi_exp.hpp.
#pragma once

#include <cstddef>
#include <optional>
#include <span>

#include "scrutineer/group/multi_exp.hpp"
#include "scrutineer/group/ristretto255.hpp"

namespace scrutineer::detail {

/// Σ sᵢ·Pᵢ by Pippenger with signed digits on libdecaf, window c in [2, 15]
/// (0 = chosen from n). Sizes must match, c in range (otherwise
/// std::invalid_argument). Variable time.
r255_point r255_pippenger_vartime(std::span<const r255_scalar> s, std::span<const r255_point> p, int c = 0);

/// Σ sᵢ·Pᵢ by Bos–Coster on libdecaf, or nullopt if the schedule needs more
/// than max_steps steps (0: the budget multi_exp_vartime uses). Sizes must
/// match (otherwise std::invalid_argument). Variable time.
std::optional<r255_point> r255_bos_coster_vartime(std::span<const r255_scalar> s, std::span<const r255_point> p,
                                                  std::size_t max_steps = 0);

/// Σ sᵢ·Pᵢ by Straus/wNAF on libdecaf, window w in [2, 8]. Sizes must match, w
/// in range (otherwise std::invalid_argument). Variable time.
r255_point r255_straus_vartime(std::span<const r255_scalar> s, std::span<const r255_point> p, int w = 5);

}  // namespace scrutineer::detail
