// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/apply/SparseReader.h"

#include "util/RawPath.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace st::apply {

namespace {
constexpr qint64 kChunk = 1 << 20;
}

SparseReader::SparseReader(CancelToken cancel) : m_cancel(std::move(cancel)) {}

Status SparseReader::read(int fd, qint64 size, const QByteArray &path, const DataFn &onData, const HoleFn &onHole)
{
    if (m_buffer.isEmpty())
        m_buffer.resize(kChunk);
    qint64 pos = 0;
    while (pos < size) {
        if (m_cancel.isCancelled())
            return makeError(ErrorCode::Cancelled, QStringLiteral("cancelled while reading %1").arg(displayPath(path)));
        off_t data = lseek(fd, pos, SEEK_DATA);
        if (data < 0) {
            if (errno != ENXIO)
                return errnoError(errno, QStringLiteral("cannot seek in %1").arg(displayPath(path)));
            data = size;  // only a hole up to the end
        }
        data = std::min<off_t>(data, size);
        if (data > pos) {
            if (Status s = onHole(pos, data - pos); !s)
                return s;
            pos = data;
            continue;
        }
        off_t hole = lseek(fd, pos, SEEK_HOLE);
        if (hole < 0)
            return errnoError(errno, QStringLiteral("cannot seek in %1").arg(displayPath(path)));
        hole = std::min<off_t>(std::max<off_t>(hole, pos + 1), size);
        while (pos < hole) {
            if (m_cancel.isCancelled())
                return makeError(ErrorCode::Cancelled, QStringLiteral("cancelled while reading %1").arg(displayPath(path)));
            const auto want = static_cast<size_t>(std::min<qint64>(kChunk, hole - pos));
            const ssize_t n = pread(fd, m_buffer.data(), want, pos);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
                return errnoError(errno, QStringLiteral("cannot read %1").arg(displayPath(path)));
            if (n == 0)
                return makeError(ErrorCode::Io, QStringLiteral("%1 ended at byte %2 while reading (expected %3 bytes)")
                                                    .arg(displayPath(path)).arg(pos).arg(size));
            if (Status s = onData(pos, m_buffer.constData(), n); !s)
                return s;
            pos += n;
        }
    }
    return {};
}

}  // namespace st::apply
