// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The wizard's icons (the SVGs in resources/icons, compiled into st_ui by icons.qrc).
 *
 * SVG icons need Qt's SVG icon engine at run time (Debian: libqt6svg6). GUI thread only.
 */
#include <QIcon>

namespace st::icons {

enum class Id {
    App,
    StepPending, StepCurrent, StepDone, StepFailed,
    CheckPass, CheckWarn, CheckFail, CheckInfo,
    StepWelcome, StepSecondary, StepProtection, StepClone, StepReboot, StepHardware, StepComponents, StepSummary,
};

/** The resource path of @p id, e.g. ":/icons/app.svg". */
QString path(Id id);
/** The icon @p id (null if the SVG engine is missing). */
QIcon icon(Id id);

}  // namespace st::icons
