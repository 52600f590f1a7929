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
#include "job/ComponentsJob.h"
#include "job/HardwareCheckJob.h"
#include "job/JobQueue.h"
#include "job/RebootJob.h"

#include <QJsonObject>

namespace st {

struct InstallationSteps {
    JobQueue *queue = nullptr;  // owns the jobs below
    HardwareCheckJob *fit = nullptr;       // the blocking rules, before anything is sent
    CloneJob *clone = nullptr;
    RebootJob *reboot = nullptr;
    HardwareCheckJob *hardware = nullptr;  // the checklist after the reboot
    ComponentsJob *components = nullptr;   // the components install, when asked for

    /** Every step's outcome and report, keyed by step ("fit", "clone", "reboot", "hardware", "components"), for the answer-file run's report. */
    QJsonObject reportJson() const;
};

/**
 * First the Secondary's fitness for the clone (the blocking hardware rules: it pairs when a
 * pairing code is given), then @p clone, staged on the Secondary (applyAtReboot); @p reboot and
 * the hardware checklist (@p hardware: functional checks and confirmations, all required) and,
 * with @p components, their install (its bundles and trusted keys; mode Install) use the
 * clone's link, pinned by then. The queue is parented to @p parent.
 */
InstallationSteps makeInstallationQueue(CloneSettings clone, RebootSettings reboot, HardwareCheckSettings hardware,
                                        std::optional<ComponentsSettings> components = std::nullopt, QObject *parent = nullptr);

}  // namespace st
