// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/StepText.h"

#include <QCoreApplication>
#include <QTime>

#include <algorithm>

namespace st {

QString targetLabel(const QList<TargetMachine> &targets, int index, const QString &single, const QString &multiple)
{
    if (targets.isEmpty())
        return {};
    index = std::clamp(index, 0, int(targets.size()) - 1);
    const TargetMachine &t = targets.at(index);
    const QString role = t.role == QLatin1String("Tertiary") ? QCoreApplication::translate("st::StepText", "Tertiary")
                                                             : QCoreApplication::translate("st::StepText", "Secondary");
    const QString name = t.info.host.isEmpty() ? t.address : QStringLiteral("%1, %2").arg(t.info.host, t.address);
    if (targets.size() == 1)
        return single.arg(role, name);
    return multiple.arg(role, name).arg(index + 1).arg(targets.size());
}

QString timeStamped(const QString &line)
{
    return QTime::currentTime().toString(QStringLiteral("HH:mm:ss")) + QLatin1Char(' ') + line;
}

QList<TargetMachine> twinTargets(const WizardSession &session)
{
    QList<TargetMachine> out;
    for (const TargetMachine &t : session.targets())
        if (const TargetRecord *r = session.record().find(t.address); r && r->succeeded(InstallStep::Reboot) && r->reboot->clonesRolledBack.isEmpty())
            out.append(t);
    return out;
}


}  // namespace st
