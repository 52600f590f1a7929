// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshot/SnapshotPlanner.h"

#include "snapshot/BtrfsVolume.h"
#include "util/RawPath.h"

#include <QFile>
#include <QSet>

#include <linux/magic.h>

#include <optional>

namespace st {

SnapshotEnvironment SnapshotEnvironment::system()
{
    SnapshotEnvironment env;
    env.runner = std::make_shared<ProcessRunner>();
    env.mountTable = &readMountTable;
    env.deviceMapperMajors = [] {
        QFile file(QStringLiteral("/proc/devices"));
        return file.open(QIODevice::ReadOnly) ? st::deviceMapperMajors(file.readAll()) : QList<unsigned>();
    };
    return env;
}

namespace {

QByteArray joinRelative(const QByteArray &a, const QByteArray &b)
{
    if (a.isEmpty())
        return b;
    return b.isEmpty() ? a : a + '/' + b;
}

QString volumeText(const MountEntry &m)
{
    return QStringLiteral("%1 (%2)").arg(displayPath(m.mountPoint), QString::fromUtf8(m.fsType));
}

class Planner {
public:
    Planner(const SelectionPlan &plan, SnapshotMode mode, SnapshotEnvironment &env)
        : m_plan(plan), m_mode(mode), m_env(env)
    {
    }

    Result<SnapshotLayout> run()
    {
        Result<QList<MountEntry>> mounts = m_env.mountTable();
        if (!mounts)
            return mounts.error();
        for (const QByteArray &include : m_plan.includes) {
            PlannedView view;
            view.includeRoot = include;
            view.livePath = m_plan.absolute(include);
            Result<QByteArray> canonical = canonicalPath(view.livePath);
            if (!canonical)
                return canonical.error();
            Result<VolumeInfo> volume = volumeFor(*canonical, *mounts);
            if (!volume)
                return volume.error();
            view.volume = volume->mount.mountPoint;
            if (Status s = choose(*volume, view); !s)
                return s.error();
            m_layout.views.append(view);
        }
        return m_layout;
    }

private:
    Status choose(const VolumeInfo &volume, PlannedView &view)
    {
        if (m_mode == SnapshotMode::None)
            return {};
        const bool isBtrfs = volume.fsMagic == qint64(BTRFS_SUPER_MAGIC);
        if (m_mode == SnapshotMode::Btrfs || (m_mode == SnapshotMode::Auto && isBtrfs))
            return chooseBtrfs(volume, view, isBtrfs);
        return chooseLvm(volume, view, isBtrfs);
    }

    Status chooseBtrfs(const VolumeInfo &volume, PlannedView &view, bool isBtrfs)
    {
        const MountEntry &m = volume.mount;
        if (!isBtrfs)
            return refuse(volume, QStringLiteral("a btrfs"), QStringLiteral("it is not btrfs"));
        if (m.readOnly())
            return fallBackOrRefuse(volume, QStringLiteral("a btrfs"), QStringLiteral("it is mounted read-only"));
        Result<QByteArray> root = btrfsSubvolumeRootOf(volume.path, m.mountPoint);
        if (!root)
            return fallBackOrRefuse(volume, QStringLiteral("a btrfs"), root.error().message);
        int index = -1;
        for (int i = 0; i < m_layout.snapshots.size(); ++i) {
            if (m_layout.snapshots[i].provider == QLatin1String("btrfs") && m_layout.snapshots[i].origin == *root)
                index = i;
        }
        if (index < 0) {
            m_layout.snapshots.append(PlannedSnapshot{QStringLiteral("btrfs"), *root, m, {}});
            index = int(m_layout.snapshots.size() - 1);
        }
        view.snapshot = index;
        view.relative = relativeTo(volume.path, *root);
        return {};
    }

    Status chooseLvm(const VolumeInfo &volume, PlannedView &view, bool isBtrfs)
    {
        const MountEntry &m = volume.mount;
        if (isBtrfs)  // a second mount of a btrfs filesystem with the same UUID is unsafe
            return refuse(volume, QStringLiteral("an LVM"), QStringLiteral("it is btrfs: use --snapshot btrfs or auto"));
        Result<std::optional<LvmVolume>> lv = lvFor(m);
        if (!lv)
            return fallBackOrRefuse(volume, QStringLiteral("an LVM"), lv.error().message);
        if (!lv->has_value()) {
            if (m_mode == SnapshotMode::Auto) {
                warnLive(m, {});
                return {};
            }
            return refuse(volume, QStringLiteral("an LVM"),
                          QStringLiteral("its device %1 (%2:%3) is not an LVM logical volume")
                              .arg(displayPath(m.source)).arg(m.major).arg(m.minor));
        }
        const LvmVolume &origin = **lv;
        int index = -1;
        for (int i = 0; i < m_layout.snapshots.size(); ++i) {
            if (m_layout.snapshots[i].provider == QLatin1String("lvm")
                && m_layout.snapshots[i].lv.fullName() == origin.fullName())
                index = i;
        }
        if (index < 0) {
            m_layout.snapshots.append(PlannedSnapshot{QStringLiteral("lvm"), m.mountPoint, m, origin});
            index = int(m_layout.snapshots.size() - 1);
        }
        view.snapshot = index;
        const QByteArray mountRoot = m.root == "/" ? QByteArray() : m.root.mid(1);
        view.relative = joinRelative(mountRoot, relativeTo(volume.path, m.mountPoint));
        return {};
    }

    /** The LV behind a mount, if its device is a device-mapper device lvs knows. */
    Result<std::optional<LvmVolume>> lvFor(const MountEntry &m)
    {
        if (!m_dmMajors)
            m_dmMajors = m_env.deviceMapperMajors();
        if (!m_dmMajors->contains(m.major))
            return std::optional<LvmVolume>();
        if (!m_lvs) {
            Result<CommandOutput> out = runChecked(*m_env.runner, lvsReportCommand(), 60000);
            if (!out)
                return out.error();
            Result<QList<LvmVolume>> parsed = parseLvsJson(out->out);
            if (!parsed)
                return parsed.error();
            m_lvs = *parsed;
        }
        const LvmVolume *lv = findLvByDevice(*m_lvs, m.major, m.minor);
        return lv ? std::optional<LvmVolume>(*lv) : std::optional<LvmVolume>();
    }

    Status refuse(const VolumeInfo &volume, const QString &aProvider, const QString &why)
    {
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("cannot take %1 snapshot of \"%2\" on %3: %4")
                                                         .arg(aProvider, displayPath(volume.path),
                                                              volumeText(volume.mount), why));
    }

    Status fallBackOrRefuse(const VolumeInfo &volume, const QString &aProvider, const QString &why)
    {
        if (m_mode != SnapshotMode::Auto)
            return refuse(volume, aProvider, why);
        warnLive(volume.mount, why);
        return {};
    }

    void warnLive(const MountEntry &m, const QString &why)
    {
        if (m_warned.contains(m.mountPoint))
            return;
        m_warned.insert(m.mountPoint);
        const QString reason = why.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(why);
        m_layout.warnings.append(QStringLiteral("no snapshot support on %1 (%2)%3: files are read live; changes during "
                                                "the read are detected and reported")
                                     .arg(displayPath(m.mountPoint), QString::fromUtf8(m.fsType), reason));
    }

    const SelectionPlan &m_plan;
    SnapshotMode m_mode;
    SnapshotEnvironment &m_env;
    SnapshotLayout m_layout;
    std::optional<QList<unsigned>> m_dmMajors;
    std::optional<QList<LvmVolume>> m_lvs;
    QSet<QByteArray> m_warned;
};

}  // namespace

Result<SnapshotLayout> planSnapshots(const SelectionPlan &plan, SnapshotMode mode, SnapshotEnvironment &env)
{
    if (mode == SnapshotMode::Vss)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("VSS snapshots exist on Windows only: use "
                                                                    "--snapshot auto, btrfs, lvm or none"));
    return Planner(plan, mode, env).run();
}

}  // namespace st
