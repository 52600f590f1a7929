// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshot/Snapshot.h"

#include "snapshot/LeftoverCleanup.h"
#include "snapshot/SnapshotSetImpl.h"

namespace st {

Result<std::unique_ptr<SnapshotSet>> SnapshotSet::create(const SelectionPlan &plan, SnapshotMode mode,
                                                         const QString &stateDir, CancelToken cancel)
{
    Result<std::unique_ptr<SnapshotSetImpl>> set =
        SnapshotSetImpl::create(plan, mode, stateDir, std::move(cancel), SnapshotEnvironment::system());
    if (!set)
        return set.error();
    return std::unique_ptr<SnapshotSet>(std::move(*set));
}

Status cleanLeftoverSnapshots(const QString &stateDir, QStringList *removed)
{
    SnapshotEnvironment env = SnapshotEnvironment::system();
    return cleanLeftoverSnapshotsWith(stateDir, env, removed);
}

}  // namespace st
