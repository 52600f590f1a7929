// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Disk room for what a network clone writes on the Secondary besides the tree: its
 * stream spool (the compressed stream, kept whole until the clone ends so it can be resumed
 * and re-extracted) next to the staging copy.
 *
 * The spool lives in the state directory, often on the same filesystem as the root. Up front
 * (check(), before the first byte) the clone is refused when the staging copy and the
 * smallest spool it can have (a quarter of its data: zstd rarely does better on an OS tree)
 * do not fit beside the reserve. While the stream arrives, watch() is called before every
 * chunk is written: it refuses the chunk as soon as what is free would no longer hold the
 * staging copy still to be written plus the reserve, so the clone stops with one line and
 * the disk of the running Secondary never fills. Plain value type; any thread.
 */
#include "restore/RestorePipeline.h"
#include "util/Result.h"

#include <QByteArray>
#include <QString>

namespace st {

class SpoolRoom {
public:
    /** Measures the filesystems of @p root and @p spoolDir (created beforehand) for the clone @p options describes. */
    static Result<SpoolRoom> measure(const QByteArray &root, const QString &spoolDir, const RestoreOptions &options);

    /** The up-front check. */
    Status check() const;
    /** Before writing @p chunk more spool bytes when the spool holds @p spoolBytes and the staging @p stagedBytes. */
    Status watch(qint64 spoolBytes, qint64 chunk, qint64 stagedBytes) const;

    bool sharesRootFilesystem() const { return m_shared; }

private:
    Result<qint64> freeBytes() const;
    Error tooLittle(qint64 freeBytes, qint64 stagingStill, qint64 spoolBytes) const;

    QByteArray m_root;
    QString m_spoolDir;
    bool m_shared = false;
    StagingRoom m_staging;
};

}  // namespace st
