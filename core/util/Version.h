// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/** @brief Product and protocol versions, one place. */
#include <QString>

namespace st {
inline QString productVersion() { return QStringLiteral("0.1.0"); }
constexpr int kProtocolVersion = 3;  // 2: Data header with offset and SHA-256, Resume; 3: connection attempt in BeginClone/Resume
}  // namespace st
