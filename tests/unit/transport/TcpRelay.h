// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Test helper: a loopback TCP relay between a Primary and an agent that injects link
 * faults the tests control: cut the connection (both sides aborted) or freeze it (nothing
 * forwarded either way, the sockets stay open: a silent hang) after a number of bytes from
 * the Primary. It can also hold back what the agent sends (holdReplies) until released, so a
 * test can act on the Primary before an answer reaches it. Test-only; lives in the test's
 * thread (event loop).
 */
#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

#include <functional>

namespace st::test {

class TcpRelay : public QObject {
    Q_OBJECT
public:
    enum class Fault { Cut, Freeze };

    explicit TcpRelay(quint16 targetPort, QObject *parent = nullptr);
    ~TcpRelay() override;

    quint16 port() const { return m_server.serverPort(); }
    void setTargetPort(quint16 port) { m_targetPort = port; }
    /** Each new connection gets the next fault after its byte count; connections past the list run clean. */
    void setFaults(Fault fault, QList<qint64> afterBytes);
    /** Called (in the relay's thread) right after a fault was injected, with its number (0-based). */
    void setOnFault(std::function<void(int)> callback) { m_onFault = std::move(callback); }
    /** While true, bytes from the agent are kept back; false sends them on. */
    void holdReplies(bool hold);
    int connections() const { return m_connections; }
    int faultsInjected() const { return m_injected; }

private:
    struct Pair;
    void onNewConnection();
    void forward(Pair *pair, QTcpSocket *from, QTcpSocket *to, bool fromPrimary);

    QTcpServer m_server;
    quint16 m_targetPort;
    Fault m_fault = Fault::Cut;
    QList<qint64> m_afterBytes;
    std::function<void(int)> m_onFault;
    int m_connections = 0;
    int m_injected = 0;
    bool m_holdReplies = false;
    QList<Pair *> m_pairs;
};

}  // namespace st::test
