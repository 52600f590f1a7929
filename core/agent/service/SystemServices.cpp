// SPDX-License-Identifier: GPL-3.0-or-later
#include "agent/service/SystemServices.h"

#include "agent/SystemdProbe.h"
#include "agent/service/OperationCall.h"
#include "net/SystemMessages.h"
#include "util/Version.h"

#include <QHostInfo>
#include <QPointer>

namespace st {

void SystemStatusService::call(OperationCall *call)
{
    auto *probe = new SystemdProbe(call);  // goes with the call when the connection does
    QObject::connect(probe, &SystemdProbe::done, call, [this, call, probe](const SystemdState &state) {
        msg::SystemStatus s;
        s.bootId = m_boot.bootId();
        s.simulatedBoot = m_boot.isSimulated();
        s.host = QHostInfo::localHostName();
        s.uptimeMs = m_boot.uptimeMs();
        s.systemState = state.systemState;
        s.failedUnits = state.failedUnits;
        s.agentVersion = productVersion();
        s.bootLog = m_bootLog.mid(std::max<qsizetype>(0, m_bootLog.size() - msg::SystemStatus::kMaxLogLines));
        if (m_clones)
            s.clones = m_clones();
        probe->deleteLater();
        call->finish(s.toJson());
    });
    probe->start();
}

RebootService::RebootService(const BootIdentity &boot, RebootDriver &driver, std::function<std::optional<Error>()> blocker,
                             std::function<void(const QString &)> log, std::function<void()> accepted)
    : m_boot(boot), m_driver(driver), m_blocker(std::move(blocker)), m_log(std::move(log)), m_accepted(std::move(accepted))
{
    m_goDown.setSingleShot(true);
    QObject::connect(&m_goDown, &QTimer::timeout, &m_goDown, [this] {
        // A simulated reboot brings this agent back, ready for the next one; a real one ends it.
        m_underWay = !m_driver.simulated();
        m_driver.reboot(m_pendingReason);
    });
}

void RebootService::call(OperationCall *call)
{
    auto request = msg::RebootRequest::parse(call->body());
    if (!request) {
        call->finish(request.error());
        return;
    }
    if (m_underWay) {
        call->finish(makeError(ErrorCode::Refused, QStringLiteral("a reboot of this host is already under way")));
        return;
    }
    if (const auto why = m_blocker()) {
        call->finish(*why);
        return;
    }
    if (Status s = m_driver.check(); !s) {
        call->finish(s.error());
        return;
    }
    m_underWay = true;
    m_accepted();
    const QString reason = request->reason.isEmpty() ? QStringLiteral("no reason given") : request->reason;
    m_log(QStringLiteral("%1reboot requested by %2: %3").arg(m_driver.simulated() ? QStringLiteral("simulated ") : QString(), call->peerHost(), reason));
    msg::RebootAccepted accepted;
    accepted.bootId = m_boot.bootId();
    accepted.simulated = m_driver.simulated();
    accepted.goingDownInMs = kGoingDownInMs;
    call->finish(accepted.toJson());
    m_pendingReason = reason;
    m_goDown.start(kGoingDownInMs);
}

}  // namespace st
