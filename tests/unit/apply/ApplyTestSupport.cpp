// SPDX-License-Identifier: GPL-3.0-or-later
#include "ApplyTestSupport.h"

#include "util/Sha256.h"

#include <QHash>

#include <dirent.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace st::test {

namespace {
QList<QByteArray> sortedNames(const QByteArray &dir)
{
    QList<QByteArray> names;
    DIR *d = opendir(dir.constData());
    if (!d)
        throw std::runtime_error("opendir " + dir.toStdString());
    while (dirent *e = readdir(d)) {
        const QByteArray name(e->d_name);
        if (name != "." && name != "..")
            names.append(name);
    }
    closedir(d);
    std::sort(names.begin(), names.end());
    return names;
}

QByteArray hashFile(const QByteArray &path)
{
    const int fd = open(path.constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        throw std::runtime_error("open " + path.toStdString());
    Sha256 sha;
    QByteArray buf(1 << 20, '\0');
    ssize_t n;
    while ((n = read(fd, buf.data(), static_cast<size_t>(buf.size()))) > 0)
        sha.add(buf.constData(), static_cast<size_t>(n));
    close(fd);
    return sha.finish();
}

void walk(const QByteArray &root, const QByteArray &rel, Manifest &m, QHash<ino_t, QByteArray> &firstName)
{
    const QByteArray dir = rel.isEmpty() ? root : root + '/' + rel;
    for (const QByteArray &name : sortedNames(dir)) {
        const QByteArray r = rel.isEmpty() ? name : rel + '/' + name;
        const QByteArray full = root + '/' + r;
        struct stat st {};
        if (lstat(full.constData(), &st) != 0)
            throw std::runtime_error("lstat " + full.toStdString());
        ManifestEntry e;
        e.path = r;
        switch (st.st_mode & S_IFMT) {
        case S_IFREG:
            if (st.st_nlink > 1 && firstName.contains(st.st_ino)) {
                e.type = EntryType::HardLink;
                e.linkTarget = firstName.value(st.st_ino);
            } else {
                if (st.st_nlink > 1)
                    firstName.insert(st.st_ino, r);
                e.type = EntryType::File;
                e.size = st.st_size;
                e.sha256 = hashFile(full);
            }
            break;
        case S_IFDIR: e.type = EntryType::Directory; break;
        case S_IFLNK: e.type = EntryType::Symlink; break;
        case S_IFIFO: e.type = EntryType::Fifo; break;
        case S_IFCHR: e.type = EntryType::CharDevice; break;
        case S_IFBLK: e.type = EntryType::BlockDevice; break;
        default: continue;  // sockets are not cloned
        }
        m.add(e);
        if (S_ISDIR(st.st_mode))
            walk(root, r, m, firstName);
    }
}

void collect(const QByteArray &root, const QByteArray &rel, bool dirsToo, QList<QByteArray> &out)
{
    const QByteArray dir = rel.isEmpty() ? root : root + '/' + rel;
    for (const QByteArray &name : sortedNames(dir)) {
        const QByteArray r = rel.isEmpty() ? name : rel + '/' + name;
        struct stat st {};
        lstat((root + '/' + r).constData(), &st);
        if (S_ISDIR(st.st_mode)) {
            if (dirsToo)
                out.append(r);
            collect(root, r, dirsToo, out);
        } else {
            out.append(r);
        }
    }
}
}  // namespace

Manifest manifestOf(const QByteArray &dir, const QList<QByteArray> &includes, const QList<QByteArray> &excludes)
{
    Manifest m;
    m.header.sourceHost = QStringLiteral("primary.test");
    m.header.sourceRoot = dir;
    m.header.created = QDateTime::currentDateTimeUtc();
    m.header.snapshot = QStringLiteral("none");
    m.header.includes = includes;
    m.header.excludes = excludes;
    QHash<ino_t, QByteArray> firstName;
    walk(dir, {}, m, firstName);
    return m;
}

UniqueFd openDirectory(const QByteArray &path)
{
    const int fd = open(path.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        throw std::runtime_error("open directory " + path.toStdString() + ": " + std::strerror(errno));
    return UniqueFd(fd);
}

QList<QByteArray> nonDirectoriesBelow(const QByteArray &dir)
{
    QList<QByteArray> out;
    collect(dir, {}, false, out);
    return out;
}

QList<QByteArray> listAll(const QByteArray &dir)
{
    QList<QByteArray> out;
    collect(dir, {}, true, out);
    return out;
}

QStringList treeState(const QByteArray &dir)
{
    QList<QByteArray> paths{QByteArray()};
    collect(dir, {}, true, paths);
    QStringList out;
    for (const QByteArray &rel : paths) {
        const QByteArray full = rel.isEmpty() ? dir : dir + '/' + rel;
        struct stat st {};
        if (lstat(full.constData(), &st) != 0)
            throw std::runtime_error("lstat " + full.toStdString());
        QByteArray content;
        if (S_ISREG(st.st_mode)) {
            content = hashFile(full).toHex();
        } else if (S_ISLNK(st.st_mode)) {
            QByteArray target(4096, '\0');
            const ssize_t n = readlink(full.constData(), target.data(), static_cast<size_t>(target.size()));
            target.truncate(n < 0 ? 0 : n);
            content = "-> " + target;
        }
        out << QStringLiteral("%1 mode %2 owner %3:%4 size %5 mtime %6.%7 %8")
                   .arg(QString::fromUtf8(rel.isEmpty() ? QByteArray(".") : rel))
                   .arg(st.st_mode, 0, 8)
                   .arg(st.st_uid)
                   .arg(st.st_gid)
                   .arg(S_ISDIR(st.st_mode) ? 0 : st.st_size)
                   .arg(st.st_mtim.tv_sec)
                   .arg(st.st_mtim.tv_nsec)
                   .arg(QString::fromUtf8(content));
    }
    return out;
}

TmpfsMount::TmpfsMount(const QByteArray &dir, const char *options, unsigned long flags) : m_dir(dir)
{
    m_ok = mount("servertwin-test", dir.constData(), "tmpfs", flags, options) == 0;
}

TmpfsMount::~TmpfsMount()
{
    if (m_ok)
        umount2(m_dir.constData(), MNT_DETACH);
}

}  // namespace st::test
