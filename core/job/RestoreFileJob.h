// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The offline route, Secondary side: restore a .tar.zst clone file into a root.
 *
 * The same pipeline as a network clone (runRestore: staging, verify, apply, mirror) fed
 * from a file, on a worker thread; progress per stage; cancel() before Apply discards the
 * staging area. Lives in one thread.
 */
#include "job/Job.h"
#include "job/WorkerThread.h"
#include "report/CloneReport.h"
#include "restore/RestorePipeline.h"

#include <QElapsedTimer>
#include <QTimer>

namespace st {

struct RestoreFileSettings {
    QString inputFile;
    QByteArray root;
    bool restoreOwnership = true;
    QList<QByteArray> protectedPaths;
};

class RestoreFileJob : public Job {
    Q_OBJECT
public:
    explicit RestoreFileJob(RestoreFileSettings settings, QObject *parent = nullptr);
    ~RestoreFileJob() override;
    const CloneReport &report() const { return m_report; }

protected:
    void doStart() override;
    void doCancel() override;

private:
    void tick();

    RestoreFileSettings m_settings;
    CloneReport m_report;
    CancelToken m_cancel;
    RestoreProgress m_progress;
    WorkerThread m_worker;
    QTimer m_ticker;
    RateMeter m_rate;
    QElapsedTimer m_total;
};

}  // namespace st
