// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/InstallationRecord.h"

#include <algorithm>

namespace st {

QString installStepKey(InstallStep step)
{
    switch (step) {
    case InstallStep::Clone: return QStringLiteral("clone");
    case InstallStep::Reboot: return QStringLiteral("reboot");
    case InstallStep::Hardware: return QStringLiteral("hardware");
    case InstallStep::Components: return QStringLiteral("components");
    }
    return QString();  // not reached: every enumerator is handled above
}

bool TargetRecord::succeeded(InstallStep step) const
{
    switch (step) {
    case InstallStep::Clone: return clone && clone->ok;
    case InstallStep::Reboot: return reboot && reboot->ok;
    case InstallStep::Hardware: return hardware && hardware->ok && !hardware->blocks() && hardware->allConfirmed();
    case InstallStep::Components: return components && components->ok;
    }
    return false;
}

bool TargetRecord::ran(InstallStep step) const
{
    return attempts(step) > 0;
}

int TargetRecord::attempts(InstallStep step) const
{
    switch (step) {
    case InstallStep::Clone: return cloneAttempts;
    case InstallStep::Reboot: return rebootAttempts;
    case InstallStep::Hardware: return hardwareAttempts;
    case InstallStep::Components: return componentsAttempts;
    }
    return 0;
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
    if (hardware) {
        QJsonObject h = hardware->toJson();
        h.insert(QStringLiteral("attempts"), hardwareAttempts);
        o.insert(installStepKey(InstallStep::Hardware), h);
    }
    if (components) {
        QJsonObject c = components->toJson();
        c.insert(QStringLiteral("attempts"), componentsAttempts);
        QJsonArray runs;
        for (const ComponentsReport &r : componentRuns)
            runs.append(r.toJson());
        c.insert(QStringLiteral("runs"), runs);
        o.insert(installStepKey(InstallStep::Components), c);
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
    TargetRecord fresh;
    fresh.role = role;
    fresh.address = address;
    m_targets.append(fresh);
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

void InstallationRecord::recordHardware(const QString &role, const QString &address, const HardwareReport &report)
{
    TargetRecord &t = target(role, address);
    t.hardware = report;
    t.hardwareAttempts += 1;
}

void InstallationRecord::recordComponents(const QString &role, const QString &address, const ComponentsReport &report)
{
    if (report.mode == ComponentsReport::Mode::List)
        return;
    TargetRecord &t = target(role, address);
    t.components = report;
    t.componentRuns.append(report);
    t.componentsAttempts += 1;
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
        switch (step) {
        case InstallStep::Clone:
            t.clone.reset();
            t.cloneAttempts = 0;
            break;
        case InstallStep::Reboot:
            t.reboot.reset();
            t.rebootAttempts = 0;
            break;
        case InstallStep::Hardware:
            t.hardware.reset();
            t.hardwareAttempts = 0;
            break;
        case InstallStep::Components:
            t.components.reset();
            t.componentRuns.clear();
            t.componentsAttempts = 0;
            break;
        }
    }
    m_targets.removeIf([](const TargetRecord &t) { return !t.clone && !t.reboot && !t.hardware && !t.components; });
}

QJsonArray InstallationRecord::toJson() const
{
    QJsonArray a;
    for (const TargetRecord &t : m_targets)
        a.append(t.toJson());
    return a;
}

}  // namespace st
