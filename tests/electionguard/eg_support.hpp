// scrutineer tests — ElectionGuard helpers: locating the shared data, reading JSON.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <functional>
#include <initializer_list>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "scrutineer/electionguard.hpp"

namespace egtest {

/// ../shared/vectors/electionguard-2.0 (tests run from the repository root),
/// or $SCRUTINEER_EG_DATA. Empty if absent.
inline std::filesystem::path data_dir() {
    if (const char* e = std::getenv("SCRUTINEER_EG_DATA")) return e;
    for (const char* c : {"../shared/vectors/electionguard-2.0", "../../shared/vectors/electionguard-2.0",
                          "/work/shared/vectors/electionguard-2.0"})
        if (std::filesystem::exists(std::filesystem::path(c) / "testvectors")) return c;
    return {};
}

/// Loads a test-vector file, or nullopt (and a SKIPPED warning) if absent.
inline std::optional<nlohmann::json> vector_file(const std::string& name) {
    const auto d = data_dir();
    const auto p = d / "testvectors" / name;
    if (d.empty() || !std::filesystem::exists(p)) {
        WARN("SKIPPED: ElectionGuard test vector " << name << " not found");
        return std::nullopt;
    }
    std::ifstream f(p);
    return nlohmann::json::parse(f);
}

using namespace scrutineer;
inline eg::element E(const nlohmann::json& j) { return eg::element_from_hex(j.get<std::string>()).value(); }
inline eg::scalar Q(const nlohmann::json& j) { return eg::scalar_from_hex(j.get<std::string>()).value(); }
inline eg::hash32 Hh(const nlohmann::json& j) { return eg::hash_from_hex(j.get<std::string>()).value(); }
inline std::string hx(const eg::hash32& h) { return eg::upper_hex(h); }
inline std::string hx(const eg::element& e) { return eg::upper_hex(eg::group::encode(e).span()); }
inline std::string hx(const eg::scalar& s) { return eg::upper_hex(s.encode()); }

/// The guardians at `xs`, with key shares P(i), decrypting one ciphertext as
/// §3.6.2–3.6.3 has them: each one's partial decryption and commitments with
/// a fresh nonce (made here), then each one's response to the combined
/// challenge (respond).
struct guardians_decrypting {
    std::vector<eg::scalar> us;
    std::vector<eg::partial_decryption> parts;
    guardians_decrypting(const eg::ciphertext& AB, const std::vector<std::uint32_t>& xs,
                         const std::vector<eg::scalar>& shares, rng& r)
        : shares_(shares) {
        for (std::size_t k = 0; k < xs.size(); ++k) {
            us.push_back(eg::scalar::random(r));
            parts.push_back(eg::partial_decrypt_with(AB, xs[k], secret<eg::scalar>(shares[k]), us.back()));
        }
    }
    std::vector<eg::scalar> respond(const eg::decryption_challenge& ch) const {
        std::vector<eg::scalar> vs;
        for (std::size_t k = 0; k < shares_.size(); ++k)
            vs.push_back(eg::decryption_response(us[k], ch.ci[k], secret<eg::scalar>(shares_[k])));
        return vs;
    }

private:
    std::vector<eg::scalar> shares_;
};

/// `s` with the hex digit at `pos` changed.
inline std::string flip_hex(std::string s, std::size_t pos) {
    s.at(pos) = s.at(pos) == '0' ? '1' : '0';
    return s;
}

/// The Kotlin reference record allAvailableJson, or empty if absent.
inline std::filesystem::path record_dir() {
    const auto d = data_dir();
    if (d.empty() || !std::filesystem::exists(d / "allAvailableJson")) return {};
    return d / "allAvailableJson";
}

/// A temporary copy of the record (without private_data), removed at scope exit.
struct record_copy {
    std::filesystem::path dir;
    explicit record_copy(const std::filesystem::path& src) {
        static std::atomic<int> counter{0};
        dir = std::filesystem::temp_directory_path() /
              ("scrutineer-eg-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        std::filesystem::create_directories(dir);
        for (const auto& e : std::filesystem::directory_iterator(src)) {
            if (e.path().filename() == "private_data") continue;
            std::filesystem::copy(e.path(), dir / e.path().filename(), std::filesystem::copy_options::recursive);
        }
        for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
            std::filesystem::permissions(e.path(), std::filesystem::perms::owner_write, std::filesystem::perm_options::add);
    }
    ~record_copy() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    /// Cuts the copy down to what a check needs, so that verifying it is
    /// quick (under the sanitizers a whole record takes seconds): no tallies,
    /// and of the ballots only those in `keep`.
    void slim(std::initializer_list<std::filesystem::path> keep = {}) const {
        drop_tallies();
        std::vector<std::filesystem::path> gone;
        for (const auto& e : std::filesystem::recursive_directory_iterator(dir / "encrypted_ballots"))
            if (e.is_regular_file() &&
                std::none_of(keep.begin(), keep.end(), [&](const std::filesystem::path& k) { return dir / k == e.path(); }))
                gone.push_back(e.path());
        for (const auto& g : gone) std::filesystem::remove(g);
    }
    /// Only the tallies removed (checks of the ballots alone).
    void drop_tallies() const {
        std::filesystem::remove(dir / "tally.json");
        std::filesystem::remove(dir / "encrypted_tally.json");
    }
    void edit(const std::filesystem::path& rel, const std::function<void(nlohmann::json&)>& f) const {
        nlohmann::json j;
        {
            std::ifstream in(dir / rel);
            j = nlohmann::json::parse(in);
        }
        f(j);
        std::ofstream out(dir / rel, std::ios::trunc);
        out << j.dump(2);
    }
};

}  // namespace egtest
