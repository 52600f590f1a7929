// SPDX-License-Identifier: GPL-3.0-or-later
#include "RawPath.h"

#include <QList>
#include <QStringDecoder>

namespace st {

QByteArray escapePath(const QByteArray &raw)
{
    static const char hex[] = "0123456789abcdef";
    QByteArray out;
    out.reserve(raw.size() + 8);
    for (const char ch : raw) {
        const auto c = static_cast<unsigned char>(ch);
        if (c >= 0x21 && c <= 0x7e && c != '\\') {
            out.append(ch);
        } else {
            out.append('\\');
            out.append('x');
            out.append(hex[c >> 4]);
            out.append(hex[c & 0xf]);
        }
    }
    return out;
}

static int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

std::optional<QByteArray> unescapePath(const QByteArray &escaped)
{
    QByteArray out;
    out.reserve(escaped.size());
    for (qsizetype i = 0; i < escaped.size(); ++i) {
        const char c = escaped.at(i);
        if (c != '\\') {
            out.append(c);
            continue;
        }
        if (i + 3 >= escaped.size())
            return std::nullopt;
        if (escaped.at(i + 1) != 'x')
            return std::nullopt;
        const int hi = hexValue(escaped.at(i + 2));
        const int lo = hexValue(escaped.at(i + 3));
        if (hi < 0 || lo < 0)
            return std::nullopt;
        out.append(static_cast<char>((hi << 4) | lo));
        i += 3;
    }
    return out;
}

QString displayPath(const QByteArray &raw)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder.decode(raw);
    if (!decoder.hasError() && !raw.contains('\n') && !raw.contains('\r'))
        return text;
    return QString::fromLatin1(escapePath(raw));
}

QByteArray joinPath(const QByteArray &base, const QByteArray &name)
{
    if (base.isEmpty())
        return name;
    if (name.isEmpty())
        return base;
    QByteArray out;
    out.reserve(base.size() + 1 + name.size());
    out.append(base);
    out.append('/');
    out.append(name);
    return out;
}

QByteArray parentPath(const QByteArray &path)
{
    const qsizetype slash = path.lastIndexOf('/');
    return slash < 0 ? QByteArray() : path.left(slash);
}

QByteArray baseName(const QByteArray &path)
{
    const qsizetype slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.mid(slash + 1);
}

bool isSameOrBelow(const QByteArray &path, const QByteArray &dir)
{
    if (dir.isEmpty())
        return true;
    if (!path.startsWith(dir))
        return false;
    return path.size() == dir.size() || path.at(dir.size()) == '/';
}

std::optional<QString> unsafePathReason(const QByteArray &path)
{
    if (path.isEmpty())
        return QStringLiteral("empty path");
    if (path.size() > 4095)
        return QStringLiteral("path longer than 4095 bytes");
    if (path.contains('\0'))
        return QStringLiteral("NUL byte in path");
    if (path.startsWith('/'))
        return QStringLiteral("absolute path");
    qsizetype start = 0;
    while (start <= path.size()) {
        qsizetype end = path.indexOf('/', start);
        if (end < 0)
            end = path.size();
        const qsizetype len = end - start;
        if (len == 0)
            return QStringLiteral("empty path component");
        if (len > 255)
            return QStringLiteral("path component longer than 255 bytes");
        if (len == 1 && path.at(start) == '.')
            return QStringLiteral("'.' path component");
        if (len == 2 && path.at(start) == '.' && path.at(start + 1) == '.')
            return QStringLiteral("'..' path component");
        start = end + 1;
        if (end == path.size())
            break;
    }
    return std::nullopt;
}

std::optional<QByteArray> normaliseRelative(const QByteArray &path)
{
    QByteArray out;
    for (const QByteArray &part : path.split('/')) {
        if (part.isEmpty() || part == ".")
            continue;
        if (part == "..")
            return std::nullopt;
        out = joinPath(out, part);
    }
    return out;
}

}  // namespace st
