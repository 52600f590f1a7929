// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief What is installed on a system, as application detection needs it.
 *
 * SystemFacts is the interface ApplicationCatalog::detectInstalled() asks (tests inject a
 * fake). HostSystemFacts reads a Debian system below a root directory ("/" for this machine,
 * or a mounted snapshot): installed packages from <root>/var/lib/dpkg/status, unit files
 * present in <root>/{lib,usr/lib,etc}/systemd/system, executables in the usual sbin/bin
 * directories. Reads on every call, caches nothing; const and safe to call from any thread.
 */
#include "util/Result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace st {

class SystemFacts {
public:
    virtual ~SystemFacts() = default;
    /** Names of the packages that are installed (sorted, without architecture qualifiers). */
    virtual Result<QStringList> installedPackages() const = 0;
    /** Names of the systemd unit files present ("ssh.service"), sorted, without duplicates. */
    virtual Result<QStringList> unitFiles() const = 0;
    /** Where the executable @p name is (absolute path as seen on that system), or "" if nowhere. */
    virtual QString findBinary(const QString &name) const = 0;
};

class HostSystemFacts final : public SystemFacts {
public:
    /** @p root is the system's root directory ("/" for this machine). */
    explicit HostSystemFacts(QByteArray root = QByteArrayLiteral("/"));

    Result<QStringList> installedPackages() const override;
    Result<QStringList> unitFiles() const override;
    QString findBinary(const QString &name) const override;

    /** Parses a dpkg status file: packages whose Status is "<want> ok installed". */
    static QStringList parseDpkgStatus(const QByteArray &status);

    static const QStringList &unitDirectories();    // "/lib/systemd/system", ...
    static const QStringList &binaryDirectories();  // "/usr/sbin", "/usr/bin", ...

private:
    QByteArray hostPath(const QString &path) const;  // <root> + path
    QByteArray m_root;
};

}  // namespace st
