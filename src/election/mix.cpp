// scrutineer — election: the mix chain (mix.hpp; docs/spec.md §8.11).
#include "scrutineer/election/mix.hpp"

#include <optional>

#include "scrutineer/parallel/pool.hpp"
#include "scrutineer/protocols/shuffle.hpp"

namespace scrutineer::election {

using G = record::G;

result<std::vector<elgamal::ciphertext<G>>> flatten(const mixnet::ciphertext_list<G>& l) {
    std::vector<elgamal::ciphertext<G>> out;
    out.reserve(l.size() * l.width());
    for (std::size_t i = 0; i < l.size(); ++i) {
        auto c = l.at(i);
        if (!c) return c.err();
        for (const auto& x : c->components()) out.push_back(x);
    }
    return out;
}

result<std::vector<elgamal::ciphertext<G>>> flatten_range(const mixnet::ciphertext_list<G>& l, std::size_t first,
                                                           std::size_t count) {
    const std::size_t w = l.width(), total = l.size() * w;
    if (first > total || count > total - first)
        return error{errc::out_of_range, "ciphertexts " + std::to_string(first) + " to " + std::to_string(first + count) +
                                             " of a list of " + std::to_string(total)};
    std::vector<elgamal::ciphertext<G>> out(count);
    if (count == 0) return out;
    const std::size_t p0 = first / w, p1 = (first + count - 1) / w + 1;  // papers [p0, p1)
    std::vector<std::optional<error>> bad(p1 - p0);
    parallel::for_chunks(p1 - p0, 256, [&](std::size_t lo, std::size_t hi) {
        for (std::size_t i = lo; i < hi; ++i) {
            auto c = l.at(p0 + i);
            if (!c) {
                bad[i] = c.err();
                return;
            }
            for (std::size_t j = 0; j < w; ++j) {
                const std::size_t t = (p0 + i) * w + j;
                if (t >= first && t < first + count) out[t - first] = c->components()[j];
            }
        }
    });
    for (auto& b : bad)
        if (b) return *b;
    return out;
}

status check_decodes(const mixnet::ciphertext_list<G>& l) {
    constexpr std::size_t piece = std::size_t{1} << 14;  // papers decoded at a time
    for (std::size_t lo = 0; lo < l.size(); lo += piece) {
        const std::size_t len = std::min(piece, l.size() - lo);
        if (auto c = flatten_range(l, lo * l.width(), len * l.width()); !c) return c.err();
    }
    return {};
}

status check_mix(const manifest& m, const hash64& manifest_hash, const G::element& K, const std::vector<verify_key>& mixer_keys,
                 const mixnet::ciphertext_list<G>& input, const record::mix_payload& p) {
    const std::string who = "mix round " + std::to_string(p.round) + " by trustee " + std::to_string(p.mixer);
    if (p.mixer == 0 || p.mixer > mixer_keys.size()) return status(errc::verify_failed, who + ": not a trustee");
    if (!mix_signed_by_mixer(manifest_hash, mixer_keys, input, p))
        return status(errc::verify_failed, who + ": the mixer's signature does not verify");
    if (auto s = check_mix_proof(m, K, input, p); !s) return status(errc::verify_failed, who + ": " + s.err().message);
    return {};
}

bool mix_signed_by_mixer(const hash64& manifest_hash, const std::vector<verify_key>& mixer_keys,
                         const mixnet::ciphertext_list<G>& input, const record::mix_payload& p) {
    return p.mixer != 0 && p.mixer <= mixer_keys.size() &&
           verify_signature(mixer_keys[p.mixer - 1], p.statement(manifest_hash, input.bytes_view()), p.sig);
}

namespace {
status check_mix_proof_with(const manifest& m, const G::element& K, const mixnet::ciphertext_list<G>& input,
                            const record::mix_payload& p, bytes* release) {
    if (p.output.size() != input.size() || p.output.width() != input.width())
        return status(errc::verify_failed, std::to_string(p.output.size()) + " papers out for " + std::to_string(input.size()) + " in");
    if (G::is_identity(K)) return status(errc::verify_failed, "no election key to check the proof");
    auto proof = mixnet::shuffle_proof<G>::decode(p.proof, p.output.size(), p.output.width());
    if (release) bytes().swap(*release);
    if (!proof) return status(errc::verify_failed, "proof: " + proof.err().message);
    if (auto s = mixnet::verify_shuffle<G>(record::mix_context(m, p.contest, p.round), elgamal::public_key<G>(K), input,
                                           p.output, *proof);
        !s)
        return status(errc::verify_failed, "the proof of shuffle fails: " + s.err().message);
    return {};
}
}  // namespace

status check_mix_proof(const manifest& m, const G::element& K, const mixnet::ciphertext_list<G>& input,
                       const record::mix_payload& p) {
    return check_mix_proof_with(m, K, input, p, nullptr);
}

status check_mix_proof_releasing(const manifest& m, const G::element& K, const mixnet::ciphertext_list<G>& input,
                                 record::mix_payload& p) {
    return check_mix_proof_with(m, K, input, p, &p.proof);
}

result<record::mix_payload> mix_turn(const manifest& m, const G::element& K, std::string_view contest, std::uint32_t round,
                                     std::uint32_t mixer, const signing_key& key, const mixnet::ciphertext_list<G>& input,
                                     rng& r) {
    if (input.size() == 0) return error{errc::bad_input, "nothing to mix: the chain's input is empty"};
    const elgamal::public_key<G> pk(K);
    auto out = mixnet::shuffle<G>(record::mix_context(m, contest, round), pk, input, r);
    if (!out) return out.err();
    record::mix_payload p;
    p.contest = std::string(contest);
    p.round = round;
    p.mixer = mixer;
    p.output = std::move(out->output);
    p.proof = out->proof.encode();
    p.sig = key.sign(p.statement(m.hash(), input.bytes_view()));
    return p;
}

namespace {
/// Whether an entry's payload names `contest` (a payload of another shape does
/// not; scrutineer verify reports it under B3).
bool names_contest(const nlohmann::json& payload, std::string_view contest) {
    if (!payload.is_object()) return false;
    const auto it = payload.find("contest");
    return it != payload.end() && it->is_string() && it->get_ref<const std::string&>() == contest;
}
}  // namespace

result<chain_head> read_chain_head(const std::filesystem::path& dir, std::string_view contest, bool check_proofs) {
    auto mj = record::read_json_file(dir / record::files::manifest);
    if (!mj) return mj.err();
    auto m = manifest::from_json(*mj);
    if (!m) return with_context(std::string(record::files::manifest), m.err());
    bool ranked = false;
    for (const auto& c : m->contests) ranked = ranked || (!c.homomorphic() && c.id == contest);
    if (!ranked) return error{errc::bad_input, "\"" + std::string(contest) + "\" is not a ranked contest of this election"};
    auto rd = board_reader::open(dir / record::files::board);
    if (!rd) return rd.err();
    chain_head h;
    h.m = *m;
    h.manifest_hash = m->hash();
    h.contest = std::string(contest);
    bool have_input = false;
    board_chain chain;
    for (;;) {
        auto e = rd->next();
        if (!e) return e.err();
        if (!*e) break;
        const auto& en = **e;
        if (auto s = chain.append(en); !s) return with_context("board entry " + std::to_string(en.index), s.err());
        if (en.kind == kinds::open) {
            auto o = record::open_payload::from_json(en.payload);
            if (!o) return with_context("the open entry", o.err());
            h.joint_key = o->joint_key;
            h.trustees = o->trustees;
        } else if (en.kind == kinds::mix_input && names_contest(en.payload, contest)) {
            auto p = record::mix_input_payload::from_json(en.payload, *m);
            if (!p) return with_context("entry " + std::to_string(en.index), p.err());
            h.list = std::move(p->ciphertexts);
            have_input = true;
        } else if (en.kind == kinds::mix && names_contest(en.payload, contest)) {
            if (!have_input)
                return error{errc::verify_failed, "entry " + std::to_string(en.index) + ": a mix before the contest's mix-input"};
            auto p = record::mix_payload::from_json(en.payload, *m);
            if (!p) return with_context("entry " + std::to_string(en.index), p.err());
            if (p->round != h.rounds + 1)
                return error{errc::verify_failed, "entry " + std::to_string(en.index) + ": mix round " + std::to_string(p->round) +
                                                      " where " + std::to_string(h.rounds + 1) + " was expected"};
            if (check_proofs)
                if (auto s = check_mix(*m, h.manifest_hash, h.joint_key, h.trustees, h.list, *p); !s)
                    return with_context("entry " + std::to_string(en.index), s.err());
            h.list = std::move(p->output);
            ++h.rounds;
            h.mixers.push_back(p->mixer);
        }
    }
    if (!have_input)
        return error{errc::not_found, "the board has no mix-input for contest \"" + std::string(contest) + "\" yet"};
    return h;
}

}  // namespace scrutineer::election
