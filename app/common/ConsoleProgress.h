// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Prints job progress on stderr: one updating line on a terminal, a line every few
 * seconds otherwise (logs, CI). Main thread only.
 */
#include "job/Job.h"

#include <QElapsedTimer>
#include <QString>

namespace st {

class ConsoleProgress {
public:
    ConsoleProgress();
    void show(const JobProgress &progress, const QString &prefix = {});
    void log(const QString &line);
    void done();
    static QString format(const JobProgress &progress);

private:
    void write(const QString &text, bool transient);
    bool m_tty;
    bool m_lineOpen = false;
    QElapsedTimer m_last;
};

}  // namespace st
