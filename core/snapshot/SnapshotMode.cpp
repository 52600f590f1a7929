// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshot/Snapshot.h"

namespace st {

std::optional<SnapshotMode> parseSnapshotMode(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("auto"))
        return SnapshotMode::Auto;
    if (t == QLatin1String("btrfs"))
        return SnapshotMode::Btrfs;
    if (t == QLatin1String("lvm"))
        return SnapshotMode::Lvm;
    if (t == QLatin1String("vss"))
        return SnapshotMode::Vss;
    if (t == QLatin1String("none"))
        return SnapshotMode::None;
    return std::nullopt;
}

QString snapshotModeName(SnapshotMode mode)
{
    switch (mode) {
    case SnapshotMode::Auto: return QStringLiteral("auto");
    case SnapshotMode::Btrfs: return QStringLiteral("btrfs");
    case SnapshotMode::Lvm: return QStringLiteral("lvm");
    case SnapshotMode::Vss: return QStringLiteral("vss");
    case SnapshotMode::None: return QStringLiteral("none");
    }
    return QStringLiteral("auto");
}

}  // namespace st
