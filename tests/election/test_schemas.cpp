// Keeps docs/format/schemas/*.schema.json honest: every schema parses, every
// $ref resolves, and a simulated record (its manifest, every roll line, every
// board entry with its kind's payload) and a verifier report validate against
// them. A small structural checker (type, const, enum, required, properties,
// additionalProperties, items, min/maxItems, min/maxLength, minimum/maximum,
// pattern, propertyNames, allOf, oneOf, if/then, $ref) stands in for a full
// JSON Schema implementation; it also insists that an object never has a key
// its schema does not list, even where additionalProperties is left open, so
// that a new field in the code shows up here until the schema names it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <iterator>
#include <map>
#include <regex>
#include <set>

#include "record_fixture.hpp"

namespace {

using namespace scrutineer;
using namespace scrutineer::test;

fs::path schema_dir() { return fs::path(SCRUTINEER_SOURCE_DIR) / "docs" / "format" / "schemas"; }

class schema_checker {
public:
    explicit schema_checker(fs::path dir) : dir_(std::move(dir)) {}

    const json& file(const std::string& name) {
        auto it = files_.find(name);
        if (it != files_.end()) return it->second;
        auto j = json::parse(read_text(dir_ / name), nullptr, false);
        if (j.is_discarded()) throw std::runtime_error(name + ": not valid JSON");
        return files_.emplace(name, std::move(j)).first->second;
    }

    /// Errors of `inst` against schema file `name` (empty: valid).
    std::vector<std::string> check(const std::string& name, const json& inst) {
        std::vector<std::string> errs;
        validate(name, file(name), inst, "$", errs);
        return errs;
    }

    /// Resolves "$ref" ("file#/json/pointer", "#/pointer" or "file") from file `base`.
    std::pair<std::string, const json*> resolve(const std::string& base, const std::string& ref) {
        const auto hash = ref.find('#');
        const std::string f = hash == 0 ? base : ref.substr(0, hash);
        const std::string ptr = hash == std::string::npos ? "" : ref.substr(hash + 1);
        const json& doc = file(f);
        if (ptr.empty()) return {f, &doc};
        const json::json_pointer p(ptr);
        if (!doc.contains(p)) throw std::runtime_error("unresolved $ref " + ref + " in " + base);
        return {f, &doc.at(p)};
    }

    /// Every "$ref" anywhere in `name` resolves.
    void check_refs(const std::string& name, const json& s) {
        if (s.is_object()) {
            if (s.contains("$ref")) (void)resolve(name, s.at("$ref").get<std::string>());
            for (const auto& [k, v] : s.items()) check_refs(name, v);
        } else if (s.is_array()) {
            for (const auto& v : s) check_refs(name, v);
        }
    }

private:
    static bool has_type(const json& inst, const std::string& t) {
        if (t == "object") return inst.is_object();
        if (t == "array") return inst.is_array();
        if (t == "string") return inst.is_string();
        if (t == "integer") return inst.is_number_integer();
        if (t == "number") return inst.is_number();
        if (t == "boolean") return inst.is_boolean();
        if (t == "null") return inst.is_null();
        throw std::runtime_error("schema type " + t + " not supported by the checker");
    }

    const std::regex& regex(const std::string& p) {
        auto it = regexes_.find(p);
        if (it == regexes_.end()) it = regexes_.emplace(p, std::regex(p, std::regex::ECMAScript)).first;
        return it->second;
    }

    void validate(const std::string& base, const json& s, const json& inst, const std::string& at,
                  std::vector<std::string>& errs) {
        if (s.is_boolean()) {
            if (!s.get<bool>()) errs.push_back(at + ": not allowed");
            return;
        }
        auto err = [&](const std::string& m) { errs.push_back(at + ": " + m); };
        if (s.contains("$ref")) {
            auto [f, target] = resolve(base, s.at("$ref").get<std::string>());
            validate(f, *target, inst, at, errs);
        }
        if (s.contains("type") && !has_type(inst, s.at("type").get<std::string>()))
            return err("expected type " + s.at("type").get<std::string>() + ", got " + inst.dump().substr(0, 40));
        if (s.contains("const") && inst != s.at("const")) err("expected " + s.at("const").dump());
        if (s.contains("enum")) {
            bool found = false;
            for (const auto& v : s.at("enum")) found = found || v == inst;
            if (!found) err(inst.dump() + " is not in the enum");
        }
        if (s.contains("allOf"))
            for (const auto& sub : s.at("allOf")) validate(base, sub, inst, at, errs);
        if (s.contains("oneOf")) {
            int ok = 0;
            for (const auto& sub : s.at("oneOf")) {
                std::vector<std::string> e;
                validate(base, sub, inst, at, e);
                ok += e.empty();
            }
            if (ok != 1) err("matches " + std::to_string(ok) + " of the oneOf branches, not exactly 1");
        }
        if (s.contains("if")) {
            std::vector<std::string> e;
            validate(base, s.at("if"), inst, at, e);
            if (e.empty() && s.contains("then")) validate(base, s.at("then"), inst, at, errs);
        }
        if (inst.is_string()) {
            const auto& str = inst.get_ref<const std::string&>();
            if (s.contains("pattern") && !std::regex_search(str, regex(s.at("pattern").get<std::string>())))
                err("\"" + str.substr(0, 24) + "…\" does not match " + s.at("pattern").get<std::string>());
            // lengths in bytes: every string with a length bound in the record is ASCII or counted in bytes
            if (s.contains("minLength") && str.size() < s.at("minLength").get<std::size_t>()) err("too short");
            if (s.contains("maxLength") && str.size() > s.at("maxLength").get<std::size_t>()) err("too long");
        }
        if (inst.is_number_integer()) {  // the schemas' bounds are all non-negative
            const bool negative = !inst.is_number_unsigned() && inst.get<std::int64_t>() < 0;
            const std::uint64_t value = negative ? 0 : inst.get<std::uint64_t>();
            if (s.contains("minimum") && (negative || value < s.at("minimum").get<std::uint64_t>()))
                err("below the minimum");
            if (s.contains("maximum") && !negative && value > s.at("maximum").get<std::uint64_t>())
                err("above the maximum");
        }
        if (inst.is_array()) {
            if (s.contains("minItems") && inst.size() < s.at("minItems").get<std::size_t>()) err("too few items");
            if (s.contains("maxItems") && inst.size() > s.at("maxItems").get<std::size_t>()) err("too many items");
            if (s.contains("items"))
                for (std::size_t i = 0; i < inst.size(); ++i)
                    validate(base, s.at("items"), inst[i], at + "[" + std::to_string(i) + "]", errs);
            if (s.value("uniqueItems", false))
                for (std::size_t i = 0; i < inst.size(); ++i)
                    for (std::size_t k = i + 1; k < inst.size(); ++k)
                        if (inst[i] == inst[k]) err("repeated item " + inst[i].dump());
        }
        if (inst.is_object()) {
            if (s.contains("required"))
                for (const auto& r : s.at("required"))
                    if (!inst.contains(r.get<std::string>())) err("missing " + r.get<std::string>());
            const json empty = json::object();
            const json& props = s.contains("properties") ? s.at("properties") : empty;
            for (const auto& [k, v] : inst.items()) {
                if (s.contains("propertyNames")) validate(base, s.at("propertyNames"), json(k), at + " key " + k, errs);
                if (props.contains(k)) {
                    validate(base, props.at(k), v, at + "." + k, errs);
                } else if (s.contains("additionalProperties")) {
                    validate(base, s.at("additionalProperties"), v, at + "." + k, errs);
                } else if (s.contains("properties") && s.value("type", "") == "object") {
                    // an open object schema (additionalProperties unspecified): still
                    // report drift (not for if/then fragments, which list one key)
                    err("key \"" + k + "\" is not described by the schema");
                }
            }
        }
    }

    fs::path dir_;
    std::map<std::string, json> files_;
    std::map<std::string, std::regex> regexes_;
};

const std::vector<std::string> payload_kinds = {"open",  "cast",      "challenge", "revoke",       "cancel",
                                                "close", "tally",     "decryption-share", "result",
                                                "mix-input", "mix", "ranked-share", "ranked-result"};

/// The payload keys a schema may list without requiring them, per kind: the
/// ballot's "ranked" is present if and only if the manifest has ranked
/// contests (ballot.hpp). Every other payload key is always written.
const std::map<std::string, std::set<std::string>> optional_payload_keys = {{"cast", {"ranked"}}};

/// The keys of a JSON object.
std::set<std::string> keys_of(const json& j) {
    std::set<std::string> out;
    for (const auto& [k, v] : j.items()) out.insert(k);
    return out;
}

}  // namespace

TEST_CASE("record schemas: every file parses, is draft 2020-12, and every $ref resolves", "[election][format]") {
    schema_checker sc(schema_dir());
    std::size_t n = 0;
    for (const auto& f : fs::directory_iterator(schema_dir())) {
        const auto name = f.path().filename().string();
        INFO(name);
        REQUIRE(name.size() > 12);
        REQUIRE(name.substr(name.size() - 12) == ".schema.json");
        const json& s = sc.file(name);
        CHECK(s.is_object());
        CHECK(s.value("$schema", "") == "https://json-schema.org/draft/2020-12/schema");
        CHECK(s.value("$id", "") == name);
        CHECK_NOTHROW(sc.check_refs(name, s));
        ++n;
    }
    CHECK(n >= 16);
    for (const auto& k : payload_kinds) CHECK(fs::exists(schema_dir() / ("payload-" + k + ".schema.json")));
}

TEST_CASE("record schemas: a simulated record and its verifier report validate, field for field", "[election][format]") {
    schema_checker sc(schema_dir());
    election_fixture f;

    SECTION("manifest.json") {
        const auto m = json::parse(read_text(f.dir / "manifest.json"));
        const auto errs = sc.check("manifest.schema.json", m);
        CHECK(errs.empty());
        for (const auto& e : errs) WARN(e);
        // every top-level key is listed and required
        const auto& s = sc.file("manifest.schema.json");
        CHECK(keys_of(m) == keys_of(s.at("properties")));
        CHECK(keys_of(m) == std::set<std::string>(s.at("required").begin(), s.at("required").end()));
    }
    SECTION("roll.jsonl") {
        const auto& s = sc.file("roll-entry.schema.json");
        std::ifstream in(f.dir / "roll.jsonl");
        std::size_t lines = 0;
        for (std::string l; std::getline(in, l); ++lines) {
            const auto j = json::parse(l);
            const auto errs = sc.check("roll-entry.schema.json", j);
            CHECK(errs.empty());
            for (const auto& e : errs) WARN(e);
            CHECK(keys_of(j) == keys_of(s.at("properties")));
        }
        CHECK(lines == 10);
    }
    SECTION("ceremony.json") {
        const auto c = json::parse(read_text(f.dir / "ceremony.json"));
        auto errs = sc.check("ceremony.schema.json", c);
        CHECK(errs.empty());
        for (const auto& e : errs) WARN(e);
        const auto& s = sc.file("ceremony.schema.json");
        CHECK(keys_of(c) == keys_of(s.at("properties")));
        CHECK(keys_of(c.at("parameters")) == keys_of(s.at("properties").at("parameters").at("properties")));
        // a complaint and its answer (the simulated ceremony has none) validate too
        auto x = c;
        x["reports"][0]["complaints"].push_back({{"dealer", 2}, {"reason", "the share does not match the commitments"}});
        x["answers"].push_back({{"dealer", 2}, {"recipient", 1}, {"share", std::string(64, '0')}});
        errs = sc.check("ceremony.schema.json", x);
        CHECK(errs.empty());
        for (const auto& e : errs) WARN(e);
        // and what the decoders refuse, the schema refuses as well
        auto bad = [&](const std::function<void(json&)>& edit) {
            auto y = c;
            edit(y);
            return !sc.check("ceremony.schema.json", y).empty();
        };
        CHECK(bad([](json& y) { y["extra"] = 1; }));
        CHECK(bad([](json& y) { y["parameters"]["group"] = "modp4096"; }));
        CHECK(bad([](json& y) { y["parameters"]["election"] = "00"; }));
        CHECK(bad([](json& y) { y["announcements"][0]["comm_key"] = std::string(63, 'a'); }));
        CHECK(bad([](json& y) { y["commitments"][0]["coefficients"][0] = std::string(64, 'G'); }));
        CHECK(bad([](json& y) { y["commitments"][0]["trustee"] = 0; }));
        CHECK(bad([](json& y) { y["commitments"][0]["proofs"][0] = std::string(64, 'a'); }));
        CHECK(bad([](json& y) { y.erase("answers"); }));
    }
    SECTION("board.jsonl: envelopes and every kind's payload") {
        const auto& env = sc.file("board-entry.schema.json");
        const std::set<std::string> env_keys = keys_of(env.at("properties"));
        CHECK(env_keys == std::set<std::string>(env.at("required").begin(), env.at("required").end()));
        std::set<std::string> seen;
        std::map<std::string, std::set<std::string>> keys_seen;  // kind -> union of its payloads' keys
        std::ifstream in(f.dir / "board.jsonl");
        for (std::string l; std::getline(in, l);) {
            const auto j = json::parse(l);
            const auto kind = j.at("kind").get<std::string>();
            INFO("entry " << j.at("index") << " (" << kind << ")");
            seen.insert(kind);
            CHECK(keys_of(j) == env_keys);
            // the envelope (which dispatches to the payload schema by kind) ...
            auto errs = sc.check("board-entry.schema.json", j);
            CHECK(errs.empty());
            for (const auto& e : errs) WARN(e);
            // ... and the payload's own schema: required <= the payload's keys <= properties,
            // the properties left optional are exactly those the code writes conditionally,
            // and (below) the union of the keys over all entries of the kind is every property
            const std::string pf = "payload-" + kind + ".schema.json";
            errs = sc.check(pf, j.at("payload"));
            CHECK(errs.empty());
            for (const auto& e : errs) WARN(e);
            const json* ps = &sc.file(pf);
            std::string base = pf;
            while (ps->contains("$ref")) std::tie(base, ps) = sc.resolve(base, ps->at("$ref").get<std::string>());
            const auto keys = keys_of(j.at("payload"));
            const auto props = keys_of(ps->at("properties"));
            const std::set<std::string> required(ps->at("required").begin(), ps->at("required").end());
            CHECK(std::includes(keys.begin(), keys.end(), required.begin(), required.end()));
            CHECK(std::includes(props.begin(), props.end(), keys.begin(), keys.end()));
            std::set<std::string> optional;
            std::set_difference(props.begin(), props.end(), required.begin(), required.end(),
                                std::inserter(optional, optional.end()));
            const auto it = optional_payload_keys.find(kind);
            CHECK(optional == (it == optional_payload_keys.end() ? std::set<std::string>{} : it->second));
            keys_seen[kind].insert(keys.begin(), keys.end());
        }
        for (const auto& k : payload_kinds) {
            INFO("kind " << k);
            CHECK(seen.count(k) == 1);
            const json* ps = &sc.file("payload-" + k + ".schema.json");
            std::string base = "payload-" + k + ".schema.json";
            while (ps->contains("$ref")) std::tie(base, ps) = sc.resolve(base, ps->at("$ref").get<std::string>());
            CHECK(keys_seen[k] == keys_of(ps->at("properties")));  // no property the code never writes
        }
    }
    SECTION("the verifier's JSON report, passing and with failed and skipped checks") {
        auto rep = election::verify_record(f.dir);
        REQUIRE(rep);
        REQUIRE(rep->ok());
        auto errs = sc.check("verify-report.schema.json", rep->to_json());
        CHECK(errs.empty());
        for (const auto& e : errs) WARN(e);
        CHECK(keys_of(rep->to_json()) == keys_of(sc.file("verify-report.schema.json").at("properties")));

        scratch_dir bad("schema-report");
        const auto d = bad.path / "rec";
        copy_record(f.dir, d);
        write_text(d / "ceremony.json", "{}\n");  // C1 fails; V4, T2, T3, T4 are skipped
        auto rep2 = election::verify_record(d);
        REQUIRE(rep2);
        CHECK_FALSE(rep2->ok());
        const auto j2 = rep2->to_json();
        errs = sc.check("verify-report.schema.json", j2);
        CHECK(errs.empty());
        for (const auto& e : errs) WARN(e);
        bool any_skipped = false;
        for (const auto& c : j2.at("checks")) any_skipped = any_skipped || c.at("status") == "skipped";
        CHECK(any_skipped);
    }
}

TEST_CASE("record schemas: the checker rejects what the schemas forbid", "[election][format]") {
    schema_checker sc(schema_dir());
    election_fixture f;
    const auto doc = board_doc::load(f.dir);
    const auto cast = json::parse(doc.entries.at(doc.find("cast")).to_line());
    const auto open = json::parse(doc.entries.at(0).to_line());
    REQUIRE(sc.check("board-entry.schema.json", cast).empty());

    auto rejects = [&](const std::string& schema, const json& j) { return !sc.check(schema, j).empty(); };
    json x = cast;
    x["extra"] = 1;
    CHECK(rejects("board-entry.schema.json", x));  // unknown envelope field
    x = cast;
    x["payload"]["signature"] = x["payload"]["signature"].get<std::string>().substr(2);
    CHECK(rejects("board-entry.schema.json", x));  // a signature one byte short
    x = cast;
    auto sig = x["payload"]["signature"].get<std::string>();
    for (auto& ch : sig) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    x["payload"]["signature"] = sig;
    CHECK(rejects("board-entry.schema.json", x));  // uppercase hex
    x = cast;
    x["payload"].erase("randomness_proof");
    CHECK(rejects("board-entry.schema.json", x));  // missing payload field
    x = cast;
    x["payload"]["contests"][0]["range_proofs"][0] = x["payload"]["contests"][0]["range_proofs"][0].get<std::string>().substr(0, 256);
    CHECK(rejects("board-entry.schema.json", x));  // a range proof of one branch
    x = cast;
    x["kind"] = "ballot";
    CHECK(rejects("board-entry.schema.json", x));  // unknown kind
    x = cast;
    x["index"] = -1;
    CHECK(rejects("board-entry.schema.json", x));
    x = open;
    x["payload"]["format"] = "scrutineer/record/v2";
    CHECK(rejects("board-entry.schema.json", x));
    x = open;
    x["payload"]["cosignatures"][0]["trustee"] = 0;
    CHECK(rejects("board-entry.schema.json", x));
    x = open;
    x["kind"] = "cast";  // an open payload under another kind's schema
    CHECK(rejects("board-entry.schema.json", x));

    // the ranked contests' kinds (and the ballot's ranked part)
    const auto mix_input = json::parse(doc.entries.at(doc.find("mix-input")).to_line());
    const auto mix = json::parse(doc.entries.at(doc.find("mix")).to_line());
    const auto rshare = json::parse(doc.entries.at(doc.find("ranked-share")).to_line());
    const auto rresult = json::parse(doc.entries.at(doc.find("ranked-result")).to_line());
    for (const auto* e : {&mix_input, &mix, &rshare, &rresult}) REQUIRE(sc.check("board-entry.schema.json", *e).empty());
    REQUIRE(cast["payload"].contains("ranked"));
    x = cast;
    x["payload"]["ranked"][0]["ciphertexts"].push_back(x["payload"]["ranked"][0]["ciphertexts"][0]);
    for (int i = 0; i < 9; ++i) x["payload"]["ranked"][0]["ciphertexts"].push_back(x["payload"]["ranked"][0]["ciphertexts"][0]);
    CHECK(rejects("board-entry.schema.json", x));  // more than 9 ranked ciphertexts
    x = cast;
    x["payload"]["ranked"][0]["range_proofs"] = json::array();
    CHECK(rejects("board-entry.schema.json", x));  // a ranked part has no proofs of its own
    x = cast;
    x["payload"].erase("ranked");
    CHECK_FALSE(rejects("board-entry.schema.json", x));  // optional in the schema (the decoder requires it per manifest)
    x = mix_input;
    x["payload"]["ciphertexts"] = x["payload"]["ciphertexts"].get<std::string>() + std::string(64, 'a');
    CHECK(rejects("board-entry.schema.json", x));  // half a ciphertext
    x = mix_input;
    x["payload"]["width"] = 0;
    CHECK(rejects("board-entry.schema.json", x));
    x = mix_input;
    x["kind"] = "mix";  // a mix-input payload under the mix schema
    CHECK(rejects("board-entry.schema.json", x));
    x = mix;
    x["payload"]["n"] = 0;
    CHECK(rejects("board-entry.schema.json", x));  // a mix shuffles at least one paper
    x = mix;
    x["payload"]["round"] = 0;
    CHECK(rejects("board-entry.schema.json", x));
    x = mix;
    x["payload"]["proof"] = x["payload"]["proof"].get<std::string>().substr(2);
    CHECK(rejects("board-entry.schema.json", x));  // a proof one byte short of whole scalars
    x = mix;
    x["payload"].erase("signature");
    CHECK(rejects("board-entry.schema.json", x));  // unsigned mix
    x = rshare;
    x["payload"]["extra"] = 1;
    CHECK(rejects("board-entry.schema.json", x));  // unlike decryption-share's decoder, exact
    x = rshare;
    x["payload"].erase("contest");
    CHECK(rejects("board-entry.schema.json", x));
    x = rresult;
    x["payload"]["ballots"][0] = json::array({255});
    CHECK(rejects("board-entry.schema.json", x));  // no candidate 255
    x = rresult;
    x["payload"]["ballots"][0] = "spoilt";
    CHECK(rejects("board-entry.schema.json", x));  // a paper is a ranking or null
    x = rresult;
    x["payload"]["invalid"].push_back({{"index", 0}});
    CHECK(rejects("board-entry.schema.json", x));  // an invalid paper without its problem
    x = rresult;
    REQUIRE(x["payload"]["stages"].is_object());
    x["payload"]["stages"]["extra"] = 1;
    CHECK(rejects("board-entry.schema.json", x));  // the transcript's fields are fixed
    x = rresult;
    x["payload"]["stages"]["stages"][0]["action"] = "recount";
    CHECK(rejects("board-entry.schema.json", x));
    x = rresult;
    x["payload"]["stages"] = nullptr;
    CHECK_FALSE(rejects("board-entry.schema.json", x));  // no paper with a preference

    auto m = json::parse(read_text(f.dir / "manifest.json"));
    REQUIRE(sc.check("manifest.schema.json", m).empty());
    {
        json rm = m;
        bool found = false;
        for (auto& c : rm["contests"])
            if (c["kind"] == "ranked") {
                c["method"] = "borda";
                found = true;
            }
        REQUIRE(found);
        CHECK(rejects("manifest.schema.json", rm));  // not a counting preset
    }
    json mm = m;
    mm["contests"][0]["max_marks"] = 2;  // not allowed for an approval contest
    CHECK(rejects("manifest.schema.json", mm));
    mm = m;
    mm["policy"]["revoting"] = "sometimes";
    CHECK(rejects("manifest.schema.json", mm));
    mm = m;
    mm["policy"]["cancel_reasons"].push_back("revoked");
    CHECK(rejects("manifest.schema.json", mm));  // a repeated reason

    json r = {{"voter", "v1"}, {"credential", std::string(64, 'a')}, {"weight", 0}};
    CHECK(rejects("roll-entry.schema.json", r));
    r["weight"] = 1000001;
    CHECK(rejects("roll-entry.schema.json", r));
    r["weight"] = 1;
    CHECK_FALSE(rejects("roll-entry.schema.json", r));
    r["voter"] = "v 1";
    CHECK(rejects("roll-entry.schema.json", r));
}
