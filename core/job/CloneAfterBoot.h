// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief What the Primary does, after the Secondary is back from a reboot, about the clones
 * the Secondary had staged for that boot: the rules of RebootJob's last step, as a plain
 * function so they are tested without an agent.
 *
 *  - a clone staged before the reboot and applied after it: confirm it when the Secondary is
 *    healthy (what it replaced is then removed), roll it back through another reboot when it
 *    is not (RebootSettings::rollbackOnUnhealthy), else fail with the health error;
 *  - staged before and rolled back after: the apply failed at boot and restored the previous
 *    system by itself: fail with its error;
 *  - still staged, applying or rolling back after the boot, or failed: fail, naming it and
 *    where to look;
 *  - after a rollback the job asked for: every clone must be rolled back.
 * Free function on values; thread-safe.
 */
#include "net/SystemMessages.h"
#include "util/Result.h"

#include <QStringList>

namespace st {

struct CloneVerdict {
    enum class Action { Finish, Confirm, RollBack };
    Action action = Action::Finish;
    QStringList clones;   // Confirm / RollBack: the clone ids; Finish: those left applied and unconfirmed
    Status result;        // Finish: how the job ends
    QStringList notes;    // for the log and the report
};

/**
 * @p before, @p after: system.status clones before and after the boot; @p health: the system
 * check after it; @p rollingBack: this boot was to roll the clones back.
 */
CloneVerdict judgeClonesAfterBoot(const QList<msg::StagedClone> &before, const QList<msg::StagedClone> &after, const Status &health,
                                  bool rollingBack, bool confirm, bool rollbackOnUnhealthy);

}  // namespace st
