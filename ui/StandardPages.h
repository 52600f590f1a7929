// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The wizard's step sequence: creates each page over its config and registers it with
 * the shell, in order. A new step is one more page + config and one line here.
 * GUI thread only.
 */
#include "config/WizardContext.h"

#include <memory>

namespace st {

class SystemProbe;
class WizardWindow;

/** Adds Welcome (and the later steps as they exist) to @p window; @p probe reads the system. */
void addStandardPages(WizardWindow &window, const WizardContext &context, std::shared_ptr<const SystemProbe> probe);

}  // namespace st
