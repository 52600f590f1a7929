// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Typed results for every fallible call in core: a value or an Error, never bool + string.
 *
 * Error carries a stable code (for tests and exit statuses), a one-line message for people
 * and optional technical details. Result<T> is a small std::expected stand-in (GCC 12 has no
 * <expected> in C++20 mode). Plain value types: thread-safe as values are.
 */
#include <QMetaType>
#include <QString>
#include <utility>
#include <variant>

namespace st {

enum class ErrorCode {
    InvalidArgument,  // bad command line, bad option value
    Profile,          // protection profile is wrong (unknown key, bad glob, missing path)
    Io,               // a read or write failed
    NoSpace,          // ENOSPC / not enough free space
    Permission,       // missing privileges
    Archive,          // the clone stream is corrupt or unreadable
    Hostile,          // the clone stream tries to escape the root or break a rule
    Verify,           // content does not match the manifest
    Protocol,         // the peer broke the protocol
    Tls,              // TLS handshake or certificate problem
    Auth,             // pairing failed (wrong code, pin mismatch)
    LockedOut,        // too many pairing failures
    Network,          // connection refused, lost, timed out
    Cancelled,        // the user or the peer cancelled
    Unsupported,      // the peer does not offer this operation (or this version of it)
    Refused,          // the peer refuses the request in its present state (busy, unsafe)
    Internal,
};

QString errorCodeName(ErrorCode code);

struct Error {
    ErrorCode code = ErrorCode::Internal;
    QString message;  // one line, for people
    QString details;  // optional, technical

    /** Prefixes the message with context, e.g. "restore: " + message. */
    Error withContext(const QString &context) const
    {
        return Error{code, context + QStringLiteral(": ") + message, details};
    }
};

inline Error makeError(ErrorCode code, QString message, QString details = {})
{
    return Error{code, std::move(message), std::move(details)};
}

/** Error from errno: message is "<what>: <strerror>"; ENOSPC maps to NoSpace, EPERM/EACCES to Permission. */
Error errnoError(int err, const QString &what);

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_v(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_v(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }
    T &value() & { return std::get<0>(m_v); }
    const T &value() const & { return std::get<0>(m_v); }
    T &&value() && { return std::get<0>(std::move(m_v)); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() { return value(); }
    const T &operator*() const { return value(); }
    const Error &error() const { return std::get<1>(m_v); }

private:
    std::variant<T, Error> m_v;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)), m_ok(false) {}
    bool ok() const { return m_ok; }
    explicit operator bool() const { return m_ok; }
    const Error &error() const { return m_error; }

private:
    Error m_error;
    bool m_ok = true;
};

using Status = Result<void>;

}  // namespace st

// Signals carry results across threads (job finished(), screenshot runs): declared here, once.
Q_DECLARE_METATYPE(st::Status)
