// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The built-in demo Secondary of `servertwin --demo`: a real servertwin-agent process on
 * 127.0.0.1 (free port) restoring into a sandbox root, started with a known one-time pairing
 * code, exactly as the agent runs on a real Secondary.
 *
 * The sandbox lives in a work directory (default <tmp>/servertwin-demo-wizard): secondary-root/,
 * agent-state/, primary-state/ (the wizard's key and pins in demo mode) and the agent's port
 * file. start() launches the agent without blocking; ready() follows once it listens (its
 * console printed the certificate fingerprint and the port file was written), failed() with a
 * one-line reason otherwise. The agent is stopped (SIGTERM) when this object is destroyed.
 * GUI thread only.
 */
#include "util/Result.h"

#include <QObject>
#include <QProcess>
#include <QString>

namespace st {

class DemoSecondary : public QObject {
    Q_OBJECT
public:
    /** @p agentProgram: path of servertwin-agent; @p workDir: the sandbox. */
    DemoSecondary(QString agentProgram, QString workDir, QObject *parent = nullptr);
    ~DemoSecondary() override;

    static QString defaultWorkDir();

    QString workDir() const { return m_workDir; }
    QString secondaryRoot() const;
    QString primaryStateDir() const;

    void start();
    bool isReady() const { return m_port != 0; }
    /** "127.0.0.1:PORT" once ready. */
    QString address() const;
    /** The pairing code the agent was started with (formatted), as its console shows it. */
    QString pairingCode() const { return m_code; }
    /** The agent's certificate fingerprint as its console shows it ("SHA256:..."). */
    QString fingerprint() const { return m_fingerprint; }

Q_SIGNALS:
    void ready();
    void failed(const st::Error &error);

private:
    void onOutput();
    void fail(const QString &message);

    QString m_program;
    QString m_workDir;
    QString m_code;
    QString m_fingerprint;
    QProcess m_agent;
    QByteArray m_console;
    quint16 m_port = 0;
    bool m_failed = false;
};

}  // namespace st
