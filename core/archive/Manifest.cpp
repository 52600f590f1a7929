// SPDX-License-Identifier: GPL-3.0-or-later
#include "archive/Manifest.h"

#include "archive/ManifestParser.h"
#include "profile/ExcludeMatcher.h"
#include "util/RawPath.h"
#include "util/Sha256.h"

namespace st {

namespace {
const QByteArray kMagic = QByteArrayLiteral("servertwin-manifest 1");
}  // namespace

const QByteArray &Manifest::formatMagic()
{
    return kMagic;
}

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

Result<Manifest> Manifest::parse(const QByteArray &text, const ManifestLimits &limits)
{
    if (text.size() > limits.maxBytes)
        return makeError(ErrorCode::Hostile, QStringLiteral("manifest of %1 bytes exceeds the limit of %2 bytes").arg(text.size()).arg(limits.maxBytes));
    ManifestParser parser(limits);
    if (Status s = parser.add(text.constData(), static_cast<size_t>(text.size())); !s)
        return s.error();
    return parser.finish();
}

}  // namespace st
