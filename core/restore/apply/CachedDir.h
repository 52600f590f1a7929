// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Keeps the last directory opened beneath a base fd, because consecutive manifest
 * entries mostly share their parent. Owns that fd (the base fd is only compared); one thread.
 */
#include "util/RawPath.h"
#include "util/Result.h"
#include "util/SafeFs.h"
#include "util/UniqueFd.h"

#include <fcntl.h>

namespace st::apply {

class CachedDir {
public:
    /** The directory @p path beneath @p baseFd (openBeneath, no symlinks), opened once. */
    Result<int> get(int baseFd, const QByteArray &path)
    {
        if (m_fd.valid() && m_base == baseFd && m_path == path)
            return m_fd.get();
        m_fd.reset();
        Result<UniqueFd> fd = openBeneath(baseFd, path, O_RDONLY | O_DIRECTORY);
        if (!fd)
            return fd.error();
        m_fd = std::move(*fd);
        m_base = baseFd;
        m_path = path;
        return m_fd.get();
    }

    /** Forgets the cached directory if it is @p changed or lies below it. */
    void invalidate(const QByteArray &changed)
    {
        if (m_fd.valid() && isSameOrBelow(m_path, changed))
            m_fd.reset();
    }

private:
    int m_base = -1;
    QByteArray m_path;
    UniqueFd m_fd;
};

}  // namespace st::apply
