// SPDX-License-Identifier: GPL-3.0-or-later
#include "job/SourcePreparation.h"

#include "quiesce/Quiescer.h"
#include "report/CloneReport.h"
#include "snapshot/MountTable.h"
#include "util/RawPath.h"


namespace st {

PreparedSource::~PreparedSource()
{
    (void)release();
}

Status PreparedSource::release()
{
    if (!snapshots)
        return {};
    Status s = snapshots->release();
    snapshots.reset();
    return s;
}

void recordSource(CloneReport &report, const PreparedSource &source)
{
    report.snapshot = source.snapshotSummary;
    report.warnings += source.warnings;
    report.freezeWindowMs = source.freezeWindowMs;
    report.quiesceLog = source.quiesceLog;
    report.leftoverSnapshotsRemoved = source.leftoversRemoved;
}

Result<std::unique_ptr<PreparedSource>> prepareSource(const SelectionPlan &plan, SnapshotMode mode,
                                                      const QString &stateDir, CancelToken cancel)
{
    if (stateDir.isEmpty())
        return makeError(ErrorCode::Internal, QStringLiteral("no state directory for the snapshot journal"));
    auto prepared = std::make_unique<PreparedSource>();
    if (Status s = cleanLeftoverSnapshots(stateDir, &prepared->leftoversRemoved); !s)
        return s.error().withContext(QStringLiteral("removing snapshots left by an earlier run"));

    Quiescer quiescer(plan.quiesce);
    if (Status s = quiescer.freeze(); !s) {
        prepared->quiesceLog = quiescer.log();
        return s.error();
    }
    auto set = SnapshotSet::create(plan, mode, stateDir, cancel);
    const Status thawed = quiescer.thaw();  // always, snapshot or not
    prepared->quiesceLog = quiescer.log();
    prepared->freezeWindowMs = quiescer.freezeWindowMs();
    if (!set)
        return set.error();
    prepared->snapshots = std::move(*set);
    if (!thawed) {
        (void)prepared->release();
        return thawed.error().withContext(QStringLiteral("an application could not be thawed after the snapshot"));
    }

    QStringList providers;
    prepared->liveRead = false;
    for (const SnapshotView &v : prepared->snapshots->views()) {
        if (!providers.contains(v.provider))
            providers.append(v.provider);
        if (v.provider == QStringLiteral("none"))
            prepared->liveRead = true;
        else
            prepared->readRoots.insert(v.includeRoot, v.readPath);
    }
    prepared->snapshotSummary = providers.join(QStringLiteral(", "));

    // A snapshot shows mount points below an include root as the directory underneath: skip
    // them as a live walk would (they are other filesystems; include them to clone them).
    if (!prepared->readRoots.isEmpty()) {
        auto mounts = readMountTable();
        if (!mounts)
            return mounts.error();
        for (auto it = prepared->readRoots.constBegin(); it != prepared->readRoots.constEnd(); ++it) {
            auto live = canonicalPath(plan.absolute(it.key()));
            if (!live)
                return live.error();
            for (const QByteArray &below : mountPointsBelow(*mounts, *live))
                prepared->skipPaths.insert(joinPath(it.key(), below),
                                           QStringLiteral("mount point of another filesystem: include it explicitly to clone it"));
        }
    }
    prepared->warnings = prepared->snapshots->warnings();
    return prepared;
}

}  // namespace st
