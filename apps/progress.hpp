// scrutineer CLI — a one-line progress display on stderr, shown only when
// stderr is a terminal (so logs and pipes stay clean).
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>

namespace scrutineer::cli {

class progress_line {
public:
    progress_line() : on_(::isatty(STDERR_FILENO) != 0) {}
    std::function<void(std::string_view, double)> callback() {
        if (!on_) return {};
        return [this](std::string_view stage, double f) {
            const auto now = std::chrono::steady_clock::now();
            if (stage == last_stage_ && f < 1.0 && now - last_ < std::chrono::milliseconds(200)) return;
            last_ = now;
            last_stage_ = std::string(stage);
            std::fprintf(stderr, "\r  %-8.*s %5.1f%%", static_cast<int>(stage.size()), stage.data(), 100.0 * f);
            std::fflush(stderr);
            shown_ = true;
        };
    }
    void done() {
        if (shown_) std::fprintf(stderr, "\r%30s\r", "");
        shown_ = false;
    }
    ~progress_line() { done(); }

private:
    bool on_;
    bool shown_ = false;
    std::string last_stage_;
    std::chrono::steady_clock::time_point last_{};
};

}  // namespace scrutineer::cli
