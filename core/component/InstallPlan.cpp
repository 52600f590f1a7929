// SPDX-License-Identifier: GPL-3.0-or-later
#include "component/InstallPlan.h"

#include "component/DebianVersion.h"

#include <QHash>

namespace st {

namespace {
Error refuse(const QString &why)
{
    return Error{ErrorCode::Refused, QStringLiteral("components: %1").arg(why), {}};
}
}  // namespace

Result<QList<PlannedComponent>> planInstall(const QList<ComponentManifest> &bundles, const QList<InstalledComponent> &installed)
{
    QHash<QString, int> byId;
    for (qsizetype i = 0; i < bundles.size(); ++i) {
        if (byId.contains(bundles[i].id))
            return refuse(QStringLiteral("two bundles of %1 (%2 and %3)").arg(bundles[i].id, bundles[byId[bundles[i].id]].version, bundles[i].version));
        byId.insert(bundles[i].id, int(i));
    }
    QHash<QString, QString> have;
    for (const InstalledComponent &c : installed)
        have.insert(c.id, c.version);

    QList<PlannedComponent> plan;
    for (qsizetype i = 0; i < bundles.size(); ++i) {
        const ComponentManifest &m = bundles[i];
        for (const QString &other : m.conflicts)
            if (byId.contains(other) || have.contains(other))
                return refuse(QStringLiteral("%1 conflicts with %2, which is %3").arg(m.id, other, byId.contains(other) ? QStringLiteral("among the bundles") : QStringLiteral("installed")));
        for (const QString &dep : m.depends)
            if (!byId.contains(dep) && !have.contains(dep))
                return refuse(QStringLiteral("%1 needs %2, which is neither installed nor among the bundles").arg(m.id, dep));
        PlannedComponent p;
        p.index = int(i);
        if (have.contains(m.id)) {
            p.installedVersion = have.value(m.id);
            const int c = compareDebianVersions(m.version, p.installedVersion);
            if (c < 0)
                return refuse(QStringLiteral("%1 %2 is older than the installed %3 (an old bundle replayed?)").arg(m.id, m.version, p.installedVersion));
            p.action = c == 0 ? PlannedComponent::Action::AlreadyInstalled : PlannedComponent::Action::Upgrade;
        }
        plan.append(p);
    }
    // Kahn: a bundle is ready once every dependency among the bundles is placed.
    QList<PlannedComponent> ordered;
    QList<bool> placed(bundles.size(), false);
    while (ordered.size() < plan.size()) {
        bool progressed = false;
        for (const PlannedComponent &p : plan) {
            if (placed[p.index])
                continue;
            bool ready = true;
            for (const QString &dep : bundles[p.index].depends)
                ready = ready && (!byId.contains(dep) || placed[byId[dep]]);
            if (!ready)
                continue;
            placed[p.index] = true;
            ordered.append(p);
            progressed = true;
        }
        if (!progressed) {
            QStringList cycle;
            for (const PlannedComponent &p : plan)
                if (!placed[p.index])
                    cycle << bundles[p.index].id;
            return refuse(QStringLiteral("a dependency cycle among %1").arg(cycle.join(QStringLiteral(", "))));
        }
    }
    return ordered;
}

}  // namespace st
