// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The kernel's errors since this boot, as `journalctl -k -p err -b` lists them, read
 * without blocking (one QProcess, 15 s at most, the newest 200 lines). Without systemd, or
 * when journalctl cannot run, the list is empty and note() says why. done() is emitted
 * exactly once, from the event loop. Lives in the thread that created it; delete it to
 * abandon the query (the process is killed).
 */
#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QTimer>

namespace st {

class KernelErrorProbe : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxLines = 200;
    explicit KernelErrorProbe(QObject *parent = nullptr);
    ~KernelErrorProbe() override;
    void start();

    /** The message lines of journalctl's short-monotonic output, "[    1.234] kernel: ..." kept whole. */
    static QStringList parseLines(const QByteArray &output);

Q_SIGNALS:
    void done(const QStringList &errors, const QString &note);

private:
    void finish(const QStringList &errors, const QString &note);

    QProcess m_process;
    QTimer m_timeout;
    bool m_done = false;
};

}  // namespace st
