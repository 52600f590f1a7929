// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The one name of the agent's staging area under a restore root: restores extract
 * there, staged clones wait there for their apply, and mirroring never touches it.
 */
#include <QByteArray>

namespace st {

/** ".servertwin-staging" (root-relative). */
const QByteArray &stagingDirectoryName();

}  // namespace st
