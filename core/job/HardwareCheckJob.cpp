// SPDX-License-Identifier: GPL-3.0-or-later
#include "job/HardwareCheckJob.h"

#include "inventory/FunctionalChecks.h"
#include "job/CloneJob.h"
#include "inventory/InventoryMessages.h"
#include "inventory/InventoryReader.h"

#include <QDateTime>
#include <QFile>

namespace st {

HardwareCheckSettings fitCheckFor(const CloneSettings &clone)
{
    HardwareCheckSettings fit;
    fit.link = clone.link;
    fit.link.idleTimeoutMs = std::min(fit.link.idleTimeoutMs, 120000);
    fit.plan = clone.plan;
    fit.blockingOnly = true;
    fit.refuseOnBlock = true;
    return fit;
}

HardwareCheckJob::HardwareCheckJob(HardwareCheckSettings settings, QObject *parent) : Job(parent), m_settings(std::move(settings))
{
    m_report.secondaryAddress = QStringLiteral("%1:%2").arg(m_settings.link.host).arg(m_settings.link.port);
    if (!m_settings.readLocal)
        m_settings.readLocal = [](const QStringList &paths) {
            inv::InventorySources sources;
            sources.protectedPaths = paths;
            sources.live = inv::liveHostFacts();
            return inv::readInventory(sources);
        };
}

HardwareCheckJob::~HardwareCheckJob() = default;

void HardwareCheckJob::say(const QString &item)
{
    JobProgress p;
    p.stage = Stage::Hardware;
    p.currentItem = item;
    Q_EMIT progress(p);
    Q_EMIT logMessage(QStringLiteral("hardware: %1").arg(item));
}

void HardwareCheckJob::doStart()
{
    say(QStringLiteral("reading this Primary's inventory and asking the Secondary at %1 for its").arg(m_report.secondaryAddress));
    const auto read = m_settings.readLocal;
    QStringList sourcePaths = m_settings.protectedPaths;
    if (m_settings.plan) {
        m_settings.protectedPaths = protectedPathsOf(*m_settings.plan);
        sourcePaths.clear();
        for (const QByteArray &include : m_settings.plan->includes)
            sourcePaths << QFile::decodeName(m_settings.plan->absolute(include));
    }
    const std::optional<SelectionPlan> plan = m_settings.plan;
    const CancelToken cancel = m_cancel;
    m_worker.run<LocalFacts>(this, [read, sourcePaths, plan, cancel] {
        LocalFacts facts;
        facts.inventory = read(sourcePaths);
        if (plan)
            facts.footprint = measureFootprint(*plan, cancel);
        return facts;
    }, [this](LocalFacts local) {
        m_local = std::move(local);
        tryFinish();
    });
    ReconnectPolicy policy;
    policy.giveUpAfterMs = std::max(1000, std::min(m_settings.timeoutMs, 30000));
    m_connection = new AgentConnection(m_settings.link, policy, this);
    connect(m_connection, &AgentConnection::ready, this, &HardwareCheckJob::onReady);
    connect(m_connection, &AgentConnection::failed, this, [this](const Error &e) { finish(e); });
    connect(m_connection, &AgentConnection::logMessage, this, &Job::logMessage);
    m_connection->open();
}

void HardwareCheckJob::doCancel()
{
    m_cancel.cancel();
    finish(makeError(ErrorCode::Cancelled, QStringLiteral("hardware check cancelled")));
}

void HardwareCheckJob::onReady(const SecondaryInfo &info)
{
    if (isFinished() || m_asked)
        return;
    if (!info.operations.offers(Operation::HardwareInventory)) {
        finish(makeError(ErrorCode::Unsupported, QStringLiteral("the agent at %1 (version %2) cannot report its hardware: install this version of servertwin-agent there")
                                                     .arg(m_report.secondaryAddress, info.version)));
        return;
    }
    m_asked = true;
    m_connection->endOutage();
    inv::InventoryRequest request{m_settings.protectedPaths, m_settings.functional};
    const qint64 sentAt = QDateTime::currentMSecsSinceEpoch();
    PendingRequest *r = m_connection->request(Operation::HardwareInventory, 1, request.toJson());
    connect(r, &PendingRequest::finished, this, [this, sentAt](const Result<QJsonObject> &answer) {
        const qint64 receivedAt = QDateTime::currentMSecsSinceEpoch();
        if (isFinished())
            return;
        if (!answer && answer.error().code == ErrorCode::Network) {
            // The link was lost mid-request: the connection opens another (with backoff, until
            // its deadline), and the read-only request is asked again there.
            m_asked = false;
            say(QStringLiteral("the link to %1 was lost (%2); asking again once it is back").arg(m_report.secondaryAddress, answer.error().message));
            return;
        }
        if (!answer) {
            finish(answer.error().withContext(QStringLiteral("inventory of %1").arg(m_report.secondaryAddress)));
            return;
        }
        Result<inv::InventoryReply> reply = inv::InventoryReply::parse(*answer);
        if (!reply) {
            finish(reply.error());
            return;
        }
        onReply(*reply, sentAt, receivedAt);
    });
}

void HardwareCheckJob::onReply(const inv::InventoryReply &reply, qint64 sentAtMs, qint64 receivedAtMs)
{
    m_report.secondary = reply.inventory;
    const qint64 middle = sentAtMs + (receivedAtMs - sentAtMs) / 2;
    m_report.clockOffsetMs = reply.answeredAtMs - middle;
    m_report.clockUncertaintyMs = (receivedAtMs - sentAtMs + 1) / 2;
    m_settings.context.clockOffsetMs = m_report.clockOffsetMs;
    m_settings.context.clockUncertaintyMs = m_report.clockUncertaintyMs;
    if (reply.functional) {
        m_report.functionalChecked = true;
        m_report.functional = inv::functionalChecks(reply);
        m_report.systemState = reply.systemState;
        m_report.failedUnits = reply.failedUnits;
        m_report.kernelErrors = reply.kernelErrors;
    }
    m_haveSecondary = true;
    say(QStringLiteral("the Secondary %1 answered").arg(reply.inventory.host));
    tryFinish();
}

void HardwareCheckJob::tryFinish()
{
    if (isFinished() || !m_local || !m_haveSecondary)
        return;
    const Result<inv::Inventory> &local = *m_local->inventory;
    if (!local) {
        finish(local.error().withContext(QStringLiteral("cannot read this Primary's inventory")));
        return;
    }
    if (m_local->footprint) {
        const Result<ProtectionFootprint> &footprint = *m_local->footprint;
        if (!footprint) {
            finish(footprint.error().withContext(QStringLiteral("cannot measure the protection set")));
            return;
        }
        m_settings.context.bytesByPath = footprint->bytesByPath;
        m_settings.context.protectionSetBytes = footprint->totalBytes;
    }
    m_report.primary = local.value();
    m_report.rules = m_settings.blockingOnly ? inv::blockingRules(m_report.primary, m_report.secondary, m_settings.context)
                                             : inv::compareInventories(m_report.primary, m_report.secondary, m_settings.context);
    m_report.ok = true;
    if (m_settings.confirmations)
        m_report.setConfirmations(*m_settings.confirmations);
    if (m_settings.refuseOnBlock && m_report.blocks()) {
        finish(makeError(ErrorCode::Refused, QStringLiteral("the Secondary at %1 is not fit%2: %3")
                                                 .arg(m_report.secondaryAddress, m_settings.functional ? QString() : QStringLiteral(" for this clone"),
                                                      inv::blockSummary(m_report.rules + m_report.functional))));
        return;
    }
    if (m_settings.confirmations && !m_settings.confirmations->allConfirmed()) {
        finish(makeError(ErrorCode::Refused, QStringLiteral("the hardware checklist is not confirmed: %1 (give each item's confirmation in the answer file)")
                                                 .arg(m_settings.confirmations->missing().join(QStringLiteral("; ")))));
        return;
    }
    finish({});
}

void HardwareCheckJob::finish(const Status &status)
{
    if (isFinished())
        return;
    m_report.checkedAt = QDateTime::currentDateTimeUtc();
    if (!status) {
        m_report.error = status.error();
        if (status.error().code != ErrorCode::Refused)
            m_report.ok = false;
    }
    if (m_connection)
        m_connection->close();
    emitResult(status);
}

}  // namespace st
