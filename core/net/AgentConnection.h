// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The Primary's connection to one agent as every job uses it: a SecondaryLink that is
 * opened again with backoff after a lost network path, until a deadline, and operation
 * requests (net/Operation.h) matched to their Events and Response.
 *
 * Policy (ReconnectPolicy): only a Network error is worth another connection, and only once
 * the agent has answered at this address (a wrong address or a closed port fails at once),
 * unless the job waits for an agent that is expected to be away (a reboot); a refused
 * certificate, pairing or protocol is final. Attempts are spaced firstDelayMs, doubling up to
 * maxDelayMs; a reconnection uses a short connect timeout, so one black-holed attempt does not
 * eat the budget. When the outage (first loss to now) passes giveUpAfterMs, failed() says
 * how long the agent stayed unreachable and why.
 *
 * Signals: ready() for every link that is authenticated (connection() numbers them, 1, 2...),
 * lost() when a link fails and another attempt follows, failed() once when the connection
 * gives up (after it nothing more is emitted). The owner may call retryLater() to drop a
 * ready link and try again with backoff (e.g. the agent still runs in the old boot), and
 * setPolicy() to change the deadline as its work goes on. Requests pending on a link that
 * fails finish with its Network error. Frames that are not for a request are passed on
 * (frameReceived). Lives in one thread (event loop).
 */
#include "net/Operation.h"
#include "net/SecondaryLink.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace st {

struct ReconnectPolicy {
    int giveUpAfterMs = 120000;   // an outage longer than this is final
    int firstDelayMs = 100;
    int maxDelayMs = 2000;
    bool retryBeforeFirstContact = false;  // retry also where nothing has answered yet (an agent expected to be away)
};

/** One request's answer: events as they come, then finished() exactly once. Owned by the connection until finished. */
class PendingRequest : public QObject {
    Q_OBJECT
public:
    PendingRequest(Operation operation, qint64 id, QObject *parent) : QObject(parent), m_operation(operation), m_id(id) {}
    Operation operation() const { return m_operation; }
    qint64 id() const { return m_id; }

Q_SIGNALS:
    void eventReceived(const QString &name, const QJsonObject &body);
    /** The typed body, or the agent's typed error, or the link's error when it failed first. */
    void finished(const st::Result<QJsonObject> &result);

private:
    Operation m_operation;
    qint64 m_id;
};

class AgentConnection : public QObject {
    Q_OBJECT
public:
    AgentConnection(LinkOptions options, ReconnectPolicy policy, QObject *parent = nullptr);
    ~AgentConnection() override;

    void open();
    /** Closes the link; nothing more is emitted. */
    void close();
    void setPolicy(ReconnectPolicy policy);
    /** Drops the ready link and connects again after the next backoff delay (counts as an outage). */
    void retryLater(const QString &why);

    /** The owner got what it needed from a ready link (the agent accepted the work, or
     *  answered as expected): the outage is over and the next loss starts a new one. A link
     *  that becomes ready and fails again at once does not end the outage by itself. */
    void endOutage() { m_outage.invalidate(); }

    bool isReady() const { return m_ready; }
    /** The current link; valid until the next open attempt. */
    SecondaryLink *link() const { return m_link; }
    int connection() const { return m_connections; }
    /** Milliseconds since the first of the current run of failed attempts; -1 when connected. */
    qint64 outageMs() const { return m_outage.isValid() ? m_outage.elapsed() : -1; }
    const QString &address() const { return m_address; }

    /** Sends a Request on the ready link. The PendingRequest is deleted after finished(). */
    PendingRequest *request(Operation operation, int version, const QJsonObject &body);

Q_SIGNALS:
    void ready(const st::SecondaryInfo &info);
    void lost(const st::Error &error);
    void failed(const st::Error &error);
    void frameReceived(const st::proto::Frame &frame);
    void bytesWritten();
    void logMessage(const QString &line);

private:
    void openLink();
    void onReady(const SecondaryInfo &info);
    void onLinkFailed(const Error &error);
    void onFrame(const proto::Frame &frame);
    void scheduleAttempt();
    void failPending(const Error &error);
    void giveUp(const Error &error);

    LinkOptions m_options;
    ReconnectPolicy m_policy;
    QString m_address;
    SecondaryLink *m_link = nullptr;
    QTimer m_retry;
    QElapsedTimer m_outage;
    Error m_lastError;
    int m_delayStep = 0;
    int m_connections = 0;
    bool m_agentSeen = false;
    bool m_ready = false;
    bool m_done = false;
    qint64 m_nextRequestId = 1;
    QHash<qint64, QPointer<PendingRequest>> m_pending;
};

}  // namespace st
