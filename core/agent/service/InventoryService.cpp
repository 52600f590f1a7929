// SPDX-License-Identifier: GPL-3.0-or-later
#include "agent/service/InventoryService.h"

#include "agent/KernelErrorProbe.h"
#include "agent/SystemdProbe.h"
#include "agent/service/OperationCall.h"
#include "inventory/InventoryMessages.h"
#include "inventory/InventoryReader.h"
#include "job/WorkerThread.h"

#include <QDateTime>
#include <QFile>
#include <memory>

namespace st {

namespace {

/** One call's work: the inventory on a thread, the probes in the event loop; answers when all are in. */
class InventoryGathering : public QObject {
public:
    InventoryGathering(OperationCall *call, inv::InventorySources sources, bool functional) : QObject(call), m_call(call)
    {
        m_reply.functional = functional;
        m_pending = functional ? 3 : 1;
        m_worker.run<Result<inv::Inventory>>(this, [sources = std::move(sources)] { return inv::readInventory(sources); },
                                             [this](Result<inv::Inventory> inventory) {
                                                 if (inventory)
                                                     m_reply.inventory = std::move(*inventory);
                                                 else
                                                     m_error = inventory.error();
                                                 oneDone();
                                             });
        if (functional) {
            auto *systemd = new SystemdProbe(this);
            connect(systemd, &SystemdProbe::done, this, [this](const SystemdState &state) {
                m_reply.systemState = state.systemState;
                m_reply.failedUnits = state.failedUnits;
                oneDone();
            });
            auto *kernel = new KernelErrorProbe(this);
            connect(kernel, &KernelErrorProbe::done, this, [this](const QStringList &errors, const QString &note) {
                m_reply.kernelErrors = errors;
                m_reply.journalNote = note;
                oneDone();
            });
            systemd->start();
            kernel->start();
        }
    }

private:
    void oneDone()
    {
        if (--m_pending > 0)
            return;
        if (m_error) {
            m_call->finish(m_error->withContext(QStringLiteral("cannot read this Secondary's inventory")));
        } else {
            m_reply.answeredAtMs = QDateTime::currentMSecsSinceEpoch();
            m_call->finish(m_reply.toJson());
        }
        deleteLater();
    }

    OperationCall *m_call;  // the parent
    WorkerThread m_worker;  // joined when the call (and so this) goes
    inv::InventoryReply m_reply;
    std::optional<Error> m_error;
    int m_pending = 0;
};

}  // namespace

InventoryService::InventoryService(QByteArray root, std::function<QString()> stagedTree) : m_root(std::move(root)), m_stagedTree(std::move(stagedTree))
{
}

void InventoryService::call(OperationCall *call)
{
    const Result<inv::InventoryRequest> request = inv::InventoryRequest::parse(call->body());
    if (!request) {
        call->finish(request.error());
        return;
    }
    inv::InventorySources sources;
    sources.live = inv::liveHostFacts();
    // The Primary's paths land below this agent's root (a sandbox root in tests and the demo).
    sources.protectedPaths = request->protectedPaths;
    sources.placeRoot = QFile::decodeName(m_root);
    if (m_stagedTree)
        sources.stagedRoot = m_stagedTree();
    new InventoryGathering(call, std::move(sources), request->functional);
}

}  // namespace st
