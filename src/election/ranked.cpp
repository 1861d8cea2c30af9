// scrutineer — election: the ranked contests' board payloads (docs/spec.md
// §8.11, docs/format/board.md) and their outcome (decoding and count).
#include <algorithm>
#include <map>
#include <stdexcept>
#include <set>

#include "scrutineer/core/hex.hpp"
#include "scrutineer/count/count.hpp"
#include "scrutineer/count/io.hpp"
#include "scrutineer/count/rules.hpp"
#include "scrutineer/election/mix.hpp"
#include "scrutineer/election/record.hpp"
#include "scrutineer/group/decode_batch.hpp"
#include "scrutineer/parallel/pool.hpp"
#include "scrutineer/mixnet/ranking.hpp"
#include "scrutineer/primitives/hash.hpp"
#include "scrutineer/protocols/shuffle.hpp"

namespace scrutineer::election::record {

namespace {

status exactly(const json& j, const std::string& what, std::initializer_list<std::string_view> fields) {
    if (!j.is_object()) return status(errc::bad_input, what + ": must be an object");
    for (auto it = j.begin(); it != j.end(); ++it)
        if (std::none_of(fields.begin(), fields.end(), [&](std::string_view f) { return it.key() == f; }))
            return status(errc::bad_input, what + ": unexpected field \"" + it.key() + "\"");
    for (auto f : fields)
        if (!j.contains(std::string(f))) return status(errc::bad_input, what + "." + std::string(f) + ": missing");
    return {};
}

result<std::uint64_t> u64_of(const json& j, const std::string& what, std::string_view f) {
    const auto& v = j.at(std::string(f));
    if (!v.is_number_unsigned()) return error{errc::bad_input, what + "." + std::string(f) + ": must be a non-negative integer"};
    return v.get<std::uint64_t>();
}

/// The ranked contest named by j[f]; errors name the field.
result<const contest*> ranked_contest_of(const json& j, const std::string& what, const manifest& m) {
    const auto& v = j.at("contest");
    if (!v.is_string()) return error{errc::bad_input, what + ".contest: must be a string"};
    for (const auto& c : m.contests)
        if (!c.homomorphic() && c.id == v.get_ref<const std::string&>()) return &c;
    return error{errc::bad_input, what + ".contest: \"" + v.get<std::string>() + "\" is not a ranked contest of the manifest"};
}

/// A list field's bytes: its hex text, or the bytes that text was decoded to
/// as the line was read from the file (board.cpp, list_hex_sax); errors are
/// the same either way, in terms of the text. `size`: the length required,
/// if any.
result<bytes> list_bytes(const json& v, const std::string& what, std::size_t size = 0) {
    if (v.is_binary()) {
        const auto& b = v.get_binary();
        if (size != 0 && b.size() != size)
            return error{errc::bad_length, what + ": expected " + std::to_string(size * 2) + " hex digits, got " +
                                               std::to_string(b.size() * 2)};
        return bytes(b.begin(), b.end());
    }
    if (!v.is_string()) return error{errc::bad_input, what + ": must be a hex string"};
    auto b = from_hex(v.get_ref<const std::string&>(), size);
    if (!b) return with_context(what, b.err());
    return b;
}

result<mixnet::ciphertext_list<G>> list_of(const json& v, const std::string& what, std::uint64_t n, std::size_t w) {
    if (!v.is_string() && !v.is_binary()) return error{errc::bad_input, what + ": must be a hex string"};
    if (n > (std::uint64_t{1} << 32)) return error{errc::out_of_range, what + ": too many ciphertexts"};
    auto b = list_bytes(v, what);
    if (!b) return b.err();
    auto l = mixnet::ciphertext_list<G>::from_bytes(std::move(*b), static_cast<std::size_t>(n), w);
    if (!l) return with_context(what, l.err());
    return l;
}

}  // namespace

// --- mix-input -----------------------------------------------------------------

json mix_input_payload::to_json() const {
    return {{"contest", contest},
            {"ballots", ballots},
            {"n", ciphertexts.size()},
            {"width", ciphertexts.width()},
            {"ciphertexts", ciphertexts.hex()}};
}

result<mix_input_payload> mix_input_payload::from_json(const json& j, const manifest& m) {
    const std::string w = "mix-input";
    if (auto s = exactly(j, w, {"contest", "ballots", "n", "width", "ciphertexts"}); !s) return s.err();
    auto c = ranked_contest_of(j, w, m);
    if (!c) return c.err();
    mix_input_payload p;
    p.contest = (*c)->id;
    auto b = u64_of(j, w, "ballots");
    if (!b) return b.err();
    p.ballots = *b;
    auto n = u64_of(j, w, "n");
    if (!n) return n.err();
    auto width = u64_of(j, w, "width");
    if (!width) return width.err();
    if (*width != mixnet::ranking_width((*c)->options.size()))
        return error{errc::bad_input, w + ".width: " + std::to_string(*width) + ", the contest's rankings take " +
                                          std::to_string(mixnet::ranking_width((*c)->options.size()))};
    auto l = list_of(j.at("ciphertexts"), w + ".ciphertexts", *n, static_cast<std::size_t>(*width));
    if (!l) return l.err();
    p.ciphertexts = std::move(*l);
    return p;
}

std::vector<bytes> encode_ranked_parts(const ballot<G>& b) {
    std::vector<bytes> parts;
    parts.reserve(b.ranked.size());
    for (const auto& r : b.ranked) {
        bytes enc;
        for (const auto& c : r.ciphertexts) append(enc, c.encode());
        parts.push_back(std::move(enc));
    }
    return parts;
}

void ranked_parts::add(std::uint64_t entry, const ballot<G>& b) {
    erase(entry);
    if (bounds_.empty()) bounds_.push_back(0);
    if (bounds_.size() + b.ranked.size() >= erased)
        throw std::length_error("ranked_parts: too many parts");
    slots_.push_back({entry, static_cast<std::uint32_t>(bounds_.size() - 1), static_cast<std::uint32_t>(b.ranked.size())});
    index_.appended(slots_);
    for (const auto& r : b.ranked) {
        for (const auto& c : r.ciphertexts) append(bytes_, c.encode());
        bounds_.push_back(bytes_.size());
    }
    ++live_;
}

std::size_t ranked_parts::find(std::uint64_t entry) const {
    const auto i = index_.find(slots_, entry);
    return i < slots_.size() && slots_[i].first != erased ? i : slots_.size();
}

void ranked_parts::erase(std::uint64_t entry) {
    if (const auto i = find(entry); i < slots_.size()) {
        slots_[i].first = erased;
        --live_;
    }
}

std::optional<byte_span> ranked_parts::part(std::uint64_t entry, std::size_t ri) const {
    const auto i = find(entry);
    if (i == slots_.size() || ri >= slots_[i].parts) return std::nullopt;
    const auto lo = bounds_[slots_[i].first + ri], hi = bounds_[slots_[i].first + ri + 1];
    return byte_span(bytes_.data() + lo, static_cast<std::size_t>(hi - lo));
}

result<mix_input_payload> derive_mix_input(const manifest& m, const contest& c,
                                           const std::unordered_map<std::uint64_t, std::uint64_t>& counted,
                                           const ranked_parts& parts) {
    std::size_t ri = 0;  // c's position among the ranked contests
    for (const auto& x : m.contests) {
        if (&x == &c || x.id == c.id) break;
        if (!x.homomorphic()) ++ri;
    }
    const std::map<std::uint64_t, std::uint64_t> in_order(counted.begin(), counted.end());
    bytes all;
    std::uint64_t n = 0;
    for (const auto& [entry, weight] : in_order) {
        const auto part = parts.part(entry, ri);
        if (!part) return error{errc::bad_input, "the counted ballot at entry " + std::to_string(entry) + " has no ranked part"};
        for (std::uint64_t k = 0; k < weight; ++k, ++n) append(all, *part);
    }
    auto list = mixnet::ciphertext_list<G>::from_bytes(std::move(all), static_cast<std::size_t>(n),
                                                       mixnet::ranking_width(c.options.size()));
    if (!list) return list.err();
    return mix_input_payload{c.id, counted.size(), std::move(*list)};
}

// --- mix ---------------------------------------------------------------------------

hash64 mix_payload::statement(const hash64& manifest_hash, byte_span input) const {
    sha512 h;
    frame(h, "scrutineer/mix/v1", {});
    frame(h, "election", manifest_hash);
    frame(h, "contest", as_bytes(contest));
    frame_u64(h, "round", round);
    frame_u64(h, "mixer", mixer);
    frame_u64(h, "n", output.size());
    frame_u64(h, "w", output.width());
    frame(h, "input", input);
    frame(h, "output", output.bytes_view());
    frame(h, "proof", proof);
    return h.digest();
}

json mix_payload::to_json() const {
    return {{"contest", contest},      {"round", round},           {"mixer", mixer},
            {"n", output.size()},      {"width", output.width()},  {"output", output.hex()},
            {"proof", to_hex(proof)},  {"signature", sig.hex()}};
}

result<mix_payload> mix_payload::from_json(const json& j, const manifest& m) {
    const std::string w = "mix";
    if (auto s = exactly(j, w, {"contest", "round", "mixer", "n", "width", "output", "proof", "signature"}); !s) return s.err();
    auto c = ranked_contest_of(j, w, m);
    if (!c) return c.err();
    mix_payload p;
    p.contest = (*c)->id;
    auto round = u64_of(j, w, "round");
    if (!round) return round.err();
    if (*round == 0 || *round > 1024) return error{errc::out_of_range, w + ".round: must be 1..1024"};
    p.round = static_cast<std::uint32_t>(*round);
    auto mixer = u64_of(j, w, "mixer");
    if (!mixer) return mixer.err();
    if (*mixer == 0 || *mixer > m.trustees_n) return error{errc::out_of_range, w + ".mixer: not a trustee index"};
    p.mixer = static_cast<std::uint32_t>(*mixer);
    auto n = u64_of(j, w, "n");
    if (!n) return n.err();
    if (*n == 0) return error{errc::bad_input, w + ".n: a mix shuffles at least one ciphertext"};
    auto width = u64_of(j, w, "width");
    if (!width) return width.err();
    if (*width != mixnet::ranking_width((*c)->options.size()))
        return error{errc::bad_input, w + ".width: not the contest's ranking width"};
    auto l = list_of(j.at("output"), w + ".output", *n, static_cast<std::size_t>(*width));
    if (!l) return l.err();
    p.output = std::move(*l);
    auto pb = list_bytes(j.at("proof"), w + ".proof",
                         mixnet::shuffle_proof<G>::encoded_size(static_cast<std::size_t>(*n), static_cast<std::size_t>(*width)));
    if (!pb) return pb.err();
    p.proof = std::move(*pb);
    const auto& sj = j.at("signature");
    if (!sj.is_string()) return error{errc::bad_input, w + ".signature: must be a hex string"};
    auto sig = election::signature::from_hex(sj.get_ref<const std::string&>());
    if (!sig) return with_context(w + ".signature", sig.err());
    p.sig = *sig;
    return p;
}

// --- ranked-share ------------------------------------------------------------------

json ranked_share_payload::to_json() const {
    json j = ceremony::to_json<G>(share);
    j["contest"] = contest;
    return j;
}

result<ranked_share_payload> ranked_share_payload::from_json(const json& j, const manifest& m, std::size_t count) {
    const std::string w = "ranked-share";
    if (auto s = exactly(j, w, {"contest", "trustee", "shares", "proofs"}); !s) return s.err();
    auto c = ranked_contest_of(j, w, m);
    if (!c) return c.err();
    ranked_share_payload p;
    p.contest = (*c)->id;
    auto sh = ceremony::decryption_share_from_json<G>(j, static_cast<std::uint32_t>(m.trustees_n), count);  // "contest" is ignored
    if (!sh) return with_context(w, sh.err());
    p.share = std::move(*sh);
    return p;
}

status verify_share_against(const ceremony::election_key<G>& key, const proof_context& ctx,
                            const mixnet::ciphertext_list<G>& list, const ceremony::decryption_share_view<G>& sh,
                            std::size_t piece) {
    const std::size_t n = sh.shares.size(), total = list.size() * list.width();
    if (piece == 0) return status(errc::bad_input, "verify_share_against: pieces of 0 ciphertexts");
    if (sh.proofs.size() != n || sh.first > total || n > total - sh.first)
        return status(errc::bad_length, "decryption share of trustee " + std::to_string(sh.trustee) + ": " +
                                            std::to_string(n) + " shares and " + std::to_string(sh.proofs.size()) +
                                            " proofs from ciphertext " + std::to_string(sh.first) + " of " +
                                            std::to_string(total));
    for (std::size_t lo = 0; lo < n; lo += piece) {
        const std::size_t len = std::min(piece, n - lo);
        auto cts = election::flatten_range(list, sh.first + lo, len);
        if (!cts) return status(cts.err().code, "the last mix's output: " + cts.err().message);
        const ceremony::decryption_share_view<G> part(sh.trustee, sh.shares.subspan(lo, len), sh.proofs.subspan(lo, len),
                                                      sh.first + lo);
        if (auto v = ceremony::verify_decryption_share<G>(key, ctx, *cts, part, default_rng(), len); !v) return v;
    }
    return {};
}

result<std::pair<std::string, encoded_share_set>> verify_ranked_share(const json& j, const manifest& m,
                                                                      const ceremony::election_key<G>& key,
                                                                      const mixnet::ciphertext_list<G>& last,
                                                                      std::size_t piece) {
    const std::string w = "ranked-share";
    if (piece == 0) return error{errc::bad_input, "verify_ranked_share: pieces of 0 ciphertexts"};
    if (auto s = exactly(j, w, {"contest", "trustee", "shares", "proofs"}); !s) return s.err();
    auto c = ranked_contest_of(j, w, m);
    if (!c) return c.err();
    const std::size_t count = last.size() * last.width();
    auto h = ceremony::decryption_share_json<G>::of(j, static_cast<std::uint32_t>(m.trustees_n), count);
    if (!h) return with_context(w, h.err());
    std::pair<std::string, encoded_share_set> out{(*c)->id, {h->trustee, {}}};
    out.second.shares.reserve(count * G::element_size);
    const auto ctx = ranked_context(m, (*c)->id);
    constexpr std::size_t sub = 512;  // entries decoded per task
    for (std::size_t lo = 0; lo < count; lo += piece) {
        const std::size_t len = std::min(piece, count - lo);
        // decode this piece's shares and proofs on all cores; the first error (lowest index) wins
        const std::size_t tasks = (len + sub - 1) / sub;
        std::vector<std::vector<G::element>> sh(tasks);
        std::vector<std::vector<proofs::dleq_proof<G>>> pr(tasks);
        std::vector<status> st(tasks);
        parallel::for_each(tasks, [&](std::size_t t) {
            const std::size_t a = lo + t * sub, n = std::min(sub, lo + len - a);
            st[t] = ceremony::decryption_share_entries_from_json<G>(*h->shares, *h->proofs, h->who, a, n, sh[t], pr[t]);
        });
        std::vector<G::element> shares;
        std::vector<proofs::dleq_proof<G>> prfs;
        shares.reserve(len);
        prfs.reserve(len);
        for (std::size_t t = 0; t < tasks; ++t) {
            if (!st[t]) return with_context(w, st[t].err());
            shares.insert(shares.end(), sh[t].begin(), sh[t].end());
            prfs.insert(prfs.end(), pr[t].begin(), pr[t].end());
        }
        if (auto v = verify_share_against(key, ctx, last, {h->trustee, shares, prfs, lo}, len); !v) return v.err();
        for (const auto& x : shares) append(out.second.shares, G::encode(x).span());
    }
    return out;
}

// --- ranked-result -----------------------------------------------------------------

json ranked_result_payload::to_json() const {
    json b = json::array();
    for (const auto& x : ballots) b.push_back(x ? json(*x) : json(nullptr));
    json inv = json::array();
    for (const auto& [i, why] : invalid) inv.push_back({{"index", i}, {"problem", why}});
    return {{"contest", contest}, {"trustees", trustees}, {"ballots", b}, {"invalid", inv}, {"elected", elected}, {"stages", stages}};
}

result<ranked_result_payload> ranked_result_payload::from_json(const json& j) {
    const std::string w = "ranked-result";
    if (auto s = exactly(j, w, {"contest", "trustees", "ballots", "invalid", "elected", "stages"}); !s) return s.err();
    ranked_result_payload p;
    if (!j["contest"].is_string()) return error{errc::bad_input, w + ".contest: must be a string"};
    p.contest = j["contest"].get<std::string>();
    if (!j["trustees"].is_array()) return error{errc::bad_input, w + ".trustees: must be an array"};
    for (const auto& t : j["trustees"]) {
        if (!t.is_number_unsigned() || t.get<std::uint64_t>() == 0 || t.get<std::uint64_t>() > 1024)
            return error{errc::bad_input, w + ".trustees: not a trustee index"};
        p.trustees.push_back(t.get<std::uint32_t>());
    }
    if (!j["ballots"].is_array()) return error{errc::bad_input, w + ".ballots: must be an array"};
    for (std::size_t i = 0; i < j["ballots"].size(); ++i) {
        const auto& b = j["ballots"][i];
        if (b.is_null()) {
            p.ballots.emplace_back(std::nullopt);
            continue;
        }
        if (!b.is_array() || b.size() > mixnet::max_ranked_candidates)
            return error{errc::bad_input, w + ".ballots[" + std::to_string(i) + "]: must be null or an array of candidate indices"};
        std::vector<std::uint32_t> r;
        for (const auto& x : b) {
            if (!x.is_number_unsigned() || x.get<std::uint64_t>() >= mixnet::max_ranked_candidates)
                return error{errc::bad_input, w + ".ballots[" + std::to_string(i) + "]: not a candidate index"};
            r.push_back(x.get<std::uint32_t>());
        }
        p.ballots.emplace_back(std::move(r));
    }
    if (!j["invalid"].is_array()) return error{errc::bad_input, w + ".invalid: must be an array"};
    for (std::size_t i = 0; i < j["invalid"].size(); ++i) {
        const auto& x = j["invalid"][i];
        const std::string xw = w + ".invalid[" + std::to_string(i) + "]";
        if (auto s = exactly(x, xw, {"index", "problem"}); !s) return s.err();
        if (!x["index"].is_number_unsigned() || !x["problem"].is_string())
            return error{errc::bad_input, xw + ": index must be an integer and problem a string"};
        p.invalid.emplace_back(x["index"].get<std::uint64_t>(), x["problem"].get<std::string>());
    }
    if (!j["elected"].is_array()) return error{errc::bad_input, w + ".elected: must be an array"};
    for (const auto& e : j["elected"]) {
        if (!e.is_string()) return error{errc::bad_input, w + ".elected: must hold option ids"};
        p.elected.push_back(e.get<std::string>());
    }
    p.stages = j["stages"];
    return p;
}

status decode_papers(const contest& c, std::span<const G::element> plaintexts, decoded_papers& into) {
    const std::size_t w = mixnet::ranking_width(c.options.size());
    if (w == 0 || plaintexts.size() % w != 0)
        return status(errc::bad_input, "contest \"" + c.id + "\": " + std::to_string(plaintexts.size()) +
                                           " plaintexts is not a whole number of rankings");
    for (std::size_t i = 0; i < plaintexts.size() / w; ++i) {
        auto d = mixnet::decode_ranking_vartime(plaintexts.subspan(i * w, w), c.options.size());
        if (!d.valid) {
            into.invalid.emplace_back(into.ballots.size(), d.problem);
            into.ballots.emplace_back(std::nullopt);
            continue;
        }
        into.ballots.emplace_back(std::move(d.ranking));
    }
    return {};
}

result<ranked_result_payload> ranked_outcome(const manifest& m, const contest& c, decoded_papers papers,
                                             std::vector<std::uint32_t> trustees) {
    std::vector<std::pair<std::vector<std::uint32_t>, std::uint64_t>> counted;
    for (const auto& b : papers.ballots)
        if (b) counted.emplace_back(*b, 1);  // blank papers are left out by count_rankings
    auto out = count_rankings(m, c, counted);
    if (!out) return out.err();
    out->trustees = std::move(trustees);
    out->ballots = std::move(papers.ballots);
    out->invalid = std::move(papers.invalid);
    return out;
}

result<ranked_result_payload> ranked_outcome(const manifest& m, const contest& c, std::span<const G::element> plaintexts,
                                             std::vector<std::uint32_t> trustees) {
    decoded_papers papers;
    if (auto s = decode_papers(c, plaintexts, papers); !s) return s.err();
    return ranked_outcome(m, c, std::move(papers), std::move(trustees));
}

result<ranked_result_payload> ranked_outcome_from_shares(const manifest& m, const contest& c,
                                                         const ceremony::election_key<G>& key,
                                                         const mixnet::ciphertext_list<G>& last,
                                                         std::span<const encoded_share_set> valid, std::size_t piece) {
    const std::size_t count = last.size() * last.width();
    for (const auto& v : valid)
        if (v.shares.size() != count * G::element_size)
            return error{errc::bad_length, "share set of trustee " + std::to_string(v.trustee) + ": " +
                                               std::to_string(v.shares.size()) + " bytes of shares for " +
                                               std::to_string(count) + " ciphertexts"};
    decoded_papers papers;
    std::vector<std::uint32_t> used;
    // pieces of whole papers, so that each piece decodes on its own
    const std::size_t w = std::max<std::size_t>(1, last.width());
    const std::size_t step = std::max<std::size_t>(1, piece / w) * w;
    for (std::size_t lo = 0; lo < count; lo += step) {
        const std::size_t len = std::min(step, count - lo);
        auto cts = flatten_range(last, lo, len);
        if (!cts) return error{cts.err().code, "the last mix's output: " + cts.err().message};
        std::vector<ceremony::decryption_share<G>> part;
        for (const auto& v : valid) {
            auto sh = decode_batch<G>(byte_span(v.shares).subspan(lo * G::element_size, len * G::element_size), len);
            if (!sh)
                return with_context("share set of trustee " + std::to_string(v.trustee) + ", shares from " + std::to_string(lo),
                                    sh.err());
            part.push_back({v.trustee, std::move(*sh), {}});
        }
        auto d = ceremony::combine_verified_vartime<G>(key, *cts, std::span<const ceremony::decryption_share<G>>(part));
        if (!d) return d.err();
        used = d->used;
        if (auto s = decode_papers(c, d->plaintexts, papers); !s) return s.err();
    }
    return ranked_outcome(m, c, std::move(papers), std::move(used));
}

result<ranked_result_payload> count_rankings(const manifest& m, const contest& c,
                                             const std::vector<std::pair<std::vector<std::uint32_t>, std::uint64_t>>& papers) {
    ranked_result_payload out;
    out.contest = c.id;
    out.stages = nullptr;
    std::vector<count::weighted_ranking> nonblank;
    for (const auto& [r, weight] : papers)
        if (!r.empty() && weight > 0) nonblank.push_back({r, weight});
    if (nonblank.empty()) return out;
    std::vector<count::candidate> cands;
    for (const auto& o : c.options) cands.push_back({o.id, {}, false});
    auto contest = count::make_contest(std::move(cands), static_cast<int>(c.seats), nonblank, c.title);
    if (!contest) return with_context("contest \"" + c.id + "\"", contest.err());
    auto rules = count::preset(c.method);
    if (!rules) return error{errc::bad_input, "contest \"" + c.id + "\": unknown counting method \"" + c.method + "\""};
    const auto seed = m.hash();
    auto r = count::run_count(*contest, *rules, seed);
    if (!r) return with_context("contest \"" + c.id + "\": the count", r.err());
    for (auto e : r->elected) out.elected.push_back(c.options.at(e).id);
    out.stages = json::parse(count::transcript_json(*r));
    return out;
}

proof_context mix_context(const manifest& m, std::string_view contest, std::uint32_t round) {
    return m.context().derive("scrutineer/mix/v1", contest).derive("round", ceremony::u32le(round));
}

proof_context ranked_context(const manifest& m, std::string_view contest) {
    return m.context().derive("scrutineer/ranked-decryption/v1", contest);
}

}  // namespace scrutineer::election::record
