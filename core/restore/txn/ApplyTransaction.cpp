// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/txn/ApplyTransaction.h"

#include "profile/ExcludeMatcher.h"
#include "restore/StagingArea.h"
#include "restore/apply/ApplyPreflight.h"
#include "restore/apply/FsWalk.h"
#include "restore/txn/ApplyPlanner.h"
#include "restore/txn/StagingAreas.h"
#include "util/DurableFile.h"
#include "util/RawPath.h"
#include "util/SafeFs.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace st::txn {

namespace {
using namespace st::apply;

const QByteArray kTree = QByteArrayLiteral("tree");
const QByteArray kBackup = QByteArrayLiteral("backup");
const QByteArray kManifest = QByteArrayLiteral("manifest");
const QByteArray kPlan = QByteArrayLiteral("plan");
const QByteArray kRetiredPrefix = QByteArrayLiteral(".retired-");
constexpr qint64 kMaxManifestBytes = 4LL << 30;
constexpr qint64 kMaxPlanBytes = 8LL << 30;

Result<UniqueFd> openDir(int dirFd, const QByteArray &name)
{
    return openBeneath(dirFd, name, O_RDONLY | O_DIRECTORY);
}

/** lstat of @p path below @p baseFd: true if it exists, false if not, an error otherwise. */
Result<bool> exists(int baseFd, const QByteArray &path)
{
    Result<struct stat> st = lstatBeneath(baseFd, path);
    if (st)
        return true;
    if (isNotFound(st.error()))
        return false;
    return st.error();
}

/** Creates the directories of @p dir below @p baseFd that do not exist yet (0700). */
Status makeParents(int baseFd, const QByteArray &dir)
{
    if (dir.isEmpty())
        return {};
    QByteArray prefix;
    for (const QByteArray &part : dir.split('/')) {
        const QByteArray parent = prefix;
        prefix = joinPath(prefix, part);
        Result<UniqueFd> fd = openDir(baseFd, parent);
        if (!fd)
            return fd.error();
        if (mkdirat(fd->get(), part.constData(), 0700) != 0 && errno != EEXIST)
            return errnoError(errno, QStringLiteral("cannot create %1 in the apply's backup").arg(displayPath(prefix)));
    }
    return {};
}

/** renameat2(RENAME_NOREPLACE) of @p path from below @p fromFd to below @p toFd. */
Status moveNoReplace(int fromFd, int toFd, const QByteArray &path, const QString &what)
{
    Result<ParentAndName> from = openParentBeneath(fromFd, path);
    if (!from)
        return from.error().withContext(what);
    Result<ParentAndName> to = openParentBeneath(toFd, path);
    if (!to)
        return to.error().withContext(what);
    if (::renameat2(from->parent.get(), from->name.constData(), to->parent.get(), to->name.constData(), RENAME_NOREPLACE) != 0) {
        const int err = errno;
        if (err == EEXIST)
            return makeError(ErrorCode::Io, QStringLiteral("%1: %2 is already there (the root changed since the apply was planned)")
                                                .arg(what, displayPath(path)));
        return errnoError(err, what);
    }
    return {};
}

Error lost(const QByteArray &path, const QString &where)
{
    return makeError(ErrorCode::Io, QStringLiteral("%1 is neither in the root nor in %2: the root changed since the apply was planned")
                                        .arg(displayPath(path), where));
}

}  // namespace

QByteArray ApplyTransaction::directoryOf(const QString &id)
{
    return stagingDirectoryName() + '/' + id.toLatin1();
}

Result<ApplyTransaction> ApplyTransaction::open(int rootFd, const QString &id)
{
    if (id.isEmpty() || unsafePathReason(id.toLatin1()) || id.contains(QLatin1Char('/')))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("\"%1\" is not a clone id").arg(id));
    ApplyTransaction t;
    t.m_id = id;
    const int dup = ::fcntl(rootFd, F_DUPFD_CLOEXEC, 0);
    if (dup < 0)
        return errnoError(errno, QStringLiteral("cannot use the root directory"));
    t.m_rootFd = UniqueFd(dup);
    Result<UniqueFd> parent = openDir(rootFd, stagingDirectoryName());
    if (!parent)
        return parent.error().withContext(QStringLiteral("no staged clone %1").arg(id));
    t.m_parentFd = std::move(*parent);
    Result<UniqueFd> dir = openDir(t.m_parentFd.get(), id.toLatin1());
    if (!dir)
        return dir.error().withContext(QStringLiteral("no staged clone %1").arg(id));
    t.m_dirFd = std::move(*dir);
    Result<TransactionState> state = TransactionState::load(t.m_dirFd.get());
    if (!state)
        return state.error().withContext(QStringLiteral("staged clone %1").arg(id));
    t.m_state = std::move(*state);
    for (auto &[fd, name] : {std::pair{&t.m_treeFd, kTree}, std::pair{&t.m_backupFd, kBackup}}) {
        Result<UniqueFd> opened = openDir(t.m_dirFd.get(), name);
        if (!opened)
            return opened.error().withContext(QStringLiteral("staged clone %1").arg(id));
        *fd = std::move(*opened);
    }
    Result<QList<QByteArray>> areas = readAreas(t.m_dirFd.get());
    if (!areas)
        return areas.error().withContext(QStringLiteral("staged clone %1").arg(id));
    t.m_areaMounts = *areas;
    t.m_trees = StagedTrees(t.m_treeFd.get());
    for (const QByteArray &mount : t.m_areaMounts) {
        const QByteArray area = areaDirectoryOf(mount, id.toLatin1());
        AreaFds fds;
        for (auto &[fd, name] : {std::pair{&fds.tree, kTree}, std::pair{&fds.backup, kBackup}}) {
            Result<UniqueFd> opened = openDir(rootFd, area + '/' + name);
            if (!opened)
                return makeError(ErrorCode::Io, QStringLiteral("staged clone %1: its files for /%2 are missing (%3): is /%2 mounted?")
                                                    .arg(id, displayPath(mount), opened.error().message));
            *fd = std::move(*opened);
        }
        t.m_trees.addArea(mount, fds.tree.get());
        t.m_areaFds.push_back(std::move(fds));
    }
    return t;
}

int ApplyTransaction::backupFdFor(const QByteArray &path) const
{
    const qsizetype area = m_trees.areaOf(path);
    return area == 0 ? m_backupFd.get() : m_areaFds[static_cast<size_t>(area - 1)].backup.get();
}

Status ApplyTransaction::remove(int rootFd, const QByteArray &name)
{
    Result<UniqueFd> parent = openDir(rootFd, stagingDirectoryName());
    if (!parent)
        return isNotFound(parent.error()) ? Status() : Status(parent.error());
    if (Status s = removeAreasOf(rootFd, parent->get(), name); !s)
        return s;
    return removeRecursiveAt(parent->get(), name);
}

Result<ApplyTransaction> ApplyTransaction::stage(int rootFd, const QString &id, const Manifest &manifest, TransactionState state,
                                                 const CancelToken &cancel)
{
    Result<UniqueFd> dir = openBeneath(rootFd, directoryOf(id), O_RDONLY | O_DIRECTORY);
    if (!dir)
        return dir.error().withContext(QStringLiteral("cannot stage clone %1").arg(id));
    if (mkdirat(dir->get(), kBackup.constData(), 0700) != 0 && errno != EEXIST)
        return errnoError(errno, QStringLiteral("cannot create the backup area of clone %1").arg(id));
    // What goes onto another filesystem mounted below the root waits there, in an area.
    Result<QList<QByteArray>> kept = normaliseProtectedPaths(state.protectedPaths + QList<QByteArray>{stagingDirectoryName(), Manifest::reservedDirectory()});
    if (!kept)
        return kept.error();
    Result<QList<QByteArray>> mounts = mountsReached(rootFd, manifest, *kept);
    if (!mounts)
        return mounts.error();
    Result<UniqueFd> tree = openDir(dir->get(), kTree);
    if (!tree)
        return tree.error().withContext(QStringLiteral("cannot stage clone %1").arg(id));
    if (Status s = distributeToAreas(rootFd, dir->get(), tree->get(), id.toLatin1(), *mounts, cancel); !s)
        return s.error();
    if (Status s = writeFileDurably(dir->get(), kManifest, manifest.serialize()); !s)
        return s.error();
    state.phase = Phase::Staged;
    state.cloneId = id;
    state.changed = QDateTime::currentDateTimeUtc();
    if (Status s = state.save(dir->get()); !s)
        return s.error();
    return open(rootFd, id);
}

Result<QStringList> ApplyTransaction::list(int rootFd)
{
    Result<UniqueFd> parent = openDir(rootFd, stagingDirectoryName());
    if (!parent)
        return isNotFound(parent.error()) ? Result<QStringList>(QStringList()) : Result<QStringList>(parent.error());
    Result<QList<QByteArray>> names = listDirectory(parent->get(), stagingDirectoryName());
    if (!names)
        return names.error();
    QStringList ids;
    for (const QByteArray &name : *names) {
        if (name.startsWith('.'))
            continue;  // retired, being removed
        Result<bool> has = exists(parent->get(), name + '/' + TransactionState::kFileName);
        if (has && *has)
            ids.append(QString::fromLatin1(name));
    }
    ids.sort();
    return ids;
}

Result<Plan> ApplyTransaction::loadPlan() const
{
    Result<QByteArray> text = readSmallFile(m_dirFd.get(), kPlan, kMaxPlanBytes);
    if (!text)
        return text.error();
    return parsePlan(*text);
}

Status ApplyTransaction::setPhase(Phase phase, const QString &error)
{
    m_state.phase = phase;
    m_state.hostFinished = false;  // the host's steps follow each new Applied / RolledBack
    if (phase == Phase::RolledBack)
        m_state.rollbackRequested = false;
    if (!error.isEmpty())
        m_state.error = error;
    m_state.changed = QDateTime::currentDateTimeUtc();
    return m_state.save(m_dirFd.get());
}

Result<Plan> ApplyTransaction::check() const
{
    if (m_state.phase != Phase::Staged)
        return makeError(ErrorCode::Refused, QStringLiteral("clone %1 is %2, not staged").arg(m_id, phaseName(m_state.phase)));
    return computePlan();
}

Result<Plan> ApplyTransaction::computePlan() const
{
    Result<QByteArray> text = readSmallFile(m_dirFd.get(), kManifest, kMaxManifestBytes);
    if (!text)
        return text.error();
    Result<Manifest> manifest = Manifest::parse(*text);
    if (!manifest)
        return manifest.error().withContext(QStringLiteral("the staged manifest"));
    Result<ExcludeMatcher> excludes = ExcludeMatcher::compile(manifest->header.excludes);
    if (!excludes)
        return excludes.error().withContext(QStringLiteral("the staged manifest"));
    QList<QByteArray> kept = m_state.protectedPaths;
    kept.append(stagingDirectoryName());
    kept.append(Manifest::reservedDirectory());
    // On each area's filesystem: the area, and the lost+found its mkfs made (the Primary,
    // with one filesystem there, has none; fsck needs it).
    for (const QByteArray &mount : m_areaMounts) {
        kept.append(joinPath(mount, stagingDirectoryName()));
        kept.append(joinPath(mount, QByteArrayLiteral("lost+found")));
    }
    Result<QList<QByteArray>> protectedPaths = normaliseProtectedPaths(kept);
    if (!protectedPaths)
        return protectedPaths.error();
    if (Status s = ApplyPreflight(m_rootFd.get(), m_trees, *manifest, *excludes, *protectedPaths, CancelToken()).run(); !s)
        return s.error();
    return planApply(m_rootFd.get(), m_trees, *manifest, *excludes, *protectedPaths, CancelToken());
}

Result<ApplyReport> ApplyTransaction::apply(ProgressCounters *progress)
{
    switch (m_state.phase) {
    case Phase::Applied: {
        Result<Plan> plan = loadPlan();
        return plan ? reportOf(*plan) : Result<ApplyReport>(plan.error());
    }
    case Phase::RollingBack:
    case Phase::RolledBack:
    case Phase::Failed:
        return makeError(ErrorCode::Refused, QStringLiteral("clone %1 cannot be applied: it is %2").arg(m_id, phaseName(m_state.phase)));
    case Phase::Staged: {
        // The attempt counts from here: a boot cut while it plans has begun the apply (started()).
        ++m_state.attempts;
        if (Status s = m_state.save(m_dirFd.get()); !s)
            return s.error();
        if (m_state.attempts > kMaxAttempts) {
            const QString cause = QStringLiteral("the apply was interrupted %1 times before it changed anything").arg(kMaxAttempts);
            if (Status s = setPhase(Phase::RolledBack, cause); !s)
                return s.error();
            return makeError(ErrorCode::Io, QStringLiteral("%1; it was given up and the root is as it was").arg(cause));
        }
        Result<Plan> planned = computePlan();
        if (!planned) {
            // Refused before the first change: it ends here, the root as it was (RolledBack).
            const Error refused = planned.error().withContext(QStringLiteral("the clone was refused and nothing in the root was changed"));
            if (Status s = setPhase(Phase::RolledBack, refused.message); !s)
                return s.error();
            return refused;
        }
        if (Status s = writeFileDurably(m_dirFd.get(), kPlan, serializePlan(*planned)); !s)
            return s.error();
        break;
    }
    case Phase::Applying:
        break;
    }
    Result<Plan> plan = loadPlan();
    if (!plan)
        return plan.error();
    if (m_state.phase == Phase::Applying)
        ++m_state.attempts;  // a run cut after the plan (a Staged one counted above)
    if (Status s = setPhase(Phase::Applying); !s)
        return s.error();
    if (m_state.attempts > kMaxAttempts) {
        const QString cause = QStringLiteral("the apply was interrupted %1 times").arg(kMaxAttempts);
        if (Status s = finishRollback(*plan, progress, cause); !s)
            return s.error();
        return makeError(ErrorCode::Io, QStringLiteral("%1; it was rolled back and the root is as it was").arg(cause));
    }
    if (Status s = runForward(*plan, progress); !s) {
        const QString cause = s.error().message;
        if (Status r = finishRollback(*plan, progress, cause); !r)
            return r.error();
        return makeError(s.error().code, QStringLiteral("applying the clone failed and was rolled back, the root is as it was: %1").arg(cause));
    }
    if (Status s = syncAll(QStringLiteral("cannot flush the applied clone to disk")); !s)
        return s.error();
    if (Status s = setPhase(Phase::Applied); !s)
        return s.error();
    return reportOf(*plan);
}

Status ApplyTransaction::finishRollback(const Plan &plan, ProgressCounters *progress, const QString &cause)
{
    if (Status s = setPhase(Phase::RollingBack, cause); !s)
        return s;
    if (Status s = runUndo(plan, progress); !s) {
        const QString both = QStringLiteral("%1; rolling it back failed too: %2").arg(cause, s.error().message);
        (void)setPhase(Phase::Failed, both);
        return makeError(s.error().code, QStringLiteral("the root holds part of clone %1 and part of what it replaced (%2 keeps the rest): %3")
                                              .arg(m_id, displayPath(directoryOf(m_id) + "/backup"), both));
    }
    if (Status s = syncAll(QStringLiteral("cannot flush the rolled back root to disk")); !s)
        return s;
    return setPhase(Phase::RolledBack);
}

Status ApplyTransaction::syncAll(const QString &what) const
{
    if (::syncfs(m_rootFd.get()) != 0)
        return errnoError(errno, what);
    for (const AreaFds &area : m_areaFds)
        if (::syncfs(area.tree.get()) != 0)
            return errnoError(errno, what);
    return {};
}

Status ApplyTransaction::rollback(ProgressCounters *progress)
{
    switch (m_state.phase) {
    case Phase::Applying:
    case Phase::Applied:
    case Phase::RollingBack:
        break;
    case Phase::Staged:
    case Phase::RolledBack:
        return {};  // nothing was changed
    case Phase::Failed:
        return makeError(ErrorCode::Refused, QStringLiteral("clone %1 could not be rolled back: %2").arg(m_id, m_state.error));
    }
    Result<Plan> plan = loadPlan();
    if (!plan)
        return plan.error();
    return finishRollback(*plan, progress, m_state.error.isEmpty() ? QStringLiteral("rolled back on request") : m_state.error);
}

Status ApplyTransaction::requestRollback()
{
    if (m_state.phase != Phase::Applied)
        return makeError(ErrorCode::Refused, QStringLiteral("clone %1 cannot be rolled back: it is %2").arg(m_id, phaseName(m_state.phase)));
    m_state.rollbackRequested = true;
    return m_state.save(m_dirFd.get());
}

Status ApplyTransaction::markHostFinished()
{
    m_state.hostFinished = true;
    return m_state.save(m_dirFd.get());
}

Status ApplyTransaction::commit()
{
    if (m_state.phase != Phase::Applied)
        return makeError(ErrorCode::Refused, QStringLiteral("clone %1 cannot be confirmed: it is %2").arg(m_id, phaseName(m_state.phase)));
    m_treeFd.reset();
    m_backupFd.reset();
    m_areaFds.clear();
    return discard();
}

Status ApplyTransaction::discard()
{
    if (m_state.phase == Phase::Applying || m_state.phase == Phase::RollingBack)
        return makeError(ErrorCode::Refused, QStringLiteral("clone %1 is %2: finish or roll it back first").arg(m_id, phaseName(m_state.phase)));
    m_dirFd.reset();
    m_treeFd.reset();
    m_backupFd.reset();
    m_areaFds.clear();
    // One rename takes it out of list() at once; purgeRetired() removes it, and its areas
    // (renamed alike here, or still under the clone's id after a crash right now).
    const QByteArray retired = kRetiredPrefix + m_id.toLatin1() + '-' + QByteArray::number(QDateTime::currentMSecsSinceEpoch());
    if (::renameat(m_parentFd.get(), m_id.toLatin1().constData(), m_parentFd.get(), retired.constData()) != 0)
        return errnoError(errno, QStringLiteral("cannot retire clone %1").arg(m_id));
    if (Status s = syncDirectory(m_parentFd.get()); !s)
        return s;
    for (const QByteArray &mount : m_areaMounts) {
        Result<UniqueFd> staging = openDir(m_rootFd.get(), joinPath(mount, stagingDirectoryName()));
        if (!staging)
            continue;  // purgeRetired() looks again
        if (::renameat(staging->get(), m_id.toLatin1().constData(), staging->get(), retired.constData()) == 0)
            (void)syncDirectory(staging->get());
    }
    return {};
}

Status ApplyTransaction::purgeRetired(int rootFd)
{
    Result<UniqueFd> parent = openDir(rootFd, stagingDirectoryName());
    if (!parent)
        return isNotFound(parent.error()) ? Status() : Status(parent.error());
    Result<QList<QByteArray>> names = listDirectory(parent->get(), stagingDirectoryName());
    if (!names)
        return names.error();
    for (const QByteArray &name : *names) {
        if (!name.startsWith(kRetiredPrefix))
            continue;
        // Its areas first (the list is in the retired directory, removed last): under the
        // retired name, or under the clone's id if the retirement was cut before renaming them.
        const QByteArray id = name.mid(kRetiredPrefix.size(), name.lastIndexOf('-') - kRetiredPrefix.size());
        Result<bool> live = exists(parent->get(), id);
        const bool idFree = !id.isEmpty() && live && !*live;
        if (Status s = removeAreasOf(rootFd, parent->get(), name, idFree ? id : QByteArray()); !s)
            return s;
        if (Status s = removeRecursiveAt(parent->get(), name); !s)
            return s;
    }
    ::unlinkat(rootFd, stagingDirectoryName().constData(), AT_REMOVEDIR);  // only when empty
    return {};
}

Status ApplyTransaction::runForward(const Plan &plan, ProgressCounters *progress)
{
    if (progress) {
        progress->filesDone = 0;
        progress->filesTotal = plan.steps.size();
    }
    for (qsizetype i = 0; i < plan.steps.size(); ++i) {
        if (m_hook)
            m_hook(Direction::Forward, i);
        if (progress)
            progress->setCurrent(plan.steps[i].path);
        if (Status s = forwardStep(plan.steps[i]); !s)
            return s;
        if (progress)
            ++progress->filesDone;
    }
    return {};
}

Status ApplyTransaction::runUndo(const Plan &plan, ProgressCounters *progress)
{
    if (progress) {
        progress->filesDone = 0;
        progress->filesTotal = plan.steps.size();
    }
    // Entries in reverse, then the directories' metadata (deepest first, as planned): the
    // moves above change directory times, so those are restored last.
    qsizetype index = 0;
    auto run = [&](const ApplyStep &step) -> Status {
        if (m_hook)
            m_hook(Direction::Undo, index);
        ++index;
        if (progress)
            progress->setCurrent(step.path);
        Status s = undoStep(step);
        if (s && progress)
            ++progress->filesDone;
        return s;
    };
    for (qsizetype i = plan.steps.size() - 1; i >= 0; --i)
        if (plan.steps[i].kind != StepKind::Meta)
            if (Status s = run(plan.steps[i]); !s)
                return s;
    for (const ApplyStep &step : plan.steps)
        if (step.kind == StepKind::Meta)
            if (Status s = run(step); !s)
                return s;
    return {};
}

Status ApplyTransaction::forwardStep(const ApplyStep &step)
{
    const int root = m_rootFd.get();
    switch (step.kind) {
    case StepKind::Aside: {
        const int backup = backupFdFor(step.path);
        Result<bool> done = exists(backup, step.path);
        if (!done)
            return done.error();
        if (*done)
            return {};
        if (Status s = makeParents(backup, parentPath(step.path)); !s)
            return s;
        Result<bool> there = exists(root, step.path);
        if (there && !*there)
            return lost(step.path, QStringLiteral("the backup"));
        return moveNoReplace(root, backup, step.path, QStringLiteral("cannot put %1 aside").arg(displayPath(step.path)));
    }
    case StepKind::Place: {
        const int tree = treeFdFor(step.path);
        Result<bool> staged = exists(tree, step.path);
        if (!staged)
            return staged.error();
        if (!*staged) {
            Result<bool> there = exists(root, step.path);
            if (there && !*there)
                return lost(step.path, QStringLiteral("the staging area"));
            return {};
        }
        return moveNoReplace(tree, root, step.path, QStringLiteral("cannot move %1 into the root").arg(displayPath(step.path)));
    }
    case StepKind::Meta: {
        Result<UniqueFd> fd = openBeneath(root, step.path, O_RDONLY | O_DIRECTORY);
        if (!fd)
            return fd.error().withContext(QStringLiteral("cannot set the metadata of %1").arg(displayPath(step.path)));
        return applyMetadata(NodeRef::open(fd->get(), step.path), step.next, step.parts);
    }
    }
    return {};
}

Status ApplyTransaction::undoStep(const ApplyStep &step)
{
    const int root = m_rootFd.get();
    switch (step.kind) {
    case StepKind::Aside: {
        const int backup = backupFdFor(step.path);
        Result<bool> held = exists(backup, step.path);
        if (!held)
            return held.error();
        if (!*held)
            return {};  // never put aside, or already back
        return moveNoReplace(backup, root, step.path, QStringLiteral("cannot bring %1 back").arg(displayPath(step.path)));
    }
    case StepKind::Place: {
        const int tree = treeFdFor(step.path);
        Result<bool> staged = exists(tree, step.path);
        if (!staged)
            return staged.error();
        if (*staged)
            return {};  // never placed, or already taken back
        Result<bool> there = exists(root, step.path);
        if (there && !*there)
            return {};  // lost before it was placed (the failure that started this rollback)
        return moveNoReplace(root, tree, step.path, QStringLiteral("cannot take %1 out of the root").arg(displayPath(step.path)));
    }
    case StepKind::Meta: {
        // A directory the undo took out again, or gave back its old non-directory, keeps what it has.
        Result<struct stat> st = lstatBeneath(root, step.path);
        if (!st)
            return isNotFound(st.error()) ? Status() : Status(st.error());
        if (!S_ISDIR(st->st_mode))
            return {};
        Result<UniqueFd> fd = openBeneath(root, step.path, O_RDONLY | O_DIRECTORY);
        if (!fd)
            return fd.error();
        return applyMetadata(NodeRef::open(fd->get(), step.path), step.previous, step.parts);
    }
    }
    return {};
}

Result<ApplyReport> ApplyTransaction::reportOf(const Plan &plan) const
{
    ApplyReport report;
    report.entriesApplied = plan.entriesApplied;
    for (const ApplyStep &s : plan.steps) {
        if (s.kind == StepKind::Aside)
            report.removed.append(RemovedPath{s.path, s.mirrored ? QStringLiteral("not present on the Primary")
                                                                 : QStringLiteral("replaced by the Primary's entry (kept until the clone is confirmed)")});
    }
    return report;
}

}  // namespace st::txn
