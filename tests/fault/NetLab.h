// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Fault-suite harness: two network namespaces joined by a veth pair (Primary
 * 198.18.0.1/30, Secondary 198.18.0.2/30), the real servertwin-agent in the Secondary's
 * namespace and the real servertwin-cli clone in the Primary's, a source tree on tmpfs, and
 * the fault injectors (link down/up, nftables rules, tc shaping, the fault proxy, SIGKILL of
 * the agent). Everything it creates (namespaces, work directory on /dev/shm, processes) is
 * removed on destruction. Needs root. Test-only; one thread.
 */
#include <QByteArray>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <memory>

namespace st::test {

struct CloneOutcome {
    int exitCode = -1;
    QByteArray output;
    QJsonObject report;
    qint64 resentBytes = 0;
    qint64 reconnects = 0;
    qint64 elapsedMs = 0;
};

class NetLab {
public:
    static constexpr const char *kPrimaryIp = "198.18.0.1";
    static constexpr const char *kSecondaryIp = "198.18.0.2";
    static constexpr quint16 kAgentPort = 7443;

    /** Empty when the suite can run here; otherwise why not (not root, no ip netns, no nft, ...). */
    static QString unavailableReason();

    NetLab();
    ~NetLab();
    NetLab(const NetLab &) = delete;
    NetLab &operator=(const NetLab &) = delete;

    const QString &error() const { return m_error; }
    QByteArray work(const QByteArray &rel) const { return m_work + '/' + rel; }
    QString primaryNs() const { return m_pri; }
    QString secondaryNs() const { return m_sec; }
    QString primaryDevice() const { return m_pri; }

    /** Runs @p command inside namespace @p ns; returns the exit code. */
    int inNs(const QString &ns, const QStringList &command, QByteArray *output = nullptr);
    /** nft commands in the Secondary's namespace (one string each, e.g. "add rule inet st in drop"). */
    bool nft(const QString &ns, const QString &script);

    /** @p files files totalling @p bytes of incompressible data under src/data. */
    void makeTree(qint64 bytes, int files);

    /** Starts the agent; @p extraArgs are added to its command line. */
    void startAgent(const QStringList &extraArgs = {});
    void killAgent();  // SIGKILL
    bool agentRunning() const;
    QByteArray agentOutput();

    /** Starts servertwin-cli clone in the Primary's namespace. */
    void startClone(const QStringList &extraArgs, const QString &secondary = {});
    bool cloneRunning() const;
    /** Waits for the clone to end and collects its report. */
    CloneOutcome finishClone(int timeoutMs = 600000);

    /** Starts the fault proxy in the Primary's namespace on 127.0.0.1:@p port. */
    void startProxy(quint16 port, const QStringList &faultArgs);
    QByteArray proxyOutput();

    /** Empty when the Secondary's tree equals the source; else the differences. */
    QStringList compare() const;
    /** True when the Secondary has no trace of the clone (its root's data directory is absent). */
    bool secondaryUntouched() const;

private:
    void stopProcess(QProcess *p);

    QString m_pri;
    QString m_sec;
    QByteArray m_work;
    QString m_code;
    QString m_error;
    std::unique_ptr<QProcess> m_agent;
    std::unique_ptr<QProcess> m_clone;
    std::unique_ptr<QProcess> m_proxy;
    QByteArray m_agentLog;
    qint64 m_cloneStart = 0;
};

/** Appends one row of the fault report (ST_BINARY_DIR/fault-report/<fault>.tsv). */
void recordFault(const QString &fault, int count, const QString &outcome, const CloneOutcome &clone);

}  // namespace st::test
