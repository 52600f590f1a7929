// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The agent's side of one clone, independent of any connection: the durable stream
 * spool, the restore worker reading it, and the clone's outcome.
 *
 * A session attaches to it with BeginClone (a new receiver) or Resume (an existing one) and
 * feeds it verified chunks (takeChunk(), then flush() makes them durable before the session
 * acknowledges them). When the link is lost the session detaches and the receiver waits
 * for the Primary to come back: the worker keeps extracting what the spool holds, and
 * after resumeTimeoutMs without a session the restore is cancelled and the spool and
 * staging are discarded. cancel() (the Primary's Cancel) discards them at once, in any state
 * before Apply. When the worker ends, its outcome (OutcomeRecord) is saved durably in the
 * spool's directory first, then the spool is removed, then finished() hands it to the
 * attached session; without one it is kept for a Primary that resumes, so a Result lost
 * with a link, or with the agent process, is sent again. Created by AgentServer (also at start, from a spool a killed agent left), which
 * owns it. Lives in the agent's main thread.
 */
#include "agent/OutcomeRecord.h"
#include "agent/RestoreWorker.h"
#include "agent/SpoolRoom.h"
#include "agent/StreamSpool.h"
#include "net/Protocol.h"

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <memory>
#include <optional>

namespace st {

class CloneReceiver : public QObject {
    Q_OBJECT
public:
    CloneReceiver(std::shared_ptr<StreamSpool> spool, RestoreOptions options, int resumeTimeoutMs, QObject *parent = nullptr);
    ~CloneReceiver() override;

    void start();
    const SpoolMeta &meta() const { return m_spool->meta(); }
    const QString &cloneId() const { return m_spool->meta().cloneId; }

    /** The session now speaking for the Primary, on its connection number @p attempt
     *  (BeginClone/Resume::attempt); a previous session is forgotten. */
    void attach(QObject *session, qint64 attempt);
    /** The Primary's connection number the clone was last begun or resumed on (0 after an agent restart). */
    qint64 attempt() const { return m_attempt; }
    /** @p session lost its link: wait for a Resume (bounded by the resume timeout). */
    void detach(QObject *session);
    QObject *session() const { return m_session; }

    enum class ChunkOutcome { Written, Ignored, ResendRequested };
    /** Checks and writes one Data chunk; ResendRequested sets *resendFrom and *reason. */
    Result<ChunkOutcome> takeChunk(const proto::DataHeader &header, const char *data, qsizetype size,
                                   qint64 *resendFrom, QString *reason);
    /** Makes the written chunks durable; returns the durable length (what may be acknowledged). */
    Result<qint64> flush();
    /** EndData: the stream is complete with this size and SHA-256 (checked by the reader). */
    Status endData(qint64 bytes, const QByteArray &sha256);
    /** Stops the restore before Apply; the result (an error) still arrives. */
    void cancel(const Error &why);

    /** A Resend is out: Data and EndData sent before it are ignored. */
    bool awaitingResend() const { return m_awaitingResend; }
    qint64 durableOffset() const { return m_spool->durableLength(); }
    bool inputEnded() const { return m_spool->meta().ended; }
    const RestoreProgress &progress() const { return m_worker->progress(); }
    /** Set once the worker has finished. */
    const std::optional<Result<RestoreReport>> &result() const { return m_result; }
    /** What the Primary is told (Result, ReportItems); set, and saved, once the worker has finished. */
    const std::optional<OutcomeRecord> &outcome() const { return m_outcome; }

Q_SIGNALS:
    /** The worker finished (also when no session is attached); outcome() is set. */
    void finished(const st::Result<st::RestoreReport> &result);
    /** No session came back in time; the owner deletes the receiver. */
    void expired();
    void logLine(const QString &line);

private:
    std::shared_ptr<StreamSpool> m_spool;
    RestoreOptions m_options;
    RestoreWorker *m_worker = nullptr;
    QPointer<QObject> m_session;
    QTimer m_resumeTimer;
    qint64 m_attempt = 0;
    qint64 m_expected = 0;          // next stream offset to write
    bool m_awaitingResend = false;  // a Resend is out: ignore Data until m_expected arrives
    std::optional<Result<RestoreReport>> m_result;
    std::optional<OutcomeRecord> m_outcome;
    std::optional<SpoolRoom> m_room;  // watched before every chunk is spooled
};

}  // namespace st
