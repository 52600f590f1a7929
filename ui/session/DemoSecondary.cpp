// SPDX-License-Identifier: GPL-3.0-or-later
#include "session/DemoSecondary.h"

#include "net/PairingCode.h"

#include <QDir>
#include <QFile>

#include <sys/resource.h>
#include <unistd.h>

namespace st {

DemoSecondary::DemoSecondary(QString agentProgram, QString workDir, QObject *parent)
    : QObject(parent), m_program(std::move(agentProgram)), m_workDir(std::move(workDir))
{
    m_agent.setProcessChannelMode(QProcess::SeparateChannels);
    // The demo agent shares this machine with the wizard: keep it out of the GUI's way.
    m_agent.setChildProcessModifier([] { (void)setpriority(PRIO_PROCESS, 0, 10); });
    m_agent.setStandardErrorFile(QDir(m_workDir).filePath(QStringLiteral("agent.log")), QIODevice::Append);
    connect(&m_agent, &QProcess::readyReadStandardOutput, this, &DemoSecondary::onOutput);
    connect(&m_agent, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            fail(tr("cannot start the demo agent %1: %2").arg(m_program, m_agent.errorString()));
    });
    connect(&m_agent, &QProcess::finished, this, [this](int code, QProcess::ExitStatus) {
        fail(tr("the demo agent stopped (exit code %1); its messages are in %2")
                 .arg(code)
                 .arg(QDir(m_workDir).filePath(QStringLiteral("agent.log"))));
    });
}

DemoSecondary::~DemoSecondary()
{
    if (m_agent.state() == QProcess::NotRunning)
        return;
    m_agent.disconnect(this);
    m_agent.terminate();
    if (!m_agent.waitForFinished(5000))
        m_agent.kill();
    m_agent.waitForFinished(2000);
}

QString DemoSecondary::defaultWorkDir()
{
    return QDir::tempPath() + QStringLiteral("/servertwin-demo-wizard");
}

QString DemoSecondary::secondaryRoot() const
{
    return QDir(m_workDir).filePath(QStringLiteral("secondary-root"));
}

QString DemoSecondary::primaryStateDir() const
{
    return QDir(m_workDir).filePath(QStringLiteral("primary-state"));
}

QString DemoSecondary::address() const
{
    return m_port ? QStringLiteral("127.0.0.1:%1").arg(m_port) : QString();
}

void DemoSecondary::start()
{
    if (m_agent.state() != QProcess::NotRunning || isReady())
        return;
    if (!QDir().mkpath(secondaryRoot()) || !QDir().mkpath(primaryStateDir())) {
        fail(tr("cannot create the demo sandbox in %1").arg(m_workDir));
        return;
    }
    m_failed = false;
    m_console.clear();
    m_code = PairingCode::format(*PairingCode::normalise(PairingCode::generate()));
    QFile::remove(QDir(m_workDir).filePath(QStringLiteral("agent.port")));
    QStringList args{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                     QStringLiteral("--root"), secondaryRoot(),
                     QStringLiteral("--state-dir"), QDir(m_workDir).filePath(QStringLiteral("agent-state")),
                     QStringLiteral("--pairing-code-file"), QStringLiteral("-"),  // never on a command line
                     QStringLiteral("--port-file"), QDir(m_workDir).filePath(QStringLiteral("agent.port"))};
    if (geteuid() != 0)
        args << QStringLiteral("--no-owner");
    m_agent.start(m_program, args);
    m_agent.write(m_code.toLatin1() + '\n');  // buffered until the process has started
    m_agent.closeWriteChannel();
}

void DemoSecondary::onOutput()
{
    m_console += m_agent.readAllStandardOutput();
    if (isReady() || m_failed)
        return;
    const qsizetype at = m_console.indexOf("Certificate fingerprint: ");
    if (at < 0 || m_console.indexOf('\n', at) < 0)
        return;
    const qsizetype start = at + qsizetype(sizeof("Certificate fingerprint: ") - 1);
    m_fingerprint = QString::fromUtf8(m_console.mid(start, m_console.indexOf('\n', at) - start)).trimmed();
    QFile portFile(QDir(m_workDir).filePath(QStringLiteral("agent.port")));
    bool ok = false;
    const uint port = portFile.open(QIODevice::ReadOnly) ? portFile.readAll().trimmed().toUInt(&ok) : 0;
    if (!ok || port == 0 || port > 65535) {
        fail(tr("the demo agent did not report its port in %1").arg(portFile.fileName()));
        return;
    }
    m_port = static_cast<quint16>(port);
    Q_EMIT ready();
}

void DemoSecondary::fail(const QString &message)
{
    if (m_failed)
        return;
    m_failed = true;
    m_port = 0;
    Q_EMIT failed(makeError(ErrorCode::Io, message));
}

}  // namespace st
