// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/HardwareConfig.h"

#include "config/StepText.h"

#include <pwd.h>
#include <unistd.h>

// The checklist resource lives in a static library: register it explicitly (outside any namespace).
static void initChecklistResource()
{
    Q_INIT_RESOURCE(checklist);
}

namespace st {

namespace {
/** Which twins these are: each target with the boot the reboot brought it back in (a new
 *  clone and reboot make new twins, to be checked and confirmed anew). */
QStringList twinSignature(const WizardSession &session, const QList<TargetMachine> &targets)
{
    QStringList out;
    for (const TargetMachine &t : targets)
        out << t.address + QLatin1Char('@') + session.record().find(t.address)->reboot->bootIdAfter;
    return out;
}
}  // namespace

HardwareConfig::HardwareConfig(std::shared_ptr<WizardSession> session, QObject *parent)
    : QObject(parent), m_session(std::move(session)), m_engineer(defaultEngineer())
{
    static const bool registered = (initChecklistResource(), true);
    Q_UNUSED(registered);
    connect(&m_thread, &JobThread::logMessage, this, &HardwareConfig::appendLog);
    connect(&m_thread, &JobThread::finished, this, &HardwareConfig::onJobFinished);
    refresh();
}

HardwareConfig::~HardwareConfig() = default;  // m_thread cancels and joins a running check

QString HardwareConfig::defaultEngineer()
{
    const passwd *pw = getpwuid(getuid());
    if (!pw)
        return {};
    const QString gecos = QString::fromLocal8Bit(pw->pw_gecos ? pw->pw_gecos : "").section(QLatin1Char(','), 0, 0).trimmed();
    return gecos.isEmpty() ? QString::fromLocal8Bit(pw->pw_name) : gecos;
}

QString HardwareConfig::startBlocker() const
{
    if (!m_itemsError.isEmpty())
        return tr("The checklist cannot be read: %1").arg(m_itemsError);
    if (!m_session->protection())
        return tr("Choose the protection set first.");
    if (m_targets.isEmpty())
        return isSkipped() ? tr("The reboot rolled the clone back: there is no twin to check.") : tr("Reboot the Secondary into the clone first.");
    return {};
}

bool HardwareConfig::isSkipped() const
{
    if (!m_targets.isEmpty())
        return false;
    for (const TargetRecord &t : m_session->record().targets())
        if (t.reboot && !t.reboot->clonesRolledBack.isEmpty())
            return true;
    return false;
}

void HardwareConfig::refresh()
{
    if (isRunning())
        return;
    const QList<TargetMachine> targets = twinTargets(*m_session);
    const QStringList signature = twinSignature(*m_session, targets);
    if (m_refreshed && signature == m_signature)
        return;
    m_refreshed = true;
    m_signature = signature;
    m_targets = targets;
    const QList<ChecklistItem> fromProfile = m_session->protection() ? m_session->protection()->profile.checklist : QList<ChecklistItem>{};
    const Result<QList<ChecklistItem>> items = checklistFor(fromProfile);
    m_items = items ? *items : QList<ChecklistItem>{};
    m_itemsError = items ? QString() : items.error().message;
    m_reports = QList<std::optional<HardwareReport>>(m_targets.size());
    m_confirmations.clear();
    for (qsizetype i = 0; i < m_targets.size(); ++i)
        m_confirmations.append(inv::ConfirmationSet(m_items));
    m_current = 0;
    m_session->record().clearStep(InstallStep::Hardware);
    m_session->setHardwareOutcome(std::nullopt);
    setState(State::Idle, QString());
    Q_EMIT reportChanged();
    Q_EMIT confirmationsChanged();
}

void HardwareConfig::setCurrentTarget(int index)
{
    if (index < 0 || index >= m_targets.size() || index == m_current)
        return;
    m_current = index;
    Q_EMIT reportChanged();
    Q_EMIT confirmationsChanged();
}

const HardwareReport *HardwareConfig::report() const
{
    if (m_current >= m_reports.size() || !m_reports[m_current])
        return nullptr;
    return &*m_reports[m_current];
}

QList<HardwareRow> HardwareConfig::rows() const
{
    const HardwareReport *r = report();
    return r ? hardwareRows(*r) : QList<HardwareRow>{};
}

QString HardwareConfig::verdict() const
{
    const HardwareReport *r = report();
    if (!r)
        return {};
    if (!r->ok)
        return tr("Not checked: %1").arg(r->error.message);
    QList<inv::RuleOutcome> all = r->rules;
    all += r->functional;
    auto count = [&all](inv::RuleLevel level) {
        return static_cast<int>(std::count_if(all.cbegin(), all.cend(), [level](const inv::RuleOutcome &o) { return o.level == level; }));
    };
    if (const int blocks = count(inv::RuleLevel::Block); blocks > 0)
        return tr("%n check(s) block: %1", nullptr, blocks).arg(inv::blockSummary(all));
    const int warnings = count(inv::RuleLevel::Warn);
    return warnings > 0 ? tr("Nothing blocks; %n warning(s) to look at.", nullptr, warnings) : tr("Nothing blocks: the Secondary matches the Primary.");
}

std::optional<inv::RuleLevel> HardwareConfig::worstLevel() const
{
    const HardwareReport *r = report();
    if (!r)
        return std::nullopt;
    if (!r->ok)
        return inv::RuleLevel::Block;
    inv::RuleLevel worst = inv::RuleLevel::Pass;
    for (const inv::RuleOutcome &o : r->rules + r->functional)
        worst = std::max(worst, o.level);
    return worst;
}

void HardwareConfig::setEngineer(const QString &name)
{
    if (name == m_engineer)
        return;
    m_engineer = name;
    Q_EMIT confirmationsChanged();
}

const inv::ConfirmationSet &HardwareConfig::confirmations() const
{
    static const inv::ConfirmationSet none;
    return m_current < m_confirmations.size() ? m_confirmations[m_current] : none;
}

Status HardwareConfig::confirm(const QString &id, const QString &note)
{
    if (m_current >= m_confirmations.size() || !report() || !report()->ok)
        return makeError(ErrorCode::InvalidArgument, tr("Check the hardware first, then confirm the items."));
    if (m_engineer.trimmed().isEmpty())
        return makeError(ErrorCode::InvalidArgument, tr("Enter your name first: each confirmation records who gave it."));
    if (Status s = m_confirmations[m_current].confirm(id, m_engineer.trimmed(), QDateTime::currentDateTimeUtc(), note.trimmed()); !s)
        return s;
    const inv::Confirmation *c = m_confirmations[m_current].confirmation(id);
    appendLog(tr("%1 confirmed for %2: %3%4").arg(c->by, m_targets[m_current].address, c->text, c->note.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(c->note)));
    storeConfirmations(m_current);
    Q_EMIT confirmationsChanged();
    return {};
}

void HardwareConfig::unconfirm(const QString &id)
{
    if (m_current >= m_confirmations.size() || !m_confirmations[m_current].confirmation(id))
        return;
    m_confirmations[m_current].unconfirm(id);
    appendLog(tr("confirmation withdrawn for %1: %2").arg(m_targets[m_current].address, id));
    storeConfirmations(m_current);
    Q_EMIT confirmationsChanged();
}

void HardwareConfig::storeConfirmations(int index)
{
    if (!m_reports[index])
        return;
    m_reports[index]->setConfirmations(m_confirmations[index]);
    if (TargetRecord *r = m_session->record().find(m_targets[index].address); r && r->hardware)
        r->hardware->setConfirmations(m_confirmations[index]);  // amends the check's report: no new attempt
    Q_EMIT m_session->changed();
}

bool HardwareConfig::canProceed() const
{
    return proceedBlocker().isEmpty();
}

QString HardwareConfig::proceedBlocker() const
{
    if (isSkipped())
        return {};
    if (isRunning())
        return tr("Wait until the check has finished.");
    if (m_targets.isEmpty())
        return startBlocker();
    for (qsizetype i = 0; i < m_targets.size(); ++i) {
        const QString &who = m_targets[i].role;
        if (!m_reports[i] || !m_reports[i]->ok)
            return tr("Check the %1's hardware first.").arg(who);
        if (m_reports[i]->blocks())
            return tr("The %1's hardware blocks the installation: fix it and Re-check.").arg(who);
        if (const QStringList open = m_confirmations[i].missing(); !open.isEmpty())
            return tr("Confirm every item for the %1 (%n open).", nullptr, static_cast<int>(open.size())).arg(who);
    }
    return {};
}

void HardwareConfig::start()
{
    refresh();
    if (!canStart())
        return;
    m_checking = 0;
    m_outcome = StepOutcome{};
    m_outcome.startedAt = QDateTime::currentDateTime();
    m_outcome.attempts = m_session->hardwareOutcome() ? m_session->hardwareOutcome()->attempts + 1 : 1;
    startTarget();
}

void HardwareConfig::startTarget()
{
    const TargetMachine &target = m_targets.at(m_checking);
    HardwareCheckSettings settings = m_template;
    settings.link = target.link;
    settings.plan = m_session->protection()->plan;
    settings.functional = true;
    settings.blockingOnly = false;
    settings.refuseOnBlock = false;  // the page shows what blocks; the engineer fixes it and re-checks
    settings.confirmations.reset();  // asked on the page
    m_lastReport = std::make_shared<HardwareReport>();
    const std::shared_ptr<HardwareReport> report = m_lastReport;
    setState(State::Checking, tr("Reading this Primary's inventory and the %1's (%2)…").arg(target.role, target.address));
    appendLog(tr("checking the hardware of %1 (%2)").arg(target.address, target.info.host));
    m_thread.start([settings] { return new HardwareCheckJob(settings); }, {},
                   [report](Job *job) { *report = static_cast<HardwareCheckJob *>(job)->report(); });
}

void HardwareConfig::cancel()
{
    if (m_state != State::Checking)
        return;
    setState(State::Cancelling, tr("Stopping the check…"));
    m_thread.cancel();
}

void HardwareConfig::onJobFinished(const Status &result)
{
    const TargetMachine &target = m_targets.at(m_checking);
    if (result || m_lastReport->ok) {
        m_reports[m_checking] = *m_lastReport;
        m_reports[m_checking]->setConfirmations(m_confirmations[m_checking]);
        m_session->record().recordHardware(target.role, target.address, *m_reports[m_checking]);
        appendLog(tr("%1: %2").arg(target.address, m_reports[m_checking]->summaryText()));
        for (const inv::RuleOutcome &o : m_reports[m_checking]->rules + m_reports[m_checking]->functional)
            if (o.level == inv::RuleLevel::Block || o.level == inv::RuleLevel::Warn)
                appendLog(tr("%1: %2: %3").arg(levelText(o.level), o.title, o.reason));
        if (m_checking == m_current)
            Q_EMIT reportChanged();
    }
    if (result && m_checking + 1 < m_targets.size()) {
        ++m_checking;
        startTarget();
        return;
    }
    m_outcome.result = result;
    m_outcome.finishedAt = QDateTime::currentDateTime();
    m_outcome.warnings.clear();
    for (qsizetype i = 0; i < m_targets.size(); ++i)
        if (m_reports[i])
            for (const inv::RuleOutcome &o : m_reports[i]->rules + m_reports[i]->functional)
                if (o.level == inv::RuleLevel::Warn)
                    m_outcome.warnings.append(tr("%1: %2: %3").arg(m_targets[i].address, o.title, o.reason));
    State state = State::Checked;
    QString status;
    if (!result) {
        state = result.error().code == ErrorCode::Cancelled ? State::Cancelled : State::Failed;
        status = state == State::Cancelled ? tr("Check stopped. Re-check to read the hardware again.") : result.error().message;
        appendLog(state == State::Cancelled ? tr("check stopped") : tr("failed: %1").arg(status));
    } else {
        status = tr("Checked at %1.").arg(QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss")));
    }
    m_outcome.log = m_log;
    m_session->setHardwareOutcome(m_outcome);
    setState(state, status);
    Q_EMIT runFinished(bool(result));
}

void HardwareConfig::appendLog(const QString &line)
{
    const QString stamped = timeStamped(line);
    m_log.append(stamped);
    Q_EMIT logAppended(stamped);
}

void HardwareConfig::setState(State state, const QString &status)
{
    m_state = state;
    m_status = status;
    Q_EMIT stateChanged();
}

}  // namespace st
