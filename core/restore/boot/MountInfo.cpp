// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/boot/MountInfo.h"

#include "restore/boot/RootedPath.h"

namespace st::boot {

namespace {
QString decoded(const QByteArray &field)
{
    return QString::fromUtf8(unescapeOctal(field));
}

Result<MountInfoEntry> parseLine(const QByteArray &line, int number)
{
    const auto bad = [&](const QString &why) {
        return makeError(ErrorCode::Io, QStringLiteral("line %1 of mountinfo is not a mount entry (%2): %3")
                                            .arg(number).arg(why, QString::fromUtf8(line.left(200))));
    };
    const QList<QByteArray> f = line.split(' ');
    const qsizetype dash = f.indexOf(QByteArray("-"), 6);
    if (f.size() < 10 || dash < 6 || f.size() < dash + 4)
        return bad(QStringLiteral("too few fields or no \"-\" separator"));
    MountInfoEntry e;
    bool okId = false, okParent = false, okMajor = false, okMinor = false;
    e.mountId = f.at(0).toInt(&okId);
    e.parentId = f.at(1).toInt(&okParent);
    const QList<QByteArray> dev = f.at(2).split(':');
    if (dev.size() == 2) {
        e.major = dev.at(0).toUInt(&okMajor);
        e.minor = dev.at(1).toUInt(&okMinor);
    }
    if (!okId || !okParent || !okMajor || !okMinor)
        return bad(QStringLiteral("bad mount id or major:minor"));
    e.root = decoded(f.at(3));
    e.mountPoint = decoded(f.at(4));
    e.mountOptions = QString::fromUtf8(f.at(5));
    for (qsizetype i = 6; i < dash; ++i)
        e.optionalFields << QString::fromUtf8(f.at(i));
    e.fsType = decoded(f.at(dash + 1));
    e.source = decoded(f.at(dash + 2));
    // Super options never hold a space; anything after them would be a format we do not know.
    e.superOptions = QString::fromUtf8(f.mid(dash + 3).join(' '));
    return e;
}
}  // namespace

Result<QList<MountInfoEntry>> parseMountInfo(const QByteArray &text)
{
    QList<MountInfoEntry> out;
    const QList<QByteArray> lines = text.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i);
        if (line.trimmed().isEmpty())
            continue;
        Result<MountInfoEntry> e = parseLine(line, static_cast<int>(i) + 1);
        if (!e)
            return e.error();
        out << std::move(e).value();
    }
    return out;
}

const MountInfoEntry *visibleMountAt(const QList<MountInfoEntry> &entries, const QString &mountPoint)
{
    const MountInfoEntry *found = nullptr;
    for (const MountInfoEntry &e : entries)
        if (e.mountPoint == mountPoint)
            found = &e;
    return found;
}

}  // namespace st::boot
