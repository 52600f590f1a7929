// SPDX-License-Identifier: GPL-3.0-or-later
#include "Icons.h"

// The resources live in a static library: register them explicitly (outside any namespace).
static void initIconResources()
{
    Q_INIT_RESOURCE(icons);
}

namespace st::icons {

namespace {
void ensureResources()
{
    static const bool registered = (initIconResources(), true);
    Q_UNUSED(registered);
}
}  // namespace

QString path(Id id)
{
    ensureResources();
    const char *name = "";
    switch (id) {
    case Id::App: name = "app"; break;
    case Id::StepPending: name = "step-pending"; break;
    case Id::StepCurrent: name = "step-current"; break;
    case Id::StepDone: name = "step-done"; break;
    case Id::StepFailed: name = "step-failed"; break;
    case Id::CheckPass: name = "check-pass"; break;
    case Id::CheckWarn: name = "check-warn"; break;
    case Id::CheckFail: name = "check-fail"; break;
    case Id::CheckInfo: name = "check-info"; break;
    case Id::StepWelcome: name = "step-welcome"; break;
    case Id::StepSecondary: name = "step-secondary"; break;
    case Id::StepProtection: name = "step-protection"; break;
    case Id::StepClone: name = "step-clone"; break;
    case Id::StepReboot: name = "step-reboot"; break;
    case Id::StepHardware: name = "step-hardware"; break;
    case Id::StepComponents: name = "step-components"; break;
    case Id::StepSummary: name = "step-summary"; break;
    }
    return QStringLiteral(":/icons/%1.svg").arg(QLatin1String(name));
}

QIcon icon(Id id)
{
    return QIcon(path(id));
}

}  // namespace st::icons
