// scrutineer — core: errors and results.
//
// Two families of failure are kept apart, as dalek does: *format* errors (the
// input is not a well-formed encoding: wrong length, bad hex, non-canonical,
// not a group element) and *verification* failures (well-formed input whose
// proof or check does not hold). Every error carries a message that names
// what is wrong, for reports that an auditor can act on.
#pragma once

#include <cassert>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace scrutineer {

enum class errc {
    // format errors: the bytes are not a valid encoding
    bad_length,         ///< wrong number of bytes or elements
    bad_hex,            ///< not lowercase hexadecimal of the right length
    non_canonical,      ///< an encoding that is not the unique canonical one
    not_in_group,       ///< bytes that decode to no group element
    identity,           ///< the identity element where it is not allowed
    out_of_range,       ///< a value outside its declared range
    bad_input,          ///< any other malformed input
    // verification failures: well-formed, but the check does not hold
    verify_failed,
    // operational
    not_found,
    io,
    internal,
};

/// True for errors that mean "the input is malformed" rather than "the check failed".
constexpr bool is_format_error(errc c) noexcept { return c < errc::verify_failed; }

/// Stable short name of an error code (used in reports and tests).
constexpr std::string_view to_string(errc c) noexcept {
    switch (c) {
        case errc::bad_length: return "bad_length";
        case errc::bad_hex: return "bad_hex";
        case errc::non_canonical: return "non_canonical";
        case errc::not_in_group: return "not_in_group";
        case errc::identity: return "identity";
        case errc::out_of_range: return "out_of_range";
        case errc::bad_input: return "bad_input";
        case errc::verify_failed: return "verify_failed";
        case errc::not_found: return "not_found";
        case errc::io: return "io";
        case errc::internal: return "internal";
    }
    return "unknown";
}

/// An error: a code and a message naming what is wrong.
struct error {
    errc code;
    std::string message;

    /// "code: message", for logs and reports.
    std::string describe() const { return std::string(to_string(code)) + ": " + message; }
};

/// Thrown only by `result::value()` on an error, and by APIs documented to throw.
class scrutineer_error : public std::runtime_error {
public:
    explicit scrutineer_error(error e) : std::runtime_error(e.describe()), err_(std::move(e)) {}
    const error& err() const noexcept { return err_; }

private:
    error err_;
};

/// Either a value or an error. `[[nodiscard]]`: an ignored failure is a bug.
template <class T>
class [[nodiscard]] result {
public:
    // By reference, not by value: group elements are over-aligned (32 bytes)
    // and passing them by value has a fragile ABI.
    result(const T& v) : v_(v) {}                        // NOLINT: implicit by design
    result(T&& v) : v_(std::move(v)) {}                  // NOLINT
    result(error e) : v_(std::move(e)) {}                 // NOLINT
    result(errc c, std::string msg) : v_(error{c, std::move(msg)}) {}

    bool ok() const noexcept { return v_.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }

    /// The value; throws scrutineer_error if this holds an error.
    T& value() & {
        if (!ok()) throw scrutineer_error(std::get<1>(v_));
        return std::get<0>(v_);
    }
    const T& value() const& {
        if (!ok()) throw scrutineer_error(std::get<1>(v_));
        return std::get<0>(v_);
    }
    T&& value() && {
        if (!ok()) throw scrutineer_error(std::get<1>(v_));
        return std::get<0>(std::move(v_));
    }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    /// The error; precondition: !ok().
    const error& err() const& {
        assert(!ok());
        return std::get<1>(v_);
    }

private:
    std::variant<T, error> v_;
};

/// Success or an error, for checks that produce no value (e.g. proof verification).
class [[nodiscard]] status {
public:
    status() = default;
    status(error e) : e_(std::move(e)), ok_(false) {}     // NOLINT
    status(errc c, std::string msg) : e_{c, std::move(msg)}, ok_(false) {}
    static status success() { return {}; }

    bool ok() const noexcept { return ok_; }
    explicit operator bool() const noexcept { return ok_; }
    const error& err() const& {
        assert(!ok_);
        return e_;
    }
    /// Throws scrutineer_error if this is a failure.
    void throw_if_error() const {
        if (!ok_) throw scrutineer_error(e_);
    }
    /// The message, or "ok".
    std::string describe() const { return ok_ ? std::string("ok") : e_.describe(); }

private:
    error e_{errc::internal, {}};
    bool ok_ = true;
};

/// Prefixes an error's message with where it happened ("ballot 3: ...").
inline error with_context(std::string_view where, error e) {
    e.message = std::string(where) + ": " + e.message;
    return e;
}
inline status with_context(std::string_view where, const status& s) {
    return s.ok() ? s : status(with_context(where, s.err()));
}

}  // namespace scrutineer
