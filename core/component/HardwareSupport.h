// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The Secondary's own hardware support (issue 14): before a clone replaces its packages
 * with the Primary's, the agent finds which of its installed packages serve its own hardware
 * and that the Primary's package set lacks, keeps them (rebuilt as .debs from the installed
 * files, as dpkg-repack does) in a bundle signed with the agent's own component key, and
 * offers that bundle as the "hardware-support" component after the reboot.
 *
 * What serves the hardware: the CPU vendor's microcode package (intel-microcode,
 * amd64-microcode); a package owning a firmware file a loaded driver asks for (modinfo's
 * firmware list, under /lib/firmware or /usr/lib/firmware); a package, other than the kernel's
 * own, owning a kernel module of the running kernel (DKMS builds, vendor drivers).
 *
 * Layout in the agent's state directory: component-key.pem (0600, made on first use) and
 * hardware-support/ (the bundle: manifest.json, manifest.sig, signer.pub, debs/).
 * Free functions; blocking (file I/O, modinfo, dpkg-deb): call them off the event loop.
 */
#include "component/ComponentBundle.h"
#include "component/PackageDatabase.h"

#include <QSet>
#include <optional>

namespace st {

struct HardwareFacts {
    QString cpuVendor;            // /proc/cpuinfo vendor_id: "GenuineIntel", "AuthenticAMD"
    QString kernelRelease;        // uname -r
    QMap<QString, QString> firmwareNeeds;  // a firmware file a loaded driver asks for -> the driver
};

/** The facts of the machine this runs on (/proc/cpuinfo, uname, /proc/modules and modinfo). */
HardwareFacts liveHardwareFacts();

struct HardwarePackage {
    QString name;
    QString version;
    QString reason;  // one line: why it serves this machine's hardware
};

/** The packages of @p installed that serve @p facts and whose names @p primaryPackages lacks, by name. */
QList<HardwarePackage> hardwarePackages(const QMap<QString, InstalledPackage> &installed, const QSet<QString> &primaryPackages, const HardwareFacts &facts);

/** The agent's own component signing key (made on first use) and its public key. */
Result<SigningKeyPair> agentComponentKey(const QString &stateDir);

/** Finds the hardware packages of @p root that the staged clone's tree @p stagedTree lacks and
 *  keeps them as the hardware-support bundle (replacing an earlier one); with none, no bundle
 *  is kept. Returns what it kept. */
Result<QList<HardwarePackage>> keepHardwareSupport(const QString &root, const QString &stagedTree, const QString &stateDir, const HardwareFacts &facts);

/** The kept hardware-support bundle's manifest, its signature checked but not its files (for a
 *  list: cheap); nullopt when there is none. */
Result<std::optional<ComponentManifest>> hardwareSupportManifest(const QString &stateDir);

/** The kept hardware-support bundle, verified with the agent's own key; nullopt when there is none. */
Result<std::optional<VerifiedBundle>> openHardwareSupport(const QString &stateDir);

}  // namespace st
