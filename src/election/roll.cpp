// scrutineer — election: roll validation, commitment, credential files.
#include "scrutineer/election/roll.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "scrutineer/core/hex.hpp"
#include "scrutineer/election/manifest.hpp"
#include "scrutineer/primitives/hash.hpp"
#include "scrutineer/core/json_depth.hpp"

namespace scrutineer::election {

result<roll> roll::from_entries(std::vector<roll_entry> entries) {
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.voter < b.voter; });
    roll r;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto& e = entries[i];
        if (!valid_identifier(e.voter))
            return error{errc::bad_input, "roll: voter id \"" + e.voter + "\" is not 1-64 characters of [A-Za-z0-9._-]"};
        if (i > 0 && entries[i - 1].voter == e.voter)
            return error{errc::bad_input, "roll: duplicate voter id \"" + e.voter + "\""};
        if (e.weight < 1 || e.weight > max_weight)
            return error{errc::out_of_range, "roll: voter \"" + e.voter + "\" has weight " + std::to_string(e.weight) +
                                                 " outside 1.." + std::to_string(max_weight)};
        if (!r.by_credential_.emplace(e.credential, i).second)
            return error{errc::bad_input, "roll: credential " + e.credential.hex() + " appears twice (voter \"" + e.voter + "\")"};
    }
    r.entries_ = std::move(entries);
    return r;
}

const roll_entry* roll::find_voter(std::string_view voter) const {
    auto it = std::lower_bound(entries_.begin(), entries_.end(), voter,
                               [](const roll_entry& e, std::string_view v) { return e.voter < v; });
    return it != entries_.end() && it->voter == voter ? &*it : nullptr;
}

const roll_entry* roll::find(const verify_key& credential) const {
    auto it = by_credential_.find(credential);
    return it == by_credential_.end() ? nullptr : &entries_[it->second];
}

std::array<byte, 64> roll::commitment() const {
    sha512 h;
    frame(h, "scrutineer/roll/v1", {});
    frame_u64(h, "count", entries_.size());
    for (const auto& e : entries_) {
        frame(h, "voter", as_bytes(e.voter));
        frame(h, "credential", e.credential.bytes);
        frame_u64(h, "weight", e.weight);
    }
    return h.digest();
}

result<roll> roll::load(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return error{errc::io, "cannot read roll " + p.string()};
    std::vector<roll_entry> entries;
    std::size_t line_no = 0;
    for (std::string line; std::getline(in, line);) {
        ++line_no;
        const std::string where = p.string() + " line " + std::to_string(line_no);
        if (auto d = check_json_depth(line); !d) return with_context(where, d.err());
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object()) return error{errc::bad_input, where + ": not a JSON object"};
        if (j.size() != 3 || !j.contains("voter") || !j.contains("credential") || !j.contains("weight"))
            return error{errc::bad_input, where + ": expected exactly the fields voter, credential, weight"};
        if (!j["voter"].is_string() || !j["credential"].is_string() || !j["weight"].is_number_unsigned())
            return error{errc::bad_input, where + ": voter and credential must be strings, weight a positive integer"};
        auto pk = verify_key::from_hex(j["credential"].get<std::string>());
        if (!pk) return with_context(where, pk.err());
        entries.push_back({j["voter"].get<std::string>(), *pk, j["weight"].get<std::uint64_t>()});
    }
    auto r = from_entries(std::move(entries));
    if (!r) return with_context(p.string(), r.err());
    return r;
}

status roll::save(const std::filesystem::path& p) const {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    if (!out) return status(errc::io, "cannot write roll " + p.string());
    for (const auto& e : entries_)
        out << nlohmann::json{{"voter", e.voter}, {"credential", e.credential.hex()}, {"weight", e.weight}}.dump() << "\n";
    out.flush();
    if (!out) return status(errc::io, "write error on " + p.string());
    out.close();
    const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    const bool synced = fd >= 0 && ::fsync(fd) == 0;
    if (fd >= 0) ::close(fd);
    if (!synced) return status(errc::io, "cannot fsync " + p.string());
    return {};
}

result<issuance> issue_credentials(std::size_t count, std::string_view prefix, rng& r) {
    std::vector<roll_entry> entries;
    std::vector<issued_credential> secrets;
    const std::size_t digits = std::to_string(count == 0 ? 0 : count - 1).size();
    for (std::size_t i = 0; i < count; ++i) {
        std::string num = std::to_string(i);
        std::string id = std::string(prefix) + std::string(digits - num.size(), '0') + num;
        auto key = signing_key::generate(r);
        entries.push_back({id, key.public_key(), 1});
        secrets.push_back({id, std::move(key)});
    }
    auto rl = roll::from_entries(std::move(entries));
    if (!rl) return rl.err();
    return issuance{std::move(*rl), std::move(secrets)};
}

status save_credentials(const std::filesystem::path& p, const std::vector<issued_credential>& secrets) {
    const int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return status(errc::io, "cannot create credentials file " + p.string());
    std::FILE* f = ::fdopen(fd, "w");
    if (!f) return status(errc::io, "cannot open credentials file " + p.string());
    for (const auto& s : secrets) {
        std::string line = nlohmann::json{{"voter", s.voter}, {"seed", to_hex(s.key.seed().span())}}.dump() + "\n";
        std::fwrite(line.data(), 1, line.size(), f);
        secure_wipe(line.data(), line.size());
    }
    const bool ok = std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
    std::fclose(f);
    if (!ok) return status(errc::io, "write error on " + p.string());
    return {};
}

result<std::vector<issued_credential>> load_credentials(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return error{errc::io, "cannot read credentials " + p.string()};
    std::vector<issued_credential> out;
    std::size_t line_no = 0;
    for (std::string line; std::getline(in, line);) {
        ++line_no;
        const std::string where = p.string() + " line " + std::to_string(line_no);
        if (auto d = check_json_depth(line); !d) {
            secure_wipe(line.data(), line.size());
            return with_context(where, d.err());
        }
        auto j = nlohmann::json::parse(line, nullptr, false);
        secure_wipe(line.data(), line.size());
        if (j.is_discarded() || !j.is_object() || !j.contains("voter") || !j.contains("seed") || !j["voter"].is_string() ||
            !j["seed"].is_string())
            return error{errc::bad_input, where + ": expected {\"voter\": …, \"seed\": …}"};
        auto seed = from_hex(j["seed"].get_ref<const std::string&>(), 32);
        if (!seed) return with_context(where, seed.err());
        auto key = signing_key::from_seed(*seed);
        secure_wipe(seed->data(), seed->size());
        if (!key) return with_context(where, key.err());
        out.push_back({j["voter"].get<std::string>(), std::move(*key)});
    }
    return out;
}

}  // namespace scrutineer::election
