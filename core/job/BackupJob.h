// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The offline route, Primary side: write the protection set to a .tar.zst clone file.
 *
 * Scan, prepare a consistent source (freeze, snapshot, thaw), then CloneWriter into a FileSink (written to "<file>.partial", fsynced, renamed into
 * place only when complete) on a worker thread. Progress four times a second; cancel()
 * stops the writer and removes the partial file. Lives in one thread.
 */
#include "archive/CloneWriter.h"
#include "job/Job.h"
#include "job/WorkerThread.h"
#include "report/CloneReport.h"
#include "snapshot/Snapshot.h"

#include <QElapsedTimer>
#include <QTimer>

namespace st {

struct BackupSettings {
    SelectionPlan plan;
    QString outputFile;
    ZstdOptions zstd;
    SnapshotMode snapshot = SnapshotMode::Auto;
    QString stateDir;  // snapshot journal
};

class BackupJob : public Job {
    Q_OBJECT
public:
    explicit BackupJob(BackupSettings settings, QObject *parent = nullptr);
    ~BackupJob() override;
    const CloneReport &report() const { return m_report; }

protected:
    void doStart() override;
    void doCancel() override;

private:
    void tick();
    void finish(const Status &status);

    BackupSettings m_settings;
    CloneReport m_report;
    CancelToken m_cancel;
    ProgressCounters m_counters;
    WorkerThread m_worker;
    QTimer m_ticker;
    RateMeter m_rate;
    QElapsedTimer m_total;
    Stage m_stage = Stage::Scan;
};

}  // namespace st
