// SPDX-License-Identifier: GPL-3.0-or-later
#include "NetLab.h"

#include "support/TestTree.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QThread>

#include <unistd.h>

namespace st::test {

namespace {
const QString kIp = QStringLiteral("ip");
const QString kCode = QStringLiteral("K7QF-3M9X-TR2C");

QString bin(const char *name)
{
    return QStringLiteral(ST_BINARY_DIR "/app/") + QLatin1String(name);
}

int quiet(const QString &program, const QStringList &args, QByteArray *output = nullptr)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForStarted(10000))
        return -1;
    p.waitForFinished(60000);
    if (output)
        *output = p.readAll();
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

int g_labs = 0;
}  // namespace

QString NetLab::unavailableReason()
{
    if (geteuid() != 0)
        return QStringLiteral("the fault suite needs root (network namespaces, nftables, tc)");
    for (const char *tool : {"ip", "nft", "tc"})
        if (QStandardPaths::findExecutable(QLatin1String(tool)).isEmpty()
            && !QFileInfo::exists(QStringLiteral("/usr/sbin/") + QLatin1String(tool)))
            return QStringLiteral("%1 is not installed (scripts/install-deps.sh installs iproute2 and nftables)").arg(QLatin1String(tool));
    const QString probe = QStringLiteral("stprobe%1").arg(getpid());
    QByteArray out;
    if (quiet(kIp, {QStringLiteral("netns"), QStringLiteral("add"), probe}, &out) != 0)
        return QStringLiteral("network namespaces are not available: %1").arg(QString::fromLocal8Bit(out.trimmed()));
    const int nftOk = quiet(kIp, {QStringLiteral("netns"), QStringLiteral("exec"), probe, QStringLiteral("nft"),
                                  QStringLiteral("add table inet probe")}, &out);
    quiet(kIp, {QStringLiteral("netns"), QStringLiteral("del"), probe});
    if (nftOk != 0)
        return QStringLiteral("nftables does not work in a namespace here: %1").arg(QString::fromLocal8Bit(out.trimmed()));
    return {};
}

NetLab::NetLab()
{
    const int n = ++g_labs;
    m_pri = QStringLiteral("stfp%1x%2").arg(getpid()).arg(n);
    m_sec = QStringLiteral("stfs%1x%2").arg(getpid()).arg(n);
    m_code = kCode;
    m_work = QStringLiteral("/dev/shm/servertwin-fault-%1-%2").arg(getpid()).arg(n).toLocal8Bit();
    QDir(QString::fromLocal8Bit(m_work)).removeRecursively();
    QDir().mkpath(QString::fromLocal8Bit(work("secondary-root")));
    const QList<QStringList> setup = {
        {QStringLiteral("netns"), QStringLiteral("add"), m_pri},
        {QStringLiteral("netns"), QStringLiteral("add"), m_sec},
        {QStringLiteral("link"), QStringLiteral("add"), m_pri, QStringLiteral("type"), QStringLiteral("veth"), QStringLiteral("peer"), QStringLiteral("name"), m_sec},
        {QStringLiteral("link"), QStringLiteral("set"), m_pri, QStringLiteral("netns"), m_pri},
        {QStringLiteral("link"), QStringLiteral("set"), m_sec, QStringLiteral("netns"), m_sec},
        {QStringLiteral("-n"), m_pri, QStringLiteral("addr"), QStringLiteral("add"), QStringLiteral("198.18.0.1/30"), QStringLiteral("dev"), m_pri},
        {QStringLiteral("-n"), m_sec, QStringLiteral("addr"), QStringLiteral("add"), QStringLiteral("198.18.0.2/30"), QStringLiteral("dev"), m_sec},
        {QStringLiteral("-n"), m_pri, QStringLiteral("link"), QStringLiteral("set"), QStringLiteral("lo"), QStringLiteral("up")},
        {QStringLiteral("-n"), m_sec, QStringLiteral("link"), QStringLiteral("set"), QStringLiteral("lo"), QStringLiteral("up")},
        {QStringLiteral("-n"), m_pri, QStringLiteral("link"), QStringLiteral("set"), m_pri, QStringLiteral("up")},
        {QStringLiteral("-n"), m_sec, QStringLiteral("link"), QStringLiteral("set"), m_sec, QStringLiteral("up")},
    };
    for (const QStringList &args : setup) {
        QByteArray out;
        if (quiet(kIp, args, &out) != 0) {
            m_error = QStringLiteral("ip %1 failed: %2").arg(args.join(QLatin1Char(' ')), QString::fromLocal8Bit(out.trimmed()));
            return;
        }
    }
}

NetLab::~NetLab()
{
    stopProcess(m_clone.get());
    stopProcess(m_proxy.get());
    stopProcess(m_agent.get());
    quiet(kIp, {QStringLiteral("netns"), QStringLiteral("del"), m_pri});
    quiet(kIp, {QStringLiteral("netns"), QStringLiteral("del"), m_sec});
    if (qEnvironmentVariableIsEmpty("ST_KEEP_TEST_DIRS"))
        QDir(QString::fromLocal8Bit(m_work)).removeRecursively();
}

void NetLab::stopProcess(QProcess *p)
{
    if (!p || p->state() == QProcess::NotRunning)
        return;
    p->kill();
    p->waitForFinished(10000);
}

int NetLab::inNs(const QString &ns, const QStringList &command, QByteArray *output)
{
    return quiet(kIp, QStringList{QStringLiteral("netns"), QStringLiteral("exec"), ns} + command, output);
}

bool NetLab::nft(const QString &ns, const QString &script)
{
    QByteArray out;
    const int rc = inNs(ns, {QStringLiteral("nft"), script}, &out);
    if (rc != 0)
        qWarning("nft %s: %s", qPrintable(script), out.constData());
    return rc == 0;
}

void NetLab::makeTree(qint64 bytes, int files)
{
    QRandomGenerator64 rng(20261125);
    const qint64 perFile = bytes / files;
    for (int i = 0; i < files; ++i) {
        QByteArray data(perFile, '\0');
        auto *words = reinterpret_cast<quint64 *>(data.data());
        rng.fillRange(words, static_cast<qsizetype>(perFile / 8));
        writeFile(work("src/data/dir" + QByteArray::number(i % 4) + "/file" + QByteArray::number(i)), data);
    }
    writeFile(work("src/data/etc/config"), "key = value\n", 0600);
}

void NetLab::startAgent(const QStringList &extraArgs)
{
    m_agent = std::make_unique<QProcess>();
    m_agent->setProcessChannelMode(QProcess::MergedChannels);
    m_agent->start(kIp, QStringList{QStringLiteral("netns"), QStringLiteral("exec"), m_sec, bin("servertwin-agent"),
                         QStringLiteral("--listen"), QStringLiteral("198.18.0.2:%1").arg(kAgentPort),
                         QStringLiteral("--root"), QString::fromLocal8Bit(work("secondary-root")),
                         QStringLiteral("--state-dir"), QString::fromLocal8Bit(work("agent-state")),
                         QStringLiteral("--pairing-code-file"), QStringLiteral("-")} + extraArgs);
    m_agent->waitForStarted(10000);
    m_agent->write(m_code.toLatin1() + '\n');
    m_agent->closeWriteChannel();
    QDeadlineTimer deadline(15000);
    QByteArray seen;
    while (!deadline.hasExpired() && m_agent->state() == QProcess::Running) {
        m_agent->waitForReadyRead(100);
        const QByteArray more = m_agent->readAll();
        seen += more;
        m_agentLog += more;
        if (seen.contains("Certificate fingerprint:"))
            return;
    }
}

void NetLab::killAgent()
{
    if (!m_agent)
        return;
    m_agentLog += m_agent->readAll();
    m_agent->kill();  // SIGKILL: `ip netns exec` execs the agent, so this is the agent's pid
    m_agent->waitForFinished(10000);
    m_agentLog += m_agent->readAll() + "--- agent killed (SIGKILL) ---\n";
}

bool NetLab::agentRunning() const
{
    return m_agent && m_agent->state() == QProcess::Running;
}

QByteArray NetLab::agentOutput()
{
    if (m_agent)
        m_agentLog += m_agent->readAll();
    return m_agentLog;
}

void NetLab::startClone(const QStringList &extraArgs, const QString &secondary)
{
    QFile::remove(QString::fromLocal8Bit(work("report.json")));
    m_clone = std::make_unique<QProcess>();
    m_clone->setProcessChannelMode(QProcess::MergedChannels);
    m_clone->start(kIp, QStringList{QStringLiteral("netns"), QStringLiteral("exec"), m_pri, bin("servertwin-cli"), QStringLiteral("clone"),
                                    QStringLiteral("--secondary"), secondary.isEmpty() ? QStringLiteral("198.18.0.2:%1").arg(kAgentPort) : secondary,
                                    QStringLiteral("--pairing-code"), m_code,
                                    QStringLiteral("--state-dir"), QString::fromLocal8Bit(work("primary-state")),
                                    QStringLiteral("--source-root"), QString::fromLocal8Bit(work("src")),
                                    QStringLiteral("--include"), QStringLiteral("/data"),
                                    QStringLiteral("--snapshot"), QStringLiteral("none"),
                                    QStringLiteral("--zstd-level"), QStringLiteral("1"),
                                    QStringLiteral("--report"), QString::fromLocal8Bit(work("report.json"))}
                                    + extraArgs);
    m_clone->waitForStarted(10000);
    m_cloneStart = QDateTime::currentMSecsSinceEpoch();
}

bool NetLab::cloneRunning() const
{
    return m_clone && m_clone->state() == QProcess::Running;
}

CloneOutcome NetLab::finishClone(int timeoutMs)
{
    CloneOutcome out;
    if (!m_clone)
        return out;
    if (!m_clone->waitForFinished(timeoutMs) && m_clone->state() == QProcess::Running) {
        m_clone->kill();
        m_clone->waitForFinished();
    }
    out.output = m_clone->readAll();
    out.exitCode = m_clone->exitStatus() == QProcess::NormalExit ? m_clone->exitCode() : -1;
    out.elapsedMs = QDateTime::currentMSecsSinceEpoch() - m_cloneStart;
    QFile f(QString::fromLocal8Bit(work("report.json")));
    if (f.open(QIODevice::ReadOnly)) {
        out.report = QJsonDocument::fromJson(f.readAll()).object();
        const QJsonObject resume = out.report.value(QStringLiteral("resume")).toObject();
        out.resentBytes = static_cast<qint64>(resume.value(QStringLiteral("resentBytes")).toDouble());
        out.reconnects = static_cast<qint64>(resume.value(QStringLiteral("reconnects")).toDouble());
    }
    return out;
}

void NetLab::startProxy(quint16 port, const QStringList &faultArgs)
{
    m_proxy = std::make_unique<QProcess>();
    m_proxy->start(kIp, QStringList{QStringLiteral("netns"), QStringLiteral("exec"), m_pri, bin("servertwin-fault-proxy"),
                                    QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port),
                                    QStringLiteral("--connect"), QStringLiteral("198.18.0.2:%1").arg(kAgentPort)}
                                    + faultArgs);
    m_proxy->waitForStarted(10000);
    m_proxy->waitForReadyRead(5000);  // "listening"
}

QByteArray NetLab::proxyOutput()
{
    return m_proxy ? m_proxy->readAll() : QByteArray();
}

QStringList NetLab::compare() const
{
    return compareTrees(work("src/data"), work("secondary-root/data"));
}

bool NetLab::secondaryUntouched() const
{
    return !QFileInfo::exists(QString::fromLocal8Bit(work("secondary-root/data")));
}

void recordFault(const QString &fault, int count, const QString &outcome, const CloneOutcome &clone)
{
    const QString dir = QStringLiteral(ST_BINARY_DIR "/fault-report");
    QDir().mkpath(dir);
    QString name = fault;
    name.replace(QLatin1Char(' '), QLatin1Char('-')).replace(QLatin1Char('/'), QLatin1Char('-'));
    QFile f(dir + QLatin1Char('/') + name + QStringLiteral(".tsv"));
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return;
    QString line = QStringLiteral("%1\t%2\t%3\t%4\t%5\t%6\n")
                       .arg(fault).arg(count).arg(outcome)
                       .arg(clone.resentBytes).arg(clone.reconnects).arg(clone.elapsedMs / 1000.0, 0, 'f', 1);
    f.write(line.toUtf8());
}

}  // namespace st::test
