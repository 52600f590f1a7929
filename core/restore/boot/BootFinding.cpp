// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/boot/BootFinding.h"

namespace st::boot {

QString levelName(Finding::Level level)
{
    switch (level) {
    case Finding::Level::Block: return QStringLiteral("block");
    case Finding::Level::Warn: return QStringLiteral("warn");
    case Finding::Level::Info: return QStringLiteral("info");
    case Finding::Level::Ok: return QStringLiteral("ok");
    }
    return QStringLiteral("unknown");
}

bool hasBlock(const QList<Finding> &findings)
{
    for (const Finding &f : findings)
        if (f.level == Finding::Level::Block)
            return true;
    return false;
}

QList<Finding> findingsAt(const QList<Finding> &findings, Finding::Level level)
{
    QList<Finding> out;
    for (const Finding &f : findings)
        if (f.level == level)
            out << f;
    return out;
}

}  // namespace st::boot
