// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Debian version strings ([epoch:]upstream[-revision]) as dpkg orders them
 * (deb-version(7): letters before non-letters, '~' before anything, even the end; digit runs
 * as numbers). Components are versioned this way so that a bundle's version compares with
 * the .debs it carries. Free functions; thread-safe.
 */
#include <QString>

namespace st {

/** True when @p version is a valid Debian version (at most 128 characters). */
bool isDebianVersion(const QString &version);
/** <0, 0, >0 as @p a sorts before, equal to, or after @p b (both valid). */
int compareDebianVersions(const QString &a, const QString &b);

}  // namespace st
