// SPDX-License-Identifier: GPL-3.0-or-later
#include "archive/ManifestParser.h"

#include "util/RawPath.h"

#include <cstring>

namespace st {

namespace {
// Estimated memory of one parsed entry beyond its path bytes: the ManifestEntry in the list,
// the heap blocks of its path and SHA-256, the index node.
constexpr qint64 kEntryBytes = 256;
constexpr qint64 kHeaderValueBytes = 64;
const QByteArray kTrailerKey = QByteArrayLiteral("sha256 ");

Error parseError(qint64 line, const QString &what)
{
    return makeError(ErrorCode::Archive, QStringLiteral("manifest line %1: %2").arg(line).arg(what));
}

Error limitError(const QString &what)
{
    return makeError(ErrorCode::Hostile, what);
}

bool validType(char c)
{
    switch (c) {
    case 'f': case 'd': case 'l': case 'h': case 'p': case 'c': case 'b':
        return true;
    default:
        return false;
    }
}
}  // namespace

ManifestParser::ManifestParser(ManifestLimits limits) : m_limits(limits)
{
}

Status ManifestParser::add(const char *data, size_t size)
{
    m_bytes += static_cast<qint64>(size);
    if (m_bytes > m_limits.maxBytes)
        return limitError(QStringLiteral("manifest is larger than %1 bytes (limit)").arg(m_limits.maxBytes));
    const char *p = data;
    const char *end = data + size;
    while (p < end) {
        const char *nl = static_cast<const char *>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
        const qint64 piece = (nl ? nl : end) - p;
        if (m_line.size() + piece > m_limits.maxLineBytes)
            return limitError(QStringLiteral("manifest line %1 is longer than %2 bytes (limit)").arg(m_lines + 1).arg(m_limits.maxLineBytes));
        if (!nl) {
            m_line.append(p, static_cast<qsizetype>(piece));
            return {};
        }
        Status s;
        if (m_line.isEmpty()) {
            s = takeLine(QByteArray::fromRawData(p, static_cast<qsizetype>(piece)));
        } else {
            m_line.append(p, static_cast<qsizetype>(piece));
            s = takeLine(m_line);
            m_line.clear();
        }
        if (!s)
            return s;
        p = nl + 1;
    }
    return {};
}

Status ManifestParser::takeLine(const QByteArray &line)
{
    if (++m_lines > m_limits.maxLines)
        return limitError(QStringLiteral("manifest has more than %1 lines (limit)").arg(m_limits.maxLines));
    if (m_sawTrailer)
        return makeError(ErrorCode::Archive, QStringLiteral("manifest has data after its checksum line"));
    if (m_lines == 1) {
        if (line != Manifest::formatMagic())
            return makeError(ErrorCode::Archive, QStringLiteral("not a ServerTwin manifest (version 1)"));
    } else if (line.startsWith(kTrailerKey)) {
        m_sawTrailer = true;
        m_checksumOk = line.mid(kTrailerKey.size()) == m_hash.finish().toHex();
        return {};
    }
    m_hash.add(line.constData(), static_cast<size_t>(line.size()));
    m_hash.add("\n", 1);
    if (m_lines == 1 || m_firstError)
        return {};
    m_firstError = parseLine(line);
    if (m_limits.maxMemoryBytes > 0 && m_memory > m_limits.maxMemoryBytes)
        return limitError(QStringLiteral("the manifest needs more than %1 MiB of memory (limit)").arg(m_limits.maxMemoryBytes >> 20));
    return {};
}

std::optional<Error> ManifestParser::parseLine(const QByteArray &line)
{
    const qint64 lineNo = m_lines;
    if (line.isEmpty())
        return parseError(lineNo, QStringLiteral("empty line"));
    // Bounded by maxLineBytes: splitting one line is cheap.
    const QList<QByteArray> f = line.split(' ');
    const QByteArray &key = f.at(0);
    auto unesc = [&](qsizetype i) -> std::optional<QByteArray> {
        if (i >= f.size())
            return std::nullopt;
        return unescapePath(f.at(i));
    };
    ManifestHeader &header = m_manifest.header;
    if (key == "host" || key == "root" || key == "snapshot" || key == "include" || key == "exclude") {
        const auto v = unesc(1);
        if (!v || f.size() != 2)
            return parseError(lineNo, QStringLiteral("malformed '%1' line").arg(QString::fromLatin1(key)));
        m_memory += kHeaderValueBytes + v->size();
        if (key == "host")
            header.sourceHost = QString::fromUtf8(*v);
        else if (key == "root")
            header.sourceRoot = *v;
        else if (key == "snapshot")
            header.snapshot = QString::fromUtf8(*v);
        else if (key == "include")
            header.includes.append(*v);
        else
            header.excludes.append(*v);
        return std::nullopt;
    }
    if (key == "created") {
        header.created = QDateTime::fromString(QString::fromLatin1(f.value(1)), Qt::ISODate);
        return std::nullopt;
    }
    if (key != "entry")
        return parseError(lineNo, QStringLiteral("unknown key '%1'").arg(QString::fromLatin1(key.left(40))));
    if (f.size() < 3 || f.at(1).size() != 1 || !validType(f.at(1).at(0)))
        return parseError(lineNo, QStringLiteral("malformed entry"));
    ManifestEntry e;
    e.type = static_cast<EntryType>(f.at(1).at(0));
    qsizetype pathField = 2;
    if (e.type == EntryType::File) {
        bool okSize = false;
        e.size = f.value(2).toLongLong(&okSize);
        e.sha256 = QByteArray::fromHex(f.value(3));
        if (f.size() != 5 || !okSize || e.size < 0 || e.sha256.size() != 32)
            return parseError(lineNo, QStringLiteral("malformed file entry"));
        pathField = 4;
    }
    const auto path = unesc(pathField);
    if (!path)
        return parseError(lineNo, QStringLiteral("malformed path"));
    if (const auto why = unsafePathReason(*path))
        return parseError(lineNo, *why);
    e.path = *path;
    if (e.type == EntryType::HardLink) {
        const auto target = unesc(pathField + 1);
        if (!target || f.size() != pathField + 2)
            return parseError(lineNo, QStringLiteral("malformed hard link entry"));
        e.linkTarget = *target;
    } else if (f.size() != pathField + 1) {
        return parseError(lineNo, QStringLiteral("unexpected fields"));
    }
    if (m_manifest.indexOf(e.path) >= 0)
        return parseError(lineNo, QStringLiteral("duplicate path %1").arg(displayPath(e.path)));
    m_memory += kEntryBytes + e.path.size() + e.linkTarget.size();
    m_manifest.add(std::move(e));
    return std::nullopt;
}

Result<Manifest> ManifestParser::finish()
{
    if (m_lines == 0)
        return makeError(ErrorCode::Archive, QStringLiteral("not a ServerTwin manifest (version 1)"));
    if (!m_sawTrailer || !m_line.isEmpty())
        return makeError(ErrorCode::Archive, QStringLiteral("manifest is truncated (no checksum line)"));
    if (!m_checksumOk)
        return makeError(ErrorCode::Archive, QStringLiteral("manifest checksum does not match its content"));
    if (m_firstError)
        return *m_firstError;
    if (Status s = checkManifestHeader(m_manifest.header); !s)
        return s.error();  // include roots normalised and relative, exclude patterns that compile
    return std::move(m_manifest);
}

}  // namespace st
