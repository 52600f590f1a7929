// SPDX-License-Identifier: GPL-3.0-or-later
#include "AgentProcess.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonDocument>

#include <catch2/catch.hpp>
#include <QThread>

namespace st::test {


QJsonObject readJson(const QByteArray &file)
{
    QFile f(s(file));
    REQUIRE(f.open(QIODevice::ReadOnly));
    return QJsonDocument::fromJson(f.readAll()).object();
}

QString binary(const char *name)
{
    if (testingShippedPrograms())
        return qEnvironmentVariable("ST_PROGRAM_DIR") + QLatin1Char('/') + QLatin1String(name);
    return QStringLiteral(ST_BINARY_DIR "/app/") + QLatin1String(name);
}

bool testingShippedPrograms()
{
    return !qEnvironmentVariableIsEmpty("ST_PROGRAM_DIR");
}

CliRun runBinary(const char *name, const QStringList &args, int timeoutMs)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(binary(name), args);
    CliRun r;
    if (!p.waitForStarted(10000)) {
        r.output = p.errorString().toUtf8();
        return r;
    }
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.output = "timed out: " + p.readAll();
        return r;
    }
    r.output = p.readAll();
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return r;
}

AgentProcess::AgentProcess(const QByteArray &root, const QByteArray &stateDir, const QString &pairingCode,
                           QStringList extraArgs)
{
    const QString portFile = QString::fromLocal8Bit(stateDir) + QStringLiteral(".port");
    QFile::remove(portFile);
    QStringList args{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                     QStringLiteral("--root"), QString::fromLocal8Bit(root),
                     QStringLiteral("--state-dir"), QString::fromLocal8Bit(stateDir),
                     QStringLiteral("--port-file"), portFile};
    if (!pairingCode.isEmpty())
        args << QStringLiteral("--pairing-code-file") << QStringLiteral("-");  // standard input: never on a command line
    args << extraArgs;
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(binary("servertwin-agent"), args);
    if (!m_process.waitForStarted(10000))
        return;
    if (!pairingCode.isEmpty())
        m_process.write(pairingCode.toLatin1() + '\n');
    m_process.closeWriteChannel();
    QDeadlineTimer deadline(15000);
    while (!deadline.hasExpired() && m_process.state() == QProcess::Running) {
        m_process.waitForReadyRead(100);
        m_output += m_process.readAll();
        QFile f(portFile);
        if (m_output.contains("Certificate fingerprint:") && f.open(QIODevice::ReadOnly)) {
            m_port = static_cast<quint16>(f.readAll().trimmed().toUInt());
            break;
        }
    }
}

AgentProcess::~AgentProcess()
{
    stop();
}

QByteArray AgentProcess::output()
{
    m_output += m_process.readAll();
    return m_output;
}

bool AgentProcess::waitForOutput(const QByteArray &text, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!output().contains(text)) {
        if (deadline.hasExpired() || m_process.state() != QProcess::Running)
            return output().contains(text);
        m_process.waitForReadyRead(static_cast<int>(std::min<qint64>(100, std::max<qint64>(1, deadline.remainingTime()))));
    }
    return true;
}

void AgentProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(10000)) {
        m_process.kill();
        m_process.waitForFinished();
    }
    m_output += m_process.readAll();
}

}  // namespace st::test
