// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Test fixture: a real btrfs filesystem on a loop device (300 MiB sparse image in
 * /var/tmp, mkfs.btrfs, losetup, mount on a temporary directory), torn down on destruction
 * (umount, losetup -d, image removed) even when the test failed. Needs root, losetup and
 * mkfs.btrfs; otherwise skipReason() says why and the test WARNs "skipped: ..." and returns.
 * Test-only; one thread.
 */
#include <QByteArray>
#include <QString>
#include <QStringList>

namespace st::test {

class LoopBtrfs {
public:
    LoopBtrfs();
    ~LoopBtrfs();
    LoopBtrfs(const LoopBtrfs &) = delete;
    LoopBtrfs &operator=(const LoopBtrfs &) = delete;

    /** Empty when the filesystem is mounted and usable. */
    QString skipReason() const { return m_skip; }
    /** Set when a setup step failed on a machine that should have worked (the test fails). */
    QString setupError() const { return m_error; }
    bool ready() const { return m_skip.isEmpty() && m_error.isEmpty(); }

    const QByteArray &mountPoint() const { return m_mount; }
    QByteArray operator/(const QByteArray &rel) const { return m_mount + '/' + rel; }

    /** `btrfs subvolume create` of mountPoint()/rel; false (with a Catch failure) if it fails. */
    bool createSubvolume(const QByteArray &rel) const;

private:
    QString m_skip;
    QString m_error;
    QByteArray m_image;
    QByteArray m_device;
    QByteArray m_mount;
    bool m_mounted = false;
};

/** A tool's absolute path (PATH, then the sbin directories), or empty. */
QString findTool(const QString &name);

/** Runs a command; returns its exit code, merged output in @p output. */
int runTool(const QString &program, const QStringList &args, QByteArray *output = nullptr);

/** Lists the subvolumes (paths relative to the top level) of the btrfs filesystem mounted at @p mount. */
QStringList btrfsSubvolumes(const QByteArray &mount);

}  // namespace st::test
