// scrutineer — election: the board operator (operator.hpp).
#include "scrutineer/election/operator.hpp"

#include <algorithm>
#include <mutex>
#include <optional>
#include <span>
#include <set>
#include <utility>

#include "scrutineer/ceremony/messages.hpp"
#include "scrutineer/parallel/pool.hpp"

namespace scrutineer::election {

namespace fs = std::filesystem;
using G = record::G;
using record::json;

record::open_payload election_setup::open_payload() const {
    record::open_payload o;
    o.manifest_hash = m.hash();
    o.roll_commitment = roll.commitment();
    o.roll_size = roll.size();
    o.authority = authority;
    o.roll_signature = roll_signature;
    o.ceremony_hash = record::ceremony_hash(ceremony);
    o.joint_key = key.joint_key;
    o.trustees = trustees;
    return o;
}

std::size_t count_cosignatures(const hash64& statement, const std::vector<verify_key>& trustees,
                               const std::vector<record::cosignature>& cs, std::vector<std::string>& problems) {
    std::set<std::uint32_t> good;
    for (const auto& c : cs) {
        const std::string who = "co-signature of trustee " + std::to_string(c.trustee);
        if (c.trustee == 0 || c.trustee > trustees.size()) {
            problems.push_back(who + ": no such trustee");
            continue;
        }
        if (good.count(c.trustee)) {
            problems.push_back(who + ": a second co-signature by the same trustee");
            continue;
        }
        if (!verify_signature(trustees[c.trustee - 1], statement, c.sig)) {
            problems.push_back(who + ": signature does not verify");
            continue;
        }
        good.insert(c.trustee);
    }
    return good.size();
}

namespace {

/// Adds w·(the ballot's selections) to `sum`, reading only the ciphertexts.
status add_selections(const json& payload, const manifest& m, std::uint64_t weight,
                      std::vector<elgamal::ciphertext<G>>& sum) {
    auto cs = payload.find("contests");
    if (cs == payload.end() || !cs->is_array()) return status(errc::bad_input, "ballot.contests: missing");
    std::size_t ci = 0, j = 0;
    const auto w = G::scalar::from_u64(weight);
    for (const auto& mc : m.contests) {
        if (!mc.homomorphic()) continue;
        if (ci >= cs->size()) return status(errc::bad_input, "ballot.contests: too few");
        const auto& c = (*cs)[ci++];
        if (!c.is_object() || !c.contains("selections") || !c["selections"].is_array() ||
            c["selections"].size() != mc.options.size())
            return status(errc::bad_input, "ballot contest \"" + mc.id + "\": selections malformed");
        for (std::size_t i = 0; i < mc.options.size(); ++i, ++j) {
            auto x = detail::hex_decode<elgamal::ciphertext<G>>(c["selections"][i], "selection",
                                                                [](byte_span b) { return elgamal::ciphertext<G>::decode(b); });
            if (!x) return x.err();
            sum[j] += weight == 1 ? *x : *x * w;
        }
    }
    return {};
}

}  // namespace

result<record::tally_payload> aggregate_counted(const fs::path& board, const manifest& m,
                                                const std::unordered_map<std::uint64_t, std::uint64_t>& counted) {
    const std::size_t width = record::tally_width(m);
    std::vector<elgamal::ciphertext<G>> total(width, elgamal::ciphertext<G>::zero());
    std::uint64_t ballots = 0, weight = 0;
    auto rd = board_reader::open(board);
    if (!rd) return rd.err();
    std::vector<std::pair<json, std::uint64_t>> batch;
    std::optional<error> failure;
    std::mutex mu;
    auto flush = [&] {
        parallel::for_chunks(batch.size(), 64, [&](std::size_t lo, std::size_t hi) {
            std::vector<elgamal::ciphertext<G>> part(width, elgamal::ciphertext<G>::zero());
            for (std::size_t i = lo; i < hi; ++i) {
                if (auto s = add_selections(batch[i].first, m, batch[i].second, part); !s) {
                    std::lock_guard<std::mutex> l(mu);
                    if (!failure) failure = s.err();
                    return;
                }
            }
            std::lock_guard<std::mutex> l(mu);
            for (std::size_t j = 0; j < width; ++j) total[j] += part[j];
        });
        batch.clear();
    };
    for (;;) {
        auto e = rd->next();
        if (!e) return e.err();
        if (!e->has_value()) break;
        auto& entry = **e;
        if (entry.kind != kinds::cast) continue;
        auto it = counted.find(entry.index);
        if (it == counted.end()) continue;
        ++ballots;
        weight += it->second;
        batch.emplace_back(std::move(entry.payload), it->second);
        if (batch.size() >= 4096) flush();
    }
    flush();
    if (failure) return *failure;
    if (ballots != counted.size())
        return error{errc::bad_input, "tally: " + std::to_string(counted.size() - ballots) + " counted ballots not found on the board"};
    return record::tally_payload::from_sums(m, total, ballots, weight);
}

board_operator::board_operator(fs::path dir, election_setup s, signing_key k, board_writer w)
    : dir_(std::move(dir)), setup_(std::move(s)), key_(std::move(k)), board_(std::move(w)),
      manifest_hash_(setup_.m.hash()), open_statement_(setup_.open_payload().statement(key_.public_key())),
      policy_(setup_.m.policy.revoting) {}

namespace {

/// The checks open() and stage() make on a setup before anything is written.
status check_setup(const election_setup& setup, const verify_key& board_operator) {
    const auto& m = setup.m;
    if (setup.key.params.n != m.trustees_n || setup.key.params.k != m.trustees_k)
        return status(errc::bad_input, "the ceremony's n and k differ from the manifest's trustees");
    {  // C1: the ceremony is bound to this election's manifest hash (spec §8.6)
        const auto mh = m.hash();
        if (setup.key.params.election != bytes(mh.begin(), mh.end()))
            return status(errc::bad_input, "the ceremony was not run for this manifest (its election is not the manifest hash)");
    }
    if (setup.trustees.size() != m.trustees_n)
        return status(errc::bad_input, "need one co-signing key per trustee (" + std::to_string(m.trustees_n) + ")");
    if (!verify_signature(setup.authority, setup.open_payload().roll_statement(), setup.roll_signature))
        return status(errc::verify_failed, "the credential authority's signature on the roll does not verify");
    // every reason the policy can produce must be allowed, or the operator's own cancellations would fail P2
    for (auto reason : {record::reasons::revoked, m.policy.revoting == revoting_rule::last ? record::reasons::superseded
                                                                                          : record::reasons::repeat})
        if (std::find(m.policy.cancel_reasons.begin(), m.policy.cancel_reasons.end(), reason) == m.policy.cancel_reasons.end())
            return status(errc::bad_input, "manifest policy.cancel_reasons must list \"" + std::string(reason) +
                                               "\" (the policy cancels ballots for that reason)");
    std::set<verify_key> keys{board_operator, setup.authority};
    keys.insert(setup.trustees.begin(), setup.trustees.end());
    if (keys.size() != setup.trustees.size() + 2)
        return status(errc::bad_input, "the operator, the credential authority and every trustee need distinct keys");
    return {};
}

/// At least k valid, distinct co-signatures of `statement`; the first problem otherwise.
status check_cosignatures(const hash64& statement, const election_setup& setup,
                          const std::vector<record::cosignature>& cosignatures, std::string_view what) {
    std::vector<std::string> problems;
    const auto n = count_cosignatures(statement, setup.trustees, cosignatures, problems);
    if (!problems.empty()) return status(errc::verify_failed, std::string(what) + "'s co-signatures: " + problems.front());
    if (n < setup.m.trustees_k)
        return status(errc::verify_failed, std::string(what) + " statement has " + std::to_string(n) +
                                               " valid trustee co-signatures, " + std::to_string(setup.m.trustees_k) +
                                               " needed");
    return {};
}

status empty_or_absent(const fs::path& dir) {
    std::error_code ec;
    if (fs::exists(dir, ec) && !fs::is_empty(dir, ec))
        return status(errc::bad_input, dir.string() + ": exists and is not empty (a record is never overwritten)");
    fs::create_directories(dir, ec);
    if (ec) return status(errc::io, dir.string() + ": cannot create: " + ec.message());
    return {};
}

status write_setup_files(const fs::path& dir, const election_setup& setup) {
    if (auto s = record::write_json_file(dir / record::files::manifest, setup.m.to_json()); !s) return s;
    if (auto s = setup.roll.save(dir / record::files::roll); !s) return s;
    return record::write_json_file(dir / record::files::ceremony, setup.ceremony);
}

constexpr std::string_view open_request_format = "scrutineer/open-request/v1";

}  // namespace

result<election_setup> read_setup_files(const fs::path& manifest_file, const fs::path& roll_file,
                                        const fs::path& ceremony_file) {
    auto m = manifest::load(manifest_file);
    if (!m) return m.err();
    auto rl = roll::load(roll_file);
    if (!rl) return with_context(roll_file.string(), rl.err());
    auto cj = record::read_json_file(ceremony_file);
    if (!cj) return cj.err();
    auto t = ceremony::transcript_from_json<G>(*cj);
    if (!t) return with_context(ceremony_file.string(), t.err());
    auto outcome = ceremony::verify_transcript<G>(*t);
    if (!outcome) return with_context(ceremony_file.string(), outcome.err());
    if (!outcome->complete()) return error{errc::verify_failed, ceremony_file.string() + ": " + outcome->describe()};
    return election_setup{std::move(*m), std::move(*rl), std::move(*cj), *outcome->key, {}, {}, {}};
}

namespace {
result<election_setup> load_setup_files(const fs::path& dir) {
    return read_setup_files(dir / record::files::manifest, dir / record::files::roll, dir / record::files::ceremony);
}
}  // namespace

result<board_operator> board_operator::open(const fs::path& dir, election_setup setup, signing_key operator_key,
                                            std::vector<record::cosignature> cosignatures, durability d) {
    if (auto s = check_setup(setup, operator_key.public_key()); !s) return s.err();
    if (auto s = check_cosignatures(setup.open_payload().statement(operator_key.public_key()), setup, cosignatures,
                                    "the open");
        !s)
        return s.err();
    if (auto s = empty_or_absent(dir); !s) return s.err();
    if (auto s = write_setup_files(dir, setup); !s) return s.err();
    return post_open(dir, std::move(setup), std::move(operator_key), std::move(cosignatures), d);
}

result<board_operator> board_operator::post_open(const fs::path& dir, election_setup setup, signing_key key,
                                                 std::vector<record::cosignature> cosignatures, durability d) {
    auto open = setup.open_payload();
    open.cosignatures = std::move(cosignatures);
    auto w = board_writer::open(dir / record::files::board, torn_tail::refuse, d);
    if (!w) return w.err();
    if (w->size() != 0) return error{errc::bad_input, (dir / record::files::board).string() + ": the board is already open"};
    board_operator op(dir, std::move(setup), std::move(key), std::move(*w));
    if (auto e = op.post(kinds::open, open.to_json()); !e) return e.err();
    // the files' names, durable like their contents
    if (auto s = record::fsync_directory(dir); !s) return s.err();
    return op;
}

status board_operator::stage(const fs::path& dir, const election_setup& setup, const verify_key& board_operator) {
    if (auto s = check_setup(setup, board_operator); !s) return s;
    if (auto s = empty_or_absent(dir); !s) return s;
    if (auto s = write_setup_files(dir, setup); !s) return s;
    const json request = {{"format", std::string(open_request_format)},
                          {"operator", board_operator.hex()},
                          {"open", setup.open_payload().to_json()}};
    if (auto s = record::write_json_file(dir / record::files::open_request, request, true); !s) return s;
    return record::fsync_directory(dir);
}

result<board_operator::staged> board_operator::read_staged(const fs::path& dir) {
    std::error_code ec;
    const auto board = dir / record::files::board;
    if (fs::exists(board, ec) && fs::file_size(board, ec) > 0)
        return error{errc::bad_input, dir.string() + ": the board is already open (" + std::string(record::files::board) +
                                          " has entries)"};
    const auto req_path = dir / record::files::open_request;
    if (!fs::exists(req_path, ec))
        return error{errc::io, req_path.string() + ": missing (a record prepared for opening has it: scrutineer board prepare)"};
    auto files = load_setup_files(dir);
    if (!files) return files.err();
    auto rq = record::read_json_file(req_path);
    if (!rq) return rq.err();
    const std::string what(record::files::open_request);
    if (!rq->is_object() || rq->size() != 3 || !rq->contains("format") || !rq->contains("operator") || !rq->contains("open"))
        return error{errc::bad_input, what + ": must be an object with exactly \"format\", \"operator\" and \"open\""};
    if ((*rq)["format"] != std::string(open_request_format))
        return error{errc::bad_input, what + ".format: not " + std::string(open_request_format)};
    if (!(*rq)["operator"].is_string()) return error{errc::bad_input, what + ".operator: must be a hex string"};
    auto op_key = verify_key::from_hex((*rq)["operator"].get<std::string>());
    if (!op_key) return with_context(what + ".operator", op_key.err());
    auto open = record::open_payload::from_json((*rq)["open"]);
    if (!open) return with_context(what, open.err());
    if (!open->cosignatures.empty()) return error{errc::bad_input, what + ".open.cosignatures: must be empty"};
    election_setup setup = std::move(*files);
    setup.authority = open->authority;
    setup.roll_signature = open->roll_signature;
    setup.trustees = open->trustees;
    const auto derived = setup.open_payload();
    const char* mismatch = nullptr;
    if (derived.manifest_hash != open->manifest_hash)
        mismatch = "manifest.json is not the manifest the request names";
    else if (derived.roll_commitment != open->roll_commitment || derived.roll_size != open->roll_size)
        mismatch = "roll.jsonl is not the roll the request commits to";
    else if (derived.ceremony_hash != open->ceremony_hash)
        mismatch = "ceremony.json is not the ceremony the request names";
    else if (!(derived.joint_key == open->joint_key))
        mismatch = "the request's joint key is not the ceremony's";
    if (mismatch) return error{errc::verify_failed, what + ": " + mismatch};
    if (auto s = check_setup(setup, *op_key); !s) return with_context(what, s.err());
    const auto statement = derived.statement(*op_key);
    return staged{std::move(setup), *op_key, statement};
}

result<board_operator> board_operator::open_staged(const fs::path& dir, signing_key operator_key,
                                                   std::vector<record::cosignature> cosignatures, durability d) {
    auto st = read_staged(dir);
    if (!st) return st.err();
    if (!(st->board_operator == operator_key.public_key()))
        return error{errc::verify_failed, "the record was prepared for the operator key " +
                                              st->board_operator.hex().substr(0, 16) + "…, not this key's " +
                                              operator_key.public_key().hex().substr(0, 16) + "…"};
    if (auto s = check_cosignatures(st->statement, st->setup, cosignatures, "the open"); !s) return s.err();
    auto op = post_open(dir, std::move(st->setup), std::move(operator_key), std::move(cosignatures), d);
    if (!op) return op.err();
    std::error_code ec;
    fs::remove(dir / record::files::open_request, ec);
    if (ec) return error{errc::io, (dir / record::files::open_request).string() + ": cannot remove: " + ec.message()};
    if (auto s = record::fsync_directory(dir); !s) return s.err();
    return op;
}

result<board_entry> board_operator::post(std::string_view kind, json payload) {
    return board_.append(kind, std::move(payload), key_);
}

result<board_operator::checked_ballot> board_operator::check(ballot<G> b) const {
    if (!setup_.roll.find(b.credential)) return error{errc::verify_failed, "the ballot's credential is not on the roll"};
    if (auto s = verify_ballot<G>(setup_.m, setup_.key.joint_key, b); !s) return s.err();
    const auto h = b.hash();
    return checked_ballot(std::move(b), h, open_statement_);
}

std::vector<result<board_operator::checked_ballot>> board_operator::check_batch(std::vector<ballot<G>> ballots,
                                                                              rng& weights) const {
    std::vector<std::optional<error>> refused(ballots.size());
    for (std::size_t i = 0; i < ballots.size(); ++i)
        if (!setup_.roll.find(ballots[i].credential))
            refused[i] = error{errc::verify_failed, "the ballot's credential is not on the roll"};
    const auto br = verify_ballots_batch<G>(setup_.m, setup_.key.joint_key, std::span<const ballot<G>>(ballots), weights);
    for (const auto& f : br.failures)
        if (!refused[f.index]) refused[f.index] = f.err;
    std::vector<hash64> hashes(ballots.size());
    parallel::for_chunks(ballots.size(), 64, [&](std::size_t lo, std::size_t hi) {
        for (std::size_t i = lo; i < hi; ++i)
            if (!refused[i]) hashes[i] = ballots[i].hash();
    });
    std::vector<result<checked_ballot>> out;
    out.reserve(ballots.size());
    for (std::size_t i = 0; i < ballots.size(); ++i) {
        if (refused[i])
            out.emplace_back(std::move(*refused[i]));
        else
            out.emplace_back(checked_ballot(std::move(ballots[i]), hashes[i], open_statement_));
    }
    return out;
}

result<board_operator::cast_receipt> board_operator::cast(const ballot<G>& b) {
    if (closed_) return error{errc::bad_input, "the board is closed: no more ballots"};
    auto c = check(b);
    if (!c) return c.err();
    return cast(std::move(*c));
}

result<board_operator::cast_receipt> board_operator::cast(checked_ballot cb) {
    if (closed_) return error{errc::bad_input, "the board is closed: no more ballots"};
    if (cb.board_ != open_statement_) return error{errc::bad_input, "the ballot was checked by the operator of another board"};
    const auto& b = cb.b_;
    const auto h = cb.h_;
    const auto* entry = setup_.roll.find(b.credential);
    if (!entry) return error{errc::verify_failed, "the ballot's credential is not on the roll"};
    if (cast_.count(h)) return error{errc::bad_input, "this ballot has already been cast"};
    if (challenged_.count(h)) return error{errc::bad_input, "this ballot was challenged: it can never be cast"};
    auto e = post(kinds::cast, b.to_json());
    if (!e) return e.err();
    std::vector<policy_engine::exclusion> excluded;
    auto cancels = apply_cast(e->index, h, b, entry->voter, excluded);
    if (!cancels) return cancels.err();
    cast_receipt rc{e->index, h, tracking_code_of(h), std::move(excluded)};
    for (const auto& c : *cancels)
        if (auto p = post(kinds::cancel, c.to_json()); !p) return p.err();
    return rc;
}

result<std::vector<record::cancel_payload>> board_operator::apply_cast(std::uint64_t index, const hash64& h,
                                                                       const ballot<G>& b, const std::string& voter,
                                                                       std::vector<policy_engine::exclusion>& excluded) {
    cast_.insert(h);
    excluded = policy_.cast(index, voter);
    const bool self = std::any_of(excluded.begin(), excluded.end(), [&](const auto& x) { return x.entry == index; });
    if (!self) {
        counted_hash_[index] = h;
        if (!b.ranked.empty()) ranked_parts_.add(index, b);
    }
    std::vector<record::cancel_payload> out;
    for (const auto& x : excluded) {
        // the excluded ballot's hash: this one, or the voter's earlier one
        record::cancel_payload c{x.entry, {}, std::string(x.reason)};
        if (x.entry == index) {
            c.ballot = h;
        } else {
            auto it = counted_hash_.find(x.entry);
            if (it == counted_hash_.end()) return error{errc::internal, "the superseded ballot is not known"};
            c.ballot = it->second;
            counted_hash_.erase(it);
            ranked_parts_.erase(x.entry);
        }
        out.push_back(std::move(c));
    }
    return out;
}

result<std::uint64_t> board_operator::challenge(const ballot<G>& b, const ballot_opening<G>& o) {
    if (closed_) return error{errc::bad_input, "the board is closed"};
    if (!setup_.roll.find(b.credential)) return error{errc::verify_failed, "the ballot's credential is not on the roll"};
    if (b.election != manifest_hash_) return error{errc::verify_failed, "the ballot is for another election"};
    const auto h = b.hash();
    if (cast_.count(h)) return error{errc::bad_input, "this ballot has been cast: it cannot be challenged"};
    if (!verify_signature(b.credential, h, b.signature))
        return error{errc::verify_failed, "the ballot's signature does not verify"};
    if (auto s = verify_opening_vartime<G>(setup_.m, setup_.key.joint_key, b, o); !s) return s.err();
    auto e = post(kinds::challenge, json{{"ballot", b.to_json()}, {"opening", o.to_json()}});
    if (!e) return e.err();
    challenged_.insert(h);
    return e->index;
}

result<std::uint64_t> board_operator::revoke(const record::revoke_payload& r) {
    if (closed_) return error{errc::bad_input, "the board is closed"};
    if (!setup_.roll.find_voter(r.voter)) return error{errc::bad_input, "voter \"" + r.voter + "\" is not on the roll"};
    if (!verify_signature(setup_.authority, r.statement(manifest_hash_), r.authority_signature))
        return error{errc::verify_failed, "the revocation is not signed by the credential authority"};
    if (policy_.revoked(r.voter)) return error{errc::bad_input, "voter \"" + r.voter + "\" is already revoked"};
    auto e = post(kinds::revoke, r.to_json());
    if (!e) return e.err();
    policy_.revoke(r.voter);
    return e->index;
}

record::close_payload board_operator::close_statement() const {
    record::close_payload c;
    c.entries = board_.size();
    c.head = board_.head();
    return c;
}

status board_operator::close(std::vector<record::cosignature> cosignatures) {
    if (closed_) return status(errc::bad_input, "the board is already closed");
    auto c = close_statement();
    if (auto s = check_cosignatures(c.statement(manifest_hash_), setup_, cosignatures, "the close"); !s) return s;
    c.cosignatures = std::move(cosignatures);
    if (auto e = post(kinds::close, c.to_json()); !e) return e.err();
    closed_ = true;
    return board_.sync();
}

result<record::tally_payload> board_operator::tally() {
    if (!closed_) return error{errc::bad_input, "tally before the close"};
    if (tally_) return error{errc::bad_input, "the tally has already been posted"};
    if (auto s = board_.sync(); !s) return s.err();
    auto t = aggregate_counted(dir_ / record::files::board, setup_.m, counted_weights());
    if (!t) return t.err();
    if (auto e = post(kinds::tally, t->to_json()); !e) return e.err();
    tally_ = *t;
    return t;
}

status board_operator::post_share(const ceremony::decryption_share<G>& s) {
    if (!tally_) return status(errc::bad_input, "no tally to decrypt yet");
    if (result_posted_) return status(errc::bad_input, "the result has been posted");
    for (const auto& x : shares_)
        if (x.trustee == s.trustee) return status(errc::bad_input, "trustee " + std::to_string(s.trustee) + " has already posted shares");
    if (tally_->ballots == 0) return status(errc::bad_input, "nothing to decrypt: no ballot was counted");
    const auto cts = tally_->all();
    if (auto v = ceremony::verify_decryption_share<G>(setup_.key, record::tally_context(setup_.m), cts, s); !v) return v;
    if (auto e = post(kinds::decryption_share, ceremony::to_json<G>(s)); !e) return e.err();
    shares_.push_back(s);
    return {};
}

result<record::result_payload> board_operator::publish_result() {
    if (!tally_) return error{errc::bad_input, "no tally yet"};
    if (result_posted_) return error{errc::bad_input, "the result has already been posted"};
    for (const auto& mc : setup_.m.contests)
        if (!mc.homomorphic() && !(ranked_.count(mc.id) && ranked_.at(mc.id).result_posted))
            return error{errc::bad_input, "ranked contest \"" + mc.id + "\" has no ranked-result yet"};
    if (tally_->ballots == 0) {  // nothing counted: every count is 0 and nothing is decrypted (§8.10)
        record::result_payload r;
        for (const auto& mc : setup_.m.contests) {
            if (!mc.homomorphic()) continue;
            record::result_payload::contest c;
            c.id = mc.id;
            for (const auto& o : mc.options) c.options.emplace_back(o.id, 0);
            r.contests.push_back(std::move(c));
        }
        if (auto e = post(kinds::result, r.to_json()); !e) return e.err();
        result_posted_ = true;
        if (auto s = board_.sync(); !s) return s.err();
        return r;
    }
    if (shares_.size() < setup_.m.trustees_k)
        return error{errc::bad_input, "the tally has " + std::to_string(shares_.size()) +
                                          " trustees' decryption shares, k = " + std::to_string(setup_.m.trustees_k) + " are needed"};
    const auto cts = tally_->all();
    auto d = ceremony::combine_verified_vartime<G>(setup_.key, cts, shares_);  // verified as posted
    if (!d) return d.err();
    std::uint64_t bound = 0;
    for (const auto& mc : setup_.m.contests)
        if (mc.homomorphic()) bound = std::max(bound, mc.max_score);
    elgamal::dlog_table<G> table(std::max<std::uint64_t>(1, tally_->weight * bound));
    record::result_payload r;
    r.trustees = d->used;
    std::size_t j = 0;
    for (const auto& mc : setup_.m.contests) {
        if (!mc.homomorphic()) continue;
        record::result_payload::contest c;
        c.id = mc.id;
        for (const auto& o : mc.options) {
            auto v = table.discrete_log_vartime(d->plaintexts[j++]);
            if (!v) return with_context("decrypting the count of " + mc.id + "/" + o.id, v.err());
            c.options.emplace_back(o.id, *v);
        }
        r.contests.push_back(std::move(c));
    }
    if (auto e = post(kinds::result, r.to_json()); !e) return e.err();
    result_posted_ = true;
    if (auto s = board_.sync(); !s) return s.err();
    return r;
}

// ---------------------------------------------------------------------------
// ranked contests

const contest* board_operator::ranked_contest(const std::string& id) const {
    for (const auto& c : setup_.m.contests)
        if (!c.homomorphic() && c.id == id) return &c;
    return nullptr;
}

result<record::mix_input_payload> board_operator::post_mix_input(const std::string& contest) {
    const auto* mc = ranked_contest(contest);
    if (!mc) return error{errc::bad_input, "\"" + contest + "\" is not a ranked contest"};
    if (!tally_) return error{errc::bad_input, "the mix-input comes after the tally"};
    if (result_posted_) return error{errc::bad_input, "the result has been posted"};
    auto& st = ranked_[contest];
    if (st.input_posted) return error{errc::bad_input, "the mix-input of \"" + contest + "\" has already been posted"};
    auto p = record::derive_mix_input(setup_.m, *mc, counted_weights(), ranked_parts_);
    if (!p) return error{errc::internal, p.err().message};
    if (auto e = post(kinds::mix_input, p->to_json()); !e) return e.err();
    st.input_posted = true;
    st.head = p->ciphertexts;
    return p;
}

std::unordered_map<std::uint64_t, std::uint64_t> board_operator::counted_weights() const {
    std::unordered_map<std::uint64_t, std::uint64_t> counted;
    for (const auto& [voter, entry] : policy_.counted()) counted[entry] = setup_.roll.find_voter(voter)->weight;
    return counted;
}

result<mixnet::ciphertext_list<record::G>> board_operator::mix_head(const std::string& contest) const {
    auto it = ranked_.find(contest);
    if (it == ranked_.end() || !it->second.input_posted)
        return error{errc::not_found, "no mix-input for \"" + contest + "\" yet"};
    return it->second.head;
}

std::uint32_t board_operator::next_round(const std::string& contest) const {
    auto it = ranked_.find(contest);
    return it == ranked_.end() ? 1 : it->second.rounds + 1;
}

result<std::uint64_t> board_operator::post_mix(const record::mix_payload& p) {
    auto it = ranked_.find(p.contest);
    if (it == ranked_.end() || !it->second.input_posted)
        return error{errc::bad_input, "no mix-input for \"" + p.contest + "\" yet"};
    auto& st = it->second;
    if (!st.shares.empty() || st.result_posted)
        return error{errc::bad_input, "the mixed ballots of \"" + p.contest + "\" are already being decrypted"};
    if (p.round != st.rounds + 1)
        return error{errc::bad_input, "mix round " + std::to_string(p.round) + ", expected " + std::to_string(st.rounds + 1)};
    if (st.mixers.count(p.mixer))
        return error{errc::bad_input, "trustee " + std::to_string(p.mixer) + " has already mixed \"" + p.contest + "\""};
    if (auto s = check_mix(setup_.m, manifest_hash_, setup_.key.joint_key, setup_.trustees, st.head, p); !s) return s.err();
    auto e = post(kinds::mix, p.to_json());
    if (!e) return e.err();
    st.head = p.output;
    ++st.rounds;
    st.mixers.insert(p.mixer);
    return e->index;
}

result<const board_operator::ranked_state*> board_operator::decryptable(const std::string& contest) const {
    auto it = ranked_.find(contest);
    if (it == ranked_.end() || !it->second.input_posted)
        return error{errc::not_found, "no mix-input for \"" + contest + "\" yet"};
    if (it->second.head.size() > 0 && it->second.mixers.size() < setup_.m.trustees_k)
        return error{errc::bad_input, "\"" + contest + "\" has been mixed by " + std::to_string(it->second.mixers.size()) +
                                          " trustees, at least k = " + std::to_string(setup_.m.trustees_k) + " are needed"};
    return &it->second;
}

result<board_operator::ranked_state*> board_operator::decryptable(const std::string& contest) {
    auto c = std::as_const(*this).decryptable(contest);
    if (!c) return c.err();
    return const_cast<ranked_state*>(*c);
}

result<std::vector<elgamal::ciphertext<record::G>>> board_operator::ranked_ciphertexts(const std::string& contest) const {
    auto st = decryptable(contest);
    if (!st) return st.err();
    return flatten((*st)->head);
}

status board_operator::post_ranked_share(const std::string& contest, const ceremony::decryption_share<G>& s) {
    auto dst = decryptable(contest);
    if (!dst) return dst.err();
    auto& st = **dst;
    if (st.result_posted) return status(errc::bad_input, "the ranked-result of \"" + contest + "\" has been posted");
    if (st.head.size() == 0) return status(errc::bad_input, "nothing to decrypt: no ballot was counted");
    for (const auto& x : st.shares)
        if (x.trustee == s.trustee)
            return status(errc::bad_input, "trustee " + std::to_string(s.trustee) + " has already posted shares for \"" + contest + "\"");
    // checked against the last output a piece at a time (its points decoded per piece)
    const std::size_t count = st.head.size() * st.head.width();
    if (s.shares.size() != count || s.proofs.size() != count)
        return status(errc::bad_length, "decryption share of trustee " + std::to_string(s.trustee) + ": " +
                                            std::to_string(s.shares.size()) + " shares and " + std::to_string(s.proofs.size()) +
                                            " proofs for " + std::to_string(count) + " ciphertexts");
    if (auto v = record::verify_share_against(setup_.key, record::ranked_context(setup_.m, contest), st.head, s); !v) return v;
    record::encoded_share_set kept{s.trustee, {}};
    kept.shares.reserve(count * G::element_size);
    for (const auto& x : s.shares) append(kept.shares, G::encode(x).span());
    record::ranked_share_payload p{contest, s};
    if (auto e = post(kinds::ranked_share, p.to_json()); !e) return e.err();
    st.shares.push_back(std::move(kept));
    return {};
}

result<record::ranked_result_payload> board_operator::publish_ranked_result(const std::string& contest) {
    auto dst = decryptable(contest);
    if (!dst) return dst.err();
    auto& st = **dst;
    if (st.result_posted) return error{errc::bad_input, "the ranked-result of \"" + contest + "\" has already been posted"};
    if (st.head.size() > 0 && st.shares.size() < setup_.m.trustees_k)
        return error{errc::bad_input, "\"" + contest + "\" has " + std::to_string(st.shares.size()) +
                                          " trustees' decryption shares, k = " + std::to_string(setup_.m.trustees_k) + " are needed"};
    auto r = record::ranked_outcome_from_shares(setup_.m, *ranked_contest(contest), setup_.key, st.head, st.shares);
    if (!r) return r.err();
    if (auto e = post(kinds::ranked_result, r->to_json()); !e) return e.err();
    st.result_posted = true;
    return r;
}

// ---------------------------------------------------------------------------
// resuming an operator from its record

namespace {

bool same_cancel(const record::cancel_payload& a, const record::cancel_payload& b) {
    return a.entry == b.entry && a.ballot == b.ballot && a.reason == b.reason;
}

}  // namespace

result<board_operator> board_operator::resume(const fs::path& dir, signing_key operator_key, torn_tail on_torn,
                                              durability d, board_access access) {
    if (auto s = record::check_record_files(dir); !s) return s.err();
    auto files = load_setup_files(dir);
    if (!files) return files.err();
    auto* m = &files->m;
    auto* rl = &files->roll;
    auto* cj = &files->ceremony;

    // Entry 0, read on its own first: the open names everything the replay needs.
    board_entry e0;
    {
        auto rd = board_reader::open(dir / record::files::board);
        if (!rd) return rd.err();
        auto first = rd->next();
        if (!first) return with_context((dir / record::files::board).string(), first.err());
        if (!first->has_value())
            return error{errc::bad_input, (dir / record::files::board).string() + ": empty (no open entry)"};
        e0 = std::move(**first);
    }
    const auto me = operator_key.public_key();
    if (!(e0.signer == me))
        return error{errc::verify_failed, "the board's operator key is " + e0.signer.hex().substr(0, 16) +
                                              "…, not this key's " + me.hex().substr(0, 16) + "…"};
    if (e0.kind != kinds::open) return error{errc::verify_failed, "board entry 0 is \"" + e0.kind + "\", not the open"};
    auto open = record::open_payload::from_json(e0.payload);
    if (!open) return with_context("board entry 0 (open)", open.err());
    const char* mismatch = nullptr;
    if (open->manifest_hash != m->hash())
        mismatch = "manifest.json is not the manifest the open entry names";
    else if (open->roll_commitment != rl->commitment() || open->roll_size != rl->size())
        mismatch = "roll.jsonl is not the roll the open entry commits to";
    else if (open->ceremony_hash != record::ceremony_hash(*cj))
        mismatch = "ceremony.json is not the ceremony the open entry names";
    else if (!(open->joint_key == files->key.joint_key))
        mismatch = "the open entry's joint key is not the ceremony's";
    else if (open->trustees.size() != m->trustees_n)
        mismatch = "the open entry does not list one key per trustee";
    if (mismatch) return error{errc::verify_failed, mismatch};

    election_setup setup = std::move(*files);
    setup.authority = open->authority;
    setup.roll_signature = open->roll_signature;
    setup.trustees = open->trustees;
    board_operator op(dir, std::move(setup), std::move(operator_key), board_writer());
    std::deque<record::cancel_payload> pending;
    // One pass: the writer's open verifies each entry's place in the chain and
    // signature and hands it over; entries are replayed in batches whose
    // ballots are decoded on all cores.
    std::vector<board_entry> batch;
    std::vector<std::optional<result<replayed_ballot>>> parsed;
    auto flush = [&]() -> status {
        parsed.assign(batch.size(), std::nullopt);
        parallel::for_chunks(batch.size(), 8, [&](std::size_t lo, std::size_t hi) {
            for (std::size_t j = lo; j < hi; ++j) {
                const auto& en = batch[j];
                if (en.kind == kinds::cast)
                    parsed[j] = replayed_from_json(en.payload, op.setup_.m);
                else if (en.kind == kinds::challenge && en.payload.is_object() && en.payload.contains("ballot"))
                    parsed[j] = replayed_from_json(en.payload["ballot"], op.setup_.m);
            }
        });
        for (std::size_t j = 0; j < batch.size(); ++j) {
            const auto& en = batch[j];
            const result<replayed_ballot>* b = parsed[j] ? &*parsed[j] : nullptr;
            if (auto s = op.replay(en, b, pending); !s)
                return status(s.err().code,
                              "board entry " + std::to_string(en.index) + " (" + en.kind + "): " + s.err().message);
        }
        batch.clear();
        return {};
    };
    auto each = [&](board_entry& en) -> status {
        if (!(en.signer == me))
            return status(errc::verify_failed, "board entry " + std::to_string(en.index) + " is not signed by the operator");
        if (en.index == 0) {
            if (en.hash() != e0.hash()) return status(errc::internal, "the board changed while being opened");
            return {};
        }
        batch.push_back(std::move(en));
        // ballots wait for their batch; anything else (a mix can be hundreds of
        // megabytes) is replayed at once, so that at most one is held
        const bool ballot_entry = batch.back().kind == kinds::cast || batch.back().kind == kinds::challenge;
        return !ballot_entry || batch.size() >= 1024 ? flush() : status{};
    };
    auto w = board_writer::open(dir / record::files::board, on_torn, d, each, access);
    if (!w) return w.err();
    if (w->size() == 0) return error{errc::internal, "the board changed while being opened"};
    if (auto s = flush(); !s) return s.err();
    op.board_ = std::move(*w);
    if (access == board_access::read_only) {
        op.pending_cancellations_ = pending.size();
        return op;
    }
    // a crash between a cast and the cancellations it causes: post them now
    for (const auto& c : pending) {
        if (auto p = op.post(kinds::cancel, c.to_json()); !p) return p.err();
        ++op.resumed_cancellations_;
    }
    if (!pending.empty())
        if (auto s = op.board_.sync(); !s) return s.err();
    return op;
}

result<board_operator::replayed_ballot> board_operator::replayed_from_json(const json& j, const manifest& m) {
    replayed_ballot r;
    auto h = ballot_hash_from_json(j);  // also checks the shape read below
    if (!h) return h.err();
    r.hash = *h;
    auto cr = verify_key::from_hex(j["credential"].get<std::string>());
    if (!cr) return with_context("ballot.credential", cr.err());
    r.parts.credential = *cr;
    std::size_t ri = 0;
    const auto* rk = j.contains("ranked") ? &j["ranked"] : nullptr;
    for (const auto& mc : m.contests) {
        if (mc.homomorphic()) continue;
        if (!rk || ri >= rk->size() || (*rk)[ri]["id"] != mc.id ||
            (*rk)[ri]["ciphertexts"].size() != mixnet::ranking_width(mc.options.size()))
            return error{errc::bad_input, "ballot.ranked: not the manifest's ranked contests"};
        encrypted_ranking<G> er;
        er.id = mc.id;
        for (const auto& c : (*rk)[ri]["ciphertexts"]) {
            auto b = from_hex(c.get<std::string>());  // hex checked by ballot_hash_from_json
            if (!b) return b.err();
            auto ct = elgamal::ciphertext<G>::decode(byte_span(*b));
            if (!ct) return with_context("ballot.ranked[" + std::to_string(ri) + "]", ct.err());
            er.ciphertexts.push_back(*ct);
        }
        r.parts.ranked.push_back(std::move(er));
        ++ri;
    }
    if (rk && ri != rk->size()) return error{errc::bad_input, "ballot.ranked: not the manifest's ranked contests"};
    return r;
}

status board_operator::replay(const board_entry& e, const result<replayed_ballot>* parsed,
                              std::deque<record::cancel_payload>& pending) {
    auto bad = [](std::string msg) { return status(errc::verify_failed, std::move(msg)); };
    static constexpr std::string_view known[] = {kinds::cast,  kinds::challenge,        kinds::revoke, kinds::cancel,
                                                 kinds::close, kinds::tally,            kinds::decryption_share,
                                                 kinds::result, kinds::mix_input,       kinds::mix,
                                                 kinds::ranked_share, kinds::ranked_result};
    if (std::find(std::begin(known), std::end(known), e.kind) == std::end(known))
        return bad(e.kind == kinds::open ? "a second open" : "an entry of unknown kind");
    if (e.kind == kinds::cancel) {
        auto c = record::cancel_payload::from_json(e.payload);
        if (!c) return c.err();
        if (pending.empty() || !same_cancel(pending.front(), *c))
            return bad("a cancellation of entry " + std::to_string(c->entry) + " the policy does not call for here");
        pending.pop_front();
        return {};
    }
    if (!pending.empty())
        return bad("the cast at entry " + std::to_string(e.index - 1) + " requires the cancellation of entry " +
                   std::to_string(pending.front().entry) + " first");
    if (result_posted_) return bad("an entry after the result");
    const bool voting = e.kind == kinds::cast || e.kind == kinds::challenge || e.kind == kinds::revoke;
    if (voting && closed_) return bad("after the close");
    if (e.kind == kinds::cast || e.kind == kinds::challenge) {
        const bool is_cast = e.kind == kinds::cast;
        if (!parsed) return bad("no ballot");
        const auto& b = *parsed;
        if (!b) return b.err();
        const auto* re = setup_.roll.find(b->parts.credential);
        if (!re) return bad("the ballot's credential is not on the roll");
        const auto h = b->hash;
        if (cast_.count(h) || challenged_.count(h)) return bad("a ballot already cast or challenged");
        if (!is_cast) {
            challenged_.insert(h);
            return {};
        }
        std::vector<policy_engine::exclusion> excluded;
        auto cs = apply_cast(e.index, h, b->parts, re->voter, excluded);
        if (!cs) return cs.err();
        pending.assign(cs->begin(), cs->end());
        return {};
    }
    if (e.kind == kinds::revoke) {
        auto r = record::revoke_payload::from_json(e.payload);
        if (!r) return r.err();
        if (!setup_.roll.find_voter(r->voter)) return bad("voter \"" + r->voter + "\" is not on the roll");
        if (!policy_.revoke(r->voter)) return bad("voter \"" + r->voter + "\" revoked twice");
        return {};
    }
    if (e.kind == kinds::close) {
        if (closed_) return bad("a second close");
        closed_ = true;
        return {};
    }
    if (!closed_) return bad("before the close");
    if (e.kind == kinds::tally) {
        if (tally_) return bad("a second tally");
        auto tp = record::tally_payload::from_json(e.payload, setup_.m);
        if (!tp) return tp.err();
        tally_ = std::move(*tp);
        return {};
    }
    if (!tally_) return bad("before the tally");
    if (e.kind == kinds::decryption_share) {
        auto sh = ceremony::decryption_share_from_json<G>(e.payload, setup_.m.trustees_n, tally_->all().size());
        if (!sh) return sh.err();
        for (const auto& x : shares_)
            if (x.trustee == sh->trustee) return bad("a second share set of trustee " + std::to_string(sh->trustee));
        shares_.push_back(std::move(*sh));
        return {};
    }
    if (e.kind == kinds::result) {
        result_posted_ = true;
        return {};
    }
    // the ranked contests' kinds remain
    const std::string cid = e.payload.is_object() && e.payload.contains("contest") && e.payload["contest"].is_string()
                                ? e.payload["contest"].get<std::string>()
                                : std::string();
    if (!ranked_contest(cid)) return bad("\"" + cid + "\" is not a ranked contest");
    auto& st = ranked_[cid];
    if (e.kind == kinds::mix_input) {
        if (st.input_posted) return bad("a second mix-input");
        auto p = record::mix_input_payload::from_json(e.payload, setup_.m);
        if (!p) return p.err();
        st.input_posted = true;
        st.head = std::move(p->ciphertexts);
        return {};
    }
    if (!st.input_posted) return bad("before the contest's mix-input");
    if (st.result_posted) return bad("after the contest's ranked-result");
    if (e.kind == kinds::mix) {
        if (!st.shares.empty()) return bad("a mix after decryption began");
        auto p = record::mix_payload::from_json(e.payload, setup_.m);
        if (!p) return p.err();
        if (p->round != st.rounds + 1) return bad("round " + std::to_string(p->round) + " where " +
                                                  std::to_string(st.rounds + 1) + " was due");
        if (!st.mixers.insert(p->mixer).second) return bad("trustee " + std::to_string(p->mixer) + " mixed twice");
        st.head = std::move(p->output);
        st.rounds = p->round;
        return {};
    }
    if (e.kind == kinds::ranked_share) {
        const std::size_t count = st.head.size() * st.head.width();
        // Kept encoded, as post_ranked_share keeps them: the shares were verified
        // before they were posted and are decoded when they are combined; the
        // proofs are not needed again.
        const auto& j = e.payload;
        if (!j.is_object() || !j.contains("trustee") || !j["trustee"].is_number_unsigned() || !j.contains("shares") ||
            !j["shares"].is_array())
            return bad("a ranked-share payload without trustee and shares");
        const auto trustee = j["trustee"].get<std::uint64_t>();
        if (trustee == 0 || trustee > setup_.m.trustees_n) return bad("not a trustee index");
        for (const auto& x : st.shares)
            if (x.trustee == trustee) return bad("a second share set of trustee " + std::to_string(trustee));
        const auto& sh = j["shares"];
        if (sh.size() != count)
            return bad(std::to_string(sh.size()) + " shares for " + std::to_string(count) + " ciphertexts");
        record::encoded_share_set kept{static_cast<std::uint32_t>(trustee), {}};
        kept.shares.reserve(count * G::element_size);
        for (const auto& x : sh) {
            if (!x.is_string()) return bad("a share that is not a hex string");
            auto b = from_hex(x.get_ref<const std::string&>(), G::element_size);
            if (!b) return with_context("ranked-share", b.err());
            append(kept.shares, *b);
        }
        st.shares.push_back(std::move(kept));
        return {};
    }
    st.result_posted = true;  // ranked-result
    return {};
}

board_operator::summary board_operator::state() const {
    summary s;
    s.entries = board_.size();
    s.cast = cast_.size();
    s.challenged = challenged_.size();
    s.revoked = policy_.revoked_count();
    s.counted = policy_.counted().size();
    s.closed = closed_;
    s.tallied = tally_.has_value();
    s.shares = shares_.size();
    s.result = result_posted_;
    const auto k = setup_.m.trustees_k;
    std::vector<std::string> waiting;  // after the tally: what each part still needs
    if (tally_ && !result_posted_ && tally_->ballots > 0 && shares_.size() < k)
        waiting.push_back("the trustees' decryption shares of the tally (" + std::to_string(shares_.size()) + " of " +
                          std::to_string(k) + " posted)");
    for (const auto& mc : setup_.m.contests) {
        if (mc.homomorphic()) continue;
        summary::ranked r;
        r.contest = mc.id;
        if (auto it = ranked_.find(mc.id); it != ranked_.end()) {
            const auto& st = it->second;
            r.input = st.input_posted;
            r.papers = st.head.size();
            r.rounds = st.rounds;
            r.mixers.assign(st.mixers.begin(), st.mixers.end());
            r.shares = st.shares.size();
            r.result = st.result_posted;
        }
        if (tally_ && !result_posted_ && !r.result) {
            const std::string q = "ranked contest \"" + mc.id + "\": ";
            if (!r.input)
                waiting.push_back(q + "the operator posts the mix-input");
            else if (r.papers > 0 && r.mixers.size() < k)
                waiting.push_back(q + "a mix by another trustee (" + std::to_string(r.mixers.size()) + " of at least " +
                                  std::to_string(k) + " done)");
            else if (r.papers > 0 && r.shares < k)
                waiting.push_back(q + "the trustees' decryption shares, or another mix (" + std::to_string(r.shares) +
                                  " of " + std::to_string(k) + " share sets posted)");
            else
                waiting.push_back(q + "the operator posts the ranked-result");
        }
        s.contests.push_back(std::move(r));
    }
    if (!closed_) {
        s.next = "voting: casts, challenges and revocations until the trustees co-sign the close";
    } else if (!tally_) {
        s.next = "the operator posts the tally";
    } else if (result_posted_) {
        s.next = "nothing: the result is posted and the record is complete";
    } else if (waiting.empty()) {
        s.next = "the operator posts the result";
    } else {
        for (const auto& w : waiting) s.next += (s.next.empty() ? "" : "; ") + w;
    }
    return s;
}

record::json board_operator::summary::to_json() const {
    json j{{"entries", entries}, {"cast", cast},       {"challenged", challenged}, {"revoked", revoked},
           {"counted", counted}, {"closed", closed},   {"tallied", tallied},       {"shares", shares},
           {"result", result},   {"next", next},       {"ranked", json::array()}};
    for (const auto& r : contests)
        j["ranked"].push_back(json{{"contest", r.contest},
                                   {"mix_input", r.input},
                                   {"papers", r.papers},
                                   {"rounds", r.rounds},
                                   {"mixers", r.mixers},
                                   {"shares", r.shares},
                                   {"result", r.result}});
    return j;
}

}  // namespace scrutineer::election
