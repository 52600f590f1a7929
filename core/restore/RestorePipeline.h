// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The Secondary's whole restore: compressed stream -> staging -> verified -> applied.
 *
 * Steps, each its own stage for progress: checks (root is a directory, enough free space,
 * privileges), Receive (zstd decode with a window cap + SecureExtractor into a fresh staging
 * directory <root>/.servertwin-staging/<cloneId>/tree on the root's filesystem; the extractor
 * reads the stream to its end, so the zstd checksum and any trailing data are checked; then syncfs),
 * Verify (StagingVerifier re-reads every file against the manifest), Apply (TreeApplier moves
 * it into the root and mirrors the include roots). With applyAtReboot the Apply stage only
 * stages: the verified tree becomes a txn::ApplyTransaction, checked against the root now
 * (pre-flight and plan, then RestoreOptions::stagedCheck) and kept for the next boot. The staging directory is removed at the
 * end, on success and on failure: a failed or cancelled restore leaves the root untouched
 * unless the apply had made its first change, which it makes only after its pre-flight
 * (ApplyPreflight) passed (errors say which: refused with nothing changed, or part-way).
 *
 * runRestore() blocks: call it on a worker thread. RestoreProgress is shared with an observer
 * thread (atomics).
 */
#include "archive/ByteStream.h"
#include "archive/Manifest.h"
#include "restore/StagingArea.h"
#include "restore/TreeApplier.h"
#include "util/CancelToken.h"
#include "util/ProgressCounters.h"
#include "util/Result.h"
#include "util/Stage.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <atomic>
#include <functional>

namespace st {

/** Progress of runRestore(): its stage (Stage::Prepare, Receive, Verify, Apply, Done) and counters. */
struct RestoreProgress {
    std::atomic<Stage> stage{Stage::Prepare};
    ProgressCounters counters;
    void setStage(Stage s, qint64 filesTotal, qint64 bytesTotal)
    {
        counters.filesDone = 0;
        counters.bytesDone = 0;
        counters.filesTotal = filesTotal;
        counters.bytesTotal = bytesTotal;
        stage = s;
    }
};

struct RestoreOptions {
    QByteArray root;                  // absolute
    QString cloneId;                  // names the staging directory
    bool restoreOwnership = true;
    qint64 expectedBytes = 0;         // from the Primary's scan: free-space pre-check (0 = unknown)
    qint64 expectedFiles = 0;
    qint64 expectedEntries = 0;         // all entries (0 = unknown): free-inode pre-check
    qint64 expectedAllocatedBytes = 0;  // the files' allocated size on the Primary, holes excluded (0 = unknown)
    QList<QByteArray> protectedPaths; // root-relative, never mirrored away (the agent's state dir)
    /** Staged, not applied: the verified clone becomes a journaled transaction
     *  (txn::ApplyTransaction) that the next boot, real or simulated, applies. */
    bool applyAtReboot = false;
    QString sourceHost;               // recorded with a staged clone
    QList<QByteArray> keptPaths;      // applyAtReboot: the host's own files the apply leaves alone (root-relative)
    /** applyAtReboot: a last check of the staged tree (its absolute path) before it is kept,
     *  e.g. that it would boot here; an error refuses the clone and discards the staging. */
    std::function<Status(const QByteArray &stagedTree, const ManifestHeader &clone)> stagedCheck;
};

struct RestoreReport {
    ManifestHeader source;
    qint64 entries = 0;
    qint64 files = 0;
    qint64 bytes = 0;
    qint64 compressedBytes = 0;
    qint64 receiveMs = 0;
    qint64 verifyMs = 0;
    qint64 applyMs = 0;
    ApplyReport apply;        // applyAtReboot: what the apply would do (planned, not done)
    bool stagedForReboot = false;
};


Result<RestoreReport> runRestore(ByteSource &compressed, const RestoreOptions &options, CancelToken cancel,
                                 RestoreProgress *progress);

/** Removes staging directories a crashed restore left behind (called at agent start). */
Status cleanStaleStaging(const QByteArray &root);

/** Room the staging copy of a clone needs on a filesystem with @p blockSize-byte blocks: the
 *  files' data (allocated bytes when known), a block per other entry, and a reserve of 5%
 *  and 64 MiB that is always left free for the filesystem and the running system. */
struct StagingRoom {
    qint64 data = 0;
    qint64 reserve = 0;
    qint64 total() const { return data + reserve; }
};
StagingRoom stagingRoomNeeded(const RestoreOptions &options, qint64 blockSize);

}  // namespace st
