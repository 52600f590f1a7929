// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The agent's local control socket: how `servertwin-agent pairing-code` asks the
 * running agent for its current pairing code and certificate fingerprint, so the code never
 * has to go to a log or a command line.
 *
 * A Unix socket, `<state-dir>/control.sock`, created by the agent (owner-only, inside the
 * 0700 state directory); every peer's credentials are checked with SO_PEERCRED and only root
 * or the user the agent runs as is answered. One request line ("pairing-code"), one JSON
 * line in reply: {"code", "fingerprint", "lockedUntil", "message"}. The server lives in the
 * agent's main thread; requestPairingCode() is the client side, blocking, for the command.
 */
#include "util/Result.h"

#include <QJsonObject>
#include <QObject>
#include <functional>

class QLocalServer;

namespace st {

class AgentControl : public QObject {
    Q_OBJECT
public:
    /** @p answer builds the reply to a pairing-code request (called on this thread). */
    AgentControl(QString stateDir, std::function<QJsonObject()> answer, QObject *parent = nullptr);
    ~AgentControl() override;

    Status listen();
    static QString socketPath(const QString &stateDir);

Q_SIGNALS:
    void logLine(const QString &line);

private:
    void onConnection();

    QString m_stateDir;
    std::function<QJsonObject()> m_answer;
    QLocalServer *m_server;
};

/** Asks the agent running with @p stateDir for its pairing code (the reply object), within @p timeoutMs. */
Result<QJsonObject> requestPairingCode(const QString &stateDir, int timeoutMs = 5000);

}  // namespace st
