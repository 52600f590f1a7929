// SPDX-License-Identifier: GPL-3.0-or-later
#include "agent/AdmissionControl.h"

#include <algorithm>

namespace st {

QList<quint64> AdmissionControl::admit(quint64 id, const QString &address, const std::function<bool(quint64)> &hasSent)
{
    QList<quint64> dropped;
    if (countFor(address) >= std::max(1, m_limits.perAddress)) {
        dropped.append(dropOldestOf(address, hasSent));
    } else if (count() >= std::max(1, m_limits.total)) {
        // The address holding the most slots gives one up (the older connection on a tie).
        QString heaviest;
        qsizetype most = 0;
        quint64 oldest = 0;
        for (auto it = m_byAddress.cbegin(); it != m_byAddress.cend(); ++it) {
            const qsizetype n = static_cast<qsizetype>(it.value().size());
            if (n > most || (n == most && it.value().front() < oldest)) {
                heaviest = it.key();
                most = n;
                oldest = it.value().front();
            }
        }
        dropped.append(dropOldestOf(heaviest, hasSent));
    }
    m_byAddress[address].push_back(id);
    m_addressOf.insert(id, address);
    return dropped;
}

void AdmissionControl::release(quint64 id)
{
    const auto found = m_addressOf.constFind(id);
    if (found == m_addressOf.cend())
        return;
    const QString address = found.value();
    m_addressOf.erase(found);
    m_engaged.remove(id);
    auto list = m_byAddress.find(address);
    auto &ids = list.value();
    ids.erase(std::find(ids.begin(), ids.end(), id));
    if (ids.empty())
        m_byAddress.erase(list);
}

void AdmissionControl::engage(quint64 id)
{
    if (m_addressOf.contains(id))
        m_engaged.insert(id);
}

int AdmissionControl::countFor(const QString &address) const
{
    const auto it = m_byAddress.constFind(address);
    return it == m_byAddress.cend() ? 0 : static_cast<int>(it.value().size());
}

quint64 AdmissionControl::dropOldestOf(const QString &address, const std::function<bool(quint64)> &hasSent)
{
    const std::deque<quint64> ids = m_byAddress.value(address);
    const auto idle = std::find_if(ids.cbegin(), ids.cend(), [&](quint64 id) {
        if (m_engaged.contains(id))
            return false;
        if (hasSent && hasSent(id)) {
            m_engaged.insert(id);
            return false;
        }
        return true;
    });
    const quint64 victim = idle != ids.cend() ? *idle : ids.front();
    release(victim);
    return victim;
}

}  // namespace st
