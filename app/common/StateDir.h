// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/** @brief Default state directories (keys, pins): /var/lib/... as root, ~/.local/state/... otherwise. */
#include <QString>

namespace st {
QString defaultPrimaryStateDir();
QString defaultAgentStateDir();
}  // namespace st
