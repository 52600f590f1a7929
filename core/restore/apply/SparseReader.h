// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Reads a regular file's first @p size bytes as data runs and holes (SEEK_DATA /
 * SEEK_HOLE), so sparse files are neither inflated nor read as gigabytes of zeros.
 *
 * Data is delivered in chunks of at most 1 MiB with its offset; holes as (offset, length).
 * A file shorter than @p size is an error naming the path. Honours the CancelToken between
 * chunks. One object per thread (owns its buffer).
 */
#include "util/CancelToken.h"
#include "util/Result.h"

#include <QByteArray>
#include <functional>

namespace st::apply {

class SparseReader {
public:
    using DataFn = std::function<Status(qint64 offset, const char *data, qint64 len)>;
    using HoleFn = std::function<Status(qint64 offset, qint64 len)>;

    explicit SparseReader(CancelToken cancel);

    Status read(int fd, qint64 size, const QByteArray &path, const DataFn &onData, const HoleFn &onHole);

private:
    CancelToken m_cancel;
    QByteArray m_buffer;
};

}  // namespace st::apply
