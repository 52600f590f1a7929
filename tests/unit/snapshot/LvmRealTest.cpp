// SPDX-License-Identifier: GPL-3.0-or-later
// The LVM provider against real lvm2 on a loop-device volume group. Needs root and a kernel
// with device-mapper; elsewhere (like containers without /dev/mapper/control) it WARNs
// "skipped: ..." and returns.
#include "support/CatchQt.h"
#include "SnapshotTestUtil.h"
#include "snapshot/CommandRunner.h"
#include "snapshot/SnapshotSetImpl.h"
#include "support/TestTree.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <cstdlib>
#include <unistd.h>

using namespace st;
using namespace st::test;

namespace {

/** Why this machine cannot run real LVM tests, or empty. */
QString lvmSkipReason()
{
    if (!isRoot())
        return QStringLiteral("needs root");
    if (!QFile::exists(QStringLiteral("/dev/mapper/control")))
        return QStringLiteral("no device-mapper: /dev/mapper/control does not exist");
    QByteArray out;
    if (runTool(QStringLiteral("dmsetup"), {QStringLiteral("version")}, &out) != 0)
        return QStringLiteral("no device-mapper: dmsetup version failed: %1").arg(firstLine(out));
    for (const char *tool : {"losetup", "pvcreate", "vgcreate", "lvcreate", "lvremove", "vgremove", "pvremove", "mkfs.ext4"}) {
        if (findTool(QString::fromLatin1(tool)).isEmpty())
            return QStringLiteral("%1 is not installed").arg(QString::fromLatin1(tool));
    }
    return {};
}

/** A volume group on a loop device with one ext4 LV mounted; everything undone on destruction. */
struct LoopVolumeGroup {
    QByteArray image;
    QByteArray device;
    QByteArray mount;
    QString vg = QStringLiteral("stsnap%1").arg(::getpid());
    QString error;
    bool vgCreated = false;
    bool mounted = false;

    bool step(const QString &tool, const QStringList &args)
    {
        QByteArray out;
        if (runTool(tool, args, &out) == 0)
            return true;
        error = QStringLiteral("%1 %2: %3").arg(tool, args.join(QLatin1Char(' ')), QString::fromUtf8(out));
        return false;
    }

    LoopVolumeGroup()
    {
        QByteArray img = "/var/tmp/servertwin-lvm-XXXXXX.img";
        const int fd = ::mkstemps(img.data(), 4);
        if (fd < 0 || ::ftruncate(fd, 512LL * 1024 * 1024) != 0) {
            error = QStringLiteral("cannot create the image");
            return;
        }
        ::close(fd);
        image = img;
        QByteArray out;
        if (runTool(QStringLiteral("losetup"), {QStringLiteral("--find"), QStringLiteral("--show"), s(image)}, &out) != 0) {
            error = QStringLiteral("losetup: %1").arg(QString::fromUtf8(out));
            return;
        }
        device = out.trimmed();
        if (!step(QStringLiteral("pvcreate"), {QStringLiteral("-q"), s(device)})
            || !step(QStringLiteral("vgcreate"), {QStringLiteral("-q"), vg, s(device)}))
            return;
        vgCreated = true;
        if (!step(QStringLiteral("lvcreate"), {QStringLiteral("-q"), QStringLiteral("-y"), QStringLiteral("-L"),
                                               QStringLiteral("128m"), QStringLiteral("-n"), QStringLiteral("origin"), vg})
            || !step(QStringLiteral("mkfs.ext4"), {QStringLiteral("-q"), QStringLiteral("/dev/%1/origin").arg(vg)}))
            return;
        QByteArray dir = "/var/tmp/servertwin-lvm-mnt-XXXXXX";
        if (!::mkdtemp(dir.data())) {
            error = QStringLiteral("mkdtemp failed");
            return;
        }
        mount = dir;
        if (!step(QStringLiteral("mount"), {QStringLiteral("/dev/%1/origin").arg(vg), s(mount)}))
            return;
        mounted = true;
    }

    ~LoopVolumeGroup()
    {
        if (mounted)
            runTool(QStringLiteral("umount"), {s(mount)});
        if (!mount.isEmpty())
            ::rmdir(mount.constData());
        if (vgCreated) {
            runTool(QStringLiteral("vgremove"), {QStringLiteral("-f"), QStringLiteral("-q"), vg});
            runTool(QStringLiteral("pvremove"), {QStringLiteral("-q"), s(device)});
        }
        if (!device.isEmpty())
            runTool(QStringLiteral("losetup"), {QStringLiteral("-d"), s(device)});
        if (!image.isEmpty())
            ::unlink(image.constData());
    }
};

}  // namespace

TEST_CASE("LVM snapshot on a real volume group: content as of creation, mounted read-only, removed on release")
{
    const QString skip = lvmSkipReason();
    if (!skip.isEmpty()) {
        WARN("skipped: " << skip.toStdString());
        return;
    }
    LoopVolumeGroup group;
    INFO("fixture setup: " << group.error.toStdString());
    REQUIRE(group.error.isEmpty());
    writeFile(group.mount + "/data/file.txt", "before\n");
    ::sync();
    ScratchDir state("snap-state");

    auto set = SnapshotSetImpl::create(planOf(group.mount, {"data"}), SnapshotMode::Auto, s(state.path()), CancelToken(),
                                       SnapshotEnvironment::system());
    INFO((set.ok() ? QString() : set.error().message).toStdString());
    REQUIRE(set.ok());
    REQUIRE((*set)->views().size() == 1);
    const SnapshotView view = (*set)->views().first();
    CHECK(view.provider == QStringLiteral("lvm"));
    CHECK((*set)->pointInTime());
    writeFile(group.mount + "/data/file.txt", "after\n");
    CHECK(readAll(view.readPath + "/file.txt") == "before\n");
    CHECK(readAll(group.mount + "/data/file.txt") == "after\n");
    CHECK_FALSE(QFile(s(view.readPath + "/new")).open(QIODevice::WriteOnly));  // mounted read-only
    CHECK((*set)->checkHealthy().ok());

    const QByteArray mountDir = (*set)->snapshotPaths().value(0);
    REQUIRE((*set)->release().ok());
    CHECK_FALSE(QFileInfo::exists(s(mountDir)));
    QByteArray lvs;
    REQUIRE(runTool(QStringLiteral("lvs"), {QStringLiteral("--noheadings"), QStringLiteral("-o"), QStringLiteral("lv_name"),
                                            group.vg},
                    &lvs) == 0);
    CHECK(lvs.trimmed() == "origin");
}
