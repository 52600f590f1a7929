// SPDX-License-Identifier: GPL-3.0-or-later
#include "archive/Manifest.h"

#include "profile/ExcludeMatcher.h"
#include "util/RawPath.h"
#include "util/Sha256.h"

namespace st {

namespace {
const QByteArray kMagic = QByteArrayLiteral("servertwin-manifest 1");
constexpr qsizetype kMaxEntries = 50'000'000;

Error parseError(qsizetype line, const QString &what)
{
    return makeError(ErrorCode::Archive,
                     QStringLiteral("manifest line %1: %2").arg(line).arg(what));
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

const QByteArray &Manifest::reservedDirectory()
{
    static const QByteArray name = QByteArrayLiteral(".servertwin");
    return name;
}

const QByteArray &Manifest::entryName()
{
    static const QByteArray name = QByteArrayLiteral(".servertwin/manifest.v1");
    return name;
}

QString entryTypeName(EntryType type)
{
    switch (type) {
    case EntryType::File: return QStringLiteral("file");
    case EntryType::Directory: return QStringLiteral("directory");
    case EntryType::Symlink: return QStringLiteral("symlink");
    case EntryType::HardLink: return QStringLiteral("hard link");
    case EntryType::Fifo: return QStringLiteral("fifo");
    case EntryType::CharDevice: return QStringLiteral("character device");
    case EntryType::BlockDevice: return QStringLiteral("block device");
    }
    return QStringLiteral("unknown");
}

Status checkManifestHeader(const ManifestHeader &header)
{
    for (const QByteArray &inc : header.includes) {
        if (inc.isEmpty())
            continue;  // the whole root
        if (const auto why = unsafePathReason(inc))
            return makeError(ErrorCode::Hostile, QStringLiteral("manifest include root \"%1\" is not a normalised relative path: %2")
                                                     .arg(QString::fromLatin1(escapePath(inc)), *why));
    }
    for (const QByteArray &exc : header.excludes) {
        if (Result<GlobPattern> glob = GlobPattern::compile(exc); !glob)
            return makeError(ErrorCode::Hostile, QStringLiteral("the manifest's exclude list has a %1").arg(glob.error().message));
    }
    return {};
}

void Manifest::add(ManifestEntry entry)
{
    if (entry.type == EntryType::File) {
        m_fileBytes += entry.size;
        ++m_fileCount;
    }
    m_index.insert(entry.path, m_entries.size());
    m_entries.append(std::move(entry));
}

qsizetype Manifest::indexOf(const QByteArray &path) const
{
    return m_index.value(path, -1);
}

const ManifestEntry *Manifest::find(const QByteArray &path) const
{
    const qsizetype i = indexOf(path);
    return i < 0 ? nullptr : &m_entries.at(i);
}

QByteArray Manifest::serialize() const
{
    QByteArray out;
    out.reserve(64 + m_entries.size() * 100);
    out += kMagic + '\n';
    out += "host " + escapePath(header.sourceHost.toUtf8()) + '\n';
    out += "root " + escapePath(header.sourceRoot) + '\n';
    out += "created " + header.created.toUTC().toString(Qt::ISODate).toLatin1() + '\n';
    out += "snapshot " + escapePath(header.snapshot.toUtf8()) + '\n';
    for (const QByteArray &inc : header.includes)
        out += "include " + escapePath(inc) + '\n';
    for (const QByteArray &exc : header.excludes)
        out += "exclude " + escapePath(exc) + '\n';
    for (const ManifestEntry &e : m_entries) {
        out += "entry ";
        out += static_cast<char>(e.type);
        if (e.type == EntryType::File)
            out += ' ' + QByteArray::number(e.size) + ' ' + e.sha256.toHex();
        out += ' ' + escapePath(e.path);
        if (e.type == EntryType::HardLink)
            out += ' ' + escapePath(e.linkTarget);
        out += '\n';
    }
    out += "sha256 " + Sha256::of(out).toHex() + '\n';
    return out;
}

Result<Manifest> Manifest::parse(const QByteArray &text)
{
    if (!text.startsWith(QByteArray(kMagic + '\n')))
        return makeError(ErrorCode::Archive, QStringLiteral("not a ServerTwin manifest (version 1)"));
    const qsizetype trailer = text.lastIndexOf("\nsha256 ");
    if (trailer < 0 || !text.endsWith('\n'))
        return makeError(ErrorCode::Archive, QStringLiteral("manifest is truncated (no checksum line)"));
    const QByteArray body = text.left(trailer + 1);
    const QByteArray expected = text.mid(trailer + 8, text.size() - trailer - 9);
    if (Sha256::of(body).toHex() != expected)
        return makeError(ErrorCode::Archive, QStringLiteral("manifest checksum does not match its content"));

    Manifest m;
    const QList<QByteArray> lines = body.split('\n');
    qsizetype lineNo = 0;
    for (const QByteArray &line : lines) {
        ++lineNo;
        if (lineNo == 1 || line.isEmpty())
            continue;
        const QList<QByteArray> f = line.split(' ');
        const QByteArray &key = f.at(0);
        auto unesc = [&](qsizetype i) -> std::optional<QByteArray> {
            if (i >= f.size())
                return std::nullopt;
            return unescapePath(f.at(i));
        };
        if (key == "host" || key == "root" || key == "snapshot" || key == "include" || key == "exclude") {
            const auto v = unesc(1);
            if (!v || f.size() != 2)
                return parseError(lineNo, QStringLiteral("malformed '%1' line").arg(QString::fromLatin1(key)));
            if (key == "host")
                m.header.sourceHost = QString::fromUtf8(*v);
            else if (key == "root")
                m.header.sourceRoot = *v;
            else if (key == "snapshot")
                m.header.snapshot = QString::fromUtf8(*v);
            else if (key == "include")
                m.header.includes.append(*v);
            else
                m.header.excludes.append(*v);
        } else if (key == "created") {
            m.header.created = QDateTime::fromString(QString::fromLatin1(f.value(1)), Qt::ISODate);
        } else if (key == "entry") {
            if (m.m_entries.size() >= kMaxEntries)
                return parseError(lineNo, QStringLiteral("too many entries"));
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
            if (m.m_index.contains(e.path))
                return parseError(lineNo, QStringLiteral("duplicate path %1").arg(displayPath(e.path)));
            m.add(std::move(e));
        } else {
            return parseError(lineNo, QStringLiteral("unknown key '%1'").arg(QString::fromLatin1(key.left(40))));
        }
    }
    if (Status s = checkManifestHeader(m.header); !s)
        return s.error();
    return m;
}

}  // namespace st
