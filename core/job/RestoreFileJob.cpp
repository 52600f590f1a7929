// SPDX-License-Identifier: GPL-3.0-or-later
#include "job/RestoreFileJob.h"

#include "archive/QueueStreams.h"
#include "util/RawPath.h"

#include <QUuid>

namespace st {

RestoreFileJob::RestoreFileJob(RestoreFileSettings settings, QObject *parent) : Job(parent), m_settings(std::move(settings))
{
    m_report.kind = QStringLiteral("restore");
    m_report.outputFile = m_settings.inputFile;
    m_ticker.setInterval(250);
    connect(&m_ticker, &QTimer::timeout, this, &RestoreFileJob::tick);
}

RestoreFileJob::~RestoreFileJob()
{
    m_cancel.cancel();
    m_worker.wait();
}

void RestoreFileJob::doStart()
{
    m_total.start();
    m_ticker.start();
    m_rate.reset();
    auto source = FileSource::open(m_settings.inputFile);
    if (!source) {
        m_ticker.stop();
        m_report.error = source.error();
        emitResult(source.error());
        return;
    }
    RestoreOptions options;
    options.root = m_settings.root;
    options.cloneId = QStringLiteral("file-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    options.restoreOwnership = m_settings.restoreOwnership;
    options.protectedPaths = m_settings.protectedPaths;
    // The file's size bounds the compressed stream; the manifest gives real totals later.
    std::shared_ptr<FileSource> file(std::move(*source));
    const CancelToken cancel = m_cancel;
    RestoreProgress *progress = &m_progress;
    Q_EMIT logMessage(QStringLiteral("restoring %1 into %2").arg(m_settings.inputFile, displayPath(m_settings.root)));
    m_worker.run<Result<RestoreReport>>(
        this, [file, options, cancel, progress] { return runRestore(*file, options, cancel, progress); },
        [this](Result<RestoreReport> result) {
            m_ticker.stop();
            tick();
            if (!result) {
                m_report.setOutcome(result.error(), m_total.elapsed());
                emitResult(result.error());
                return;
            }
            m_report.setOutcome({}, m_total.elapsed());
            m_report.sourceHost = result->source.sourceHost;
            m_report.sourceRoot = result->source.sourceRoot;
            m_report.includes = result->source.includes;
            m_report.excludes = result->source.excludes;
            m_report.entries = result->entries;
            m_report.files = result->files;
            m_report.bytes = result->bytes;
            m_report.compressedBytes = result->compressedBytes;
            m_report.receiveMs = result->receiveMs;
            m_report.verifyMs = result->verifyMs;
            m_report.applyMs = result->applyMs;
            for (const RemovedPath &r : result->apply.removed)
                m_report.removed.append({r.path, r.reason});
            emitResult({});
        });
}

void RestoreFileJob::doCancel()
{
    m_cancel.cancel();
}

void RestoreFileJob::tick()
{
    Q_EMIT progress(sampleProgress(m_progress.stage.load(), m_progress.counters, m_rate));
}

}  // namespace st
