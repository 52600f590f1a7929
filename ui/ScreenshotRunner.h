// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief `servertwin --screenshot DIR`: shows each page of a wizard in turn, waits until the
 * page is no longer busy (e.g. its checks finished), grabs the window into DIR/NN-<page>.png
 * and reports when all are written.
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

    QPointer<WizardWindow> m_window;
    QString m_dir;
    QTimer m_poll;
    QStringList m_written;
    int m_index = -1;
    int m_waitedMs = 0;
    int m_busyTimeoutMs = 60000;
    bool m_done = false;
};

}  // namespace st
