// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Texts the step configs share: the label of the target a step works on ("Cloning to
 * the Secondary (host, address), 1 of 2"), the time stamp of a log pane's line, and the
 * targets the steps after the reboot work on.
 * Free functions; GUI thread (translations).
 */
#include "session/WizardSession.h"

#include <QString>

namespace st {

/**
 * The label of @p targets[@p index] (clamped): @p single is "... the %1 (%2)" (role, host and
 * address), @p multiple the same with "%3 of %4"; translated by the caller. Empty without targets.
 */
QString targetLabel(const QList<TargetMachine> &targets, int index, const QString &single, const QString &multiple);

/** The targets the reboot brought back as the twin (not rolled back), in order: what the
 *  steps after the reboot work on. */
QList<TargetMachine> twinTargets(const WizardSession &session);

/** "HH:mm:ss line", local time. */
QString timeStamped(const QString &line);

}  // namespace st
