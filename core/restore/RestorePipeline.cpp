// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/RestorePipeline.h"

#include "archive/ZstdStream.h"
#include "profile/ExcludeMatcher.h"
#include "restore/SecureExtractor.h"
#include "restore/StagingVerifier.h"
#include "restore/txn/ApplyTransaction.h"
#include "restore/apply/FsWalk.h"
#include "util/RawPath.h"
#include "util/SafeFs.h"
#include "util/HumanBytes.h"

#include <QElapsedTimer>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <utility>

namespace st {

namespace {

/** Counts what the extractor reads from the compressed source (for the report). */
class CountingSource final : public ByteSource {
public:
    explicit CountingSource(ByteSource &inner) : m_inner(inner) {}
    Result<size_t> read(char *buffer, size_t cap) override
    {
        auto r = m_inner.read(buffer, cap);
        if (r)
            m_count += static_cast<qint64>(*r);
        return r;
    }
    qint64 count() const { return m_count; }

private:
    ByteSource &m_inner;
    qint64 m_count = 0;
};

/** Creates <root>/.servertwin-staging/<id>/tree fresh and returns the fds. */
struct Staging {
    UniqueFd parent;  // .servertwin-staging
    QByteArray id;
    UniqueFd tree;
};

Result<Staging> makeStaging(int rootFd, const QString &cloneId)
{
    Staging s;
    s.id = cloneId.toLatin1();
    if (mkdirat(rootFd, stagingDirectoryName().constData(), 0700) != 0 && errno != EEXIST)
        return errnoError(errno, QStringLiteral("cannot create the staging directory"));
    auto parent = openBeneath(rootFd, stagingDirectoryName(), O_RDONLY | O_DIRECTORY);
    if (!parent)
        return parent.error();
    s.parent = std::move(*parent);
    if (Status r = txn::ApplyTransaction::remove(rootFd, s.id); !r)  // a killed restore's, with its areas
        return r.error();
    if (mkdirat(s.parent.get(), s.id.constData(), 0700) != 0)
        return errnoError(errno, QStringLiteral("cannot create the staging directory"));
    const QByteArray treeRel = s.id + "/tree";
    if (mkdirat(s.parent.get(), treeRel.constData(), 0755) != 0) {
        const Error e = errnoError(errno, QStringLiteral("cannot create the staging directory"));
        (void)removeRecursiveAt(s.parent.get(), s.id);
        return e;
    }
    auto tree = openBeneath(s.parent.get(), treeRel, O_RDONLY | O_DIRECTORY);
    if (!tree)
        return tree.error();
    s.tree = std::move(*tree);
    return s;
}

}  // namespace

namespace {
/** The pre-flight check: does the clone fit (space and inodes) beside what the root holds? */
Status checkRoom(int rootFd, const RestoreOptions &options)
{
    struct statvfs vfs{};
    if (fstatvfs(rootFd, &vfs) != 0)
        return {};  // nothing to measure with: ENOSPC while staging still stops the restore cleanly
    // Staging holds a full copy until it is moved in: the clone must fit beside what is there.
    // Files count by what they occupy on the Primary (a sparse file by its data, not its size);
    // every other entry (directories, links) takes a block; 5% and 64 MiB stay free for the
    // filesystem's own metadata and for the system that keeps running.
    if (options.expectedBytes > 0 || options.expectedEntries > 0) {
        const qint64 needed = stagingRoomNeeded(options, static_cast<qint64>(vfs.f_frsize)).total();
        const qint64 freeBytes = static_cast<qint64>(vfs.f_bavail) * static_cast<qint64>(vfs.f_frsize);
        if (freeBytes < needed)
            return makeError(ErrorCode::NoSpace, QStringLiteral("not enough free space under %1: %2 free, the clone needs about %3")
                                                     .arg(displayPath(options.root), humanBytes(freeBytes), humanBytes(needed)));
    }
    // Filesystems with a fixed inode table (ext4) can run out of inodes with space to spare.
    // Those without one (btrfs) report no total: skipped.
    if (options.expectedEntries > 0 && vfs.f_files > 0) {
        const qint64 neededInodes = options.expectedEntries + options.expectedEntries / 50 + 64;
        const qint64 freeInodes = static_cast<qint64>(vfs.f_favail);
        if (freeInodes < neededInodes)
            return makeError(ErrorCode::NoSpace, QStringLiteral("not enough free inodes under %1: %2 free, the clone has %3 entries")
                                                     .arg(displayPath(options.root)).arg(freeInodes).arg(options.expectedEntries));
    }
    return {};
}
/** Makes the verified staging a transaction for the next boot and checks it now; the plan's report. */
Result<ApplyReport> stageForReboot(int rootFd, const RestoreOptions &options, const Manifest &manifest, const CancelToken &cancel)
{
    const QString refused = QStringLiteral("the clone was refused and nothing in the root was changed");
    // The boot check reads the whole staged tree, before parts of it move to other filesystems.
    if (options.stagedCheck) {
        const QByteArray root = options.root.endsWith('/') ? options.root : options.root + '/';
        if (Status s = options.stagedCheck(root + txn::ApplyTransaction::directoryOf(options.cloneId) + "/tree", manifest.header); !s)
            return s.error().withContext(refused);
    }
    txn::TransactionState state;
    state.sourceHost = options.sourceHost;
    state.protectedPaths = options.protectedPaths + options.keptPaths;
    Result<txn::ApplyTransaction> staged = txn::ApplyTransaction::stage(rootFd, options.cloneId, manifest, state, cancel);
    if (!staged)
        return staged.error().withContext(refused);
    Result<txn::Plan> plan = staged->check();
    if (!plan)
        return plan.error().withContext(refused);
    ApplyReport planned;
    planned.entriesApplied = plan->entriesApplied;
    for (const txn::ApplyStep &step : plan->steps)
        if (step.kind == txn::StepKind::Aside)
            planned.removed.append(RemovedPath{step.path, step.mirrored ? QStringLiteral("not present on the Primary (removed at the reboot)")
                                                                        : QStringLiteral("replaced by the Primary's entry at the reboot")});
    return planned;
}

}  // namespace

Result<RestoreReport> runRestore(ByteSource &compressed, const RestoreOptions &options, CancelToken cancel,
                                 RestoreProgress *progress)
{
    RestoreProgress localProgress;
    RestoreProgress *p = progress ? progress : &localProgress;
    p->setStage(Stage::Prepare, 0, 0);

    if (options.restoreOwnership && geteuid() != 0)
        return makeError(ErrorCode::Permission,
                         QStringLiteral("restoring owners needs root privileges: run the agent as root (or pass --no-owner for a test restore)"));
    const int rfd = ::open(options.root.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (rfd < 0)
        return errnoError(errno, QStringLiteral("cannot open the restore root %1").arg(displayPath(options.root)));
    UniqueFd rootFd(rfd);

    if (Status room = checkRoom(rootFd.get(), options); !room)
        return room.error();

    auto staging = makeStaging(rootFd.get(), options.cloneId);
    if (!staging) {
        ::unlinkat(rootFd.get(), stagingDirectoryName().constData(), AT_REMOVEDIR);  // only if empty
        return staging.error();
    }
    bool discarded = false;
    auto discardStaging = [&] {
        if (std::exchange(discarded, true))
            return;
        (void)txn::ApplyTransaction::remove(rootFd.get(), staging->id);  // with its areas on other filesystems
        // Leave no trace when no other clone is using the staging area (ENOTEMPTY otherwise).
        ::unlinkat(rootFd.get(), stagingDirectoryName().constData(), AT_REMOVEDIR);
    };
    // Every way out (also an exception) leaves no staging behind.
    struct AtExit {
        decltype(discardStaging) &run;
        ~AtExit() { run(); }
    } atExit{discardStaging};

    RestoreReport report;
    QElapsedTimer clock;
    clock.start();

    // Receive: decode and extract.
    p->setStage(Stage::Receive, options.expectedFiles, options.expectedBytes);
    CountingSource counted(compressed);
    ZstdDecompressSource tar(counted);  // the extractor reads it to its end (trailing data refused)
    ExtractOptions extractOptions;
    extractOptions.restoreOwnership = options.restoreOwnership;
    extractOptions.hashContent = false;  // StagingVerifier re-reads and hashes every file next
    SecureExtractor extractor(staging->tree.get(), extractOptions, cancel, &p->counters);
    auto extracted = extractor.run(tar);
    if (!extracted) {
        discardStaging();
        return extracted.error();
    }
    if (::syncfs(staging->tree.get()) != 0) {
        const Error e = errnoError(errno, QStringLiteral("cannot flush the staging area"));
        discardStaging();
        return e;
    }
    report.receiveMs = clock.restart();
    report.source = extracted->manifest.header;
    report.entries = extracted->entries;
    report.files = extracted->files;
    report.bytes = extracted->bytes;
    report.compressedBytes = counted.count();
    const Manifest &manifest = extracted->manifest;

    // Verify: read everything back.
    p->setStage(Stage::Verify, manifest.fileCount(), manifest.totalFileBytes());
    StagingVerifier verifier(staging->tree.get(), manifest, cancel, &p->counters);
    if (auto verified = verifier.run(); !verified) {
        discardStaging();
        return verified.error();
    }
    report.verifyMs = clock.restart();

    // Apply: move into the root and mirror.
    auto excludes = ExcludeMatcher::compile(manifest.header.excludes);
    if (!excludes) {
        discardStaging();
        return excludes.error().withContext(QStringLiteral("clone manifest"));
    }
    QList<QByteArray> protectedPaths = options.protectedPaths;
    protectedPaths.append(stagingDirectoryName());
    protectedPaths.append(Manifest::reservedDirectory());
    if (cancel.isCancelled()) {
        discardStaging();
        return makeError(ErrorCode::Cancelled, QStringLiteral("restore cancelled before anything was applied"));
    }
    if (options.applyAtReboot) {
        p->setStage(Stage::Apply, 0, 0);
        Result<ApplyReport> planned = stageForReboot(rootFd.get(), options, manifest, cancel);
        if (!planned) {
            discardStaging();
            return planned.error();
        }
        discarded = true;  // kept: the next boot applies it
        report.apply = *planned;
        report.stagedForReboot = true;
        report.applyMs = clock.restart();
        ::syncfs(rootFd.get());
        p->setStage(Stage::Done, 0, 0);
        return report;
    }
    p->setStage(Stage::Apply, manifest.entries().size(), 0);
    TreeApplier applier(rootFd.get(), staging->tree.get(), manifest, *excludes, protectedPaths, cancel, &p->counters);
    auto applied = applier.run();
    discardStaging();
    if (!applied)
        return applied.error();  // says whether the root was left unchanged (refused) or changed part-way
    report.apply = *applied;
    report.applyMs = clock.restart();
    ::syncfs(rootFd.get());
    p->setStage(Stage::Done, 0, 0);
    return report;
}

StagingRoom stagingRoomNeeded(const RestoreOptions &options, qint64 blockSize)
{
    const qint64 block = std::max<qint64>(blockSize, 512);
    const qint64 data = options.expectedAllocatedBytes > 0 ? options.expectedAllocatedBytes : options.expectedBytes;
    const qint64 others = std::max<qint64>(0, options.expectedEntries - options.expectedFiles);
    StagingRoom room;
    room.data = data + others * block;
    room.reserve = data / 20 + (64LL << 20);
    return room;
}

Status cleanStaleStaging(const QByteArray &root)
{
    const int rfd = ::open(root.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (rfd < 0)
        return errnoError(errno, QStringLiteral("cannot open the restore root %1").arg(displayPath(root)));
    UniqueFd rootFd(rfd);
    // Staged clones (a transaction's state) wait for their boot; the rest is a killed restore's.
    Result<QStringList> staged = txn::ApplyTransaction::list(rootFd.get());
    if (!staged)
        return staged.error();
    Result<UniqueFd> parent = openBeneath(rootFd.get(), stagingDirectoryName(), O_RDONLY | O_DIRECTORY);
    if (!parent)
        return isNotFound(parent.error()) ? Status() : Status(parent.error());
    Result<QList<QByteArray>> names = apply::listDirectory(parent->get(), stagingDirectoryName());
    if (!names)
        return names.error();
    for (const QByteArray &name : *names)
        if (!staged->contains(QString::fromLatin1(name)) && !name.startsWith(".retired-"))  // retired: purged in the background
            if (Status s = txn::ApplyTransaction::remove(rootFd.get(), name); !s)
                return s;
    ::unlinkat(rootFd.get(), stagingDirectoryName().constData(), AT_REMOVEDIR);  // only when empty
    return {};
}

}  // namespace st
