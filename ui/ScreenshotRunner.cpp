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
constexpr int kRunningShotMs = 1500;  // a page busy with its action this long is also shot mid-way
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
    m_actionStarted = false;
    m_runningShot = false;
    m_window->showPage(0);
    m_poll.start();
}

void ScreenshotRunner::poll()
{
    if (!m_window)
        return finish(makeError(ErrorCode::Cancelled, QStringLiteral("screenshot: the wizard window was closed")));
    WizardPage *page = m_window->page(m_index);
    m_waitedMs += kPollMs;
    if (!page->isBusy() && !page->isComplete() && !m_actionStarted) {
        // Walk through as an engineer would: press the page's main action once.
        m_actionStarted = true;
        if (page->startDefaultAction()) {
            m_waitedMs = 0;
            return;
        }
    }
    if (page->isBusy() && m_actionStarted && !m_runningShot && m_waitedMs >= kRunningShotMs) {
        m_runningShot = true;  // one picture of the work in progress (e.g. the clone's bars)
        if (Status s = save(QStringLiteral("running")); !s)
            return finish(s.error());
    }
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
    if (Status s = save(QString()); !s)
        return finish(s.error());
    if (++m_index >= m_window->pageCount())
        return finish(Status());
    m_waitedMs = 0;
    m_actionStarted = false;
    m_runningShot = false;
    if (page->isComplete())
        m_window->next();  // as Next does: the page hands its result on
    else
        m_window->showPage(m_index);
    m_poll.start();
}

Status ScreenshotRunner::save(const QString &suffix)
{
    WizardPage *page = m_window->page(m_index);
    QString name = QStringLiteral("%1-%2").arg(m_index + 1, 2, 10, QLatin1Char('0')).arg(page->id());
    if (!suffix.isEmpty())
        name += QLatin1Char('-') + suffix;
    const QString file = QDir(m_dir).filePath(name + QStringLiteral(".png"));
    if (!m_window->grab().save(file, "PNG"))
        return makeError(ErrorCode::Io, QStringLiteral("screenshot: cannot write %1").arg(file));
    m_written << file;
    return {};
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
