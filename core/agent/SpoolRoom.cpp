// SPDX-License-Identifier: GPL-3.0-or-later
#include "agent/SpoolRoom.h"

#include "util/RawPath.h"
#include "util/HumanBytes.h"

#include <QFile>

#include <sys/stat.h>
#include <sys/statvfs.h>

#include <algorithm>
#include <cerrno>

namespace st {

namespace {
constexpr qint64 kSpoolOnlyReserve = 64LL << 20;  // kept free on a spool filesystem of its own
}  // namespace

Result<SpoolRoom> SpoolRoom::measure(const QByteArray &root, const QString &spoolDir, const RestoreOptions &options)
{
    struct stat rootSt{}, spoolSt{};
    struct statvfs vfs{};
    const QByteArray spool = QFile::encodeName(spoolDir);
    if (::stat(root.constData(), &rootSt) != 0)
        return errnoError(errno, QStringLiteral("cannot read the restore root %1").arg(displayPath(root)));
    if (::stat(spool.constData(), &spoolSt) != 0)
        return errnoError(errno, QStringLiteral("cannot read the resume directory %1").arg(spoolDir));
    if (::statvfs(root.constData(), &vfs) != 0)
        return errnoError(errno, QStringLiteral("cannot measure the free space under %1").arg(displayPath(root)));
    SpoolRoom room;
    room.m_root = root;
    room.m_spoolDir = spoolDir;
    room.m_shared = rootSt.st_dev == spoolSt.st_dev;
    room.m_staging = stagingRoomNeeded(options, static_cast<qint64>(vfs.f_frsize));
    return room;
}

Result<qint64> SpoolRoom::freeBytes() const
{
    struct statvfs vfs{};
    if (::statvfs(QFile::encodeName(m_spoolDir).constData(), &vfs) != 0)
        return errnoError(errno, QStringLiteral("cannot measure the free space for the stream spool in %1").arg(m_spoolDir));
    return static_cast<qint64>(vfs.f_bavail) * static_cast<qint64>(vfs.f_frsize);
}

Status SpoolRoom::check() const
{
    auto free = freeBytes();
    if (!free)
        return free.error();
    const qint64 spoolAtLeast = m_staging.data / 4;
    const qint64 needed = m_shared ? m_staging.total() + spoolAtLeast : spoolAtLeast + kSpoolOnlyReserve;
    if (*free >= needed)
        return {};
    if (m_shared)
        return makeError(ErrorCode::NoSpace,
                         QStringLiteral("not enough free space under %1 for the clone and its stream spool (the state directory %2 is on the same filesystem): "
                                        "%3 free, the staging copy needs about %4 and the spool at least %5; free space, or give the agent a --state-dir on another filesystem")
                             .arg(displayPath(m_root), m_spoolDir, humanBytes(*free), humanBytes(m_staging.total()), humanBytes(spoolAtLeast)));
    return makeError(ErrorCode::NoSpace, QStringLiteral("not enough free space in %1 for the clone's stream spool: %2 free, it needs at least %3")
                                             .arg(m_spoolDir, humanBytes(*free), humanBytes(needed)));
}

Status SpoolRoom::watch(qint64 spoolBytes, qint64 chunk, qint64 stagedBytes) const
{
    auto free = freeBytes();
    if (!free)
        return free.error();
    const qint64 stagingStill = m_shared ? std::max<qint64>(0, m_staging.data - stagedBytes) : 0;
    const qint64 reserve = m_shared ? m_staging.reserve : kSpoolOnlyReserve;
    if (*free - chunk >= stagingStill + reserve)
        return {};
    return tooLittle(*free, stagingStill, spoolBytes);
}

Error SpoolRoom::tooLittle(qint64 freeBytes, qint64 stagingStill, qint64 spoolBytes) const
{
    if (m_shared)
        return makeError(ErrorCode::NoSpace,
                         QStringLiteral("not enough free space under %1 for the clone and its stream spool (the state directory %2 is on the same filesystem): "
                                        "%3 free with %4 of the stream spooled, the staging copy still needs about %5 and %6 stay free; "
                                        "free space, or give the agent a --state-dir on another filesystem")
                             .arg(displayPath(m_root), m_spoolDir, humanBytes(freeBytes), humanBytes(spoolBytes), humanBytes(stagingStill), humanBytes(m_staging.reserve)));
    return makeError(ErrorCode::NoSpace, QStringLiteral("not enough free space in %1 for the clone's stream spool: %2 free with %3 spooled, %4 stay free")
                                             .arg(m_spoolDir, humanBytes(freeBytes), humanBytes(spoolBytes), humanBytes(kSpoolOnlyReserve)));
}

}  // namespace st
