// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief One protected application's quiesce commands, as the Quiescer runs them.
 *
 * Filled by SelectionPlan::build() from the profile's applications[].freeze / .thaw (only
 * applications that declare one of them), in profile order. Commands are argv lists run
 * without a shell. Lives in the profile module so the plan can carry it without the profile
 * depending on the quiesce module. Plain value type.
 */
#include <QString>
#include <QStringList>

namespace st {

struct QuiesceAction {
    QString application;   // id, for messages
    QStringList freeze;    // argv; empty = nothing to do
    QStringList thaw;      // argv; empty = nothing to do
    int timeoutSeconds = 60;      // freeze timeout
    int thawTimeoutSeconds = 60;  // thaw timeout

    bool operator==(const QuiesceAction &) const = default;
};

}  // namespace st
