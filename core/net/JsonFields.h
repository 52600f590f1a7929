// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Checked field access for the parse() of wire messages: presence, type, size and
 * range of each field; the first failure is kept as ErrorCode::Protocol naming the message
 * and the field. Used by Messages.cpp and OperationMessages.cpp only. Plain value type.
 */
#include "util/RawPath.h"
#include "util/Result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <limits>

namespace st::msg::detail {

constexpr qsizetype kMaxText = 4096;
constexpr qsizetype kMaxPath = 8192;  // escaped form of a 4095-byte path fits
constexpr qint64 kMaxAttempt = 1'000'000'000;  // connections per clone; far above any reconnect budget

/** Field access with type and size checks; the first failure is kept. */
class Fields {
public:
    Fields(const QJsonObject &o, const char *message) : m_o(o), m_message(message) {}
    Fields(QJsonObject &&, const char *) = delete;  // it keeps a reference: a temporary would dangle

    QString text(const char *key, qsizetype maxLen = kMaxText, bool required = true)
    {
        const QJsonValue v = m_o.value(QLatin1String(key));
        if (v.isUndefined() && !required)
            return {};
        if (!v.isString())
            return fail(key, QStringLiteral("must be a string")), QString();
        const QString s = v.toString();
        if (s.size() > maxLen)
            return fail(key, QStringLiteral("is longer than %1 characters").arg(maxLen)), QString();
        return s;
    }
    qint64 number(const char *key, qint64 min = 0, qint64 max = std::numeric_limits<qint64>::max() / 2)
    {
        const QJsonValue v = m_o.value(QLatin1String(key));
        if (!v.isDouble())
            return fail(key, QStringLiteral("must be a number")), 0;
        const double d = v.toDouble();
        if (d < static_cast<double>(min) || d > static_cast<double>(max) || d != static_cast<double>(static_cast<qint64>(d)))
            return fail(key, QStringLiteral("is out of range")), 0;
        return static_cast<qint64>(d);
    }
    bool boolean(const char *key)
    {
        const QJsonValue v = m_o.value(QLatin1String(key));
        if (!v.isBool())
            return fail(key, QStringLiteral("must be true or false")), false;
        return v.toBool();
    }
    QByteArray hex(const char *key, qsizetype bytes)
    {
        const QString s = text(key, bytes * 2);
        const QByteArray raw = QByteArray::fromHex(s.toLatin1());
        if (m_ok && raw.size() != bytes)
            fail(key, QStringLiteral("must be %1 hex-encoded bytes").arg(bytes));
        return raw;
    }
    QByteArray path(const QJsonValue &v, const char *key)
    {
        if (!v.isString() || v.toString().size() > kMaxPath)
            return fail(key, QStringLiteral("must be an escaped path")), QByteArray();
        const auto raw = unescapePath(v.toString().toLatin1());
        if (!raw)
            return fail(key, QStringLiteral("is not a valid escaped path")), QByteArray();
        return *raw;
    }
    QJsonObject object(const char *key)
    {
        const QJsonValue v = m_o.value(QLatin1String(key));
        if (!v.isObject())
            return fail(key, QStringLiteral("must be an object")), QJsonObject();
        return v.toObject();
    }
    QJsonArray array(const char *key, qsizetype maxItems)
    {
        const QJsonValue v = m_o.value(QLatin1String(key));
        if (!v.isArray())
            return fail(key, QStringLiteral("must be an array")), QJsonArray();
        if (v.toArray().size() > maxItems)
            return fail(key, QStringLiteral("has more than %1 items").arg(maxItems)), QJsonArray();
        return v.toArray();
    }
    bool has(const char *key) const { return m_o.contains(QLatin1String(key)); }
    /** An array of strings, each at most @p maxLen characters. */
    QStringList texts(const char *key, qsizetype maxItems, qsizetype maxLen = kMaxText)
    {
        const QJsonArray a = array(key, maxItems);
        QStringList out;
        for (const QJsonValue &v : a) {
            if (!v.isString() || v.toString().size() > maxLen) {
                fail(key, QStringLiteral("must hold strings of at most %1 characters").arg(maxLen));
                return {};
            }
            out.append(v.toString());
        }
        return out;
    }
    void fail(const char *key, const QString &what)
    {
        if (!m_ok)
            return;
        m_ok = false;
        m_error = makeError(ErrorCode::Protocol, QStringLiteral("peer sent a bad %1 message: \"%2\" %3")
                                                     .arg(QLatin1String(m_message), QLatin1String(key), what));
    }
    /** Keeps @p error (a nested object's) as this message's first failure. */
    void adopt(const Error &error)
    {
        if (!m_ok)
            return;
        m_ok = false;
        m_error = error;
    }
    bool ok() const { return m_ok; }
    const Error &error() const { return m_error; }
    const QJsonObject &raw() const { return m_o; }

private:
    const QJsonObject &m_o;
    const char *m_message;
    bool m_ok = true;
    Error m_error;
};

}  // namespace st::msg::detail
