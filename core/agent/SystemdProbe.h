// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Asks the host's systemd how the system is: `systemctl is-system-running` and the
 * failed units, without blocking (two QProcess runs, 10 s each at most).
 *
 * On a host that does not run systemd (no /run/systemd/system) the state is "offline" at
 * once, as systemctl itself would say. A systemctl that cannot run or times out gives the
 * state "unknown". done() is emitted exactly once, from the event loop. Lives in the
 * thread that created it; delete it to abandon the query (its processes are killed).
 */
#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QTimer>

namespace st {

struct SystemdState {
    QString systemState;   // initializing, starting, running, degraded, maintenance, stopping, offline, unknown
    QStringList failedUnits;
};

class SystemdProbe : public QObject {
    Q_OBJECT
public:
    explicit SystemdProbe(QObject *parent = nullptr);
    ~SystemdProbe() override;
    void start();

    /** The host was booted with systemd (sd_booted(): /run/systemd/system exists). */
    static bool systemdRunning();
    /** The unit names of `systemctl list-units --state=failed --plain --no-legend` output. */
    static QStringList parseFailedUnits(const QByteArray &output);

Q_SIGNALS:
    void done(const st::SystemdState &state);

private:
    void run(const QStringList &args);
    void onFinished();
    void finish();

    QProcess m_process;
    QTimer m_timeout;
    SystemdState m_state;
    int m_step = 0;
    bool m_done = false;
};

}  // namespace st

Q_DECLARE_METATYPE(st::SystemdState)
