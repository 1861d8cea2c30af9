// scrutineer — election: manifest parsing and validation.
#include "scrutineer/election/manifest.hpp"

#include "scrutineer/count/rules.hpp"

#include <fstream>
#include <sstream>
#include <set>

#include "scrutineer/primitives/hash.hpp"
#include "scrutineer/core/json_depth.hpp"

namespace scrutineer::election {

namespace {

constexpr std::string_view manifest_format = "scrutineer/manifest/v1";

error at(const std::string& where, std::string msg) { return error{errc::bad_input, where + ": " + std::move(msg)}; }

result<std::string> get_string(const nlohmann::json& j, const std::string& where, const char* key, bool required = true) {
    auto it = j.find(key);
    if (it == j.end()) {
        if (required) return at(where, std::string("missing field '") + key + "'");
        return std::string();
    }
    if (!it->is_string()) return at(where + "." + key, "must be a string");
    return it->get<std::string>();
}

result<std::uint64_t> get_uint(const nlohmann::json& j, const std::string& where, const char* key, std::uint64_t lo,
                               std::uint64_t hi, bool required = true, std::uint64_t dflt = 0) {
    auto it = j.find(key);
    if (it == j.end()) {
        if (required) return at(where, std::string("missing field '") + key + "'");
        return dflt;
    }
    if (!it->is_number_integer() || (it->is_number_integer() && !it->is_number_unsigned() && it->get<std::int64_t>() < 0))
        return at(where + "." + key, "must be a non-negative integer");
    const auto v = it->get<std::uint64_t>();
    if (v < lo || v > hi)
        return at(where + "." + key, "must be between " + std::to_string(lo) + " and " + std::to_string(hi) +
                                         ", got " + std::to_string(v));
    return v;
}

status only_fields(const nlohmann::json& j, const std::string& where, std::initializer_list<const char*> allowed) {
    for (auto it = j.begin(); it != j.end(); ++it) {
        bool ok = false;
        for (const char* a : allowed) ok = ok || it.key() == a;
        if (!ok) return status(at(where, "unknown field '" + it.key() + "'"));
    }
    return {};
}

}  // namespace

bool valid_identifier(std::string_view s) noexcept {
    if (s.empty() || s.size() > 64) return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-'))
            return false;
    return true;
}

std::string_view to_string(contest_kind k) noexcept {
    switch (k) {
        case contest_kind::plurality: return "plurality";
        case contest_kind::k_of_n: return "k-of-n";
        case contest_kind::approval: return "approval";
        case contest_kind::score: return "score";
        case contest_kind::ranked: return "ranked";
    }
    return "?";
}

std::string_view to_string(revoting_rule r) noexcept {
    switch (r) {
        case revoting_rule::last: return "last";
        case revoting_rule::first: return "first";
        case revoting_rule::none: return "none";
    }
    return "?";
}

result<manifest> manifest::from_json(const nlohmann::json& j) {
    const std::string w = "manifest";
    if (!j.is_object()) return at(w, "must be a JSON object");
    if (auto s = only_fields(j, w, {"format", "election_id", "title", "group", "trustees", "contests", "policy"}); !s)
        return s.err();
    manifest m;
    auto fmt = get_string(j, w, "format");
    if (!fmt) return fmt.err();
    if (*fmt != manifest_format) return at(w + ".format", "must be \"" + std::string(manifest_format) + "\", got \"" + *fmt + "\"");
    auto id = get_string(j, w, "election_id");
    if (!id) return id.err();
    if (!valid_identifier(*id)) return at(w + ".election_id", "must be 1-64 characters of [A-Za-z0-9._-]");
    m.election_id = *id;
    auto title = get_string(j, w, "title", false);
    if (!title) return title.err();
    m.title = *title;
    auto group = get_string(j, w, "group");
    if (!group) return group.err();
    if (*group != "ristretto255") return at(w + ".group", "unsupported group \"" + *group + "\" (supported: ristretto255)");
    m.group = *group;

    auto tr = j.find("trustees");
    if (tr == j.end() || !tr->is_object()) return at(w, "missing object 'trustees'");
    if (auto s = only_fields(*tr, w + ".trustees", {"n", "k"}); !s) return s.err();
    auto n = get_uint(*tr, w + ".trustees", "n", 1, 100);
    if (!n) return n.err();
    auto k = get_uint(*tr, w + ".trustees", "k", 1, *n);
    if (!k) return k.err();
    m.trustees_n = *n;
    m.trustees_k = *k;

    auto cs = j.find("contests");
    if (cs == j.end() || !cs->is_array() || cs->empty() || cs->size() > 100)
        return at(w, "'contests' must be an array of 1 to 100 contests");
    std::set<std::string> contest_ids;
    for (std::size_t ci = 0; ci < cs->size(); ++ci) {
        const auto& cj = (*cs)[ci];
        const std::string cw = w + ".contests[" + std::to_string(ci) + "]";
        if (!cj.is_object()) return at(cw, "must be an object");
        if (auto s = only_fields(cj, cw, {"id", "title", "kind", "options", "max_marks", "max_score", "max_total", "seats", "method"}); !s)
            return s.err();
        contest c;
        auto cid = get_string(cj, cw, "id");
        if (!cid) return cid.err();
        if (!valid_identifier(*cid)) return at(cw + ".id", "must be 1-64 characters of [A-Za-z0-9._-]");
        if (!contest_ids.insert(*cid).second) return at(cw + ".id", "duplicate contest id \"" + *cid + "\"");
        c.id = *cid;
        auto ct = get_string(cj, cw, "title", false);
        if (!ct) return ct.err();
        c.title = *ct;
        auto kind = get_string(cj, cw, "kind");
        if (!kind) return kind.err();
        if (*kind == "plurality") c.kind = contest_kind::plurality;
        else if (*kind == "k-of-n") c.kind = contest_kind::k_of_n;
        else if (*kind == "approval") c.kind = contest_kind::approval;
        else if (*kind == "score") c.kind = contest_kind::score;
        else if (*kind == "ranked") c.kind = contest_kind::ranked;
        else return at(cw + ".kind", "unknown kind \"" + *kind + "\" (plurality, k-of-n, approval, score, ranked)");
        auto os = cj.find("options");
        if (os == cj.end() || !os->is_array() || os->empty() || os->size() > 255)
            return at(cw, "'options' must be an array of 1 to 255 options");
        std::set<std::string> option_ids;
        for (std::size_t oi = 0; oi < os->size(); ++oi) {
            const auto& oj = (*os)[oi];
            const std::string ow = cw + ".options[" + std::to_string(oi) + "]";
            if (!oj.is_object()) return at(ow, "must be an object");
            if (auto s = only_fields(oj, ow, {"id", "title"}); !s) return s.err();
            auto oid = get_string(oj, ow, "id");
            if (!oid) return oid.err();
            if (!valid_identifier(*oid)) return at(ow + ".id", "must be 1-64 characters of [A-Za-z0-9._-]");
            if (!option_ids.insert(*oid).second) return at(ow + ".id", "duplicate option id \"" + *oid + "\"");
            auto ot = get_string(oj, ow, "title", false);
            if (!ot) return ot.err();
            c.options.push_back({*oid, *ot});
        }
        const std::uint64_t nopt = c.options.size();
        auto forbid = [&](const char* key) -> status {
            if (cj.contains(key)) return status(at(cw + "." + key, std::string("not allowed for kind ") + *kind));
            return {};
        };
        switch (c.kind) {
            case contest_kind::plurality:
                for (auto key : {"max_marks", "max_score", "max_total", "seats", "method"})
                    if (auto s = forbid(key); !s) return s.err();
                c.max_marks = 1;
                c.max_total = 1;
                break;
            case contest_kind::k_of_n: {
                for (auto key : {"max_score", "max_total", "seats", "method"})
                    if (auto s = forbid(key); !s) return s.err();
                auto mm = get_uint(cj, cw, "max_marks", 1, nopt);
                if (!mm) return mm.err();
                c.max_marks = c.max_total = *mm;
                break;
            }
            case contest_kind::approval:
                for (auto key : {"max_marks", "max_score", "max_total", "seats", "method"})
                    if (auto s = forbid(key); !s) return s.err();
                c.max_marks = c.max_total = nopt;
                break;
            case contest_kind::score: {
                for (auto key : {"max_marks", "seats", "method"})
                    if (auto s = forbid(key); !s) return s.err();
                auto ms = get_uint(cj, cw, "max_score", 1, 100);
                if (!ms) return ms.err();
                c.max_score = *ms;
                auto mt = get_uint(cj, cw, "max_total", 1, *ms * nopt, false, *ms * nopt);
                if (!mt) return mt.err();
                c.max_total = *mt;
                c.max_marks = nopt;
                break;
            }
            case contest_kind::ranked: {
                for (auto key : {"max_marks", "max_score", "max_total"})
                    if (auto s = forbid(key); !s) return s.err();
                auto seats = get_uint(cj, cw, "seats", 1, nopt);
                if (!seats) return seats.err();
                c.seats = *seats;
                auto method = get_string(cj, cw, "method");
                if (!method) return method.err();
                if (!valid_identifier(*method) || !count::preset(*method))
                    return at(cw + ".method", "must be a counting preset name (scrutineer count --help lists them)");
                if (nopt > 255) return at(cw + ".options", "a ranked contest has at most 255 candidates");
                if (count::preset(*method)->kind == count::algorithm::irv && *seats != 1)
                    return at(cw + ".seats", "method \"" + *method + "\" elects one candidate: seats must be 1");
                c.method = *method;
                break;
            }
        }
        m.contests.push_back(std::move(c));
    }

    auto pj = j.find("policy");
    if (pj == j.end() || !pj->is_object()) return at(w, "missing object 'policy'");
    const std::string pw = w + ".policy";
    if (auto s = only_fields(*pj, pw, {"revoting", "roll_frozen_at", "cancel_reasons"}); !s) return s.err();
    auto rv = get_string(*pj, pw, "revoting");
    if (!rv) return rv.err();
    if (*rv == "last") m.policy.revoting = revoting_rule::last;
    else if (*rv == "first") m.policy.revoting = revoting_rule::first;
    else if (*rv == "none") m.policy.revoting = revoting_rule::none;
    else return at(pw + ".revoting", "must be \"last\", \"first\" or \"none\"");
    auto fz = get_string(*pj, pw, "roll_frozen_at");
    if (!fz) return fz.err();
    if (fz->empty()) return at(pw + ".roll_frozen_at", "must not be empty");
    m.policy.roll_frozen_at = *fz;
    auto cr = pj->find("cancel_reasons");
    if (cr == pj->end() || !cr->is_array()) return at(pw, "'cancel_reasons' must be an array");
    std::set<std::string> reasons;
    for (std::size_t i = 0; i < cr->size(); ++i) {
        const auto& r = (*cr)[i];
        const std::string rw = pw + ".cancel_reasons[" + std::to_string(i) + "]";
        if (!r.is_string() || !valid_identifier(r.get_ref<const std::string&>())) return at(rw, "must be an identifier");
        if (!reasons.insert(r.get<std::string>()).second) return at(rw, "duplicate reason");
        m.policy.cancel_reasons.push_back(r.get<std::string>());
    }
    return m;
}

result<manifest> manifest::load(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return error{errc::io, "cannot read manifest " + p.string()};
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    if (auto d = check_json_depth(text); !d) return with_context(p.string(), d.err());
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) return error{errc::bad_input, p.string() + ": not valid JSON"};
    auto m = from_json(j);
    if (!m) return with_context(p.string(), m.err());
    return m;
}

nlohmann::json manifest::to_json() const {
    nlohmann::json cs = nlohmann::json::array();
    for (const auto& c : contests) {
        nlohmann::json os = nlohmann::json::array();
        for (const auto& o : c.options) os.push_back({{"id", o.id}, {"title", o.title}});
        nlohmann::json cj = {{"id", c.id}, {"title", c.title}, {"kind", to_string(c.kind)}, {"options", os}};
        switch (c.kind) {
            case contest_kind::k_of_n: cj["max_marks"] = c.max_marks; break;
            case contest_kind::score:
                cj["max_score"] = c.max_score;
                cj["max_total"] = c.max_total;
                break;
            case contest_kind::ranked:
                cj["seats"] = c.seats;
                cj["method"] = c.method;
                break;
            default: break;
        }
        cs.push_back(cj);
    }
    return {{"format", manifest_format},
            {"election_id", election_id},
            {"title", title},
            {"group", group},
            {"trustees", {{"n", trustees_n}, {"k", trustees_k}}},
            {"contests", cs},
            {"policy",
             {{"revoting", to_string(policy.revoting)},
              {"roll_frozen_at", policy.roll_frozen_at},
              {"cancel_reasons", policy.cancel_reasons}}}};
}

std::array<byte, 64> manifest::hash() const {
    sha512 h;
    const std::string c = to_json().dump();
    frame(h, manifest_format, as_bytes(c));
    return h.digest();
}

proof_context manifest::context() const {
    const auto h = hash();
    return proof_context::for_election(byte_span(h));
}

}  // namespace scrutineer::election
