// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief What the wizard was started with and where it lives: the facts every page config may
 * need (demo mode, the Primary's state directory, the wizard's own directory).
 *
 * Plain value, filled once by main() before the pages are created; copied into each config.
 */
#include <QString>

namespace st {

struct WizardContext {
    bool demoMode = false;   // --demo: the Secondary is a local agent with a sandbox root
    QString stateDir;        // the Primary's state directory (key, certificate pins, reports)
    QString applicationDir;  // directory of the servertwin binary; servertwin-agent is expected there
};

}  // namespace st
