// SPDX-License-Identifier: GPL-3.0-or-later
#include "job/CloneJob.h"

#include "archive/QueueStreams.h"
#include "archive/SourceWalker.h"
#include "job/SourcePreparation.h"
#include "net/Messages.h"
#include "util/RawPath.h"

#include <QHostInfo>
#include <QUuid>

#include <algorithm>

namespace st {

struct WriterOutcome {
    Result<WriteSummary> summary = WriteSummary{};
    std::unique_ptr<PreparedSource> source;
    Status released;
};

namespace {
constexpr size_t kQueueBytes = 32u << 20;
// What may wait in this process's socket buffer. Bytes still there when a link dies never left
// and are not counted as sent again (settleLink()); a smaller buffer costs throughput, as it
// decouples hashing from encrypting less.
constexpr qint64 kSocketHighWater = 8 << 20;
constexpr qsizetype kChunk = 1 << 20;  // no chunk is larger (ChunkQueueSink)
}  // namespace

CloneJob::CloneJob(CloneSettings settings, QObject *parent)
    : Job(parent), m_settings(std::move(settings)), m_queue(kQueueBytes)
{
    m_agentSeen = m_settings.agentSeen;
    m_report.kind = QStringLiteral("clone");
    m_report.sourceHost = QHostInfo::localHostName();
    m_report.sourceRoot = m_settings.plan.sourceRoot;
    m_report.includes = m_settings.plan.includes;
    m_report.excludes = m_settings.plan.excludePatterns;
    m_report.secondaryAddress = QStringLiteral("%1:%2").arg(m_settings.link.host).arg(m_settings.link.port);
    for (const SkippedPath &s : m_settings.plan.skipped)
        m_report.skipped.append({s.path, s.reason});
    m_ticker.setInterval(250);
    connect(&m_ticker, &QTimer::timeout, this, &CloneJob::tick);
    m_cancelTimer.setSingleShot(true);
    connect(&m_cancelTimer, &QTimer::timeout, this, [this] {
        finish(makeError(ErrorCode::Cancelled, m_linkOpen ? QStringLiteral("clone cancelled (the Secondary did not confirm the clean-up in time)")
                                                          : QStringLiteral("clone cancelled; the Secondary could not be reached to discard what it received (it does so after its resume timeout)")));
    });
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &CloneJob::openLink);
    m_queue.setNotifier([this] {
        // From the writer thread: schedule one pump on our thread.
        QMetaObject::invokeMethod(this, [this] { pump(); }, Qt::QueuedConnection);
    });
}

CloneJob::~CloneJob()
{
    m_cancel.cancel();
    m_queue.abort(makeError(ErrorCode::Cancelled, QStringLiteral("clone abandoned")));
    m_scanThread.wait();
    m_writerThread.wait();
    m_queue.setNotifier({});
}

void CloneJob::doStart()
{
    m_total.start();
    m_cloneId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_ticker.start();
    startScan();
}

void CloneJob::startScan()
{
    m_stage = Stage::Scan;
    m_stageClock.start();
    Q_EMIT logMessage(QStringLiteral("scanning the protection set under %1").arg(displayPath(m_settings.plan.sourceRoot)));
    const SelectionPlan plan = m_settings.plan;
    const CancelToken cancel = m_cancel;
    m_scanThread.run<Result<ScanTotals>>(
        this, [plan, cancel] { return scanSelection(plan, cancel); },
        [this](Result<ScanTotals> totals) {
            if (isFinished())
                return;
            if (!totals) {
                finish(totals.error());
                return;
            }
            m_report.scanMs = m_stageClock.elapsed();
            m_scanTotals = *totals;
            m_counters.filesTotal = totals->files;
            m_counters.bytesTotal = totals->bytes;
            Q_EMIT logMessage(QStringLiteral("protection set: %1 files, %2").arg(totals->files).arg(formatBytes(totals->bytes)));
            connectSecondary();
        });
}

void CloneJob::connectSecondary()
{
    if (isCancelRequested()) {
        finish(makeError(ErrorCode::Cancelled, QStringLiteral("clone cancelled")));
        return;
    }
    m_stage = Stage::Connect;
    Q_EMIT logMessage(QStringLiteral("connecting to the Secondary at %1").arg(m_report.secondaryAddress));
    openLink();
}

void CloneJob::settleLink()
{
    // Which stream bytes left this process on the link that ends now: what follows is, when
    // sent on a later link, sent again. Acknowledged bytes left it, whatever the buffers say.
    if (m_link) {
        const qint64 left = m_link->bytesQueued() - m_link->bytesNotSent();
        for (const LinkFrame &f : m_linkFrames) {
            const qint64 size = f.streamEnd - f.streamFrom;
            const qint64 start = f.linkEnd - proto::kFrameHeaderSize - proto::kDataHeaderSize - size;
            if (start >= left)
                break;
            m_txHigh = std::max(m_txHigh, f.streamFrom + std::clamp<qint64>(left - start - proto::kFrameHeaderSize - proto::kDataHeaderSize, 0, size));
        }
    }
    m_linkFrames.clear();
    m_txHigh = std::max(m_txHigh, m_acked);
}

void CloneJob::openLink()
{
    if (isFinished())
        return;
    settleLink();
    if (m_link) {
        m_link->disconnect(this);
        m_link->close();
        m_link->deleteLater();
    }
    m_linkReady = false;
    m_linkOpen = false;
    LinkOptions options = m_settings.link;
    if (m_outage.isValid())  // a reconnection: fail fast and try again rather than wait out a long connect timeout
        options.connectTimeoutMs = std::min(options.connectTimeoutMs, std::max(2000, options.keepaliveTimeoutMs));
    m_link = new SecondaryLink(options, this);
    connect(m_link, &SecondaryLink::failed, this, &CloneJob::onLinkFailed);
    connect(m_link, &SecondaryLink::ready, this, &CloneJob::onLinkReady);
    connect(m_link, &SecondaryLink::frameReceived, this, &CloneJob::onFrame);
    connect(m_link, &SecondaryLink::bytesWritten, this, &CloneJob::pump);
    m_link->open();
}

void CloneJob::sendCancel()
{
    m_link->sendJson(proto::Type::Cancel, msg::Cancel{QStringLiteral("cancelled on the Primary"), m_cloneId}.toJson());
}

void CloneJob::onLinkReady(const SecondaryInfo &info)
{
    m_linkOpen = true;
    ++m_attempt;  // the agent refuses BeginClone/Resume from a connection older than the last it took
    if (m_beginSent && isCancelRequested()) {
        // Cancelled while the link was down: the agent discards the clone now instead of
        // waiting for a Resume (which is not sent); it confirms with Result{cancelled}.
        Q_EMIT logMessage(QStringLiteral("reconnected to %1: telling it to discard clone %2").arg(m_report.secondaryAddress, m_cloneId));
        sendCancel();
        return;
    }
    if (m_begun) {
        Q_EMIT logMessage(QStringLiteral("reconnected to %1: resuming clone %2").arg(m_report.secondaryAddress, m_cloneId));
        msg::Resume resume;
        resume.cloneId = m_cloneId;
        resume.sourceHost = m_report.sourceHost;
        resume.attempt = m_attempt;
        m_link->sendJson(proto::Type::Resume, resume.toJson());
        return;
    }
    if (!m_beginSent) {
        m_report.secondaryHost = info.host;
        m_report.secondaryOs = info.os;
        m_report.secondaryFingerprint = info.fingerprint;
        Q_EMIT secondaryConnected(info);
        Q_EMIT logMessage(QStringLiteral("connected to %1 (%2, agent %3)%4")
                              .arg(info.host, info.os, info.version,
                                   info.newlyPaired ? QStringLiteral(", paired and pinned") : QString()));
        if (isFinished())
            return;
    } else {
        // The link was lost between BeginClone and Ready: begin again with the same id (the
        // agent replaces whatever it made of the first BeginClone).
        Q_EMIT logMessage(QStringLiteral("reconnected to %1: beginning clone %2 again").arg(m_report.secondaryAddress, m_cloneId));
    }
    m_beginSent = true;
    msg::BeginClone begin;
    begin.cloneId = m_cloneId;
    begin.sourceHost = m_report.sourceHost;
    begin.totalFiles = m_counters.filesTotal;
    begin.totalBytes = m_counters.bytesTotal;
    begin.totalEntries = m_scanTotals.entries;
    begin.allocatedBytes = m_scanTotals.allocated;
    begin.applyAtReboot = m_settings.applyAtReboot;
    begin.attempt = m_attempt;
    m_link->sendJson(proto::Type::BeginClone, begin.toJson());
}

void CloneJob::onLinkFailed(const Error &e)
{
    if (isFinished())
        return;
    settleLink();
    m_agentSeen = m_agentSeen || m_link->peerAnswered();
    m_linkReady = false;
    m_linkOpen = false;
    if (isCancelRequested() && (!m_beginSent || e.code != ErrorCode::Network)) {
        finish(makeError(ErrorCode::Cancelled, QStringLiteral("clone cancelled")));
        return;
    }
    // Only a lost network path is worth a retry, and only once the agent has answered at this
    // address (a wrong address or a closed port fails at once): it may be restarting, or hold
    // staging for the clone, which a retry resumes or, after a cancel, discards. A refused
    // certificate, pairing or protocol is final.
    if (!m_agentSeen || e.code != ErrorCode::Network) {
        finish(e);
        return;
    }
    m_lastLinkError = e;
    if (!m_outage.isValid()) {
        m_outage.start();
        m_reconnectAttempt = 0;
        Q_EMIT logMessage(QStringLiteral("lost the connection to the Secondary (%1); reconnecting").arg(e.message));
    }
    if (m_outage.elapsed() >= m_settings.link.idleTimeoutMs) {
        if (isCancelRequested()) {
            finish(makeError(ErrorCode::Cancelled, QStringLiteral("clone cancelled; the Secondary could not be reached to discard what it received (it does so after its resume timeout)")));
            return;
        }
        finish(makeError(ErrorCode::Network, QStringLiteral("the Secondary at %1 stayed unreachable for %2 s (%3); its staging waits for a new clone")
                                                 .arg(m_report.secondaryAddress).arg(m_outage.elapsed() / 1000).arg(e.message)));
        return;
    }
    const int delay = std::min(2000, 100 << std::min(m_reconnectAttempt, 5));
    ++m_reconnectAttempt;
    m_reconnectTimer.start(delay);
}

void CloneJob::rewindTo(qint64 offset)
{
    m_sent = offset;  // what is sent again is counted as it goes out (sendChunk)
}

void CloneJob::sendChunk(const SentChunk &chunk, qint64 from)
{
    const qsizetype skip = static_cast<qsizetype>(from - chunk.offset);
    if (skip == 0) {
        m_link->sendFrame(proto::Type::Data, proto::encodeData(chunk.offset, chunk.sha256, chunk.data.constData(), chunk.data.size()));
    } else {
        const QByteArray part = chunk.data.mid(skip);
        m_link->sendFrame(proto::Type::Data, proto::encodeData(from, Sha256::of(part), part.constData(), part.size()));
    }
    m_sent = chunk.offset + chunk.data.size();
    if (from < m_txHigh)
        m_report.resentBytes += std::min(m_sent, m_txHigh) - from;
    while (!m_linkFrames.empty() && m_linkFrames.front().streamEnd <= m_acked)
        m_linkFrames.pop_front();
    m_linkFrames.push_back({m_link->bytesQueued(), from, m_sent});
}

void CloneJob::onFrame(const proto::Frame &frame)
{
    auto json = proto::parseJson(frame);
    if (!json) {
        finish(json.error());
        return;
    }
    switch (frame.type) {
    case proto::Type::Ready:
        if (m_stage == Stage::Connect && !m_begun && !isCancelRequested() && msg::Ready::parse(*json)) {
            m_begun = true;
            m_linkReady = true;
            if (m_outage.isValid()) {  // BeginClone again after a link lost before Ready
                ++m_report.reconnects;
                m_outage.invalidate();
            }
            startTransfer();
        }
        return;
    case proto::Type::Resumed: {
        if (isCancelRequested())
            return;  // our Cancel follows the Resume; the agent answers it with Result{cancelled}
        auto resumed = msg::Resumed::parse(*json);
        if (!resumed || !m_begun || m_linkReady || resumed->offset < m_acked || resumed->offset > m_produced) {
            finish(resumed ? makeError(ErrorCode::Protocol, QStringLiteral("the Secondary resumed the clone at byte %1, outside what was sent (%2-%3)")
                                                              .arg(resumed->offset).arg(m_acked).arg(m_produced))
                           : resumed.error());
            return;
        }
        const qint64 again = std::max<qint64>(0, m_txHigh - resumed->offset);
        rewindTo(resumed->offset);
        m_acked = resumed->offset;
        while (!m_window.empty() && m_window.front().offset + m_window.front().data.size() <= m_acked)
            m_window.pop_front();
        ++m_report.reconnects;
        m_outage.invalidate();
        m_linkReady = true;
        m_report.removed.clear();  // an interrupted report's items come again with the Result
        if (resumed->complete) {
            m_endSent = true;  // the agent has the whole stream; it sends the outcome
        } else {
            m_endSent = false;
        }
        Q_EMIT logMessage(QStringLiteral("resumed at %1 (%2 to send again)")
                              .arg(formatBytes(resumed->offset), formatBytes(again)));
        pump();
        return;
    }
    case proto::Type::Resend: {
        auto resend = msg::Resend::parse(*json);
        if (!resend || resend->offset < m_acked || resend->offset > m_sent) {
            finish(resend ? makeError(ErrorCode::Protocol, QStringLiteral("the Secondary asked for byte %1 again, outside what was sent").arg(resend->offset))
                          : resend.error());
            return;
        }
        Q_EMIT logMessage(QStringLiteral("the Secondary asks for the stream again from %1: %2").arg(formatBytes(resend->offset), resend->reason));
        for (const LinkFrame &f : m_linkFrames)  // the link stays up: all it holds goes out
            m_txHigh = std::max(m_txHigh, f.streamEnd);
        rewindTo(resend->offset);
        m_endSent = false;  // EndData follows the data again
        pump();
        return;
    }
    case proto::Type::Ack: {
        auto ack = msg::Ack::parse(*json);
        if (!ack || ack->accepted > m_produced || ack->accepted < m_acked) {
            finish(ack ? makeError(ErrorCode::Protocol, QStringLiteral("the Secondary acknowledged bytes that were never sent")) : ack.error());
            return;
        }
        m_acked = ack->accepted;
        while (!m_window.empty() && m_window.front().offset + m_window.front().data.size() <= m_acked)
            m_window.pop_front();
        pump();
        return;
    }
    case proto::Type::Progress: {
        auto p = msg::Progress::parse(*json);
        if (!p) {
            finish(p.error());
            return;
        }
        JobProgress jp;
        jp.stage = p->stage;
        jp.filesDone = p->filesDone;
        jp.filesTotal = p->filesTotal;
        jp.bytesDone = p->bytesDone;
        jp.bytesTotal = p->bytesTotal;
        jp.currentItem = displayPath(p->current);
        jp.bytesPerSecond = m_remoteRate.sample(p->bytesDone);
        jp.etaSeconds = RateMeter::eta(p->bytesDone, p->bytesTotal, jp.bytesPerSecond);
        Q_EMIT remoteProgress(jp);
        return;
    }
    case proto::Type::ReportItems: {
        auto items = msg::ReportItems::parse(*json);
        if (!items) {
            finish(items.error());
            return;
        }
        if (m_report.removed.size() < 10'000'000)
            for (const msg::ReportItem &i : items->items)
                m_report.removed.append({i.path, i.reason});
        return;
    }
    case proto::Type::Result: {
        auto r = msg::ResultMsg::parse(*json);
        if (!r) {
            finish(r.error());
            return;
        }
        const QJsonObject &rep = r->report;
        m_report.receiveMs = static_cast<qint64>(rep.value(QStringLiteral("receiveMs")).toDouble());
        m_report.verifyMs = static_cast<qint64>(rep.value(QStringLiteral("verifyMs")).toDouble());
        m_report.applyMs = static_cast<qint64>(rep.value(QStringLiteral("applyMs")).toDouble());
        m_report.removedCount = static_cast<qint64>(rep.value(QStringLiteral("removed")).toDouble());
        m_report.stagedForReboot = rep.value(QStringLiteral("stagedForReboot")).toDouble() > 0;
        if (isCancelRequested()) {
            finish(makeError(ErrorCode::Cancelled, r->ok ? QStringLiteral("clone cancelled too late: the Secondary had already applied it")
                                                         : QStringLiteral("clone cancelled; the Secondary discarded what it had received")));
            return;
        }
        if (!r->ok) {
            const ErrorCode code = msg::errorCodeFromName(r->code);
            if (m_writerError && code == ErrorCode::Cancelled)
                finish(*m_writerError);
            else
                finish(makeError(code, QStringLiteral("the Secondary could not restore the clone: %1").arg(r->message)));
            return;
        }
        if (!m_writerDone || m_writerError) {
            finish(makeError(ErrorCode::Protocol, QStringLiteral("the Secondary reported success before the stream was complete")));
            return;
        }
        const qint64 files = static_cast<qint64>(rep.value(QStringLiteral("files")).toDouble());
        if (files != m_report.files) {
            finish(makeError(ErrorCode::Verify, QStringLiteral("the Secondary restored %1 files, the Primary sent %2").arg(files).arg(m_report.files)));
            return;
        }
        finish({});
        return;
    }
    default:
        finish(makeError(ErrorCode::Protocol, QStringLiteral("unexpected %1 from the Secondary").arg(proto::typeName(static_cast<quint8>(frame.type)))));
    }
}

void CloneJob::startTransfer()
{
    m_stageClock.start();
    m_rate.reset();
    Q_EMIT logMessage(QStringLiteral("streaming the clone (zstd level %1)").arg(m_settings.zstd.level));
    auto settings = std::make_shared<CloneSettings>(m_settings);
    CloneWriterOptions options;
    options.zstd = m_settings.zstd;
    options.sourceHost = m_report.sourceHost;
    const CancelToken cancel = m_cancel;
    ChunkQueue *queue = &m_queue;
    ProgressCounters *counters = &m_counters;
    Stage *stage = &m_stage;
    m_stage = Stage::Snapshot;
    m_writerThread.run<std::shared_ptr<WriterOutcome>>(
        this,
        [this, settings, options, cancel, queue, counters, stage]() mutable {
            auto out = std::make_shared<WriterOutcome>();
            auto prepared = prepareSource(settings->plan, settings->snapshot, settings->stateDir, cancel);
            if (!prepared) {
                out->summary = prepared.error();
                queue->abort(prepared.error());
                return out;
            }
            out->source = std::move(*prepared);
            options.readRoots = out->source->readRoots;
            options.skipPaths = out->source->skipPaths;
            options.liveRead = out->source->liveRead;
            options.snapshot = out->source->snapshotSummary;
            QMetaObject::invokeMethod(this, [this, stage] {
                *stage = Stage::Transfer;
                m_transferStarted = true;
                m_rate.reset();
                pump();
            }, Qt::QueuedConnection);
            ChunkQueueSink sink(*queue, kChunk);
            CloneWriter writer(settings->plan, sink, options, cancel, counters);
            out->summary = writer.run();
            out->released = out->source->release();
            if (!out->summary)
                queue->abort(out->summary.error());
            return out;
        },
        [this](std::shared_ptr<WriterOutcome> out) { onWriterDone(std::move(out)); });
}

void CloneJob::pump()
{
    if (isFinished() || isCancelRequested() || !m_link || !m_linkReady || !m_transferStarted || m_endSent)
        return;
    while (m_link->bytesToWrite() < kSocketHighWater) {
        if (m_sent < m_produced) {
            // Sending again what the agent has not confirmed (after a reconnect or a Resend).
            const auto it = std::find_if(m_window.begin(), m_window.end(), [this](const SentChunk &c) {
                return m_sent < c.offset + c.data.size();
            });
            if (it == m_window.end() || it->offset > m_sent) {
                finish(makeError(ErrorCode::Internal, QStringLiteral("internal: stream byte %1 is no longer held for sending again").arg(m_sent)));
                return;
            }
            sendChunk(*it, m_sent);
            continue;
        }
        if (m_produced - m_acked > proto::kSendWindow - kChunk)
            return;  // the next chunk could take the unacknowledged bytes past the window
        QByteArray chunk;
        switch (m_queue.tryPop(chunk)) {
        case ChunkQueue::TryPop::Chunk: {
            m_streamHash.add(chunk.constData(), static_cast<size_t>(chunk.size()));
            SentChunk sent{m_produced, std::move(chunk), {}};
            sent.sha256 = Sha256::of(sent.data);
            m_produced += sent.data.size();
            m_window.push_back(std::move(sent));
            sendChunk(m_window.back(), m_window.back().offset);
            continue;
        }
        case ChunkQueue::TryPop::Empty:
        case ChunkQueue::TryPop::Aborted:
            return;
        case ChunkQueue::TryPop::Closed:
            if (m_writerDone && !m_writerError) {
                if (m_streamDigest.isEmpty())
                    m_streamDigest = m_streamHash.finish();
                msg::EndData end;
                end.compressedBytes = m_produced;
                end.sha256 = m_streamDigest;
                m_link->sendJson(proto::Type::EndData, end.toJson());
                m_endSent = true;
                if (m_stage != Stage::Remote) {
                    m_report.transferMs = m_stageClock.elapsed();
                    m_stage = Stage::Remote;
                    Q_EMIT logMessage(QStringLiteral("stream sent (%1); the Secondary is verifying and applying").arg(formatBytes(m_produced)));
                }
            }
            return;
        }
    }
}

void CloneJob::onWriterDone(std::shared_ptr<WriterOutcome> outcome)
{
    m_writerDone = true;
    if (isFinished())
        return;
    if (outcome->source) {
        recordSource(m_report, *outcome->source);
        for (const QString &w : outcome->source->warnings)
            Q_EMIT logMessage(QStringLiteral("warning: ") + w);
    }
    if (outcome->summary && !outcome->released)
        outcome->summary = outcome->released.error().withContext(QStringLiteral("removing the snapshots"));
    const Result<WriteSummary> &result = outcome->summary;
    if (!result) {
        m_writerError = result.error();
        if (m_link && m_linkOpen && m_beginSent)
            m_link->sendJson(proto::Type::Cancel, msg::Cancel{result.error().message, m_cloneId}.toJson());
        if (result.error().code == ErrorCode::Cancelled)
            return;  // doCancel() waits for the agent's confirmation
        finish(result.error());
        return;
    }
    const WriteSummary &s = *result;
    m_report.entries = s.entries;
    m_report.files = s.files;
    m_report.bytes = s.bytes;
    m_report.tarBytes = s.tarBytes;
    m_report.compressedBytes = s.compressedBytes;
    for (const SkippedEntry &k : s.skipped)
        m_report.skipped.append({k.path, k.reason});
    m_report.changedWhileRead = s.changedWhileRead;
    pump();
}

void CloneJob::tick()
{
    // Throughput and ETA only mean something while the stream flows.
    JobProgress p = sampleProgress(m_stage, m_counters, m_rate);
    if (m_stage != Stage::Transfer) {
        p.bytesPerSecond = 0;
        p.etaSeconds = -1;
    }
    Q_EMIT progress(p);
}

void CloneJob::doCancel()
{
    Q_EMIT logMessage(QStringLiteral("cancelling: stopping the backup and discarding the Secondary's staging area"));
    m_cancel.cancel();
    m_queue.abort(makeError(ErrorCode::Cancelled, QStringLiteral("clone cancelled")));
    if (m_beginSent) {
        // The agent may hold staging for this clone (from BeginClone on): it must hear the
        // Cancel and confirm with Result{cancelled}. With the link down, the reconnection in
        // progress carries the Cancel instead of a Resume.
        m_cancelTimer.start(15000);
        if (m_link && m_linkOpen)
            sendCancel();
        return;
    }
    if (m_link) {
        m_link->close();
        finish(makeError(ErrorCode::Cancelled, QStringLiteral("clone cancelled")));
    }
    // Scanning: the scan's completion handler sees the cancel and finishes.
}

void CloneJob::finish(const Status &status)
{
    if (isFinished())
        return;
    m_ticker.stop();
    m_cancelTimer.stop();
    m_reconnectTimer.stop();
    m_cancel.cancel();
    m_queue.abort(makeError(ErrorCode::Cancelled, QStringLiteral("clone finished")));
    if (m_link)
        m_link->close();
    tick();
    m_report.setOutcome(status, m_total.elapsed());
    emitResult(status);
}

}  // namespace st
