// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Step 4 on the Primary (and the check before a clone): both inventories, compared.
 *
 * The Primary's own inventory is read on a worker thread while the Secondary's agent is
 * asked for its (hardware.inventory; with `functional`, the checks after the reboot too).
 * The clock offset is measured on that request: the agent's clock as it answered against the
 * middle of the round trip, +- half of it. Then compareInventories() (or only the blocking
 * rules, `blockingOnly`) fills the HardwareReport. The job succeeds when both inventories were
 * read, whatever the rules say, unless `refuseOnBlock` (the check before a clone, and the
 * unattended checklist): then a blocking rule fails it with ErrorCode::Refused and the rules
 * named in one line; with `confirmations`, so does an item the engineer did not confirm.
 * A link lost mid-request is opened again (AgentConnection's backoff, until its deadline) and
 * the request, which only reads, asked again. cancel() stops at once (the local read finishes
 * on its thread and is dropped).
 * Lives in one thread (event loop).
 */
#include "job/Job.h"
#include "job/ProtectionFootprint.h"
#include "job/WorkerThread.h"
#include "net/AgentConnection.h"
#include "report/HardwareReport.h"

#include <QElapsedTimer>
#include <functional>
#include <optional>

namespace st::inv {
struct InventoryReply;
}

namespace st {

struct HardwareCheckSettings {
    LinkOptions link;
    /** The protection set: its include roots are placed on both machines and its bytes per
     *  root measured (on the worker thread) for the disk-space rule. Without it, protectedPaths. */
    std::optional<SelectionPlan> plan;
    QStringList protectedPaths;   // absolute; used when there is no plan
    inv::CompareContext context;  // the clock offset (and, with a plan, the bytes) are filled in by the job
    bool functional = false;      // also the functional checks (after the reboot)
    bool blockingOnly = false;    // only the rules that can block (before a clone)
    bool refuseOnBlock = false;   // a blocking rule or functional check fails the job
    /** The engineer's checklist with what was confirmed (unattended: from the answer file);
     *  the job fails while an item is unconfirmed. nullopt: not asked here (the wizard asks). */
    std::optional<inv::ConfirmationSet> confirmations;
    int timeoutMs = 120000;
    /** Reads this Primary's inventory (on the worker thread) with the protection set's source
     *  paths. Default: the live machine. */
    std::function<Result<inv::Inventory>(const QStringList &protectedPaths)> readLocal;
};

struct CloneSettings;

/** The check before @p clone: its link and protection set, the blocking rules only, refusing
 *  an unfit Secondary (it pairs when the link has a pairing code). */
HardwareCheckSettings fitCheckFor(const CloneSettings &clone);

class HardwareCheckJob : public Job {
    Q_OBJECT
public:
    explicit HardwareCheckJob(HardwareCheckSettings settings, QObject *parent = nullptr);
    ~HardwareCheckJob() override;

    const HardwareReport &report() const { return m_report; }

protected:
    void doStart() override;
    void doCancel() override;

private:
    void onReady(const SecondaryInfo &info);
    void onReply(const inv::InventoryReply &reply, qint64 sentAtMs, qint64 receivedAtMs);
    void tryFinish();
    void finish(const Status &status);
    void say(const QString &item);

    HardwareCheckSettings m_settings;
    HardwareReport m_report;
    AgentConnection *m_connection = nullptr;
    WorkerThread m_worker;
    struct LocalFacts {
        std::optional<Result<inv::Inventory>> inventory;
        std::optional<Result<ProtectionFootprint>> footprint;
    };
    std::optional<LocalFacts> m_local;
    CancelToken m_cancel;
    bool m_haveSecondary = false;
    bool m_asked = false;
};

}  // namespace st
