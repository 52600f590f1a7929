// SPDX-License-Identifier: GPL-3.0-or-later
#include "job/InstallationQueue.h"

#include <QJsonArray>

namespace st {

InstallationSteps makeInstallationQueue(CloneSettings clone, RebootSettings reboot, QObject *parent)
{
    clone.applyAtReboot = true;
    reboot.link = clone.link;
    reboot.link.pairingCode.clear();  // the clone paired and pinned the Secondary
    InstallationSteps steps;
    steps.queue = new JobQueue(parent);
    steps.clone = new CloneJob(std::move(clone));
    steps.reboot = new RebootJob(std::move(reboot));
    (void)steps.queue->add(steps.clone, QStringLiteral("clone"), 0.8);
    (void)steps.queue->add(steps.reboot, QStringLiteral("reboot"), 0.2);
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
    if (queue->entry(0).state != JobQueue::State::Pending && queue->entry(0).state != JobQueue::State::Skipped)
        o.insert(QStringLiteral("clone"), clone->report().toJson());
    if (queue->entry(1).state != JobQueue::State::Pending && queue->entry(1).state != JobQueue::State::Skipped)
        o.insert(QStringLiteral("reboot"), reboot->report().toJson());
    return o;
}

}  // namespace st
