// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/ConsoleProgress.h"

#include "report/CloneReport.h"

#include <cstdio>
#include <unistd.h>

namespace st {

ConsoleProgress::ConsoleProgress() : m_tty(isatty(STDERR_FILENO) == 1) {}

QString ConsoleProgress::format(const JobProgress &p)
{
    QString s = QStringLiteral("[%1]").arg(stageName(p.stage));
    if (p.filesDone == 0 && p.filesTotal == 0 && p.bytesDone == 0 && p.bytesTotal == 0) {
        // A step that moves no data (the reboot): only what it does now.
        return p.currentItem.isEmpty() ? s : s + QLatin1Char(' ') + p.currentItem.right(80);
    }
    if (p.bytesTotal > 0)
        s += QStringLiteral(" %1%").arg(qMin<qint64>(100, p.bytesDone * 100 / p.bytesTotal), 3);
    s += QStringLiteral(" %1").arg(p.filesDone);
    if (p.filesTotal > 0)
        s += QStringLiteral("/%1").arg(p.filesTotal);
    s += QStringLiteral(" files, %1").arg(formatBytes(p.bytesDone));
    if (p.bytesTotal > 0)
        s += QStringLiteral("/%1").arg(formatBytes(p.bytesTotal));
    if (p.bytesPerSecond > 0)
        s += QStringLiteral(", %1/s").arg(formatBytes(static_cast<qint64>(p.bytesPerSecond)));
    if (p.etaSeconds >= 0)
        s += QStringLiteral(", ETA %1").arg(formatDuration(p.etaSeconds * 1000));
    if (!p.currentItem.isEmpty())
        s += QStringLiteral(", %1").arg(p.currentItem.right(60));
    return s;
}

void ConsoleProgress::show(const JobProgress &progress, const QString &prefix)
{
    if (!m_tty && m_last.isValid() && m_last.elapsed() < 2000)
        return;
    m_last.start();
    write(prefix + format(progress), m_tty);
}

void ConsoleProgress::log(const QString &line)
{
    write(line, false);
}

void ConsoleProgress::done()
{
    if (m_lineOpen)
        fputs("\n", stderr);
    m_lineOpen = false;
}

void ConsoleProgress::write(const QString &text, bool transient)
{
    if (m_lineOpen)
        fputs("\r\x1b[K", stderr);
    fputs(text.toLocal8Bit().constData(), stderr);
    if (transient) {
        m_lineOpen = true;
    } else {
        fputs("\n", stderr);
        m_lineOpen = false;
    }
    fflush(stderr);
}

}  // namespace st
