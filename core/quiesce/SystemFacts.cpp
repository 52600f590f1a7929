// SPDX-License-Identifier: GPL-3.0-or-later
#include "SystemFacts.h"

#include "util/RawPath.h"

#include <QFile>
#include <QSet>

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>

namespace st {

HostSystemFacts::HostSystemFacts(QByteArray root) : m_root(std::move(root))
{
    while (m_root.size() > 1 && m_root.endsWith('/'))
        m_root.chop(1);
}

QByteArray HostSystemFacts::hostPath(const QString &path) const
{
    const QByteArray rel = path.toUtf8();
    return m_root == "/" ? rel : m_root + rel;
}

const QStringList &HostSystemFacts::unitDirectories()
{
    static const QStringList dirs = {QStringLiteral("/lib/systemd/system"), QStringLiteral("/usr/lib/systemd/system"),
                                     QStringLiteral("/etc/systemd/system")};
    return dirs;
}

const QStringList &HostSystemFacts::binaryDirectories()
{
    static const QStringList dirs = {QStringLiteral("/usr/sbin"),      QStringLiteral("/usr/bin"),
                                     QStringLiteral("/sbin"),          QStringLiteral("/bin"),
                                     QStringLiteral("/usr/local/sbin"), QStringLiteral("/usr/local/bin")};
    return dirs;
}

QStringList HostSystemFacts::parseDpkgStatus(const QByteArray &status)
{
    QSet<QString> installed;
    QByteArray package;
    bool isInstalled = false;
    auto finish = [&]() {
        if (!package.isEmpty() && isInstalled)
            installed.insert(QString::fromUtf8(package));
        package.clear();
        isInstalled = false;
    };
    for (const QByteArray &rawLine : status.split('\n')) {
        const QByteArray line = rawLine.endsWith('\r') ? rawLine.chopped(1) : rawLine;
        if (line.trimmed().isEmpty()) {
            finish();
            continue;
        }
        if (line.startsWith(' ') || line.startsWith('\t'))
            continue;  // continuation of a multi-line field
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray field = line.left(colon).toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (field == "package") {
            package = value;
        } else if (field == "status") {
            // "<want> <flag> <status>": installed only with flag "ok" and status "installed"
            // ("install ok installed", "hold ok installed"; not "deinstall ok config-files").
            const QList<QByteArray> words = value.simplified().split(' ');
            isInstalled = words.size() == 3 && words[1] == "ok" && words[2] == "installed";
        }
    }
    finish();
    QStringList names(installed.cbegin(), installed.cend());
    names.sort();
    return names;
}

Result<QStringList> HostSystemFacts::installedPackages() const
{
    const QByteArray path = hostPath(QStringLiteral("/var/lib/dpkg/status"));
    QFile file(QString::fromLocal8Bit(path));
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read the package database %1: %2")
                                            .arg(displayPath(path), file.errorString()));
    const QByteArray content = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return makeError(ErrorCode::Io, QStringLiteral("cannot read the package database %1: %2")
                                            .arg(displayPath(path), file.errorString()));
    return parseDpkgStatus(content);
}

Result<QStringList> HostSystemFacts::unitFiles() const
{
    QSet<QString> names;
    for (const QString &dir : unitDirectories()) {
        const QByteArray path = hostPath(dir);
        DIR *d = ::opendir(path.constData());
        if (!d) {
            if (errno == ENOENT || errno == ENOTDIR)
                continue;
            return errnoError(errno, QStringLiteral("cannot list unit directory %1").arg(displayPath(path)));
        }
        errno = 0;
        while (const dirent *entry = ::readdir(d)) {
            const QByteArray name(entry->d_name);
            const qsizetype dot = name.lastIndexOf('.');
            // Unit files only ("ssh.service", "ssh@.service"), not "multi-user.target.wants" directories.
            if (dot > 0 && !name.startsWith('.') && !name.endsWith(".wants") && !name.endsWith(".requires") && !name.endsWith(".d"))
                names.insert(QString::fromUtf8(name));
            errno = 0;
        }
        const int err = errno;
        ::closedir(d);
        if (err != 0)
            return errnoError(err, QStringLiteral("cannot list unit directory %1").arg(displayPath(path)));
    }
    QStringList sorted(names.cbegin(), names.cend());
    sorted.sort();
    return sorted;
}

QString HostSystemFacts::findBinary(const QString &name) const
{
    if (name.isEmpty() || name.contains(QLatin1Char('/')))
        return QString();
    for (const QString &dir : binaryDirectories()) {
        const QString candidate = dir + QLatin1Char('/') + name;
        struct stat st {};
        // stat(), not lstat(): /usr/sbin/mysqld is a symlink to mariadbd. Below a root other
        // than "/", an absolute symlink target resolves on this machine: detection is a hint.
        if (::stat(hostPath(candidate).constData(), &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111))
            return candidate;
    }
    return QString();
}

}  // namespace st
