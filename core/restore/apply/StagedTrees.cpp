// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/apply/StagedTrees.h"

#include "util/RawPath.h"

namespace st::apply {

void StagedTrees::addArea(const QByteArray &mountPoint, int treeFd)
{
    if (m_mounts.isEmpty())
        m_mounts.append(QByteArray());
    m_mounts.append(mountPoint);
    m_fds.append(treeFd);
}

qsizetype StagedTrees::areaOf(const QByteArray &path) const
{
    qsizetype best = 0;
    qsizetype bestLength = -1;
    for (qsizetype i = 1; i < m_mounts.size(); ++i) {
        const QByteArray &m = m_mounts[i];
        if (path != m && isSameOrBelow(path, m) && m.size() > bestLength) {
            best = i;
            bestLength = m.size();
        }
    }
    return best;
}

}  // namespace st::apply
