// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief One request in flight on the agent: what the Primary asked (operation version and
 * typed body, who asked) and the way back (events, then exactly one response).
 *
 * The session that received the Request owns the call and writes what it emits to its
 * socket; when the connection goes, the session deletes its calls, so a service that
 * answers later holds a QPointer and answers only if the call still exists. finish() emits
 * finished() once; later events and finishes are ignored. Lives in the agent's main thread.
 */
#include "net/Operation.h"

#include <QByteArray>
#include <QObject>

namespace st {

class OperationCall : public QObject {
    Q_OBJECT
public:
    OperationCall(msg::OperationRequest request, QByteArray peerFingerprint, QString peerHost, QObject *parent);

    qint64 id() const { return m_request.id; }
    int version() const { return m_request.version; }
    const QJsonObject &body() const { return m_request.body; }
    const QByteArray &peerFingerprint() const { return m_peerFingerprint; }
    const QString &peerHost() const { return m_peerHost; }
    bool isFinished() const { return m_finished; }

    void sendEvent(const QString &event, const QJsonObject &body = {});
    void finish(Result<QJsonObject> result);

Q_SIGNALS:
    void eventReady(const st::msg::OperationEvent &event);
    void finished(const st::msg::OperationResponse &response);

private:
    msg::OperationRequest m_request;
    QByteArray m_peerFingerprint;
    QString m_peerHost;
    bool m_finished = false;
};

}  // namespace st
