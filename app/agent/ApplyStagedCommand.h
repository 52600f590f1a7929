// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// `servertwin-agent apply-staged`: the boot-time apply (BootApplier), run by
// servertwin-apply.service in system-update.target and, after a power cut, early in a normal boot.
#include <QStringList>

namespace st {
int runApplyStagedCommand(const QStringList &args);
}  // namespace st
