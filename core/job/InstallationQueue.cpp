// SPDX-License-Identifier: GPL-3.0-or-later
#include "job/InstallationQueue.h"

#include <QJsonArray>

namespace st {

InstallationSteps makeInstallationQueue(CloneSettings clone, RebootSettings reboot, HardwareCheckSettings hardware,
                                        std::optional<ComponentsSettings> components, QObject *parent)
{
    clone.applyAtReboot = true;
    HardwareCheckSettings fit = fitCheckFor(clone);
    clone.agentSeen = true;  // runs only after the fit check was answered at this address
    fit.readLocal = hardware.readLocal;
    reboot.link = clone.link;
    reboot.link.pairingCode.clear();  // the fitness check paired and pinned the Secondary
    hardware.link = reboot.link;
    hardware.link.idleTimeoutMs = fit.link.idleTimeoutMs;
    hardware.plan = clone.plan;
    hardware.functional = true;
    hardware.refuseOnBlock = true;
    InstallationSteps steps;
    steps.queue = new JobQueue(parent);
    steps.fit = new HardwareCheckJob(std::move(fit));
    steps.clone = new CloneJob(std::move(clone));
    steps.reboot = new RebootJob(std::move(reboot));
    steps.hardware = new HardwareCheckJob(std::move(hardware));
    (void)steps.queue->add(steps.fit, QStringLiteral("fit"), 0.02);
    (void)steps.queue->add(steps.clone, QStringLiteral("clone"), 0.78);
    (void)steps.queue->add(steps.reboot, QStringLiteral("reboot"), 0.18);
    (void)steps.queue->add(steps.hardware, QStringLiteral("hardware"), 0.02);
    if (components) {
        components->link = reboot.link;
        components->mode = ComponentsReport::Mode::Install;
        steps.components = new ComponentsJob(std::move(*components));
        (void)steps.queue->add(steps.components, QStringLiteral("components"), 0.03);
    }
    return steps;
}

QJsonObject InstallationSteps::reportJson() const
{
    static const char *const kStates[] = {"pending", "running", "succeeded", "failed", "skipped"};
    QJsonArray order;
    for (int i = 0; i < queue->count(); ++i) {
        const JobQueue::Entry &e = queue->entry(i);
        QJsonObject step{{QStringLiteral("step"), e.name}, {QStringLiteral("state"), QString::fromLatin1(kStates[static_cast<int>(e.state)])}};
        if (e.state == JobQueue::State::Failed)
            step.insert(QStringLiteral("error"), e.result.error().message);
        order.append(step);
    }
    QJsonObject o{{QStringLiteral("kind"), QStringLiteral("installation")},
                  {QStringLiteral("ok"), queue->isFinished() && queue->result().ok()},
                  {QStringLiteral("steps"), order}};
    const auto ran = [this](int i) { return queue->entry(i).state != JobQueue::State::Pending && queue->entry(i).state != JobQueue::State::Skipped; };
    if (ran(0))
        o.insert(QStringLiteral("fit"), fit->report().toJson());
    if (ran(1))
        o.insert(QStringLiteral("clone"), clone->report().toJson());
    if (ran(2))
        o.insert(QStringLiteral("reboot"), reboot->report().toJson());
    if (ran(3))
        o.insert(QStringLiteral("hardware"), hardware->report().toJson());
    if (components && ran(4))
        o.insert(QStringLiteral("components"), components->report().toJson());
    return o;
}

}  // namespace st
