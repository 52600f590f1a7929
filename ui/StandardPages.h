// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The wizard's step sequence: creates each page over its config and registers it with
 * the shell, in order. A new step is one more page + config and one line here.
 * GUI thread only.
 */
#include "config/ComponentsConfig.h"

#include <QString>

#include <memory>

namespace st {

class DemoSecondary;
class SystemProbe;
class WizardSession;
class WizardWindow;

struct StandardPagesSetup {
    std::shared_ptr<WizardSession> session;    // what the steps hand on; its context says demo or not
    std::shared_ptr<const SystemProbe> probe;  // reads the system (pre-flight)
    DemoSecondary *demo = nullptr;             // --demo: the local demo Secondary (not owned)
    QString primaryHost;                       // this machine's name, for the report
    QString initialProfile;                    // --profile FILE: the Protection step starts from it
    ComponentsOptions components;              // the trusted keys and bundles proposed from the start (the demo's)
};

/** Adds Welcome, Secondary, Protection set, Clone, Reboot, Hardware and Summary to @p window. */
void addStandardPages(WizardWindow &window, const StandardPagesSetup &setup);

}  // namespace st
