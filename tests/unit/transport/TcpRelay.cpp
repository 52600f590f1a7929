// SPDX-License-Identifier: GPL-3.0-or-later
#include "TcpRelay.h"

#include <QHostAddress>

namespace st::test {

struct TcpRelay::Pair {
    QPointer<QTcpSocket> primary;
    QPointer<QTcpSocket> agent;
    qint64 fromPrimary = 0;
    qint64 faultAfter = -1;  // -1: no fault on this connection
    bool frozen = false;
    QByteArray pendingToAgent;  // what the Primary sent before the agent side connected
    QByteArray heldReplies;     // what the agent sent while replies are held
};

TcpRelay::TcpRelay(quint16 targetPort, QObject *parent) : QObject(parent), m_targetPort(targetPort)
{
    connect(&m_server, &QTcpServer::newConnection, this, &TcpRelay::onNewConnection);
    m_server.listen(QHostAddress::LocalHost, 0);
}

TcpRelay::~TcpRelay()
{
    for (Pair *p : m_pairs) {
        if (p->primary)
            p->primary->abort();
        if (p->agent)
            p->agent->abort();
        delete p;
    }
}

void TcpRelay::setFaults(Fault fault, QList<qint64> afterBytes)
{
    m_fault = fault;
    m_afterBytes = std::move(afterBytes);
}

void TcpRelay::holdReplies(bool hold)
{
    m_holdReplies = hold;
    if (hold)
        return;
    for (Pair *p : m_pairs)
        if (!p->heldReplies.isEmpty() && p->primary && !p->frozen)
            p->primary->write(std::exchange(p->heldReplies, QByteArray()));
}

void TcpRelay::onNewConnection()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        auto *pair = new Pair;
        m_pairs.append(pair);
        pair->primary = client;
        client->setParent(this);
        if (m_connections < m_afterBytes.size())
            pair->faultAfter = m_afterBytes.at(m_connections);
        ++m_connections;
        auto *agent = new QTcpSocket(this);
        pair->agent = agent;
        connect(client, &QTcpSocket::readyRead, this, [this, pair] { forward(pair, pair->primary, pair->agent, true); });
        connect(agent, &QTcpSocket::readyRead, this, [this, pair] { forward(pair, pair->agent, pair->primary, false); });
        connect(agent, &QTcpSocket::connected, this, [pair] {
            if (!pair->pendingToAgent.isEmpty() && !pair->frozen)
                pair->agent->write(std::exchange(pair->pendingToAgent, QByteArray()));
        });
        auto closeBoth = [pair] {
            if (pair->frozen)
                return;
            if (pair->primary && pair->primary->state() != QAbstractSocket::UnconnectedState)
                pair->primary->disconnectFromHost();
            if (pair->agent && pair->agent->state() != QAbstractSocket::UnconnectedState)
                pair->agent->disconnectFromHost();
        };
        connect(client, &QTcpSocket::disconnected, this, closeBoth);
        connect(agent, &QTcpSocket::disconnected, this, closeBoth);
        agent->connectToHost(QHostAddress::LocalHost, m_targetPort);
    }
}

void TcpRelay::forward(Pair *pair, QTcpSocket *from, QTcpSocket *to, bool fromPrimary)
{
    if (pair->frozen || !from || !to)
        return;
    QByteArray data = from->readAll();
    if (fromPrimary && pair->faultAfter >= 0 && pair->fromPrimary + data.size() > pair->faultAfter) {
        // Pass on what comes before the fault point, then inject the fault.
        data.truncate(pair->faultAfter - pair->fromPrimary);
        if (!data.isEmpty())
            to->write(data);
        to->flush();
        pair->fromPrimary = pair->faultAfter;
        pair->faultAfter = -1;
        const int number = m_injected++;
        if (m_fault == Fault::Cut) {
            pair->primary->abort();
            pair->agent->abort();
        } else {
            pair->frozen = true;  // sockets stay open, nothing moves: a silent hang
        }
        if (m_onFault)
            m_onFault(number);
        return;
    }
    if (!fromPrimary && m_holdReplies) {
        pair->heldReplies.append(data);
        return;
    }
    if (fromPrimary)
        pair->fromPrimary += data.size();
    if (fromPrimary && to->state() != QAbstractSocket::ConnectedState)
        pair->pendingToAgent.append(data);
    else
        to->write(data);
}

}  // namespace st::test
