// scrutineer — count: stage sheet CSV, JSON transcript and text table.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

#include "scrutineer/count/io.hpp"

namespace scrutineer::count {
namespace {

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    return out + "\"";
}

std::string_view action_name(stage_action a) {
    switch (a) {
        case stage_action::first: return "first";
        case stage_action::surplus: return "surplus";
        case stage_action::exclusion: return "exclusion";
        case stage_action::iteration: return "iteration";
    }
    return "unknown";
}

std::string_view state_name(cand_state s) {
    switch (s) {
        case cand_state::hopeful: return "hopeful";
        case cand_state::elected: return "elected";
        case cand_state::excluded: return "excluded";
        case cand_state::withdrawn: return "withdrawn";
    }
    return "unknown";
}

std::string subject_names(const count_result& r, const stage& s) {
    std::string out;
    for (auto c : s.subjects) {
        if (!out.empty()) out += "; ";
        out += r.candidates[c].name;
    }
    return out;
}

/// What the official sheet shows as cumulative non-transferable votes: all
/// exhausted papers plus every earlier stage's rounding loss.
amount nt_shown(const stage& s) { return s.nontransferable_total + s.rounding_total - s.rounding; }

}  // namespace

std::string stages_csv(const count_result& r) {
    std::ostringstream o;
    o << "stage,action,subject,subject_amount,candidate,name,transferred,votes,status\n";
    const amount unit = pow10(r.decimals);
    for (const auto& s : r.stages) {
        const bool first = s.action == stage_action::first;
        std::string head = std::to_string(s.number) + "," + std::string(action_name(s.action)) + ",";
        if (first)
            head += ",";
        else
            head += csv_field(subject_names(r, s)) + "," + format_fixed(s.subject_amount, r.decimals);
        auto num = [&](amount v) { return first && v % unit == 0 ? std::to_string(v / unit) : format_fixed(v, r.decimals); };
        for (std::size_t c = 0; c < r.candidates.size(); ++c) {
            bool elected = std::find(s.elected.begin(), s.elected.end(), c) != s.elected.end();
            o << head << "," << (c + 1) << "," << csv_field(r.candidates[c].name) << ","
              << (first ? std::string() : format_fixed(s.transferred[c], r.decimals)) << "," << num(s.votes[c]) << ","
              << (elected ? "Elected" : "") << "\n";
        }
        o << head << ",nontransferable,Non-transferable votes,"
          << (first ? std::string() : format_fixed(s.nontransferable_transferred, r.decimals)) << "," << num(nt_shown(s))
          << ",\n";
        o << head << ",rounding,Non-transferable votes due to rounding,"
          << (first ? std::string() : format_fixed(s.rounding, r.decimals)) << "," << num(s.rounding) << ",\n";
    }
    return o.str();
}

std::string transcript_json(const count_result& r) {
    using nlohmann::ordered_json;
    auto amt = [&](amount v) { return format_fixed(v, r.decimals); };
    ordered_json j;
    j["format"] = "scrutineer-count-transcript/1";
    j["method"] = r.method;
    j["title"] = r.title;
    j["seats"] = r.seats;
    j["decimals"] = r.decimals;
    j["valid_votes"] = r.valid_votes;
    j["invalid_papers"] = r.invalid_papers;
    j["quota"] = amt(r.quota);
    ordered_json cands = ordered_json::array();
    for (std::size_t i = 0; i < r.candidates.size(); ++i) {
        cands.push_back({{"id", i + 1},
                         {"name", r.candidates[i].name},
                         {"party", r.candidates[i].party},
                         {"withdrawn", r.candidates[i].withdrawn}});
    }
    j["candidates"] = cands;
    ordered_json stages = ordered_json::array();
    for (const auto& s : r.stages) {
        ordered_json st;
        st["stage"] = s.number;
        st["action"] = action_name(s.action);
        ordered_json subj = ordered_json::array();
        for (auto c : s.subjects) subj.push_back(c + 1);
        st["subjects"] = subj;
        st["subject_amount"] = amt(s.subject_amount);
        st["quota"] = amt(s.quota);
        ordered_json rows = ordered_json::array();
        for (std::size_t c = 0; c < r.candidates.size(); ++c) {
            ordered_json row{{"candidate", c + 1},
                             {"transferred", amt(s.transferred[c])},
                             {"votes", amt(s.votes[c])},
                             {"state", state_name(s.state[c])}};
            if (!s.keep_factors.empty()) row["keep_factor"] = amt(s.keep_factors[c]);
            rows.push_back(row);
        }
        st["candidates"] = rows;
        st["nontransferable"] = {{"transferred", amt(s.nontransferable_transferred)},
                                 {"total", amt(s.nontransferable_total)}};
        st["rounding"] = {{"this_stage", amt(s.rounding)}, {"total", amt(s.rounding_total)}};
        ordered_json el = ordered_json::array();
        for (auto c : s.elected) el.push_back(c + 1);
        st["elected"] = el;
        ordered_json ties = ordered_json::array();
        for (const auto& t : s.ties) {
            ordered_json tj{{"purpose", t.purpose}, {"how", t.how}, {"chosen", t.chosen + 1}};
            ordered_json tied = ordered_json::array();
            for (auto c : t.tied) tied.push_back(c + 1);
            tj["tied"] = tied;
            if (t.draw >= 0) {
                tj["draw"] = t.draw;
                ordered_json among = ordered_json::array();
                for (auto c : t.lot_among) among.push_back(c + 1);
                tj["lot_among"] = among;
            }
            ties.push_back(tj);
        }
        st["ties"] = ties;
        if (s.iterations) st["iterations"] = s.iterations;
        if (!s.note.empty()) st["note"] = s.note;
        stages.push_back(st);
    }
    j["stages"] = stages;
    ordered_json el = ordered_json::array();
    for (auto c : r.elected) el.push_back(c + 1);
    j["elected"] = el;
    j["lots_drawn"] = r.lots_drawn;
    return j.dump(2) + "\n";
}

std::string stages_table(const count_result& r) {
    std::ostringstream o;
    o << (r.title.empty() ? std::string("(untitled)") : r.title) << "\n"
      << "method " << r.method << ", " << r.seats << " seat(s), " << r.valid_votes << " valid votes, quota "
      << format_fixed(r.quota, r.decimals) << "\n\n";
    std::size_t namew = 24;
    for (const auto& c : r.candidates) namew = std::max(namew, std::min<std::size_t>(c.name.size(), 40));
    const std::size_t colw = static_cast<std::size_t>(std::max(10, r.decimals + 9));
    auto pad = [](const std::string& s, std::size_t w, bool left) {
        if (s.size() >= w) return s;
        return left ? s + std::string(w - s.size(), ' ') : std::string(w - s.size(), ' ') + s;
    };
    // a row of quotas when the quota changes during the count (ERS97 5.4.8,
    // Meek, IRV's majority of the continuing votes)
    const bool quota_varies =
        std::any_of(r.stages.begin(), r.stages.end(), [&](const stage& s) { return s.quota != r.quota; });
    // stages in blocks so the table fits a terminal
    const std::size_t per_block = std::max<std::size_t>(1, (120 - namew) / (colw + 1));
    for (std::size_t b0 = 0; b0 < r.stages.size(); b0 += per_block) {
        std::size_t b1 = std::min(r.stages.size(), b0 + per_block);
        o << pad("stage", namew, true);
        for (std::size_t s = b0; s < b1; ++s) o << " " << pad(std::to_string(r.stages[s].number), colw, false);
        o << "\n" << pad("action", namew, true);
        for (std::size_t s = b0; s < b1; ++s) {
            std::string a(action_name(r.stages[s].action));
            if (!r.stages[s].subjects.empty()) {
                a += ' ';
                a += std::to_string(r.stages[s].subjects[0] + 1);
            }
            o << " " << pad(a, colw, false);
        }
        o << "\n";
        if (quota_varies) {
            o << pad("quota", namew, true);
            for (std::size_t s = b0; s < b1; ++s) o << " " << pad(format_fixed(r.stages[s].quota, r.decimals), colw, false);
            o << "\n";
        }
        for (std::size_t c = 0; c < r.candidates.size(); ++c) {
            std::string nm = std::to_string(c + 1) + " " + r.candidates[c].name;
            if (nm.size() > namew) nm = nm.substr(0, namew);
            o << pad(nm, namew, true);
            for (std::size_t s = b0; s < b1; ++s) {
                const auto& st = r.stages[s];
                std::string v = format_fixed(st.votes[c], r.decimals);
                if (std::find(st.elected.begin(), st.elected.end(), c) != st.elected.end()) v += "*";
                o << " " << pad(v, colw, false);
            }
            o << "\n";
        }
        o << pad("non-transferable", namew, true);
        for (std::size_t s = b0; s < b1; ++s)
            o << " " << pad(format_fixed(r.stages[s].nontransferable_total + r.stages[s].rounding_total, r.decimals), colw, false);
        o << "\n\n";
    }
    o << "elected (* marks the stage):";
    for (auto c : r.elected) o << " " << r.candidates[c].name << ";";
    o << "\n";
    for (const auto& s : r.stages) {
        for (const auto& t : s.ties) {
            o << "stage " << s.number << ": tie for " << t.purpose << " among";
            for (auto c : t.tied) o << " " << (c + 1);
            o << " settled by " << t.how << ": " << r.candidates[t.chosen].name << "\n";
        }
        if (!s.note.empty()) o << "stage " << s.number << ": " << s.note << "\n";
    }
    return o.str();
}

}  // namespace scrutineer::count
