// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The installation's steps in order, as one JobQueue, built the same way for every
 * front end (servertwin-cli install --answers, servertwin-cli demo; the wizard's pages as
 * they move to it): the clone, staged on the Secondary, then the reboot that applies it at
 * boot and confirms it (or rolls it back). Later steps (hardware checklist, components,
 * network) are added here as they arrive. Main thread (the queue's event loop).
 */
#include "job/CloneJob.h"
#include "job/JobQueue.h"
#include "job/RebootJob.h"

#include <QJsonObject>

namespace st {

struct InstallationSteps {
    JobQueue *queue = nullptr;  // owns the jobs below
    CloneJob *clone = nullptr;
    RebootJob *reboot = nullptr;

    /** Every step's outcome and report, keyed by step ("clone", "reboot"), for the answer-file run's report. */
    QJsonObject reportJson() const;
};

/**
 * @p clone is staged on the Secondary (applyAtReboot); @p reboot uses the clone's link (pinned
 * by then: the pairing code is not sent again). The queue is parented to @p parent.
 */
InstallationSteps makeInstallationQueue(CloneSettings clone, RebootSettings reboot, QObject *parent = nullptr);

}  // namespace st
