// SPDX-License-Identifier: GPL-3.0-or-later
#include "agent/AgentFootprint.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

#include <sys/stat.h>

namespace st {

namespace {

/** @p absolute (as dpkg lists it) resolved below @p root to where it really is, root-relative; empty if not there. */
QByteArray realRelative(const QByteArray &root, const QByteArray &absolute)
{
    const QString rootDir = QDir(QString::fromLocal8Bit(root)).canonicalPath();
    const QFileInfo entry(rootDir + QString::fromLocal8Bit(absolute));
    const QString parent = QFileInfo(entry.absolutePath()).canonicalFilePath();
    if (parent.isEmpty() || !(parent == rootDir || parent.startsWith(rootDir == QLatin1String("/") ? rootDir : rootDir + QLatin1Char('/'))))
        return {};
    const QString full = parent + QLatin1Char('/') + entry.fileName();
    struct stat st {};
    if (lstat(QFile::encodeName(full).constData(), &st) != 0 || S_ISDIR(st.st_mode))
        return {};
    return QFile::encodeName(full.mid(rootDir == QLatin1String("/") ? 1 : rootDir.size() + 1));
}

}  // namespace

QList<QByteArray> agentPackageFiles(const QByteArray &root, const QByteArray &package)
{
    const QString info = QString::fromLocal8Bit(root) + QStringLiteral("/var/lib/dpkg/info");
    QFile list(info + QLatin1Char('/') + QString::fromLatin1(package) + QStringLiteral(".list"));
    if (!list.open(QIODevice::ReadOnly))
        return {};
    QList<QByteArray> files;
    for (const QByteArray &line : list.readAll().split('\n')) {
        if (!line.startsWith('/'))
            continue;
        const QByteArray rel = realRelative(root, line);
        if (!rel.isEmpty() && !files.contains(rel))
            files.append(rel);
    }
    const QStringList infoFiles = QDir(info).entryList({QString::fromLatin1(package) + QStringLiteral(".*")}, QDir::Files | QDir::System);
    for (const QString &name : infoFiles)
        files.append("var/lib/dpkg/info/" + QFile::encodeName(name));
    // What deb-systemd-helper records of the package's units (enabled state, for purge).
    const QString helper = QString::fromLocal8Bit(root) + QStringLiteral("/var/lib/systemd/deb-systemd-helper-enabled");
    QDirIterator it(helper, {QString::fromLatin1(package) + QStringLiteral("*")}, QDir::Files | QDir::System | QDir::Hidden,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        files.append("var/lib/systemd/deb-systemd-helper-enabled/" + QFile::encodeName(path.mid(helper.size() + 1)));
    }
    return files;
}

QByteArray dpkgStanza(const QByteArray &status, const QByteArray &package)
{
    const QByteArray header = "Package: " + package + '\n';
    qsizetype at = status.startsWith(header) ? 0 : status.indexOf("\n" + header);
    if (at < 0)
        return {};
    if (at > 0)
        ++at;
    qsizetype end = status.indexOf("\n\n", at);
    end = end < 0 ? status.size() : end + 2;
    return status.mid(at, end - at);
}

QByteArray withDpkgStanza(const QByteArray &status, const QByteArray &package, const QByteArray &stanza)
{
    QByteArray out = status;
    const QByteArray old = dpkgStanza(status, package);
    if (!old.isEmpty())
        out.remove(out.indexOf(old), old.size());
    if (stanza.isEmpty())
        return out;
    if (!out.isEmpty() && !out.endsWith("\n\n"))
        out += out.endsWith('\n') ? "\n" : "\n\n";
    out += stanza;
    if (!out.endsWith("\n\n"))
        out += out.endsWith('\n') ? "\n" : "\n\n";
    return out;
}

}  // namespace st
