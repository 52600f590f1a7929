// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Who may hold one of the agent's pre-authentication slots: connections from peers
 * that have not yet proved a pinned certificate (plain TCP, TLS still handshaking, TLS done
 * but not paired).
 *
 * Anyone who reaches the port gets a slot, so the listen queue never fills and a paired
 * Primary always gets in: when the new connection's address already holds perAddress slots,
 * that address's oldest connection is dropped; when all total slots are taken, the oldest
 * connection of the address holding the most slots is dropped. One address (or a few) can
 * therefore only ever push out its own connections, never another address's, and a flood
 * from one address costs it its oldest (longest unauthenticated, least likely legitimate)
 * connections first. Every slot also has a deadline (the listener sweeps them): a connection
 * never holds one for long.
 *
 * Plain logic over connection ids (ascending ids = ascending age), no sockets and no
 * clock, so the policy is unit-tested on its own. Not thread-safe: the agent's main thread.
 */
#include <QHash>
#include <QList>
#include <QString>

#include <deque>

namespace st {

struct AdmissionLimits {
    int perAddress = 32;  // unauthenticated connections one peer address may hold
    int total = 256;      // unauthenticated connections in all
};

class AdmissionControl {
public:
    using Limits = AdmissionLimits;

    explicit AdmissionControl(Limits limits = Limits()) : m_limits(limits) {}

    /**
     * Gives connection @p id (greater than every id admitted before) from @p address a slot.
     * Returns the ids of the connections to drop to make room for it (zero or one, in
     * practice); they no longer hold a slot.
     */
    QList<quint64> admit(quint64 id, const QString &address);
    /** Connection @p id closed or proved its identity: its slot is free. No-op when it holds none. */
    void release(quint64 id);

    bool holds(quint64 id) const { return m_addressOf.contains(id); }
    int count() const { return static_cast<int>(m_addressOf.size()); }
    int countFor(const QString &address) const;
    const Limits &limits() const { return m_limits; }

private:
    quint64 dropOldestOf(const QString &address);

    Limits m_limits;
    QHash<QString, std::deque<quint64>> m_byAddress;  // each deque in ascending id (age) order
    QHash<quint64, QString> m_addressOf;
};

}  // namespace st
