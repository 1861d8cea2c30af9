// scrutineer — count: entry point; validates and dispatches to an engine.
#include "internal.hpp"

namespace scrutineer::count {

result<count_result> run_count(const contest& c, const rules& r, std::span<const std::uint8_t> seed) {
    if (auto s = c.validate(); !s) return s.err();
    if (r.decimals < 0 || r.decimals > 12)
        return error{errc::out_of_range, "rules: decimals must be in 0..12, got " + std::to_string(r.decimals)};
    if (r.kind == algorithm::irv && c.seats != 1)
        return error{errc::bad_input, "irv elects one candidate; the contest has " + std::to_string(c.seats) + " seats"};
    if (r.kind == algorithm::meek && r.decimals < 3)
        return error{errc::out_of_range, "meek needs at least 3 decimal places"};
    const contest* in = &c;
    contest copy;
    if (!c.ballots.aggregated()) {
        copy = c;
        copy.ballots.aggregate();
        in = &copy;
    }
    try {
        if (r.kind == algorithm::meek) return detail::run_meek(*in, r, seed);
        return detail::run_gregory(*in, r, seed);
    } catch (const arithmetic_overflow& e) {
        return error{errc::out_of_range, std::string("arithmetic overflow: ") + e.what()};
    }
}

}  // namespace scrutineer::count
