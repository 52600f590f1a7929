// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/boot/DeviceResolver.h"

#include "restore/boot/RootedPath.h"

#include <utility>

namespace st::boot {

namespace {
constexpr int kMaxDepth = 8;  // crypttab on crypttab on ... (stacked LUKS) before we call it a loop

struct Tag {
    const char *name;
    const char *dir;
};
constexpr Tag kTags[] = {
    {"UUID", "disk/by-uuid"},       {"LABEL", "disk/by-label"},         {"PARTUUID", "disk/by-partuuid"},
    {"PARTLABEL", "disk/by-partlabel"}, {"ID", "disk/by-id"},
};
}  // namespace

DeviceResolver::DeviceResolver(QString devRoot, QList<CrypttabEntry> crypttab)
    : m_devRoot(std::move(devRoot)), m_crypttab(std::move(crypttab))
{
}

bool DeviceResolver::isDeviceSpec(const QString &spec)
{
    if (spec.startsWith(QLatin1String("/dev/")))
        return true;
    for (const Tag &t : kTags)
        if (spec.startsWith(QLatin1String(t.name) + QLatin1Char('=')))
            return true;
    return false;
}

Result<QString> DeviceResolver::resolve(const QString &spec) const
{
    return resolve(spec, 0);
}

Result<QString> DeviceResolver::resolve(const QString &spec, int depth) const
{
    if (depth > kMaxDepth)
        return makeError(ErrorCode::Io, QStringLiteral("%1 is provided by a crypttab loop").arg(spec));
    for (const Tag &t : kTags) {
        const QString prefix = QLatin1String(t.name) + QLatin1Char('=');
        if (spec.startsWith(prefix))
            return resolveTag(QLatin1String(t.name), spec.mid(prefix.size()));
    }
    if (!spec.startsWith(QLatin1String("/dev/")))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("%1 is not a device name").arg(spec));
    const QString rel = spec.mid(5);
    if (existsInside(m_devRoot, rel))
        return spec;
    // A LUKS mapping is not there before crypttab opens it: it counts if its source is here.
    const QString mapperPrefix = QStringLiteral("mapper/");
    if (rel.startsWith(mapperPrefix)) {
        const QString name = rel.mid(mapperPrefix.size());
        for (const CrypttabEntry &c : m_crypttab) {
            if (c.name != name)
                continue;
            const Result<QString> source = resolve(c.source, depth + 1);
            if (!source)
                return makeError(ErrorCode::Io, QStringLiteral("%1 comes from crypttab (line %2) on %3, but %4")
                                                    .arg(spec, QString::number(c.line), c.source, source.error().message));
            return QStringLiteral("%1 via crypttab on %2").arg(spec, *source);
        }
    }
    return makeError(ErrorCode::Io, QStringLiteral("no %1 here").arg(spec));
}

Result<QString> DeviceResolver::resolveTag(const QString &tag, const QString &value) const
{
    const QString dir = [&] {
        for (const Tag &t : kTags)
            if (tag == QLatin1String(t.name))
                return QString::fromLatin1(t.dir);
        return QString();
    }();
    QStringList candidates{value};
    if (tag == QLatin1String("UUID") || tag == QLatin1String("PARTUUID"))
        candidates << value.toLower() << value.toUpper();  // vfat UUIDs are upper case, others lower
    else
        candidates << udevEncode(value);
    candidates.removeDuplicates();
    for (const QString &c : candidates) {
        if (c.isEmpty() || c.contains(QLatin1Char('/')))
            continue;
        const QString rel = dir + QLatin1Char('/') + c;
        if (existsInside(m_devRoot, rel))
            return QStringLiteral("/dev/") + rel;
    }
    return makeError(ErrorCode::Io, QStringLiteral("no /dev/%1/%2 here").arg(dir, value));
}

QString udevEncode(const QString &name)
{
    static const QByteArray allowed = QByteArrayLiteral("#+-.:=@_");
    QByteArray out;
    for (const char ch : name.toUtf8()) {
        const auto c = static_cast<unsigned char>(ch);
        const bool plain = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
            || allowed.contains(ch) || c >= 0x80;
        if (plain)
            out.append(ch);
        else
            out.append(QByteArrayLiteral("\\x") + QByteArray::number(c, 16).rightJustified(2, '0'));
    }
    return QString::fromUtf8(out);
}

}  // namespace st::boot
