// SPDX-License-Identifier: GPL-3.0-or-later
#include "agent/service/CloneServices.h"

#include "agent/service/OperationCall.h"
#include "restore/txn/ApplyTransaction.h"
#include "util/UniqueFd.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace st {

namespace {

Result<UniqueFd> openRoot(const QByteArray &root)
{
    const int fd = ::open(root.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return errnoError(errno, QStringLiteral("cannot open the agent's root"));
    return UniqueFd(fd);
}

/** The transaction a clone.confirm/clone.rollback names. */
Result<txn::ApplyTransaction> openNamed(const QByteArray &root, const QJsonObject &body, const char *operation)
{
    auto ref = msg::CloneRef::parse(body, operation);
    if (!ref)
        return ref.error();
    auto rootFd = openRoot(root);
    if (!rootFd)
        return rootFd.error();
    auto ids = txn::ApplyTransaction::list(rootFd->get());
    if (!ids)
        return ids.error();
    if (!ids->contains(ref->cloneId))
        return makeError(ErrorCode::Refused, QStringLiteral("this Secondary holds no clone %1 applied at boot").arg(ref->cloneId));
    return txn::ApplyTransaction::open(rootFd->get(), ref->cloneId);
}

}  // namespace

QList<msg::StagedClone> stagedClones(const QByteArray &root)
{
    QList<msg::StagedClone> out;
    auto rootFd = openRoot(root);
    if (!rootFd)
        return out;
    auto ids = txn::ApplyTransaction::list(rootFd->get());
    for (const QString &id : ids ? *ids : QStringList()) {
        auto t = txn::ApplyTransaction::open(rootFd->get(), id);
        if (!t || out.size() >= msg::SystemStatus::kMaxClones)
            continue;
        const txn::TransactionState &s = t->state();
        out.append(msg::StagedClone{id, s.sourceHost, txn::phaseName(s.phase), s.attempts, s.error.left(4096), s.rollbackRequested, s.hostFinished});
    }
    return out;
}

void CloneConfirmService::call(OperationCall *call)
{
    auto t = openNamed(m_root, call->body(), "clone.confirm");
    if (!t) {
        call->finish(t.error());
        return;
    }
    if (Status s = t->commit(); !s) {
        call->finish(s.error());
        return;
    }
    m_log(QStringLiteral("clone %1 confirmed by %2: what it replaced is being removed").arg(t->state().cloneId, call->peerHost()));
    call->finish(QJsonObject{});
    if (m_retired)
        m_retired();
}

void CloneRollbackService::call(OperationCall *call)
{
    auto t = openNamed(m_root, call->body(), "clone.rollback");
    if (!t) {
        call->finish(t.error());
        return;
    }
    if (Status s = t->requestRollback(); !s) {
        call->finish(s.error());
        return;
    }
    if (m_armBoot)
        if (Status s = m_armBoot(); !s) {
            call->finish(s.error());
            return;
        }
    m_log(QStringLiteral("rollback of clone %1 requested by %2: it runs at the next boot").arg(t->state().cloneId, call->peerHost()));
    call->finish(QJsonObject{{QStringLiteral("rebootNeeded"), true}});
}

}  // namespace st
