// SPDX-License-Identifier: GPL-3.0-or-later
#include "agent/service/OperationCall.h"

namespace st {

OperationCall::OperationCall(msg::OperationRequest request, QByteArray peerFingerprint, QString peerHost, QObject *parent)
    : QObject(parent), m_request(std::move(request)), m_peerFingerprint(std::move(peerFingerprint)), m_peerHost(std::move(peerHost))
{
}

void OperationCall::sendEvent(const QString &event, const QJsonObject &body)
{
    if (m_finished)
        return;
    Q_EMIT eventReady(msg::OperationEvent{m_request.id, event, body});
}

void OperationCall::finish(Result<QJsonObject> result)
{
    if (m_finished)
        return;
    m_finished = true;
    Q_EMIT finished(msg::OperationResponse{m_request.id, std::move(result)});
}

}  // namespace st
