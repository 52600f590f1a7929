// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief `servertwin --screenshot DIR`: walks through the wizard as an engineer would and
 * grabs every page into DIR/NN-<page>.png: waits until the page is not busy (e.g. its checks
 * ran), presses its main action once if it is not complete (test the connection, start the
 * clone; WizardPage::startDefaultAction()), grabs a DIR/NN-<page>-running.png while that
 * action runs, waits for it, grabs the page, and goes on with Next (or jumps to the next page
 * when this one could not complete). Reports when all are written.
 *
 * GUI thread only; the window must outlive the runner.
 */
#include "util/Result.h"

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

namespace st {

class WizardWindow;

class ScreenshotRunner : public QObject {
    Q_OBJECT

public:
    ScreenshotRunner(WizardWindow *window, const QString &dir, QObject *parent = nullptr);

    /** Longest wait for a busy page before giving up (default 60 s). */
    void setBusyTimeoutMs(int ms) { m_busyTimeoutMs = ms; }
    /** Starts; finished() follows once every page is written or on the first error. */
    void start();
    /** The files written so far. */
    QStringList writtenFiles() const { return m_written; }

Q_SIGNALS:
    void finished(const st::Status &status);

private:
    void poll();
    void grabCurrent();
    void finish(const Status &status);
    Status save(const QString &suffix);

    QPointer<WizardWindow> m_window;
    QString m_dir;
    QTimer m_poll;
    QStringList m_written;
    int m_index = -1;
    int m_waitedMs = 0;
    int m_busyTimeoutMs = 60000;
    bool m_done = false;
    bool m_actionStarted = false;
    bool m_runningShot = false;
};

}  // namespace st
