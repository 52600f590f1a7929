// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief A root's dpkg database read as data: the installed packages (status "install ok
 * installed") with their control stanza and the files each owns (var/lib/dpkg/info/P.list or
 * P:ARCH.list), and a package rebuilt as a .deb from its installed files, as dpkg-repack does
 * (the files as they are on disk, the control stanza without the status fields, the conffiles,
 * md5sums and maintainer scripts dpkg kept). Free functions; blocking file I/O and dpkg-deb.
 */
#include "util/Result.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace st {

struct InstalledPackage {
    QString name;
    QString version;
    QString architecture;
    QStringList files;       // absolute paths it owns (directories included), as dpkg lists them
    QByteArray stanza;       // its status stanza as dpkg wrote it
    QString infoName;        // "name" or "name:arch": the prefix of its files in var/lib/dpkg/info
};

/** The installed packages of @p root (its var/lib/dpkg), by name. */
Result<QMap<QString, InstalledPackage>> readPackageDatabase(const QString &root);

/** Rebuilds @p package as it is installed under @p root into @p outDir
 *  (NAME_VERSION_ARCH.deb, the epoch left out of the name); returns the file's path. */
Result<QString> repackPackage(const QString &root, const InstalledPackage &package, const QString &outDir);

}  // namespace st
