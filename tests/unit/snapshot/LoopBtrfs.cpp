// SPDX-License-Identifier: GPL-3.0-or-later
#include "LoopBtrfs.h"

#include "support/TestTree.h"

#include <catch2/catch.hpp>

#include <QFile>
#include <QProcess>
#include <QStandardPaths>

#include <cstdlib>
#include <unistd.h>

namespace st::test {

QString findTool(const QString &name)
{
    QString found = QStandardPaths::findExecutable(name);
    if (found.isEmpty())
        found = QStandardPaths::findExecutable(name, {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin")});
    return found;
}

int runTool(const QString &program, const QStringList &args, QByteArray *output)
{
    const QString path = findTool(program);
    if (path.isEmpty())
        return -1;
    return run(path, args, output);
}

QStringList btrfsSubvolumes(const QByteArray &mount)
{
    QByteArray out;
    if (runTool(QStringLiteral("btrfs"), {QStringLiteral("subvolume"), QStringLiteral("list"), QFile::decodeName(mount)},
                &out) != 0)
        return {QStringLiteral("<btrfs subvolume list failed: %1>").arg(QString::fromUtf8(out))};
    QStringList paths;
    for (const QByteArray &line : out.split('\n')) {
        const qsizetype at = line.indexOf(" path ");
        if (at >= 0)
            paths.append(QString::fromUtf8(line.mid(at + 6)));
    }
    paths.sort();
    return paths;
}

LoopBtrfs::LoopBtrfs()
{
    if (!isRoot()) {
        m_skip = QStringLiteral("needs root (loop devices, mount)");
        return;
    }
    for (const QString &tool : {QStringLiteral("losetup"), QStringLiteral("mkfs.btrfs"), QStringLiteral("btrfs"),
                                QStringLiteral("mount"), QStringLiteral("umount")}) {
        if (findTool(tool).isEmpty()) {
            m_skip = QStringLiteral("%1 is not installed").arg(tool);
            return;
        }
    }
    if (!QFile::exists(QStringLiteral("/dev/loop-control"))) {
        m_skip = QStringLiteral("no /dev/loop-control (loop devices unavailable)");
        return;
    }
    QByteArray image = "/var/tmp/servertwin-btrfs-XXXXXX.img";
    const int fd = ::mkstemps(image.data(), 4);
    if (fd < 0 || ::ftruncate(fd, 300LL * 1024 * 1024) != 0) {
        m_error = QStringLiteral("cannot create the image %1").arg(QString::fromLocal8Bit(image));
        if (fd >= 0)
            ::close(fd);
        return;
    }
    ::close(fd);
    m_image = image;
    QByteArray out;
    if (runTool(QStringLiteral("mkfs.btrfs"), {QStringLiteral("-q"), QStringLiteral("-f"), QFile::decodeName(m_image)},
                &out) != 0) {
        m_error = QStringLiteral("mkfs.btrfs failed: %1").arg(QString::fromUtf8(out));
        return;
    }
    if (runTool(QStringLiteral("losetup"), {QStringLiteral("--find"), QStringLiteral("--show"), QFile::decodeName(m_image)},
                &out) != 0) {
        m_error = QStringLiteral("losetup failed: %1").arg(QString::fromUtf8(out));
        return;
    }
    m_device = out.trimmed();
    QByteArray dir = "/var/tmp/servertwin-btrfs-mnt-XXXXXX";
    if (!::mkdtemp(dir.data())) {
        m_error = QStringLiteral("mkdtemp failed");
        return;
    }
    m_mount = dir;
    if (runTool(QStringLiteral("mount"), {QStringLiteral("-t"), QStringLiteral("btrfs"), QFile::decodeName(m_device),
                                          QFile::decodeName(m_mount)},
                &out) != 0) {
        m_error = QStringLiteral("mount of %1 failed: %2").arg(QFile::decodeName(m_device), QString::fromUtf8(out));
        return;
    }
    m_mounted = true;
}

LoopBtrfs::~LoopBtrfs()
{
    if (m_mounted) {
        if (runTool(QStringLiteral("umount"), {QFile::decodeName(m_mount)}) != 0)
            runTool(QStringLiteral("umount"), {QStringLiteral("-l"), QFile::decodeName(m_mount)});
    }
    if (!m_mount.isEmpty())
        ::rmdir(m_mount.constData());
    if (!m_device.isEmpty())
        runTool(QStringLiteral("losetup"), {QStringLiteral("-d"), QFile::decodeName(m_device)});
    if (!m_image.isEmpty())
        ::unlink(m_image.constData());
}

bool LoopBtrfs::createSubvolume(const QByteArray &rel) const
{
    QByteArray out;
    const int rc = runTool(QStringLiteral("btrfs"), {QStringLiteral("subvolume"), QStringLiteral("create"),
                                                     QFile::decodeName(m_mount + '/' + rel)},
                           &out);
    INFO("btrfs subvolume create " << rel.constData() << ": " << out.constData());
    CHECK(rc == 0);
    return rc == 0;
}

}  // namespace st::test
