// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief A SystemProbe that reports the facts a test sets. Tests change the fields only while
 * no check runs; calls are counted and the calling threads recorded. An optional gate makes
 * effectiveUid() wait, so a test can look at the "checking" state.
 */
#include "config/SystemProbe.h"

#include <QMap>
#include <QMutex>
#include <QSemaphore>
#include <QSet>
#include <QThread>

#include <atomic>
#include <linux/magic.h>

namespace st::test {

class FakeSystemProbe final : public SystemProbe {
public:
    quint32 uid = 0;
    QMap<QString, FileSystemInfo> filesystems;
    QMap<QString, Error> fsErrors;
    QSet<QString> executables;
    QSemaphore *gate = nullptr;  // effectiveUid() acquires it when set

    mutable std::atomic<int> uidCalls{0};

    quint32 effectiveUid() const override
    {
        record();
        ++uidCalls;
        if (gate)
            gate->acquire();
        return uid;
    }

    Result<FileSystemInfo> fileSystem(const QString &path) const override
    {
        record();
        if (fsErrors.contains(path))
            return fsErrors.value(path);
        if (filesystems.contains(path))
            return filesystems.value(path);
        return makeError(ErrorCode::Io, QStringLiteral("statfs %1: No such file or directory").arg(path));
    }

    bool isExecutableFile(const QString &path) const override
    {
        record();
        return executables.contains(path);
    }

    QSet<QThread *> callingThreads() const
    {
        QMutexLocker lock(&m_mutex);
        return m_threads;
    }

    /** A healthy Primary: root, / on btrfs, plenty of space in @p stateDir, the agent in @p appDir. */
    static std::shared_ptr<FakeSystemProbe> healthy(const QString &stateDir, const QString &appDir)
    {
        auto probe = std::make_shared<FakeSystemProbe>();
        probe->filesystems.insert(QStringLiteral("/"), FileSystemInfo{QStringLiteral("/"), BTRFS_SUPER_MAGIC, QStringLiteral("btrfs"), qint64(50) << 30});
        probe->filesystems.insert(stateDir, FileSystemInfo{stateDir, BTRFS_SUPER_MAGIC, QStringLiteral("btrfs"), qint64(50) << 30});
        probe->executables.insert(appDir + QStringLiteral("/servertwin-agent"));
        return probe;
    }

private:
    void record() const
    {
        QMutexLocker lock(&m_mutex);
        m_threads.insert(QThread::currentThread());
    }

    mutable QMutex m_mutex;
    mutable QSet<QThread *> m_threads;
};

}  // namespace st::test
