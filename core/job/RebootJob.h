// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Step 3 on the Primary: reboot the Secondary and wait until it is back, in a new
 * boot, with the same identity and a healthy system.
 *
 * Phases (RebootPhase, each reported with its elapsed time): Connecting (pinned link; the
 * agent must offer system.reboot), Checking the system before (its failed units, so a unit
 * that failed already is not blamed on the reboot), Requesting (system.reboot: the agent
 * refuses while a clone is unfinished or the host cannot reboot, and nothing happens), then
 * the point of no return: GoingDown (the agent still answers in the old boot), Down (nothing
 * answers: the host is shutting down, applying a staged clone at boot, or booting), Back (an
 * agent with the same pinned certificate answers with a different boot id), Starting (systemd
 * still starting units: asked again every few seconds), Done.
 *
 * Healthy means: systemd's state is running, or degraded only by units that had already
 * failed before the reboot (they are listed as warnings); a unit that fails only after the
 * reboot, or the maintenance (emergency) state, fails the job with the units named. A
 * simulated boot (sandbox agent) without systemd passes with its state "offline". When
 * expectedHost is set, the Secondary must come back with that host name (a clone applied at
 * boot carries the Primary's). A clone the Secondary had staged for this boot is then judged
 * (judgeClonesAfterBoot): confirmed when healthy, rolled back through a second reboot when
 * not (the job then fails, saying so), and a failed apply fails the job with its reason;
 * rollBackClones makes the reboot an engineer's rollback of the applied clone.
 *
 * The wait has one deadline (RebootSettings::timeoutMs, default 20 min) from the accepted
 * request; past it the job fails with what to look at on the Secondary's console. cancel()
 * before the request is accepted leaves the Secondary untouched; after it, it only stops
 * waiting (the reboot goes on). Lives in one thread (event loop).
 */
#include "job/Job.h"
#include "net/AgentConnection.h"
#include "net/SystemMessages.h"
#include "report/RebootReport.h"

#include <QElapsedTimer>
#include <functional>
#include <optional>
#include <QJsonObject>
#include <QTimer>

namespace st {

enum class RebootPhase { Connecting, CheckingBefore, Requesting, GoingDown, Down, Back, Starting, Done };
QString rebootPhaseName(RebootPhase phase);

struct RebootSettings {
    LinkOptions link;
    QString reason = QStringLiteral("requested from the Primary");
    int timeoutMs = 20 * 60 * 1000;   // accepted request to a healthy Secondary
    int retryMaxDelayMs = 5000;       // between connection attempts while it is away
    int startingPollMs = 3000;        // while systemd is still starting units
    QString expectedHost;             // empty: any
    bool confirmClones = true;        // a clone applied at this boot and healthy: confirm it (clone.confirm)
    bool rollbackOnUnhealthy = true;  // a clone applied at this boot and unhealthy: roll it back through another reboot
    bool rollBackClones = false;      // the engineer's rollback: the applied, unconfirmed clones are rolled back at this boot
};

class RebootJob : public Job {
    Q_OBJECT
public:
    explicit RebootJob(RebootSettings settings, QObject *parent = nullptr);
    ~RebootJob() override;

    const RebootReport &report() const { return m_report; }
    RebootPhase phase() const { return m_phase; }
    /** Past the point of no return (the agent accepted the reboot). */
    bool isIrreversible() const { return m_accepted; }

Q_SIGNALS:
    /** Every phase change, with the time since the job started. */
    void phaseChanged(st::RebootPhase phase, qint64 elapsedMs);
    /** What the Secondary did at the new boot (its apply log), once it answers in it. */
    void bootLogReceived(const QStringList &lines);

protected:
    void doStart() override;
    void doCancel() override;

private:
    void setPhase(RebootPhase phase);
    void onReady(const SecondaryInfo &info);
    void onLost(const Error &error);
    void onFailed(const Error &error);
    void askStatus(bool before);
    void onStatusBefore(const msg::SystemStatus &status);
    void requestReboot();
    void onStatusAfter(const msg::SystemStatus &status);
    /** The system check after the boot (fills the report's failed units and warnings). */
    Status healthOf(const msg::SystemStatus &status);
    /** @p op (clone.confirm / clone.rollback) on each clone in turn, then @p then. */
    void callOnClones(Operation op, QStringList clones, std::function<void()> then);
    void rollBackThenReboot(const QStringList &clones);
    void tick();
    void finish(const Status &status);

    RebootSettings m_settings;
    RebootReport m_report;
    AgentConnection *m_connection = nullptr;
    RebootPhase m_phase = RebootPhase::Connecting;
    bool m_accepted = false;
    bool m_rollingBack = false;              // this boot rolls the clones back
    std::optional<Error> m_unhealthy;        // why the applied clone is being rolled back
    QList<msg::StagedClone> m_clonesBefore;
    QElapsedTimer m_clock;        // since start
    QElapsedTimer m_sinceAccepted;
    QElapsedTimer m_phaseClock;
    QTimer m_deadline;
    QTimer m_poll;
    QTimer m_ticker;
};

}  // namespace st
