// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Runs one restore (runRestore) on a worker thread, reading a StreamSpool.
 *
 * The worker reads the clone's compressed stream from the spool the network side appends
 * to (it waits at the spool's durable end), so extraction survives a lost link and, after an
 * agent restart, starts again from the spool's beginning. The spool's end (StreamSpool::
 * markEnded) ends the input; abort() cancels before Apply (once Apply has begun it runs to
 * the end so the root is never left half-applied by a cancel). finished() is emitted once in
 * the owner's thread.
 */
#include "agent/StreamSpool.h"
#include "restore/RestorePipeline.h"
#include "util/CancelToken.h"

#include <QObject>
#include <QThread>
#include <memory>

namespace st {

class RestoreWorker : public QObject {
    Q_OBJECT
public:
    RestoreWorker(RestoreOptions options, std::shared_ptr<StreamSpool> spool, QObject *parent = nullptr);
    ~RestoreWorker() override;

    void start();
    void abort(const Error &why);
    const RestoreProgress &progress() const { return m_progress; }

Q_SIGNALS:
    void finished(const st::Result<st::RestoreReport> &result);

private:
    RestoreOptions m_options;
    std::shared_ptr<StreamSpool> m_spool;
    CancelToken m_cancel;
    RestoreProgress m_progress;
    std::unique_ptr<QThread> m_thread;
    std::shared_ptr<std::optional<Result<RestoreReport>>> m_result;
};

}  // namespace st

Q_DECLARE_METATYPE(st::Result<st::RestoreReport>)
