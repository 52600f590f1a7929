// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/InstallationRecord.h"

#include <algorithm>

namespace st {

QString installStepKey(InstallStep step)
{
    switch (step) {
    case InstallStep::Clone: return QStringLiteral("clone");
    case InstallStep::Reboot: return QStringLiteral("reboot");
    }
    return QString();  // not reached: every enumerator is handled above
}

bool TargetRecord::succeeded(InstallStep step) const
{
    switch (step) {
    case InstallStep::Clone: return clone && clone->ok;
    case InstallStep::Reboot: return reboot && reboot->ok;
    }
    return false;
}

bool TargetRecord::ran(InstallStep step) const
{
    return attempts(step) > 0;
}

int TargetRecord::attempts(InstallStep step) const
{
    return step == InstallStep::Clone ? cloneAttempts : rebootAttempts;
}

QJsonObject TargetRecord::toJson() const
{
    QJsonObject o{{QStringLiteral("role"), role}, {QStringLiteral("address"), address}};
    if (clone) {
        QJsonObject c = clone->toJson();
        c.insert(QStringLiteral("attempts"), cloneAttempts);
        o.insert(installStepKey(InstallStep::Clone), c);
    }
    if (reboot) {
        QJsonObject r = reboot->toJson();
        r.insert(QStringLiteral("attempts"), rebootAttempts);
        o.insert(installStepKey(InstallStep::Reboot), r);
    }
    return o;
}

TargetRecord &InstallationRecord::target(const QString &role, const QString &address)
{
    for (TargetRecord &t : m_targets)
        if (t.address == address) {
            if (!role.isEmpty())
                t.role = role;
            return t;
        }
    m_targets.append(TargetRecord{role, address, {}, {}, 0, 0});
    return m_targets.last();
}

void InstallationRecord::recordClone(const QString &role, const QString &address, const CloneReport &report)
{
    TargetRecord &t = target(role, address);
    t.clone = report;
    t.cloneAttempts += 1;
}

void InstallationRecord::recordReboot(const QString &role, const QString &address, const RebootReport &report)
{
    TargetRecord &t = target(role, address);
    t.reboot = report;
    t.rebootAttempts += 1;
}

const TargetRecord *InstallationRecord::find(const QString &address) const
{
    for (const TargetRecord &t : m_targets)
        if (t.address == address)
            return &t;
    return nullptr;
}

TargetRecord *InstallationRecord::find(const QString &address)
{
    for (TargetRecord &t : m_targets)
        if (t.address == address)
            return &t;
    return nullptr;
}

int InstallationRecord::succeeded(InstallStep step) const
{
    return static_cast<int>(std::count_if(m_targets.begin(), m_targets.end(), [step](const TargetRecord &t) { return t.succeeded(step); }));
}

int InstallationRecord::ran(InstallStep step) const
{
    return static_cast<int>(std::count_if(m_targets.begin(), m_targets.end(), [step](const TargetRecord &t) { return t.ran(step); }));
}

void InstallationRecord::clearStep(InstallStep step)
{
    for (TargetRecord &t : m_targets) {
        if (step == InstallStep::Clone) {
            t.clone.reset();
            t.cloneAttempts = 0;
        } else {
            t.reboot.reset();
            t.rebootAttempts = 0;
        }
    }
    m_targets.removeIf([](const TargetRecord &t) { return !t.clone && !t.reboot; });
}

QJsonArray InstallationRecord::toJson() const
{
    QJsonArray a;
    for (const TargetRecord &t : m_targets)
        a.append(t.toJson());
    return a;
}

}  // namespace st
