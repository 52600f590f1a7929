// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Runs one restore (runRestore) on a worker thread, fed through a ChunkQueue.
 *
 * The owner (an AgentSession, event-driven) pushes received compressed chunks with
 * offer(); when the queue is full offer() refuses and the owner stops reading its socket
 * until spaceAvailable() fires (TCP backpressure). finishInput() ends the stream;
 * abort() cancels before Apply (once Apply has begun it runs to the end so the root is never
 * left half-applied by a cancel). finished() is emitted once in the owner's thread.
 */
#include "restore/RestorePipeline.h"
#include "util/CancelToken.h"
#include "util/ChunkQueue.h"

#include <QObject>
#include <QThread>
#include <memory>

namespace st {

class RestoreWorker : public QObject {
    Q_OBJECT
public:
    RestoreWorker(RestoreOptions options, QObject *parent = nullptr);
    ~RestoreWorker() override;

    void start();
    /** Takes the chunk if there is room; false = full, wait for spaceAvailable(). */
    bool offer(QByteArray &chunk);
    void finishInput();
    void abort(const Error &why);
    const RestoreProgress &progress() const { return m_progress; }

Q_SIGNALS:
    void spaceAvailable();
    void finished(const st::Result<st::RestoreReport> &result);

private:
    RestoreOptions m_options;
    ChunkQueue m_queue;
    CancelToken m_cancel;
    RestoreProgress m_progress;
    std::unique_ptr<QThread> m_thread;
    std::shared_ptr<std::optional<Result<RestoreReport>>> m_result;
};

}  // namespace st

Q_DECLARE_METATYPE(st::Result<st::RestoreReport>)
