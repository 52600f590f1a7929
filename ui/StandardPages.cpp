// SPDX-License-Identifier: GPL-3.0-or-later
#include "StandardPages.h"

#include "WizardWindow.h"
#include "config/CloneConfig.h"
#include "config/ComponentsConfig.h"
#include "config/HardwareConfig.h"
#include "config/ProtectionConfig.h"
#include "config/RebootConfig.h"
#include "config/SecondaryConfig.h"
#include "config/SummaryConfig.h"
#include "config/WelcomeConfig.h"
#include "pages/ClonePage.h"
#include "pages/ComponentsPage.h"
#include "pages/HardwarePage.h"
#include "pages/ProtectionPage.h"
#include "pages/RebootPage.h"
#include "pages/SecondaryPage.h"
#include "pages/SummaryPage.h"
#include "pages/WelcomePage.h"

namespace st {

void addStandardPages(WizardWindow &window, const StandardPagesSetup &setup)
{
    window.addPage(new WelcomePage(new WelcomeConfig(setup.session->context(), setup.probe)));
    window.addPage(new SecondaryPage(new SecondaryConfig(setup.session, setup.demo)));
    ProtectionOptions protection;
    protection.initialProfile = setup.initialProfile;
    window.addPage(new ProtectionPage(new ProtectionConfig(setup.session, protection)));
    window.addPage(new ClonePage(new CloneConfig(setup.session)));
    window.addPage(new RebootPage(new RebootConfig(setup.session)));
    window.addPage(new HardwarePage(new HardwareConfig(setup.session)));
    window.addPage(new ComponentsPage(new ComponentsConfig(setup.session, setup.components)));
    window.addPage(new SummaryPage(new SummaryConfig(setup.session, setup.primaryHost)));
}

}  // namespace st
