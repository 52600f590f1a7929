// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/LoopExt4.h"

#include <QDir>
#include <QFile>

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

namespace st::test {

namespace {
int tool(const QString &program, const QStringList &args, QByteArray *out = nullptr)
{
    for (const QString &dir : {QStringLiteral("/usr/sbin/"), QStringLiteral("/sbin/"), QStringLiteral("/usr/bin/"), QStringLiteral("/bin/")})
        if (QFile::exists(dir + program))
            return run(dir + program, args, out);
    return -1;
}
}  // namespace

LoopExt4::LoopExt4(int mib, int inodes, const QByteArray &mountOn) : m_dir("loop-ext4")
{
    m_image = m_dir / "image";
    m_mount = mountOn.isEmpty() ? m_dir / "mnt" : mountOn;
    QDir().mkpath(s(m_mount));
    QByteArray out;
    QFile image(s(m_image));
    if (!image.open(QIODevice::WriteOnly) || !image.resize(qint64(mib) << 20)) {
        m_error = QStringLiteral("cannot create the image");
        return;
    }
    image.close();
    QStringList mkfs{QStringLiteral("-q"), QStringLiteral("-F"), QStringLiteral("-m"), QStringLiteral("0")};
    if (inodes > 0)
        mkfs << QStringLiteral("-N") << QString::number(inodes);
    if (tool(QStringLiteral("mkfs.ext4"), mkfs << s(m_image), &out) != 0) {
        m_error = QStringLiteral("mkfs.ext4 failed: ") + QString::fromLocal8Bit(out);
        return;
    }
    if (tool(QStringLiteral("losetup"), {QStringLiteral("-f"), QStringLiteral("--show"), s(m_image)}, &out) != 0) {
        m_error = QStringLiteral("losetup failed: ") + QString::fromLocal8Bit(out);
        return;
    }
    m_device = out.trimmed();
    if (tool(QStringLiteral("mount"), {s(m_device), s(m_mount)}, &out) != 0) {
        m_error = QStringLiteral("mount failed: ") + QString::fromLocal8Bit(out);
        return;
    }
    m_mounted = true;
    // An empty root (ext4's lost+found is not part of what a clone mirrors, but keep it clean).
    QDir(s(m_mount + "/lost+found")).removeRecursively();
}

LoopExt4::~LoopExt4()
{
    if (m_mounted)
        tool(QStringLiteral("umount"), {s(m_mount)});
    if (!m_device.isEmpty())
        tool(QStringLiteral("losetup"), {QStringLiteral("-d"), s(m_device)});
}

qint64 LoopExt4::freeBytes() const
{
    struct statvfs v{};
    REQUIRE(statvfs(m_mount.constData(), &v) == 0);
    return static_cast<qint64>(v.f_bavail) * static_cast<qint64>(v.f_frsize);
}

void LoopExt4::fillLeaving(qint64 leaveFree)
{
    const qint64 size = freeBytes() - leaveFree;
    REQUIRE(size > 0);
    const int fd = ::open((m_mount + "/filler").constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    REQUIRE(fd >= 0);
    const int rc = posix_fallocate(fd, 0, size);
    ::close(fd);
    REQUIRE(rc == 0);
}

void LoopExt4::removeFiller()
{
    REQUIRE(::unlink((m_mount + "/filler").constData()) == 0);
}

}  // namespace st::test
