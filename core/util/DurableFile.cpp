// SPDX-License-Identifier: GPL-3.0-or-later
#include "util/DurableFile.h"

#include "util/RawPath.h"
#include "util/UniqueFd.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace st {

Status syncDirectory(int dirFd)
{
    if (::fsync(dirFd) != 0)
        return errnoError(errno, QStringLiteral("cannot flush a directory to disk"));
    return {};
}

Status writeFileDurably(int dirFd, const QByteArray &name, const QByteArray &content, mode_t mode)
{
    const QByteArray temp = name + ".tmp";
    ::unlinkat(dirFd, temp.constData(), 0);
    const int raw = ::openat(dirFd, temp.constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (raw < 0)
        return errnoError(errno, QStringLiteral("cannot create %1").arg(displayPath(temp)));
    UniqueFd fd(raw);
    auto fail = [&](int err, const QString &what) {
        ::unlinkat(dirFd, temp.constData(), 0);
        return errnoError(err, what.arg(displayPath(name)));
    };
    qsizetype done = 0;
    while (done < content.size()) {
        const ssize_t n = ::write(fd.get(), content.constData() + done, static_cast<size_t>(content.size() - done));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return fail(errno, QStringLiteral("cannot write %1"));
        }
        done += n;
    }
    if (::fdatasync(fd.get()) != 0)
        return fail(errno, QStringLiteral("cannot flush %1 to disk"));
    fd.reset();
    if (::renameat(dirFd, temp.constData(), dirFd, name.constData()) != 0)
        return fail(errno, QStringLiteral("cannot put %1 into place"));
    return syncDirectory(dirFd);
}

Result<QByteArray> readSmallFile(int dirFd, const QByteArray &name, qint64 maxBytes)
{
    const int raw = ::openat(dirFd, name.constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (raw < 0)
        return errnoError(errno, QStringLiteral("cannot open %1").arg(displayPath(name)));
    UniqueFd fd(raw);
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0)
        return errnoError(errno, QStringLiteral("cannot stat %1").arg(displayPath(name)));
    if (!S_ISREG(st.st_mode))
        return makeError(ErrorCode::Io, QStringLiteral("%1 is not a regular file").arg(displayPath(name)));
    if (st.st_size > maxBytes)
        return makeError(ErrorCode::Io, QStringLiteral("%1 is larger than %2 bytes").arg(displayPath(name)).arg(maxBytes));
    QByteArray out;
    out.resize(static_cast<qsizetype>(st.st_size));
    qsizetype done = 0;
    while (done < out.size()) {
        const ssize_t n = ::read(fd.get(), out.data() + done, static_cast<size_t>(out.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return errnoError(errno, QStringLiteral("cannot read %1").arg(displayPath(name)));
        if (n == 0)
            break;
        done += n;
    }
    out.truncate(done);
    return out;
}

}  // namespace st
