// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The agent's durable copy of one clone's compressed stream: what makes a clone
 * resumable after a lost link and after a restart of the agent process.
 *
 * Design (resume from the last verified point):
 * - The session appends every chunk whose offset and SHA-256 check out to
 *   `<stateDir>/resume/stream.zst`, then fdatasync()s it (sync()) and only then
 *   acknowledges it: the acknowledged offset is always durable. The clone's identity (clone
 *   id, source host, the Primary's certificate fingerprint, totals) is in
 *   `<stateDir>/resume/clone.json` (QSaveFile), written before the first byte; when EndData
 *   arrives its byte count and SHA-256 are added.
 * - The restore worker reads the spool, not the network (reader(), a blocking ByteSource
 *   that waits at the durable end): extraction runs behind the network, and after a
 *   restart the agent re-extracts from the spool into a fresh staging area while the Primary
 *   sends the rest. The reader hashes the whole stream and ends only when EndData's byte
 *   count and SHA-256 match what it read, so a damaged spool is a clear failure, never a
 *   wrong tree.
 * - After a restart the verified offset is the spool's length: every byte in it passed its
 *   chunk's SHA-256 before it was written (a write cut short by SIGKILL leaves a correct
 *   prefix), and the end-to-end SHA-256 above catches anything a crash of the machine could
 *   leave behind.
 * - A clone with another id never uses this spool: create() replaces it, and the caller logs
 *   that the old one was discarded. discard() removes both files.
 *
 * Threads: append()/sync()/markEnded()/abort() from the owner's (event loop) thread; the
 * reader from one worker thread; the shared position is guarded by a mutex.
 */
#include "archive/ByteStream.h"
#include "util/Result.h"
#include "util/UniqueFd.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <condition_variable>
#include <memory>
#include <mutex>

namespace st {

struct SpoolMeta {
    QString cloneId;
    QString sourceHost;
    QByteArray primaryFingerprint;
    qint64 totalFiles = 0;
    qint64 totalBytes = 0;
    qint64 totalEntries = 0;    // 0: not known (a spool from before protocol 3)
    qint64 allocatedBytes = 0;  // 0: not known
    bool applyAtReboot = false;  // BeginClone::applyAtReboot
    bool ended = false;        // EndData arrived (then endBytes/endSha256 are set)
    qint64 endBytes = 0;
    QByteArray endSha256;
    QJsonObject toJson() const;
    static Result<SpoolMeta> fromJson(const QJsonObject &o);
};

class StreamSpool : public std::enable_shared_from_this<StreamSpool> {
public:
    /** Starts a fresh spool for @p meta in @p dir (created if needed), replacing any old one. */
    static Result<std::shared_ptr<StreamSpool>> create(const QString &dir, const SpoolMeta &meta);
    /** The spool a previous agent process left in @p dir; nullptr when there is none. */
    static Result<std::shared_ptr<StreamSpool>> open(const QString &dir);
    /** Removes the spool files in @p dir. */
    static void discard(const QString &dir);

    ~StreamSpool();
    StreamSpool(const StreamSpool &) = delete;
    StreamSpool &operator=(const StreamSpool &) = delete;

    const SpoolMeta &meta() const { return m_meta; }
    const QString &directory() const { return m_dir; }

    /** Appends verified bytes (not yet durable). */
    Status append(const char *data, size_t size);
    /** fdatasync()s what was appended and lets the reader see it. Returns the durable length. */
    Result<qint64> sync();
    /** Bytes written so far (durable or not). */
    qint64 length() const { return m_length; }
    qint64 durableLength() const;
    /** The stream is complete: records the expected size and digest; the reader may end. */
    Status markEnded(qint64 bytes, const QByteArray &sha256);
    /** Wakes the reader with @p why. */
    void abort(const Error &why);
    /** The clone is over (its files are discarded): lets go of the spool file, so its disk space is freed now. */
    void close();

    /** The stream from its beginning for the restore worker (one reader per spool). */
    std::unique_ptr<ByteSource> reader();

private:
    friend class SpoolReader;
    StreamSpool(QString dir, SpoolMeta meta, UniqueFd fd, qint64 length);
    Status writeMeta() const;

    QString m_dir;
    SpoolMeta m_meta;
    UniqueFd m_fd;
    qint64 m_length = 0;

    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    qint64 m_durable = 0;
    bool m_ended = false;
    qint64 m_endBytes = 0;
    QByteArray m_endSha256;
    bool m_aborted = false;
    Error m_abortError;
};

}  // namespace st
