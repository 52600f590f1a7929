// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Test fixture for the boot check: a Secondary made of files (live root, a sysfs with
 * the real relative symlinks of a virtio disk and NIC, /dev with udev's by-* links, a Debian
 * mountinfo) and a staged Debian 12 clone that would boot on it, all in one scratch
 * directory. Tests then break one thing each. Test-only; one thread.
 */
#include "restore/boot/BootFinding.h"
#include "support/TestTree.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace st::test {

class BootFixture {
public:
    static inline const QString kKernel = QStringLiteral("6.1.0-28-amd64");   // the staged kernel
    static inline const QString kRunning = QStringLiteral("6.1.0-27-amd64");  // this Secondary's running kernel
    static inline const QByteArray kRootUuid = "6f1c2a3e-4b5d-4e6f-8a9b-0c1d2e3f4a5b";
    static inline const QByteArray kSwapUuid = "0b7e9c1a-2d3f-4a5b-9c8d-7e6f5a4b3c2d";

    BootFixture();

    boot::HostRoots host;
    QString staged;

    /** An absolute path for @p rel below the scratch directory ("sys/class/block"). */
    QString path(const QString &rel) const;
    void write(const QString &rel, const QByteArray &content);
    void append(const QString &rel, const QByteArray &content);
    void link(const QString &rel, const QByteArray &target);
    void mkdir(const QString &rel);
    void remove(const QString &rel);

    /** A virtio disk NAME at PCI slot 0000:00:SLOT.0 with @p partitions partitions, block
     *  numbers MAJOR:MINOR (partitions MINOR+1...), device nodes and sysfs links. */
    void addVirtioDisk(const QString &name, int slot, const QString &virtio, int major, int minor, int partitions);
    /** Lines of the staged kernel's modules.dep / modules.builtin (replacing them). */
    void setStagedModules(const QByteArray &dep, const QByteArray &builtin, const QString &version = kKernel);
    /** modules.dep in @p dir (fixture-relative) and a file for every module it lists. */
    void writeModules(const QString &dir, const QByteArray &dep);

private:
    ScratchDir m_dir{"bootcheck"};
};

/** The messages of @p findings at @p level. */
QStringList messages(const QList<boot::Finding> &findings, boot::Finding::Level level);
/** Every finding on one line each, for INFO(). */
std::string describe(const QList<boot::Finding> &findings);
/** True if a finding at @p level holds every one of @p parts. */
bool has(const QList<boot::Finding> &findings, boot::Finding::Level level, const QStringList &parts);

}  // namespace st::test
