// SPDX-License-Identifier: GPL-3.0-or-later
#include "job/BackupJob.h"

#include "archive/QueueStreams.h"
#include "archive/SourceWalker.h"
#include "job/SourcePreparation.h"
#include "util/RawPath.h"

#include <QHostInfo>

namespace st {

namespace {
struct BackupOutcome {
    Result<ScanTotals> scan = ScanTotals{};
    Result<WriteSummary> write = WriteSummary{};
    qint64 scanMs = 0;
    qint64 writeMs = 0;
    std::unique_ptr<PreparedSource> source;
    Status released;
};
}  // namespace

BackupJob::BackupJob(BackupSettings settings, QObject *parent) : Job(parent), m_settings(std::move(settings))
{
    m_report.kind = QStringLiteral("backup");
    m_report.sourceHost = QHostInfo::localHostName();
    m_report.sourceRoot = m_settings.plan.sourceRoot;
    m_report.includes = m_settings.plan.includes;
    m_report.excludes = m_settings.plan.excludePatterns;
    m_report.outputFile = m_settings.outputFile;
    for (const SkippedPath &s : m_settings.plan.skipped)
        m_report.skipped.append({s.path, s.reason});
    m_ticker.setInterval(250);
    connect(&m_ticker, &QTimer::timeout, this, &BackupJob::tick);
}

BackupJob::~BackupJob()
{
    m_cancel.cancel();
    m_worker.wait();
}

void BackupJob::doStart()
{
    m_total.start();
    m_stage = Stage::Scan;
    m_ticker.start();
    m_rate.reset();
    Q_EMIT logMessage(QStringLiteral("writing the clone file %1").arg(m_settings.outputFile));
    auto settings = std::make_shared<BackupSettings>(m_settings);
    const CancelToken cancel = m_cancel;
    ProgressCounters *counters = &m_counters;
    Stage *stage = &m_stage;
    m_worker.run<std::shared_ptr<BackupOutcome>>(
        this,
        [settings, cancel, counters, stage, this] {
            auto out = std::make_shared<BackupOutcome>();
            QElapsedTimer clock;
            clock.start();
            out->scan = scanSelection(settings->plan, cancel);
            out->scanMs = clock.restart();
            if (!out->scan)
                return out;
            counters->filesTotal = out->scan->files;
            counters->bytesTotal = out->scan->bytes;
            QMetaObject::invokeMethod(this, [stage] { *stage = Stage::Snapshot; }, Qt::QueuedConnection);
            auto prepared = prepareSource(settings->plan, settings->snapshot, settings->stateDir, cancel);
            if (!prepared) {
                out->write = prepared.error();
                return out;
            }
            out->source = std::move(*prepared);
            QMetaObject::invokeMethod(this, [stage] { *stage = Stage::Backup; }, Qt::QueuedConnection);
            auto sink = FileSink::create(settings->outputFile);
            if (!sink) {
                out->write = sink.error();
                return out;
            }
            CloneWriterOptions options;
            options.zstd = settings->zstd;
            options.readRoots = out->source->readRoots;
            options.skipPaths = out->source->skipPaths;
            options.liveRead = out->source->liveRead;
            options.snapshot = out->source->snapshotSummary;
            CloneWriter writer(settings->plan, **sink, options, cancel, counters);
            out->write = writer.run();
            out->writeMs = clock.elapsed();
            out->released = out->source->release();
            return out;  // the sink's destructor removes the partial file on failure
        },
        [this](std::shared_ptr<BackupOutcome> out) {
            m_report.scanMs = out->scanMs;
            m_report.transferMs = out->writeMs;
            if (out->source) {
                recordSource(m_report, *out->source);
                for (const QString &w : out->source->warnings)
                    Q_EMIT logMessage(QStringLiteral("warning: ") + w);
            }
            if (!out->scan) {
                finish(out->scan.error());
                return;
            }
            if (!out->write) {
                finish(out->write.error());
                return;
            }
            if (!out->released) {
                finish(out->released.error().withContext(QStringLiteral("removing the snapshots")));
                return;
            }
            const WriteSummary &s = *out->write;
            m_report.entries = s.entries;
            m_report.files = s.files;
            m_report.bytes = s.bytes;
            m_report.tarBytes = s.tarBytes;
            m_report.compressedBytes = s.compressedBytes;
            for (const SkippedEntry &k : s.skipped)
                m_report.skipped.append({k.path, k.reason});
            m_report.changedWhileRead = s.changedWhileRead;
            finish({});
        });
}

void BackupJob::doCancel()
{
    m_cancel.cancel();
}

void BackupJob::tick()
{
    Q_EMIT progress(sampleProgress(m_stage, m_counters, m_rate));
}

void BackupJob::finish(const Status &status)
{
    m_ticker.stop();
    tick();
    m_report.setOutcome(status, m_total.elapsed());
    emitResult(status);
}

}  // namespace st
