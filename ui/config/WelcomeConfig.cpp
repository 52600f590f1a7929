// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/WelcomeConfig.h"

#include "config/PreflightChecks.h"

#include <QtConcurrent/QtConcurrentRun>

namespace st {

WelcomeConfig::WelcomeConfig(const WizardContext &context, std::shared_ptr<const SystemProbe> probe, QObject *parent)
    : QObject(parent), m_context(context), m_probe(std::move(probe))
{
    Q_ASSERT(m_probe);
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &WelcomeConfig::takeResults);
}

WelcomeConfig::~WelcomeConfig()
{
    // The worker holds its own reference to the probe and copies of the inputs; it may finish
    // after this object is gone. Only stop delivering its result here.
    m_watcher.disconnect(this);
}

QString WelcomeConfig::introText() const
{
    const QString later = tr("later version");
    const QString now = tr("this version");
    auto item = [](const QString &step, const QString &when, bool performed) {
        return performed ? QStringLiteral("<li><b>%1</b> &mdash; %2</li>").arg(step, when)
                         : QStringLiteral("<li>%1 &mdash; <i>%2</i></li>").arg(step, when);
    };
    QString text;
    text += QStringLiteral("<p>") +
            tr("ServerTwin turns another server, the <b>Secondary</b>, into a twin of this server, the <b>Primary</b>, "
               "so that it can take over when the Primary fails.") +
            QStringLiteral("</p>");
    text += QStringLiteral("<p>") + tr("A twin installation has six steps:") + QStringLiteral("</p><ol>");
    text += item(tr("Snapshot backup of the protection set on the Primary"), now, true);
    text += item(tr("Compressed transfer to the Secondary and restore there"), now, true);
    text += item(tr("Reboot of the Secondary"), later, false);
    text += item(tr("Hardware checklist"), later, false);
    text += item(tr("Installation of components"), later, false);
    text += item(tr("Network adjustments"), later, false);
    text += QStringLiteral("</ol><p>") +
            tr("This version performs the backup, the transfer and the restore. "
               "Do the steps marked as later by hand until ServerTwin does them.") +
            QStringLiteral("</p>");
    if (m_context.demoMode)
        text += QStringLiteral("<p><b>") + tr("Demo mode:") + QStringLiteral("</b> ") +
                tr("the Secondary is a local agent with a sandbox root.") + QStringLiteral("</p>");
    return text;
}

QString WelcomeConfig::checkSummary() const
{
    if (m_checking)
        return tr("Checking this system…");
    if (!m_checked)
        return tr("The checks have not run yet.");
    const int failed = countLevel(m_checks, PreflightCheck::Level::Fail);
    const int warned = countLevel(m_checks, PreflightCheck::Level::Warn);
    if (failed == 1)
        return tr("1 check failed: fix its cause and press Check again.");
    if (failed > 1)
        return tr("%1 checks failed: fix their causes and press Check again.").arg(failed);
    if (warned == 1)
        return tr("1 warning: the installation can go on.");
    if (warned > 1)
        return tr("%1 warnings: the installation can go on.").arg(warned);
    return tr("All checks passed.");
}

bool WelcomeConfig::isComplete() const
{
    return m_checked && !m_checking && countLevel(m_checks, PreflightCheck::Level::Fail) == 0;
}

void WelcomeConfig::runChecks()
{
    if (m_checking)
        return;
    const bool wasComplete = isComplete();
    m_checking = true;
    PreflightInputs inputs;
    inputs.demoMode = m_context.demoMode;
    inputs.stateDir = m_context.stateDir;
    inputs.applicationDir = m_context.applicationDir;
    std::shared_ptr<const SystemProbe> probe = m_probe;
    m_watcher.setFuture(QtConcurrent::run([probe, inputs] { return PreflightChecks::runAll(*probe, inputs); }));
    emit checkingChanged(true);
    emit checksChanged();  // the summary now says "checking"
    if (wasComplete)
        emit completeChanged(false);
}

void WelcomeConfig::takeResults()
{
    const bool wasComplete = isComplete();
    m_checks = m_watcher.result();
    m_checking = false;
    m_checked = true;
    emit checkingChanged(false);
    emit checksChanged();
    if (isComplete() != wasComplete)
        emit completeChanged(isComplete());
}

}  // namespace st
