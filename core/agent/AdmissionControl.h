// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Who may hold one of the agent's pre-authentication slots: connections from peers
 * that have not yet proved a pinned certificate (plain TCP, TLS still handshaking, TLS done
 * but not paired).
 *
 * Anyone who reaches the port gets a slot, so the listen queue never fills and a paired
 * Primary always gets in: when the new connection's address already holds perAddress slots,
 * one of that address's connections is dropped; when all total slots are taken, one of the
 * address holding the most slots is. One address (or a few) can therefore only ever push out
 * its own connections, never another address's. Within an address, a connection that has
 * sent nothing yet (no TLS ClientHello: it costs an attacker nothing to hold) goes before one
 * that is engaged in its handshake (engage()), and the oldest goes first: so a churn of idle
 * connections from a Primary's own address cannot push out the Primary's handshake. Every
 * slot also has a deadline (the listener sweeps them): a connection never holds one for long.
 *
 * Plain logic over connection ids (ascending ids = ascending age), no sockets and no
 * clock, so the policy is unit-tested on its own. Not thread-safe: the agent's main thread.
 */
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <deque>
#include <functional>

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
     * practice); they no longer hold a slot. @p hasSent, when given, is asked about an idle
     * candidate before it is dropped (has its peer sent something the agent has not read
     * yet?); one that has is engaged from then on.
     */
    QList<quint64> admit(quint64 id, const QString &address, const std::function<bool(quint64)> &hasSent = {});
    /** Connection @p id closed or proved its identity: its slot is free. No-op when it holds none. */
    void release(quint64 id);
    /** Connection @p id has started its TLS handshake: it is dropped only after every idle one of its address. */
    void engage(quint64 id);

    bool holds(quint64 id) const { return m_addressOf.contains(id); }
    int count() const { return static_cast<int>(m_addressOf.size()); }
    int countFor(const QString &address) const;
    const Limits &limits() const { return m_limits; }

private:
    quint64 dropOldestOf(const QString &address, const std::function<bool(quint64)> &hasSent);

    Limits m_limits;
    QHash<QString, std::deque<quint64>> m_byAddress;  // each deque in ascending id (age) order
    QHash<quint64, QString> m_addressOf;
    QSet<quint64> m_engaged;
};

}  // namespace st
