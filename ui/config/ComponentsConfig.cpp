// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/ComponentsConfig.h"

#include "component/BundleArchive.h"
#include "config/StepText.h"

#include <QDateTime>
#include <QDir>
#include <QTemporaryDir>

#include <algorithm>

namespace st {

namespace {

QString stepLine(const ComponentStep &s)
{
    return s.state == ComponentStep::State::NotRun ? s.what : QStringLiteral("%1 (%2)").arg(s.what, stepStateName(s.state));
}

ComponentRow rowOf(const ComponentOutcome &c, ComponentRow::Source source)
{
    ComponentRow r;
    r.source = source;
    r.id = c.id;
    r.version = c.version;
    r.description = c.description;
    r.signer = c.signer;
    r.bytes = c.bytes;
    for (const ComponentStep &s : c.steps)
        r.changes << stepLine(s);
    return r;
}

/** The outcome of @p id in @p outcomes, or null. */
const ComponentOutcome *outcomeOf(const QList<ComponentOutcome> &outcomes, const QString &id)
{
    for (const ComponentOutcome &o : outcomes)
        if (o.id == id)
            return &o;
    return nullptr;
}

void applyOutcome(ComponentRow &row, const ComponentOutcome &o)
{
    row.status = componentStateName(o.state);
    row.failed = o.state == ComponentOutcome::State::Failed;
    if (!o.error.isEmpty())
        row.status += QStringLiteral(": ") + o.error;
    row.changes.clear();
    for (const ComponentStep &s : o.steps)
        row.changes << stepLine(s);
}

}  // namespace

ComponentsConfig::ComponentsConfig(std::shared_ptr<WizardSession> session, ComponentsOptions options, QObject *parent)
    : QObject(parent), m_session(std::move(session)), m_options(std::move(options))
{
    m_trustedKeys = m_options.trustedKeys.isEmpty() ? defaultTrustedKeysDir() : m_options.trustedKeys;
    connect(&m_thread, &JobThread::logMessage, this, &ComponentsConfig::appendLog);
    connect(&m_thread, &JobThread::progress, this, [this](const JobProgress &p) {
        m_progress = p;
        Q_EMIT progressChanged();
    });
    connect(&m_thread, &JobThread::finished, this, &ComponentsConfig::onJobFinished);
    for (const QString &dir : m_options.bundles)
        addBundle(dir);
}

ComponentsConfig::~ComponentsConfig()
{
    m_verifier.wait();  // a verification in flight only reads files
}

bool ComponentsConfig::isRunning() const
{
    return m_state == State::Reading || m_state == State::Installing || m_state == State::RollingBack || m_state == State::Cancelling;
}

void ComponentsConfig::setTrustedKeys(const QString &path)
{
    if (path == m_trustedKeys || isRunning())
        return;
    m_trustedKeys = path;
    // Every bundle is verified again against the new keys.
    QStringList dirs;
    for (const Bundle &b : m_bundles)
        dirs << b.dir;
    m_bundles.clear();
    m_bundleError.clear();
    Q_EMIT rowsChanged();
    for (const QString &dir : dirs)
        addBundle(dir);
}

void ComponentsConfig::setHardwareSupport(bool on)
{
    if (on == m_hardwareSupport)
        return;
    m_hardwareSupport = on;
    Q_EMIT rowsChanged();
}

QList<ComponentRow> ComponentsConfig::proposed() const
{
    QList<ComponentRow> rows;
    if (m_hardwareSupport)
        for (const ComponentOutcome &c : m_offered) {
            ComponentRow r = rowOf(c, ComponentRow::Source::HardwareSupport);
            r.signer = tr("this Secondary (built in)");
            if (const ComponentOutcome *o = outcomeOf(m_outcomes, c.id))
                applyOutcome(r, *o);
            rows << r;
        }
    for (const Bundle &b : m_bundles) {
        ComponentRow r = rowOf(b.summary, ComponentRow::Source::Bundle);
        if (const ComponentOutcome *o = outcomeOf(m_outcomes, b.summary.id); o && m_mode == ComponentsReport::Mode::Install)
            applyOutcome(r, *o);
        rows << r;
    }
    return rows;
}

QList<ComponentRow> ComponentsConfig::installed() const
{
    QList<ComponentRow> rows;
    for (const ComponentOutcome &c : m_installed) {
        ComponentRow r = rowOf(c, ComponentRow::Source::Installed);
        r.status = tr("installed %1").arg(QDateTime::fromString(c.installedAt, Qt::ISODate).toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
        rows << r;
    }
    return rows;
}

void ComponentsConfig::addBundle(const QString &dir)
{
    m_toVerify << QDir::cleanPath(QDir(dir).absolutePath());
    if (m_state != State::Verifying)
        verifyNext();
}

void ComponentsConfig::verifyNext()
{
    if (m_toVerify.isEmpty()) {
        if (m_state == State::Verifying)
            setState(State::Idle, QString());
        return;
    }
    const QString dir = m_toVerify.takeFirst();
    const QString keys = m_trustedKeys;
    const State before = m_state;
    setState(State::Verifying, tr("Verifying %1…").arg(dir));
    m_verifier.run<Result<VerifiedBundle>>(this, [dir, keys]() -> Result<VerifiedBundle> {
        TrustedKeys trusted;
        if (Status s = trusted.load(keys); !s)
            return s.error();
        if (trusted.isEmpty())
            return makeError(ErrorCode::InvalidArgument, QStringLiteral("no public key (*.pub) in %1").arg(keys));
        QTemporaryDir scratch;  // an archive is unpacked here to be checked
        return openBundlePath(dir, trusted, scratch);
    }, [this, dir, before](Result<VerifiedBundle> bundle) {
        if (!bundle) {
            m_bundleError = bundle.error().message;
            appendLog(tr("refused %1: %2").arg(dir, m_bundleError));
        } else if (std::any_of(m_bundles.cbegin(), m_bundles.cend(), [&](const Bundle &b) { return b.summary.id == bundle->manifest.id; })) {
            m_bundleError = tr("%1 is proposed already: remove it first to propose another version").arg(bundle->manifest.id);
        } else {
            Bundle b;
            b.dir = dir;
            b.summary.id = bundle->manifest.id;
            b.summary.version = bundle->manifest.version;
            b.summary.description = bundle->manifest.description;
            b.summary.signer = bundle->signer;
            b.summary.bytes = bundle->manifest.payloadBytes();
            for (const ComponentAction &a : bundle->manifest.actions)
                b.summary.steps << ComponentStep{describeAction(a), ComponentStep::State::NotRun};
            for (const ComponentCheck &c : bundle->manifest.checks)
                b.summary.steps << ComponentStep{QStringLiteral("check: ") + describeCheck(c), ComponentStep::State::NotRun};
            m_bundles << b;
            m_bundleError.clear();
            appendLog(tr("proposed %1 %2 from %3, signed by %4").arg(b.summary.id, b.summary.version, dir, b.summary.signer));
        }
        Q_EMIT rowsChanged();
        m_state = before == State::Verifying ? State::Idle : before;
        verifyNext();
        if (m_state != State::Verifying)
            setState(m_state, m_status);
    });
}

void ComponentsConfig::removeBundle(int index)
{
    if (index < 0 || index >= m_bundles.size() || isRunning())
        return;
    appendLog(tr("no longer proposed: %1 %2").arg(m_bundles[index].summary.id, m_bundles[index].summary.version));
    m_bundles.removeAt(index);
    Q_EMIT rowsChanged();
}

QString ComponentsConfig::startBlocker() const
{
    if (m_targets.isEmpty())
        return tr("Reboot the Secondary into the clone first.");
    if (isRunning() || m_state == State::Verifying)
        return tr("Wait for the current work to finish.");
    return {};
}

bool ComponentsConfig::canInstall() const
{
    // Something proposed that the Secondary does not have at that version yet.
    const QList<ComponentRow> rows = proposed();
    return startBlocker().isEmpty() && std::any_of(rows.cbegin(), rows.cend(), [this](const ComponentRow &r) {
        return std::none_of(m_installed.cbegin(), m_installed.cend(), [&](const ComponentOutcome &c) { return c.id == r.id && c.version == r.version; });
    });
}

bool ComponentsConfig::canRollBack() const
{
    return startBlocker().isEmpty() && !m_installed.isEmpty();
}

bool ComponentsConfig::canProceed() const
{
    return proceedBlocker().isEmpty();
}

QString ComponentsConfig::proceedBlocker() const
{
    if (isRunning() || m_state == State::Verifying)
        return tr("Wait for the current work to finish.");
    if (m_targets.isEmpty() || proposed().isEmpty() || m_installSucceeded || m_rolledBack)
        return {};
    return tr("Install the proposed components, or remove them from the list.");
}

void ComponentsConfig::refresh()
{
    if (isRunning())
        return;
    const QList<TargetMachine> targets = twinTargets(*m_session);
    QStringList before, now;
    for (const TargetMachine &t : m_targets)
        before << t.address;
    for (const TargetMachine &t : targets)
        now << t.address;
    if (before != now) {
        m_installSucceeded = false;
        m_rolledBack = false;
        m_outcomes.clear();
        m_session->record().clearStep(InstallStep::Components);
        m_session->setComponentsOutcome(std::nullopt);
    }
    m_targets = targets;
    if (m_targets.isEmpty()) {
        setState(State::Idle, startBlocker());
        Q_EMIT rowsChanged();
        return;
    }
    startJob(ComponentsReport::Mode::List);
}

void ComponentsConfig::install()
{
    if (!canInstall())
        return;
    startJob(ComponentsReport::Mode::Install);
}

void ComponentsConfig::rollBack()
{
    if (!canRollBack())
        return;
    startJob(ComponentsReport::Mode::Rollback);
}

void ComponentsConfig::cancel()
{
    if (m_state != State::Installing && m_state != State::Reading)
        return;
    setState(State::Cancelling, tr("Stopping…"));
    m_thread.cancel();
}

void ComponentsConfig::startJob(ComponentsReport::Mode mode)
{
    m_mode = mode;
    m_target = 0;
    m_progress = JobProgress{};
    if (mode != ComponentsReport::Mode::List) {
        m_outcomes.clear();
        m_installSucceeded = false;
        m_rolledBack = false;
        m_outcome = StepOutcome{};
        m_outcome.startedAt = QDateTime::currentDateTime();
        m_outcome.attempts = m_session->componentsOutcome() ? m_session->componentsOutcome()->attempts + 1 : 1;
    }
    const TargetMachine &target = m_targets.at(m_target);
    switch (mode) {
    case ComponentsReport::Mode::List: setState(State::Reading, tr("Reading what the %1 (%2) has installed…").arg(target.role, target.address)); break;
    case ComponentsReport::Mode::Install:
        setState(State::Installing, tr("Installing on the %1 (%2)…").arg(target.role, target.address));
        appendLog(tr("installing %n component(s) on %1", nullptr, int(proposed().size())).arg(target.address));
        break;
    case ComponentsReport::Mode::Rollback:
        setState(State::RollingBack, tr("Rolling back on the %1 (%2)…").arg(target.role, target.address));
        appendLog(tr("rolling back the components of %1").arg(target.address));
        break;
    }
    runOnTarget();
}

void ComponentsConfig::runOnTarget()
{
    ComponentsSettings settings = m_options.settingsTemplate;
    settings.link = m_targets.at(m_target).link;
    settings.mode = m_mode;
    settings.trustedKeys = m_trustedKeys;
    settings.hardwareSupport = m_hardwareSupport;
    for (const Bundle &b : m_bundles)
        settings.bundles << b.dir;
    m_lastReport = std::make_shared<ComponentsReport>();
    const std::shared_ptr<ComponentsReport> report = m_lastReport;
    m_thread.start([settings] { return new ComponentsJob(settings); }, {},
                   [report](Job *job) { *report = static_cast<ComponentsJob *>(job)->report(); });
}

void ComponentsConfig::onJobFinished(const Status &result)
{
    const TargetMachine &target = m_targets.at(m_target);
    const ComponentsReport &report = *m_lastReport;
    if (m_target == 0 && (result || !report.installedAfter.isEmpty() || report.mode == ComponentsReport::Mode::List)) {
        m_installed = result || report.mode != ComponentsReport::Mode::List ? report.installedAfter : m_installed;
        if (result || report.mode == ComponentsReport::Mode::List)
            m_offered = report.offered;
    }
    if (m_mode != ComponentsReport::Mode::List) {
        m_outcomes = report.outcomes;
        m_session->record().recordComponents(target.role, target.address, report);
        if (!report.outcomes.isEmpty() || report.ok)
            appendLog(tr("%1: %2").arg(target.address, report.summaryText()));
    }
    Q_EMIT rowsChanged();
    if (result && m_mode != ComponentsReport::Mode::List && m_target + 1 < m_targets.size()) {
        ++m_target;
        setState(m_state, tr("Working on the %1 (%2)…").arg(m_targets.at(m_target).role, m_targets.at(m_target).address));
        runOnTarget();
        return;
    }
    State state = State::Done;
    QString status;
    if (!result) {
        state = result.error().code == ErrorCode::Cancelled ? State::Cancelled : State::Failed;
        status = state == State::Cancelled ? tr("Stopped. What the install had done was rolled back.") : result.error().message;
        appendLog(state == State::Cancelled ? tr("stopped") : tr("failed: %1").arg(status));
    } else if (m_mode == ComponentsReport::Mode::Install) {
        m_installSucceeded = true;
        status = tr("Installed at %1.").arg(QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss")));
    } else if (m_mode == ComponentsReport::Mode::Rollback) {
        m_rolledBack = true;
        status = tr("Rolled back at %1.").arg(QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss")));
    } else {
        status = m_installed.isEmpty() ? tr("Nothing is installed on the Secondary yet.") : tr("%n component(s) installed on the Secondary.", nullptr, int(m_installed.size()));
        state = State::Idle;
    }
    if (m_mode != ComponentsReport::Mode::List) {
        m_outcome.result = result;
        m_outcome.finishedAt = QDateTime::currentDateTime();
        m_outcome.log = m_log;
        m_session->setComponentsOutcome(m_outcome);
    }
    setState(state, status);
    if (m_mode != ComponentsReport::Mode::List)
        Q_EMIT runFinished(bool(result));
}

void ComponentsConfig::appendLog(const QString &line)
{
    const QString stamped = timeStamped(line);
    m_log.append(stamped);
    Q_EMIT logAppended(stamped);
}

void ComponentsConfig::setState(State state, const QString &status)
{
    m_state = state;
    m_status = status;
    Q_EMIT stateChanged();
}

}  // namespace st
