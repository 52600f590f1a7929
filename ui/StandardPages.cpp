// SPDX-License-Identifier: GPL-3.0-or-later
#include "StandardPages.h"

#include "WizardWindow.h"
#include "config/WelcomeConfig.h"
#include "pages/WelcomePage.h"

namespace st {

void addStandardPages(WizardWindow &window, const WizardContext &context, std::shared_ptr<const SystemProbe> probe)
{
    window.addPage(new WelcomePage(new WelcomeConfig(context, std::move(probe))));
}

}  // namespace st
