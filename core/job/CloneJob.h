// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The clone spine on the Primary: scan, then stream the protection set to the agent,
 * which restores, verifies and applies it; finished() only when the Secondary reports success.
 *
 * Stages (st::Stage): Scan (worker thread: totals for progress and the agent's free-space check),
 * Connect (SecondaryLink: TLS, pin, pairing), Snapshot (after the agent is ready: freeze,
 * snapshot, thaw; see prepareSource()), Transfer (CloneWriter on a worker thread
 * pushes compressed chunks into a ChunkQueue; this object sends them as Data frames whenever
 * the socket's write buffer runs low and the agent's acknowledgements leave room in the send
 * window, so a slow link or a slow disk slows the reader instead of filling memory), then Remote
 * (stream sent) while the agent's Receive/Verify/Apply progress arrives as remoteProgress().
 *
 * Resume: every Data frame carries its stream offset and SHA-256. The chunks the agent has
 * not acknowledged yet (it acknowledges only what it has fsync'ed) stay in memory, at most
 * the send window (kSendWindow), which also bounds what one interruption makes it send
 * again. resentBytes counts what is sent again as it goes out, and only bytes that had left
 * this process (bytes still in its socket buffer when a link died were never sent). When the link fails with a network error after the agent
 * accepted the clone (cut, reset, corruption that breaks TLS, or keepalive silence), the job
 * connects again (pinned, no pairing code), sends Resume with the clone id, and continues
 * from the offset the agent answers; the writer just waits on its full queue meanwhile. A
 * Resend from the agent (a chunk failed its SHA-256) rewinds the same way. It gives up when
 * the agent stays unreachable for LinkOptions::idleTimeoutMs. Bytes sent again and
 * reconnections are counted in the report (resentBytes, reconnects).
 * A link lost between BeginClone and Ready is retried with the same BeginClone, and so is
 * a first connection that fails once the agent has answered (an agent restarting); one to an
 * address where nothing ever answered fails at once. Each connection that becomes ready gets
 * the next number (BeginClone/Resume::attempt), so the agent can refuse what a dead
 * connection delivers late.
 * cancel() stops the writer and, once BeginClone has gone out, always tells the agent to
 * discard its staging area (Cancel{cloneId}; when the link is down, on the next connection
 * instead of a Resume), waits up to 15 s for its confirmation, and finishes with Cancelled. The report (counts, bytes, durations, skipped and removed paths) is complete
 * after finished(). Lives in one thread (event loop); owns its worker threads.
 */
#include "archive/CloneWriter.h"
#include "archive/SourceWalker.h"
#include "job/Job.h"
#include "job/WorkerThread.h"
#include "net/SecondaryLink.h"
#include "report/CloneReport.h"
#include "snapshot/Snapshot.h"
#include "util/ChunkQueue.h"
#include "util/ProgressCounters.h"
#include "util/Sha256.h"

#include <QElapsedTimer>
#include <QTimer>
#include <deque>
#include <memory>

namespace st {

struct CloneSettings {
    SelectionPlan plan;
    LinkOptions link;
    ZstdOptions zstd;
    SnapshotMode snapshot = SnapshotMode::Auto;
    QString stateDir;  // snapshot journal
    bool applyAtReboot = false;  // staged on the Secondary, applied at its next boot (always so for an agent on a live root)
    /** The agent answered at this address just before (the fit check ran first): a lost network
     *  path is worth a retry from the first connection on (a reset of its very first SYN). */
    bool agentSeen = false;
};

struct WriterOutcome;

class CloneJob : public Job {
    Q_OBJECT
public:
    explicit CloneJob(CloneSettings settings, QObject *parent = nullptr);
    ~CloneJob() override;

    const CloneReport &report() const { return m_report; }

Q_SIGNALS:
    void remoteProgress(const st::JobProgress &progress);
    void secondaryConnected(const st::SecondaryInfo &info);

protected:
    void doStart() override;
    void doCancel() override;

private:
    struct SentChunk {
        qint64 offset = 0;
        QByteArray data;
        QByteArray sha256;
    };

    void startScan();
    void connectSecondary();
    void openLink();
    void onLinkReady(const SecondaryInfo &info);
    void onLinkFailed(const Error &error);
    void rewindTo(qint64 offset);
    void settleLink();
    void sendCancel();
    void sendChunk(const SentChunk &chunk, qint64 from);
    void onFrame(const proto::Frame &frame);
    void startTransfer();
    void pump();
    void onWriterDone(std::shared_ptr<WriterOutcome> outcome);
    void tick();
    void finish(const Status &status);

    CloneSettings m_settings;
    CloneReport m_report;
    CancelToken m_cancel;
    ProgressCounters m_counters;
    ChunkQueue m_queue;
    WorkerThread m_scanThread;
    WorkerThread m_writerThread;
    SecondaryLink *m_link = nullptr;
    QTimer m_ticker;
    QTimer m_cancelTimer;
    RateMeter m_rate;
    RateMeter m_remoteRate;
    QElapsedTimer m_total;
    QElapsedTimer m_stageClock;
    Stage m_stage = Stage::Scan;
    QString m_cloneId;
    Sha256 m_streamHash;
    QByteArray m_streamDigest;
    std::deque<SentChunk> m_window;  // un-acknowledged chunks, oldest first
    qint64 m_produced = 0;           // stream bytes taken from the writer (end of m_window)
    qint64 m_sent = 0;               // next stream offset to send on this link
    struct LinkFrame {
        qint64 linkEnd = 0;  // SecondaryLink::bytesQueued() after the frame
        qint64 streamFrom = 0;
        qint64 streamEnd = 0;
    };
    std::deque<LinkFrame> m_linkFrames;  // Data frames on the current link not known to be acknowledged
    qint64 m_txHigh = 0;             // stream bytes below this left the process on an earlier link (or were acknowledged)
    qint64 m_acked = 0;
    bool m_beginSent = false;        // BeginClone went out: the agent may hold staging; a lost link is retried, a cancel must reach it
    bool m_begun = false;            // the agent accepted BeginClone: from now on a lost link is resumed
    bool m_linkOpen = false;         // m_link is ready (authenticated) and carries frames
    bool m_linkReady = false;        // this link may carry Data (Ready or Resumed received)
    bool m_transferStarted = false;
    int m_reconnectAttempt = 0;
    ScanTotals m_scanTotals;
    qint64 m_attempt = 0;            // connections to the agent that became ready (BeginClone/Resume::attempt)
    bool m_agentSeen = false;        // a TCP connection to the agent was established once: its network errors are retried
    QElapsedTimer m_outage;
    QTimer m_reconnectTimer;
    Error m_lastLinkError;
    bool m_writerDone = false;
    bool m_endSent = false;
    bool m_pumpQueued = false;
    std::optional<Error> m_writerError;
};

}  // namespace st
