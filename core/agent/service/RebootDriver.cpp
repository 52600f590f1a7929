// SPDX-License-Identifier: GPL-3.0-or-later
#include "agent/service/RebootDriver.h"

#include "agent/SystemdProbe.h"

#include <QProcess>
#include <QStandardPaths>

#include <unistd.h>

namespace st {

Status SystemdReboot::check() const
{
    if (::geteuid() != 0)
        return makeError(ErrorCode::Permission, QStringLiteral("the agent does not run as root, so it cannot reboot this host"));
    if (!SystemdProbe::systemdRunning())
        return makeError(ErrorCode::Refused, QStringLiteral("this host was not booted with systemd, so the agent cannot reboot it: reboot it from its console"));
    if (QStandardPaths::findExecutable(QStringLiteral("systemctl")).isEmpty())
        return makeError(ErrorCode::Refused, QStringLiteral("systemctl is not installed on this host: reboot it from its console"));
    return {};
}

void SystemdReboot::reboot(const QString &reason)
{
    // systemd stops this agent like every other service on the way down.
    if (!QProcess::startDetached(QStringLiteral("systemctl"), {QStringLiteral("reboot")}))
        m_log(QStringLiteral("could not run systemctl reboot (%1): reboot this host from its console").arg(reason));
}

}  // namespace st
