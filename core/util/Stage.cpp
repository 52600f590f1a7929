// SPDX-License-Identifier: GPL-3.0-or-later
#include "util/Stage.h"

namespace st {

QString stageName(Stage stage)
{
    switch (stage) {
    case Stage::Scan: return QStringLiteral("scan");
    case Stage::Snapshot: return QStringLiteral("snapshot");
    case Stage::Connect: return QStringLiteral("connect");
    case Stage::Transfer: return QStringLiteral("transfer");
    case Stage::Backup: return QStringLiteral("backup");
    case Stage::Remote: return QStringLiteral("remote");
    case Stage::Prepare: return QStringLiteral("prepare");
    case Stage::Receive: return QStringLiteral("receive");
    case Stage::Verify: return QStringLiteral("verify");
    case Stage::Apply: return QStringLiteral("apply");
    case Stage::Done: return QStringLiteral("done");
    case Stage::Reboot: return QStringLiteral("reboot");
    case Stage::Hardware: return QStringLiteral("hardware");
    case Stage::Components: return QStringLiteral("components");
    }
    return QString();  // not reached: every enumerator is handled above
}

std::optional<Stage> stageFromName(QStringView name)
{
    for (Stage s : kAllStages)
        if (name == stageName(s))
            return s;
    return std::nullopt;
}

}  // namespace st
