// SPDX-License-Identifier: GPL-3.0-or-later
#include "ScreenshotRunner.h"

#include "WizardPage.h"
#include "WizardWindow.h"

#include <QDir>
#include <QPixmap>

namespace st {

namespace {
constexpr int kPollMs = 100;
constexpr int kSettleMs = 300;  // a not-busy page gets this long to lay out its results
}  // namespace

ScreenshotRunner::ScreenshotRunner(WizardWindow *window, const QString &dir, QObject *parent)
    : QObject(parent), m_window(window), m_dir(dir)
{
    m_poll.setInterval(kPollMs);
    connect(&m_poll, &QTimer::timeout, this, &ScreenshotRunner::poll);
}

void ScreenshotRunner::start()
{
    if (!m_window)
        return finish(makeError(ErrorCode::Internal, QStringLiteral("screenshot: no wizard window")));
    if (!QDir().mkpath(m_dir))
        return finish(makeError(ErrorCode::Io, QStringLiteral("screenshot: cannot create directory %1").arg(m_dir)));
    if (m_window->pageCount() == 0)
        return finish(makeError(ErrorCode::Internal, QStringLiteral("screenshot: the wizard has no pages")));
    m_index = 0;
    m_waitedMs = 0;
    m_window->showPage(0);
    m_poll.start();
}

void ScreenshotRunner::poll()
{
    if (!m_window)
        return finish(makeError(ErrorCode::Cancelled, QStringLiteral("screenshot: the wizard window was closed")));
    WizardPage *page = m_window->page(m_index);
    m_waitedMs += kPollMs;
    if (page->isBusy()) {
        if (m_waitedMs >= m_busyTimeoutMs)
            return finish(makeError(ErrorCode::Internal, QStringLiteral("screenshot: page %1 still busy after %2 s")
                                                             .arg(page->id())
                                                             .arg(m_busyTimeoutMs / 1000)));
        return;
    }
    m_poll.stop();
    QTimer::singleShot(kSettleMs, this, &ScreenshotRunner::grabCurrent);
}

void ScreenshotRunner::grabCurrent()
{
    if (!m_window)
        return finish(makeError(ErrorCode::Cancelled, QStringLiteral("screenshot: the wizard window was closed")));
    WizardPage *page = m_window->page(m_index);
    const QString file = QDir(m_dir).filePath(QStringLiteral("%1-%2.png").arg(m_index + 1, 2, 10, QLatin1Char('0')).arg(page->id()));
    if (!m_window->grab().save(file, "PNG"))
        return finish(makeError(ErrorCode::Io, QStringLiteral("screenshot: cannot write %1").arg(file)));
    m_written << file;
    if (++m_index >= m_window->pageCount())
        return finish(Status());
    m_waitedMs = 0;
    m_window->showPage(m_index);
    m_poll.start();
}

void ScreenshotRunner::finish(const Status &status)
{
    if (m_done)
        return;
    m_done = true;
    m_poll.stop();
    // Queued, so a caller connecting after start() still hears an immediate failure.
    QTimer::singleShot(0, this, [this, status] { emit finished(status); });
}

}  // namespace st
