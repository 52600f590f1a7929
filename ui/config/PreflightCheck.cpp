// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/PreflightCheck.h"

#include <algorithm>

namespace st {

int countLevel(const QList<PreflightCheck> &checks, PreflightCheck::Level level)
{
    return static_cast<int>(std::count_if(checks.begin(), checks.end(),
                                          [level](const PreflightCheck &c) { return c.level == level; }));
}

}  // namespace st
