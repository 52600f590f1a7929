// SPDX-License-Identifier: GPL-3.0-or-later
#include "agent/KernelErrorProbe.h"

#include "agent/SystemdProbe.h"

namespace st {

namespace {
constexpr int kTimeoutMs = 15000;
}  // namespace

KernelErrorProbe::KernelErrorProbe(QObject *parent) : QObject(parent)
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        m_process.kill();
        finish({}, QStringLiteral("journalctl did not answer within %1 s").arg(kTimeoutMs / 1000));
    });
    connect(&m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        m_timeout.stop();
        const QByteArray out = m_process.readAllStandardOutput();
        if (status != QProcess::NormalExit || code != 0)
            finish(parseLines(out), QStringLiteral("journalctl failed: %1").arg(QString::fromUtf8(m_process.readAllStandardError().trimmed()).left(200)));
        else
            finish(parseLines(out), QString());
    });
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            finish({}, QStringLiteral("journalctl cannot run here: %1").arg(m_process.errorString()));
    });
}

KernelErrorProbe::~KernelErrorProbe()
{
    m_process.disconnect(this);
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(1000);
    }
}

QStringList KernelErrorProbe::parseLines(const QByteArray &output)
{
    QStringList lines;
    for (const QByteArray &raw : output.split('\n')) {
        const QByteArray line = raw.trimmed();
        if (line.isEmpty() || line.startsWith("-- "))  // "-- No entries --", "-- Boot ... --"
            continue;
        lines << QString::fromUtf8(line.left(1024));
    }
    return lines.mid(std::max<qsizetype>(0, lines.size() - kMaxLines));
}

void KernelErrorProbe::start()
{
    if (!SystemdProbe::systemdRunning()) {
        QMetaObject::invokeMethod(this, [this] { finish({}, QStringLiteral("this host does not run systemd: no kernel journal to read")); }, Qt::QueuedConnection);
        return;
    }
    m_timeout.start(kTimeoutMs);
    m_process.start(QStringLiteral("journalctl"), {QStringLiteral("-k"), QStringLiteral("-p"), QStringLiteral("err"), QStringLiteral("-b"),
                                                   QStringLiteral("--no-pager"), QStringLiteral("-q"), QStringLiteral("-o"), QStringLiteral("short-monotonic"),
                                                   QStringLiteral("-n"), QString::number(kMaxLines)});
}

void KernelErrorProbe::finish(const QStringList &errors, const QString &note)
{
    if (m_done)
        return;
    m_done = true;
    Q_EMIT done(errors, note);
}

}  // namespace st
