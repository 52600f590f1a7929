// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/CloneConfig.h"

#include "config/StepText.h"
#include "job/HardwareCheckJob.h"
#include "job/JobQueue.h"
#include "profile/HostSpecificFiles.h"
#include "report/CloneReport.h"
#include "util/RawPath.h"


namespace st {

namespace {

QString figures(const JobProgress &p)
{
    QStringList parts;
    if (p.bytesTotal > 0)
        parts << CloneConfig::tr("%1 of %2").arg(formatBytes(p.bytesDone), formatBytes(p.bytesTotal));
    else if (p.bytesDone > 0)
        parts << formatBytes(p.bytesDone);
    if (p.filesTotal > 0)
        parts << CloneConfig::tr("%L1 of %L2 files").arg(p.filesDone).arg(p.filesTotal);
    else if (p.filesDone > 0)
        parts << CloneConfig::tr("%L1 files").arg(p.filesDone);
    if (p.bytesPerSecond > 0)
        parts << CloneConfig::tr("%1/s").arg(formatBytes(qint64(p.bytesPerSecond)));
    if (p.etaSeconds >= 0)
        parts << CloneConfig::tr("%1 left").arg(formatDuration(p.etaSeconds * 1000));
    return parts.join(QStringLiteral(" · "));
}

QString activityName(Stage stage)
{
    switch (stage) {
    case Stage::Hardware: return CloneConfig::tr("Checking that the Secondary can take the clone");
    case Stage::Scan: return CloneConfig::tr("Scanning the protection set");
    case Stage::Connect: return CloneConfig::tr("Connecting to the Secondary");
    case Stage::Snapshot: return CloneConfig::tr("Quiescing applications and taking the snapshot");
    case Stage::Transfer: return CloneConfig::tr("Reading, compressing and sending");
    case Stage::Remote: return CloneConfig::tr("Waiting for the Secondary");
    case Stage::Receive: return CloneConfig::tr("Receiving and staging");
    case Stage::Verify: return CloneConfig::tr("Verifying against the manifest");
    case Stage::Apply: return CloneConfig::tr("Applying");
    default: return stageName(stage);  // no sentence for it: its machine name
    }
}

}  // namespace

CloneConfig::CloneConfig(std::shared_ptr<WizardSession> session, QObject *parent)
    : QObject(parent), m_session(std::move(session))
{
    connect(&m_thread, &JobThread::progress, this, [this](const JobProgress &p) {
        m_local = p;
        m_haveLocal = true;
        m_stages.onLocal(p);
        Q_EMIT progressChanged();
    });
    connect(&m_thread, &JobThread::logMessage, this, &CloneConfig::appendLog);
    connect(&m_thread, &JobThread::finished, this, &CloneConfig::onJobFinished);
}

CloneConfig::~CloneConfig() = default;  // m_thread cancels and joins a running clone

bool CloneConfig::canStart() const
{
    return !isRunning() && m_state != State::Succeeded && startBlocker().isEmpty();
}

QString CloneConfig::startBlocker() const
{
    if (m_session->targets().isEmpty())
        return tr("Test the connection to the Secondary first.");
    if (!m_session->protection())
        return tr("Choose the protection set first.");
    return {};
}

QString CloneConfig::targetLabel() const
{
    return st::targetLabel(m_targets.isEmpty() ? m_session->targets() : m_targets, m_targetIndex, tr("Cloning to the %1 (%2)"), tr("Cloning to the %1 (%2), %3 of %4"));
}

QString CloneConfig::primaryFigures() const
{
    if (m_state == State::Succeeded && m_lastReport) {
        const CloneReport &r = *m_lastReport;
        return tr("Read %1 in %L2 files (%3), sent %4 compressed in %5")
            .arg(formatBytes(r.bytes))
            .arg(r.files)
            .arg(r.snapshot.isEmpty() || r.snapshot == QLatin1String("none") ? tr("read live") : tr("from a %1 snapshot").arg(r.snapshot),
                 formatBytes(r.compressedBytes),
                 formatDuration(r.transferMs));
    }
    if (!m_haveLocal)
        return {};
    const QString f = m_local.stage == Stage::Transfer ? figures(m_local) : QString();
    return f.isEmpty() ? activityName(m_local.stage) : tr("%1: %2").arg(activityName(m_local.stage), f);
}

QString CloneConfig::secondaryFigures() const
{
    if (m_state == State::Succeeded && m_lastReport) {
        const CloneReport &r = *m_lastReport;
        if (r.stagedForReboot)
            return tr("Verified %L1 files against the manifest and staged them in %2; the reboot applies them and removes %L3 the Primary does not have")
                .arg(r.files)
                .arg(formatDuration(r.verifyMs + r.applyMs))
                .arg(r.removedCount);
        return tr("Verified %L1 files against the manifest and applied them in %2; removed %L3 the Primary does not have")
            .arg(r.files)
            .arg(formatDuration(r.verifyMs + r.applyMs))
            .arg(r.removedCount);
    }
    if (!m_haveRemote)
        return {};
    const QString f = figures(m_remote);
    return f.isEmpty() ? activityName(m_remote.stage) : tr("%1: %2").arg(activityName(m_remote.stage), f);
}

QStringList CloneConfig::keptOnSecondary()
{
    QStringList lines;
    for (const HostSpecificPath &k : hostSpecificPaths())
        lines << tr("/%1 — %2: %3").arg(displayPath(k.path), k.group, k.reason);
    return lines;
}

QStringList CloneConfig::regeneratedAtBootLines()
{
    QStringList lines;
    for (const RegeneratedItem &g : regeneratedAtBoot())
        lines << tr("%1 — %2").arg(g.what, g.how);
    return lines;
}

void CloneConfig::start()
{
    if (!canStart())
        return;
    if (m_state == State::Idle || m_targets.isEmpty()) {
        m_targets = m_session->targets();
        m_targetIndex = 0;
        m_outcome = StepOutcome{};
        m_outcome.startedAt = QDateTime::currentDateTime();
        // A new clone: every earlier clone and reboot report is of the run it replaces.
        m_session->record().clearStep(InstallStep::Clone);
        m_session->record().clearStep(InstallStep::Reboot);
        m_session->setRebootOutcome(std::nullopt);
    } else {
        appendLog(tr("retrying the clone to the %1").arg(m_targets.value(m_targetIndex).address));
    }
    m_outcome.attempts += 1;
    startTarget();
}

void CloneConfig::startTarget()
{
    const TargetMachine target = m_targets.at(m_targetIndex);
    m_stages.reset();
    m_local = {};
    m_remote = {};
    m_haveLocal = false;
    m_haveRemote = false;
    m_lastReport = std::make_shared<CloneReport>();
    setState(State::Running, tr("In progress. The Secondary applies nothing until every file is verified."));
    appendLog(tr("cloning to %1 (%2)").arg(target.address, target.info.host));
    const CloneSettings settings = settingsFor(target);
    const std::shared_ptr<CloneReport> report = m_lastReport;
    m_lastFit = std::make_shared<HardwareReport>();
    const std::shared_ptr<HardwareReport> fitReport = m_lastFit;
    // The Secondary's fitness first (the blocking hardware rules: an unfit Secondary is refused
    // before anything is sent), then the clone; both on the job's thread, in one queue.
    struct Steps {
        HardwareCheckJob *fit = nullptr;
        CloneJob *clone = nullptr;
    };
    const auto steps = std::make_shared<Steps>();
    m_thread.start(
        [settings, steps] {
            auto *queue = new JobQueue;
            steps->fit = new HardwareCheckJob(fitCheckFor(settings));
            CloneSettings clone = settings;
            clone.agentSeen = true;  // runs only after the fit check was answered at this address
            steps->clone = new CloneJob(clone);
            (void)queue->add(steps->fit, QStringLiteral("fit"), 0.02);
            (void)queue->add(steps->clone, QStringLiteral("clone"), 0.98);
            return queue;
        },
        [this, steps](Job *) {
            // On the job's thread; `this` receives queued (it lives on the GUI thread).
            connect(steps->clone, &CloneJob::remoteProgress, this, [this](const JobProgress &p) {
                m_remote = p;
                m_haveRemote = true;
                m_stages.onRemote(p);
                Q_EMIT progressChanged();
            });
        },
        [report, fitReport, steps](Job *) {
            *report = steps->clone->report();
            *fitReport = steps->fit->report();
        });
    Q_EMIT progressChanged();
}

void CloneConfig::cancel()
{
    if (m_state != State::Running)
        return;
    setState(State::Cancelling, tr("Cancelling: removing the snapshot and discarding the Secondary's staging area…"));
    m_thread.cancel();
}

void CloneConfig::onJobFinished(const Status &result)
{
    const bool cancelled = !result && result.error().code == ErrorCode::Cancelled;
    m_stages.onFinished(bool(result), cancelled);
    const TargetMachine &target = m_targets.at(m_targetIndex);
    m_session->record().recordClone(target.role, target.address, *m_lastReport);  // a retry replaces the failed attempt's
    m_outcome.warnings.clear();
    for (const TargetRecord &t : m_session->record().targets())
        if (t.clone)
            for (const QString &w : t.clone->warnings)
                m_outcome.warnings.append(tr("%1: %2").arg(t.address, w));
    Q_EMIT progressChanged();

    if (result && m_targetIndex + 1 < m_targets.size()) {
        appendLog(m_lastReport->stagedForReboot ? tr("the clone is verified and staged on %1").arg(m_targets.at(m_targetIndex).address)
                                                : tr("the %1 is a verified twin").arg(m_targets.at(m_targetIndex).address));
        ++m_targetIndex;
        startTarget();
        return;
    }
    m_outcome.result = result;
    m_outcome.finishedAt = QDateTime::currentDateTime();
    State state = State::Failed;
    QString status = result ? QString() : result.error().message;
    if (result) {
        appendLog(m_lastReport->stagedForReboot ? tr("the clone is verified and staged on every target; the reboot step applies it")
                                                : tr("every target is a verified twin"));
        state = State::Succeeded;
        status = m_lastReport->stagedForReboot ? tr("Clone verified and staged: the Secondary applies it when it reboots (next step).")
                                               : tr("Clone verified and applied.");
    } else if (cancelled) {
        appendLog(tr("cancelled; the snapshot was removed and the Secondary discarded its staging area"));
        state = State::Cancelled;
        status = tr("Cancelled. Nothing was applied on the Secondary; Retry starts again.");
    } else {
        for (const inv::RuleOutcome &rule : m_lastFit->rules)
            if (rule.level == inv::RuleLevel::Block)
                appendLog(tr("refused before the clone: %1: %2").arg(rule.title, rule.reason));
        appendLog(tr("failed: %1").arg(result.error().message));
    }
    m_outcome.log = m_log;
    m_session->setOutcome(m_outcome);
    setState(state, status);
    Q_EMIT progressChanged();  // the figures become the run's totals
    Q_EMIT runFinished(bool(result));
}

void CloneConfig::appendLog(const QString &line)
{
    const QString stamped = timeStamped(line);
    m_log.append(stamped);
    Q_EMIT logAppended(stamped);
}

void CloneConfig::setState(State state, const QString &status)
{
    m_state = state;
    m_status = status;
    Q_EMIT stateChanged();
}

CloneSettings CloneConfig::settingsFor(const TargetMachine &target) const
{
    CloneSettings settings;
    settings.plan = m_session->protection()->plan;
    settings.snapshot = m_session->protection()->snapshot;
    settings.link = target.link;
    settings.stateDir = m_session->context().stateDir;
    // The installation goes on with the reboot step: the clone is staged on the Secondary and
    // applied at its next boot (an agent on a live root stages it anyway; a sandbox one, as in
    // the demo, applies it at its simulated boot through the same code).
    settings.applyAtReboot = true;
    return settings;
}

}  // namespace st
