// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Test helper: a real servertwin-agent process on 127.0.0.1 (free port) with its own
 * sandbox root and state directory, and a runner for servertwin-cli. Test-only; one thread.
 */
#include "support/TestTree.h"

#include <QByteArray>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace st::test {

/** The program @p name under test: the build's (app/NAME), or, with ST_PROGRAM_DIR set (CI
 *  sets it to /usr/bin with the packages installed), the shipped one in that directory. */
QString binary(const char *name);
/** ST_PROGRAM_DIR is set: the programs under test are the shipped ones, not this build's. */
bool testingShippedPrograms();

struct CliRun {
    int exitCode = -1;
    QByteArray output;  // stdout + stderr
};

/** The JSON object in @p file (a report); a failed test assertion if it is unreadable. */
QJsonObject readJson(const QByteArray &file);

/** Runs a project binary to completion (bounded by @p timeoutMs). */
CliRun runBinary(const char *name, const QStringList &args, int timeoutMs = 600000);

class AgentProcess {
public:
    AgentProcess(const QByteArray &root, const QByteArray &stateDir, const QString &pairingCode,
                 QStringList extraArgs = {});
    ~AgentProcess();
    bool started() const { return m_port != 0; }
    quint16 port() const { return m_port; }
    QString address() const { return QStringLiteral("127.0.0.1:%1").arg(m_port); }
    qint64 pid() const { return m_process.processId(); }
    QByteArray output();
    /** Reads the agent's output until it holds @p text (true) or @p timeoutMs pass (false). */
    bool waitForOutput(const QByteArray &text, int timeoutMs);
    void stop();

private:
    QProcess m_process;
    quint16 m_port = 0;
    QByteArray m_output;
};

}  // namespace st::test
