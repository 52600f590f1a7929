// SPDX-License-Identifier: GPL-3.0-or-later
#include "agent/SystemdProbe.h"

#include <QFileInfo>

namespace st {

namespace {
constexpr int kTimeoutMs = 10000;
constexpr qsizetype kMaxUnits = 256;
}  // namespace

SystemdProbe::SystemdProbe(QObject *parent) : QObject(parent)
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        m_process.kill();
        if (m_step == 0)
            m_state.systemState = QStringLiteral("unknown");
        finish();
    });
    connect(&m_process, &QProcess::finished, this, &SystemdProbe::onFinished);
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e != QProcess::FailedToStart)
            return;  // the others end in finished()
        m_state.systemState = QStringLiteral("unknown");
        finish();
    });
}

SystemdProbe::~SystemdProbe()
{
    m_process.disconnect(this);
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(1000);
    }
}

bool SystemdProbe::systemdRunning()
{
    return QFileInfo(QStringLiteral("/run/systemd/system")).isDir();
}

QStringList SystemdProbe::parseFailedUnits(const QByteArray &output)
{
    QStringList units;
    for (const QByteArray &line : output.split('\n')) {
        const QByteArray name = line.trimmed().split(' ').value(0);
        if (name.isEmpty() || name == "●")
            continue;
        units.append(QString::fromUtf8(name));
        if (units.size() >= kMaxUnits)
            break;
    }
    return units;
}

void SystemdProbe::start()
{
    if (!systemdRunning()) {
        m_state.systemState = QStringLiteral("offline");
        QMetaObject::invokeMethod(this, &SystemdProbe::finish, Qt::QueuedConnection);
        return;
    }
    run({QStringLiteral("is-system-running")});
}

void SystemdProbe::run(const QStringList &args)
{
    m_timeout.start(kTimeoutMs);
    m_process.start(QStringLiteral("systemctl"), args);
}

void SystemdProbe::onFinished()
{
    m_timeout.stop();
    const QByteArray out = m_process.readAllStandardOutput();
    if (m_step == 0) {
        // Exits non-zero for anything but "running", yet prints the state.
        const QString state = QString::fromUtf8(out.trimmed()).left(32);
        m_state.systemState = state.isEmpty() ? QStringLiteral("unknown") : state;
        m_step = 1;
        run({QStringLiteral("list-units"), QStringLiteral("--state=failed"), QStringLiteral("--plain"),
             QStringLiteral("--no-legend"), QStringLiteral("--no-pager")});
        return;
    }
    m_state.failedUnits = parseFailedUnits(out);
    finish();
}

void SystemdProbe::finish()
{
    if (m_done)
        return;
    m_done = true;
    Q_EMIT done(m_state);
}

}  // namespace st
