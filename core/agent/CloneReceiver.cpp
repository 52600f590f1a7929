// SPDX-License-Identifier: GPL-3.0-or-later
#include "agent/CloneReceiver.h"

#include "util/Sha256.h"

namespace st {

CloneReceiver::CloneReceiver(std::shared_ptr<StreamSpool> spool, RestoreOptions options, int resumeTimeoutMs, QObject *parent)
    : QObject(parent), m_spool(std::move(spool)), m_options(std::move(options))
{
    qRegisterMetaType<st::Result<st::RestoreReport>>();
    m_expected = m_spool->length();
    m_resumeTimer.setSingleShot(true);
    m_resumeTimer.setInterval(resumeTimeoutMs);
    connect(&m_resumeTimer, &QTimer::timeout, this, [this] {
        if (m_result) {
            Q_EMIT expired();
            return;
        }
        Q_EMIT logLine(QStringLiteral("clone %1: the Primary did not come back within %2 s; discarding its staging")
                           .arg(cloneId()).arg(m_resumeTimer.interval() / 1000));
        cancel(makeError(ErrorCode::Network, QStringLiteral("the Primary did not resume the clone in time")));
    });
    if (auto room = SpoolRoom::measure(m_options.root, m_spool->directory(), m_options))
        m_room = *room;  // else: nothing to measure with; ENOSPC still stops the clone cleanly
    m_worker = new RestoreWorker(m_options, m_spool, this);
    connect(m_worker, &RestoreWorker::finished, this, [this](const Result<RestoreReport> &r) {
        m_result = r;
        // The clone is over either way. Its outcome is recorded durably before anyone is told and
        // before the spool goes, so an agent killed now still answers the Primary's Resume.
        m_outcome = OutcomeRecord::fromRestore(m_spool->meta(), m_spool->durableLength(), r);
        if (Status s = m_outcome->save(m_spool->directory()); !s)
            Q_EMIT logLine(QStringLiteral("clone %1: %2; a Primary that lost the Result cannot get it again").arg(cloneId(), s.error().message));
        StreamSpool::discard(m_spool->directory());
        m_spool->close();  // the worker's reader is gone too: nothing holds the deleted spool open
        const bool timedOut = !m_session && !m_resumeTimer.isActive();
        Q_EMIT finished(r);
        if (timedOut)
            Q_EMIT expired();
        else if (!m_session)
            m_resumeTimer.start();  // keep the outcome for a Primary that resumes
    });
}

// The spool outlives the receiver (an agent stopped or killed mid-transfer resumes from it);
// it is discarded when the restore finishes, when its time runs out, or by the next clone.
CloneReceiver::~CloneReceiver() = default;

void CloneReceiver::start()
{
    m_worker->start();
    if (!m_session)
        m_resumeTimer.start();
}

void CloneReceiver::attach(QObject *session, qint64 attempt)
{
    m_session = session;
    m_attempt = std::max(m_attempt, attempt);
    m_resumeTimer.stop();
    m_awaitingResend = false;
    if (m_result)
        return;
    // The new session continues from what is durable (a superseded one may have left unsynced bytes).
    if (auto durable = m_spool->sync(); durable)
        m_expected = *durable;
    else
        cancel(durable.error());
}

void CloneReceiver::detach(QObject *session)
{
    if (m_session != session)
        return;
    m_session = nullptr;
    // Anything written but not yet synced is simply sent again after the Resume.
    if (auto durable = m_spool->sync(); durable)
        m_expected = *durable;
    m_resumeTimer.start();
}

Result<CloneReceiver::ChunkOutcome> CloneReceiver::takeChunk(const proto::DataHeader &header, const char *data, qsizetype size,
                                                             qint64 *resendFrom, QString *reason)
{
    if (m_spool->meta().ended)
        return makeError(ErrorCode::Protocol, QStringLiteral("the Primary sent data after the end of the stream"));
    if (header.offset != m_expected) {
        if (m_awaitingResend)
            return ChunkOutcome::Ignored;  // still in flight from before the Resend
        return makeError(ErrorCode::Protocol, QStringLiteral("the Primary sent stream bytes at offset %1, expected %2")
                                                  .arg(header.offset).arg(m_expected));
    }
    if (m_result)
        return makeError(ErrorCode::Protocol, QStringLiteral("the Primary sent data for a restore that has ended"));
    if (Sha256::of(QByteArray::fromRawData(data, size)) != header.sha256) {
        m_awaitingResend = true;
        *resendFrom = m_expected;
        *reason = QStringLiteral("the chunk at offset %1 (%2 bytes) failed its SHA-256").arg(header.offset).arg(size);
        return ChunkOutcome::ResendRequested;
    }
    m_awaitingResend = false;
    if (m_room)
        if (Status s = m_room->watch(m_spool->length(), size, m_worker->progress().counters.bytesDone); !s)
            return s.error();
    if (Status s = m_spool->append(data, static_cast<size_t>(size)); !s)
        return s.error();
    m_expected += size;
    return ChunkOutcome::Written;
}

Result<qint64> CloneReceiver::flush()
{
    return m_spool->sync();
}

Status CloneReceiver::endData(qint64 bytes, const QByteArray &sha256)
{
    if (bytes != m_expected)
        return makeError(ErrorCode::Verify, QStringLiteral("the clone stream arrived damaged: %1 bytes received, %2 sent")
                                                .arg(m_expected).arg(bytes));
    return m_spool->markEnded(bytes, sha256);
}

void CloneReceiver::cancel(const Error &why)
{
    m_worker->abort(why);
}

}  // namespace st
