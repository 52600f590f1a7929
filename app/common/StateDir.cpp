// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/StateDir.h"

#include <QDir>
#include <QStandardPaths>

#include <unistd.h>

namespace st {

static QString stateDir(const QString &name)
{
    if (geteuid() == 0)
        return QStringLiteral("/var/lib/") + name;
    const QByteArray xdg = qgetenv("XDG_STATE_HOME");
    const QString base = xdg.isEmpty() ? QDir::homePath() + QStringLiteral("/.local/state") : QString::fromLocal8Bit(xdg);
    return base + QLatin1Char('/') + name;
}

QString defaultPrimaryStateDir()
{
    return stateDir(QStringLiteral("servertwin"));
}

QString defaultAgentStateDir()
{
    return stateDir(QStringLiteral("servertwin-agent"));
}

}  // namespace st
