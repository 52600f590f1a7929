// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The order in which components install, decided before anything starts: each
 * component after the components it depends on (Kahn's algorithm, ties in the order given),
 * and what each will do against what the Secondary already has: install, upgrade, nothing (the
 * same version is installed: running an install again is a no-op), or a refusal: a missing
 * dependency, a cycle, a conflict, two bundles of one id, or an older version than the one
 * installed (a replayed old bundle). Each refusal is one line naming the components.
 * Free function; thread-safe.
 */
#include "component/ComponentManifest.h"

#include <QList>

namespace st {

struct InstalledComponent {
    QString id;
    QString version;
};

struct PlannedComponent {
    enum class Action { Install, Upgrade, AlreadyInstalled };
    int index = 0;  // into the bundles given
    Action action = Action::Install;
    QString installedVersion;  // Upgrade, AlreadyInstalled
};

Result<QList<PlannedComponent>> planInstall(const QList<ComponentManifest> &bundles, const QList<InstalledComponent> &installed);

}  // namespace st
