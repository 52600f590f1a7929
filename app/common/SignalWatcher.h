// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Turns SIGINT/SIGTERM into a Qt signal (self-pipe + QSocketNotifier), so a console
 * front end cancels its job cleanly instead of dying mid-write. One per process, main thread.
 */
#include <QObject>
#include <QSocketNotifier>

namespace st {

class SignalWatcher : public QObject {
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void interrupted(int signal);

private:
    QSocketNotifier *m_notifier = nullptr;
};

}  // namespace st
