// SPDX-License-Identifier: GPL-3.0-or-later
#include "WizardPage.h"

namespace st {

WizardPage::WizardPage(QWidget *parent) : QWidget(parent) {}

}  // namespace st
