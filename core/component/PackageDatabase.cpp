// SPDX-License-Identifier: GPL-3.0-or-later
#include "component/PackageDatabase.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>

#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace st {

namespace {

constexpr qint64 kMaxStatus = qint64(256) << 20;

Error ioError(const QString &what)
{
    return makeError(ErrorCode::Io, QStringLiteral("%1: %2").arg(what, QString::fromLocal8Bit(strerror(errno))));
}

/** The value of @p key in a control stanza (continuation lines joined with '\n'). */
QByteArray field(const QByteArray &stanza, const QByteArray &key)
{
    QByteArray value;
    bool in = false;
    for (const QByteArray &line : stanza.split('\n')) {
        if (in && (line.startsWith(' ') || line.startsWith('\t'))) {
            value += '\n' + line;
            continue;
        }
        in = false;
        if (line.startsWith(key + ':')) {
            value = line.mid(key.size() + 1).trimmed();
            in = true;
        }
    }
    return value;
}

/** @p stanza without the fields only an installed package has. */
QByteArray controlOf(const QByteArray &stanza)
{
    static const QList<QByteArray> drop{"Status", "Config-Version", "Conffiles"};
    QByteArray out;
    bool skipping = false;
    for (const QByteArray &line : stanza.split('\n')) {
        if (line.isEmpty())
            continue;
        if (line.startsWith(' ') || line.startsWith('\t')) {
            if (!skipping)
                out += line + '\n';
            continue;
        }
        const QByteArray key = line.left(line.indexOf(':'));
        skipping = drop.contains(key);
        if (!skipping)
            out += line + '\n';
    }
    return out;
}

Status copyEntry(const QByteArray &from, const QByteArray &to)
{
    struct stat st {};
    if (::lstat(from.constData(), &st) != 0)
        return errno == ENOENT ? Status() : Status(ioError(QStringLiteral("cannot read %1").arg(QString::fromLocal8Bit(from))));  // removed by hand: dpkg-repack skips it too
    if (S_ISDIR(st.st_mode)) {
        if (::mkdir(to.constData(), st.st_mode & 07777) != 0 && errno != EEXIST)
            return ioError(QStringLiteral("cannot create %1").arg(QString::fromLocal8Bit(to)));
        return {};
    }
    if (S_ISLNK(st.st_mode)) {
        QByteArray target(PATH_MAX, Qt::Uninitialized);
        const ssize_t n = ::readlink(from.constData(), target.data(), size_t(target.size()));
        if (n < 0 || ::symlink(target.left(n).constData(), to.constData()) != 0)
            return ioError(QStringLiteral("cannot copy the link %1").arg(QString::fromLocal8Bit(from)));
        return {};
    }
    if (!S_ISREG(st.st_mode))
        return {};
    if (!QFile::copy(QFile::decodeName(from), QFile::decodeName(to)) || ::chmod(to.constData(), st.st_mode & 07777) != 0)
        return makeError(ErrorCode::Io, QStringLiteral("cannot copy %1").arg(QString::fromLocal8Bit(from)));
    return {};
}

}  // namespace

Result<QMap<QString, InstalledPackage>> readPackageDatabase(const QString &root)
{
    const QDir dpkg(QDir(root).filePath(QStringLiteral("var/lib/dpkg")));
    QFile status(dpkg.filePath(QStringLiteral("status")));
    if (!status.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read the package database %1: %2").arg(status.fileName(), status.errorString()));
    if (status.size() > kMaxStatus)
        return makeError(ErrorCode::Io, QStringLiteral("the package database %1 is larger than %2 MiB").arg(status.fileName()).arg(kMaxStatus >> 20));
    QMap<QString, InstalledPackage> out;
    const QByteArray all = status.readAll();
    QList<QByteArray> stanzas;
    for (qsizetype from = 0; from < all.size();) {
        qsizetype end = all.indexOf("\n\n", from);
        if (end < 0)
            end = all.size();
        stanzas.append(all.mid(from, end - from));
        from = end + 2;
    }
    for (const QByteArray &stanza : stanzas) {
        if (field(stanza, "Status") != "install ok installed")
            continue;
        InstalledPackage p;
        p.name = QString::fromUtf8(field(stanza, "Package"));
        p.version = QString::fromUtf8(field(stanza, "Version"));
        p.architecture = QString::fromUtf8(field(stanza, "Architecture"));
        p.stanza = stanza.trimmed() + '\n';
        if (p.name.isEmpty() || p.version.isEmpty())
            continue;
        for (const QString &infoName : {p.name + QLatin1Char(':') + p.architecture, p.name}) {
            QFile list(dpkg.filePath(QStringLiteral("info/%1.list").arg(infoName)));
            if (!list.open(QIODevice::ReadOnly))
                continue;
            p.infoName = infoName;
            for (const QByteArray &line : list.readAll().split('\n'))
                if (line.startsWith('/'))
                    p.files << QFile::decodeName(line);
            break;
        }
        out.insert(p.name, p);
    }
    return out;
}

Result<QString> repackPackage(const QString &root, const InstalledPackage &package, const QString &outDir)
{
    QTemporaryDir work(QDir(outDir).filePath(QStringLiteral(".repack-XXXXXX")));
    if (!work.isValid())
        return makeError(ErrorCode::Io, QStringLiteral("cannot create a work directory in %1").arg(outDir));
    const QString tree = work.filePath(QStringLiteral("tree"));
    if (!QDir().mkpath(tree + QStringLiteral("/DEBIAN")))
        return makeError(ErrorCode::Io, QStringLiteral("cannot create %1").arg(tree));
    // The files as installed, in dpkg's order (parents before children). What the package lists
    // with entries below it is a directory of the package, even where the system made it a
    // link (merged /usr: /lib -> usr/lib): it is a directory in the rebuilt package too.
    QSet<QString> parents;
    for (const QString &file : package.files)
        for (qsizetype slash = file.lastIndexOf(QLatin1Char('/')); slash > 0; slash = file.lastIndexOf(QLatin1Char('/'), slash - 1))
            parents.insert(file.left(slash));
    for (const QString &file : package.files) {
        if (file == QLatin1String("/."))
            continue;
        const QByteArray from = QFile::encodeName(QDir(root).filePath(file.mid(1)));
        const QByteArray to = QFile::encodeName(tree + file);
        if (!QDir().mkpath(QFileInfo(QFile::decodeName(to)).path()))
            return makeError(ErrorCode::Io, QStringLiteral("cannot create the parent of %1").arg(file));
        if (parents.contains(file)) {
            if (!QDir().mkpath(QFile::decodeName(to)))
                return makeError(ErrorCode::Io, QStringLiteral("cannot create %1").arg(QFile::decodeName(to)));
            continue;
        }
        if (Status s = copyEntry(from, to); !s)
            return s.error();
    }
    // The control data dpkg kept.
    QFile control(tree + QStringLiteral("/DEBIAN/control"));
    if (!control.open(QIODevice::WriteOnly) || control.write(controlOf(package.stanza)) < 0)
        return makeError(ErrorCode::Io, QStringLiteral("cannot write %1").arg(control.fileName()));
    control.close();
    QByteArray conffiles;
    for (const QByteArray &line : field(package.stanza, "Conffiles").split('\n')) {
        const QByteArray path = line.trimmed().split(' ').value(0);
        if (path.startsWith('/') && !line.contains(" obsolete") && !line.contains(" remove-on-upgrade"))
            conffiles += path + '\n';
    }
    if (!conffiles.isEmpty()) {
        QFile f(tree + QStringLiteral("/DEBIAN/conffiles"));
        if (!f.open(QIODevice::WriteOnly) || f.write(conffiles) < 0)
            return makeError(ErrorCode::Io, QStringLiteral("cannot write %1").arg(f.fileName()));
    }
    const QDir info(QDir(root).filePath(QStringLiteral("var/lib/dpkg/info")));
    for (const char *part : {"preinst", "postinst", "prerm", "postrm", "config", "templates", "triggers", "shlibs", "symbols", "md5sums"}) {
        const QString from = info.filePath(QStringLiteral("%1.%2").arg(package.infoName, QLatin1String(part)));
        if (!QFile::exists(from))
            continue;
        const QString to = tree + QStringLiteral("/DEBIAN/") + QLatin1String(part);
        if (!QFile::copy(from, to))
            return makeError(ErrorCode::Io, QStringLiteral("cannot copy %1").arg(from));
        const bool script = QByteArray(part).endsWith("inst") || QByteArray(part).endsWith("rm") || qstrcmp(part, "config") == 0;
        ::chmod(QFile::encodeName(to).constData(), script ? 0755 : 0644);
    }
    // Modes as the package has them, whatever the caller's umask (the agent runs with 0077):
    // each directory as the system has it (following a merged-/usr link), 0755 when the
    // package does not list it; the control files readable, as dpkg-deb requires.
    QDirIterator dirs(tree, QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden, QDirIterator::Subdirectories);
    QStringList created{tree, tree + QStringLiteral("/DEBIAN")};
    while (dirs.hasNext())
        created << dirs.next();
    for (const QString &dir : created) {
        struct stat system {};
        const QString listed = dir.mid(tree.size());
        const bool known = !listed.isEmpty() && listed != QLatin1String("/DEBIAN") && package.files.contains(listed)
                           && ::stat(QFile::encodeName(QDir(root).filePath(listed.mid(1))).constData(), &system) == 0;
        ::chmod(QFile::encodeName(dir).constData(), known ? (system.st_mode & 07777) : 0755);
    }
    for (const char *part : {"control", "conffiles", "md5sums", "templates", "triggers", "shlibs", "symbols"}) {
        const QByteArray path = QFile::encodeName(tree + QStringLiteral("/DEBIAN/") + QLatin1String(part));
        ::chmod(path.constData(), 0644);  // those that exist
    }
    const QString version = package.version.contains(QLatin1Char(':')) ? package.version.section(QLatin1Char(':'), 1) : package.version;
    const QString deb = QDir(outDir).filePath(QStringLiteral("%1_%2_%3.deb").arg(package.name, version, package.architecture));
    QProcess build;
    build.setProcessChannelMode(QProcess::MergedChannels);
    build.start(QStringLiteral("dpkg-deb"), {QStringLiteral("--root-owner-group"), QStringLiteral("-Zgzip"), QStringLiteral("--build"), tree, deb});
    if (!build.waitForFinished(600000) || build.exitStatus() != QProcess::NormalExit || build.exitCode() != 0)
        return makeError(ErrorCode::Io, QStringLiteral("dpkg-deb could not rebuild %1: %2").arg(package.name,
                                                                                                   QString::fromLocal8Bit(build.readAll()).trimmed().section(QLatin1Char('\n'), -1)));
    return deb;
}

}  // namespace st
