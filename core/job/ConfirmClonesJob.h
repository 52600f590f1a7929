// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The engineer's "keep it" for a clone the Secondary applied at its last boot and left
 * unconfirmed (servertwin-cli reboot --no-confirm, or the wizard's Reboot step when the
 * engineer wants to look first): every clone in the phase "applied" is confirmed
 * (clone.confirm), which releases what it replaced; from then on it cannot be rolled back.
 * The opposite word, a rollback, is a RebootJob with rollBackClones.
 *
 * Connects over the pinned link, asks system.status, confirms each applied clone in turn.
 * Fails (Refused) when the Secondary holds no applied, unconfirmed clone. cancel() stops
 * between requests (a confirm already sent stands). Lives in one thread (event loop).
 */
#include "job/Job.h"
#include "net/AgentConnection.h"

#include <QStringList>

namespace st {

class ConfirmClonesJob : public Job {
    Q_OBJECT
public:
    explicit ConfirmClonesJob(LinkOptions link, QObject *parent = nullptr);
    ~ConfirmClonesJob() override;

    /** The clones confirmed, in order. */
    const QStringList &confirmed() const { return m_confirmed; }
    QString secondaryAddress() const { return m_address; }

protected:
    void doStart() override;
    void doCancel() override;

private:
    void onReady(const SecondaryInfo &info);
    void confirmNext();
    void finish(const Status &status);

    LinkOptions m_link;
    QString m_address;
    AgentConnection *m_connection = nullptr;
    QStringList m_pending;
    QStringList m_confirmed;
    bool m_asked = false;
};

}  // namespace st
