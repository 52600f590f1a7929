// SPDX-License-Identifier: GPL-3.0-or-later
#include "TestTree.h"

#include <QDir>
#include <QFile>
#include <QMap>
#include <QProcess>
#include <QRandomGenerator>

#include <dirent.h>
#include <fcntl.h>
#include <sys/acl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace st::test {

namespace {
void check(bool ok, const QByteArray &what)
{
    if (!ok)
        throw std::runtime_error(QByteArray(what + ": " + std::strerror(errno)).toStdString());
}

void setTimes(const QByteArray &path, time_t sec, long nsec)
{
    const timespec ts[2] = {{sec, nsec}, {sec, nsec}};
    check(utimensat(AT_FDCWD, path.constData(), ts, AT_SYMLINK_NOFOLLOW) == 0, "utimensat " + path);
}

void setDirTimesRecursive(const QByteArray &dir, time_t sec)
{
    DIR *d = opendir(dir.constData());
    check(d != nullptr, "opendir " + dir);
    while (dirent *e = readdir(d)) {
        const QByteArray name(e->d_name);
        if (name == "." || name == "..")
            continue;
        const QByteArray p = dir + '/' + name;
        struct stat st{};
        if (lstat(p.constData(), &st) == 0 && S_ISDIR(st.st_mode))
            setDirTimesRecursive(p, sec + 1);
    }
    closedir(d);
    setTimes(dir, sec, 123456789);
}

QMap<QByteArray, QByteArray> xattrsOf(const QByteArray &path)
{
    QMap<QByteArray, QByteArray> out;
    ssize_t len = llistxattr(path.constData(), nullptr, 0);
    if (len <= 0)
        return out;
    QByteArray names(len, '\0');
    len = llistxattr(path.constData(), names.data(), static_cast<size_t>(names.size()));
    if (len <= 0)
        return out;
    for (const QByteArray &name : names.left(len).split('\0')) {
        if (name.isEmpty())
            continue;
        ssize_t vlen = lgetxattr(path.constData(), name.constData(), nullptr, 0);
        QByteArray value(vlen > 0 ? vlen : 0, '\0');
        if (vlen > 0)
            vlen = lgetxattr(path.constData(), name.constData(), value.data(), static_cast<size_t>(value.size()));
        out.insert(name, value.left(vlen > 0 ? vlen : 0));
    }
    return out;
}

QByteArray readAllFile(const QByteArray &path)
{
    QByteArray out;
    const int fd = open(path.constData(), O_RDONLY | O_NOFOLLOW);
    if (fd < 0)
        return "<unreadable>";
    char buf[65536];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        out.append(buf, n);
    close(fd);
    return out;
}

bool sameContent(const QByteArray &a, const QByteArray &b, off_t size)
{
    const int fa = open(a.constData(), O_RDONLY | O_NOFOLLOW);
    const int fb = open(b.constData(), O_RDONLY | O_NOFOLLOW);
    bool same = fa >= 0 && fb >= 0;
    static thread_local QByteArray ba(1 << 20, '\0'), bb(1 << 20, '\0');
    off_t pos = 0;
    while (same && pos < size) {
        // Skip holes in a quickly: compare only where a has data.
        off_t data = lseek(fa, pos, SEEK_DATA);
        if (data < 0 || data >= size) {
            data = size;
        }
        if (data > pos) {
            // b must read as zeros there; check sparsely (first and last block of the hole).
            for (off_t probe : {pos, std::max(pos, data - 4096)}) {
                char z[4096];
                const ssize_t n = pread(fb, z, static_cast<size_t>(std::min<off_t>(4096, data - probe)), probe);
                for (ssize_t i = 0; i < n; ++i)
                    if (z[i] != 0)
                        same = false;
            }
            pos = data;
            continue;
        }
        off_t hole = lseek(fa, pos, SEEK_HOLE);
        if (hole < 0 || hole > size)
            hole = size;
        while (same && pos < hole) {
            const size_t want = static_cast<size_t>(std::min<off_t>(ba.size(), hole - pos));
            const ssize_t na = pread(fa, ba.data(), want, pos);
            const ssize_t nb = pread(fb, bb.data(), want, pos);
            if (na <= 0 || na != nb || memcmp(ba.constData(), bb.constData(), static_cast<size_t>(na)) != 0)
                same = false;
            pos += na > 0 ? na : 1;
        }
    }
    if (fa >= 0)
        close(fa);
    if (fb >= 0)
        close(fb);
    return same;
}

QString show(const QByteArray &raw)
{
    QString s;
    for (char c : raw) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x20 && u < 0x7f)
            s += QLatin1Char(c);
        else
            s += QStringLiteral("\\x%1").arg(u, 2, 16, QLatin1Char('0'));
    }
    return s;
}
}  // namespace

static void listTreeInto(const QByteArray &root, const QByteArray &rel, QList<QByteArray> &out)
{
    const QByteArray dir = rel.isEmpty() ? root : root + '/' + rel;
    DIR *d = opendir(dir.constData());
    if (!d)
        return;
    QList<QByteArray> names;
    while (dirent *e = readdir(d)) {
        const QByteArray name(e->d_name);
        if (name != "." && name != "..")
            names.append(name);
    }
    closedir(d);
    std::sort(names.begin(), names.end());
    for (const QByteArray &name : names) {
        const QByteArray r = rel.isEmpty() ? name : rel + '/' + name;
        out.append(r);
        struct stat st{};
        if (lstat((root + '/' + r).constData(), &st) == 0 && S_ISDIR(st.st_mode))
            listTreeInto(root, r, out);
    }
}

QList<QByteArray> listTree(const QByteArray &root)
{
    QList<QByteArray> out;
    listTreeInto(root, {}, out);
    return out;
}

bool isRoot()
{
    return geteuid() == 0;
}

ScratchDir::ScratchDir(const char *label)
{
    QByteArray base = qgetenv("ST_TEST_TMPDIR");
    if (base.isEmpty())
        base = "/var/tmp";
    QByteArray templ = base + "/servertwin-" + label + "-XXXXXX";
    check(mkdtemp(templ.data()) != nullptr, "mkdtemp " + templ);
    m_path = templ;
}

ScratchDir::~ScratchDir()
{
    if (qEnvironmentVariableIsSet("ST_KEEP_TEST_DIRS"))
        return;
    // chattr-free trees only; rm -rf handles modes like 0000 as root.
    QProcess::execute(QStringLiteral("rm"), {QStringLiteral("-rf"), QString::fromLocal8Bit(m_path)});
}

void writeFile(const QByteArray &path, const QByteArray &content, int mode)
{
    QDir().mkpath(QString::fromLocal8Bit(path.left(path.lastIndexOf('/'))));
    const int fd = open(path.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, mode);
    check(fd >= 0, "open " + path);
    qsizetype done = 0;
    while (done < content.size()) {
        const ssize_t n = write(fd, content.constData() + done, static_cast<size_t>(content.size() - done));
        check(n > 0, "write " + path);
        done += n;
    }
    check(fchmod(fd, static_cast<mode_t>(mode)) == 0, "fchmod " + path);
    close(fd);
}

void copyTree(const QByteArray &from, const QByteArray &to)
{
    QDir().mkpath(QString::fromLocal8Bit(to));
    const int rc = run(QStringLiteral("cp"), {QStringLiteral("-a"), QString::fromLocal8Bit(from) + QStringLiteral("/."),
                                              QString::fromLocal8Bit(to)});
    if (rc != 0)
        throw std::runtime_error("cp -a failed");
}

QString s(const QByteArray &path)
{
    return QFile::decodeName(path);
}

int run(const QString &program, const QStringList &args, QByteArray *output)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForFinished(600000))
        return -1;
    if (output)
        *output = p.readAll();
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

void makeSpecialCases(const QByteArray &dir, SpecialCaseOptions options)
{
    QDir().mkpath(QString::fromLocal8Bit(dir));
    const bool root = isRoot();
    auto p = [&](const QByteArray &rel) { return dir + '/' + rel; };

    writeFile(p("plain/empty"), {});
    writeFile(p("plain/hello.txt"), "hello, twin\n");
    QByteArray random(1 << 20, '\0');
    QRandomGenerator rng(7);
    for (auto &c : random)
        c = static_cast<char>(rng.bounded(256));
    writeFile(p("plain/random.bin"), random, 0600);
    writeFile(p("plain/readonly"), "ro\n", 0444);
    writeFile(p("plain/no-access"), "secret\n", 0000);

    writeFile(p("modes/setuid"), "#!/bin/sh\n", 04755);
    writeFile(p("modes/setgid"), "#!/bin/sh\n", 02755);
    QDir().mkpath(QString::fromLocal8Bit(p("modes/sticky")));
    check(chmod(p("modes/sticky").constData(), 01777) == 0, "chmod sticky");
    QDir().mkpath(QString::fromLocal8Bit(p("modes/private")));
    check(chmod(p("modes/private").constData(), 0700) == 0, "chmod private");

    QDir().mkpath(QString::fromLocal8Bit(p("links")));
    check(symlink("../plain/hello.txt", p("links/relative").constData()) == 0, "symlink");
    check(symlink("/etc/passwd", p("links/absolute").constData()) == 0, "symlink");
    check(symlink("does/not/exist", p("links/dangling").constData()) == 0, "symlink");
    check(symlink(QByteArray(1000, 'x').constData(), p("links/long-target").constData()) == 0, "symlink");
    check(symlink("../plain", p("links/to-dir").constData()) == 0, "symlink");
    writeFile(p("hard/one"), "shared inode\n");
    QDir().mkpath(QString::fromLocal8Bit(p("hard/sub")));
    check(link(p("hard/one").constData(), p("hard/two").constData()) == 0, "link");
    check(link(p("hard/one").constData(), p("hard/sub/three").constData()) == 0, "link");

    QDir().mkpath(QString::fromLocal8Bit(p("special")));
    check(mkfifo(p("special/fifo").constData(), 0640) == 0, "mkfifo");
    if (root) {
        check(mknod(p("special/null").constData(), S_IFCHR | 0666, makedev(1, 3)) == 0, "mknod chr");
        check(mknod(p("special/loop200").constData(), S_IFBLK | 0660, makedev(7, 200)) == 0, "mknod blk");
        writeFile(p("owners/foreign"), "owned by 1234:5678\n");
        check(chown(p("owners/foreign").constData(), 1234, 5678) == 0, "chown");
        QDir().mkpath(QString::fromLocal8Bit(p("owners/dir")));
        check(chown(p("owners/dir").constData(), 4321, 8765) == 0, "chown dir");
        check(lchown(p("links/relative").constData(), 1234, 5678) == 0, "lchown");
        // File capability cap_net_raw+ep (VFS_CAP_REVISION_2, effective).
        writeFile(p("caps/ping-like"), "\x7f" "ELF-ish\n", 0755);
        const unsigned char cap[20] = {0x01, 0x00, 0x00, 0x02, 0x00, 0x20, 0x00, 0x00};
        check(setxattr(p("caps/ping-like").constData(), "security.capability", cap, sizeof cap, 0) == 0,
              "setxattr security.capability");
    }

    writeFile(p("xattr/file"), "with xattrs\n");
    check(setxattr(p("xattr/file").constData(), "user.comment", "twin", 4, 0) == 0, "setxattr");
    check(setxattr(p("xattr/file").constData(), "user.binary", "\x00\x01\xff", 3, 0) == 0, "setxattr");
    check(setxattr(p("xattr").constData(), "user.dir-note", "on a directory", 14, 0) == 0, "setxattr dir");

    writeFile(p("acl/file"), "acl\n", 0640);
    acl_t acl = acl_from_text("u::rw-,u:1234:r--,g::r--,g:5678:rw-,m::rw-,o::---");
    check(acl && acl_set_file(p("acl/file").constData(), ACL_TYPE_ACCESS, acl) == 0, "acl_set_file access");
    acl_free(acl);
    QDir().mkpath(QString::fromLocal8Bit(p("acl/inherit")));
    acl = acl_from_text("u::rwx,u:1234:rwx,g::r-x,m::rwx,o::r-x");
    check(acl && acl_set_file(p("acl/inherit").constData(), ACL_TYPE_DEFAULT, acl) == 0, "acl_set_file default");
    acl_free(acl);

    {
        const QByteArray sp = p("sparse/holes.img");
        QDir().mkpath(QString::fromLocal8Bit(p("sparse")));
        const int fd = open(sp.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        check(fd >= 0, "open sparse");
        check(pwrite(fd, "head", 4, 0) == 4, "pwrite");
        check(pwrite(fd, "middle", 6, 10 << 20) == 6, "pwrite");
        check(ftruncate(fd, 64 << 20) == 0, "ftruncate");
        close(fd);
    }
    if (options.hugeSparseFile) {
        const QByteArray sp = p("sparse/over-8GiB.img");
        const int fd = open(sp.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        check(fd >= 0, "open huge");
        const off_t nine = 9LL << 30;
        check(pwrite(fd, "start", 5, 0) == 5, "pwrite");
        check(pwrite(fd, "beyond 8 GiB", 12, (8LL << 30) + 12345) == 12, "pwrite");
        check(ftruncate(fd, nine) == 0, "ftruncate");
        close(fd);
    }

    writeFile(p(QByteArray("names/not-utf8-\xff\xfe")), "bytes\n");
    writeFile(p("names/with space"), "space\n");
    writeFile(p("names/new\nline"), "newline\n");
    writeFile(p("names/caf\xc3\xa9"), "unicode\n");
    writeFile(p("names/tab\there"), "tab\n");
    writeFile(p("names/" + QByteArray(255, 'n')), "long name\n");
    QByteArray deep = "deep";
    for (int i = 0; i < 12; ++i)
        deep += "/level-" + QByteArray::number(i) + "-padding-padding-padding";
    writeFile(p(deep + "/leaf"), "deep\n");
    QDir().mkpath(QString::fromLocal8Bit(p("empty-dir")));

    setTimes(p("plain/hello.txt"), 1000000000, 987654321);
    setTimes(p("plain/empty"), 0, 1);
    setTimes(p("links/relative"), 1234567890, 5);
    setDirTimesRecursive(dir, 1500000000);
}

QStringList compareTrees(const QByteArray &a, const QByteArray &b, CompareOptions options)
{
    QStringList diffs;
    const QList<QByteArray> la = listTree(a);
    const QList<QByteArray> lb = listTree(b);
    auto skipped = [&](const QByteArray &rel) {
        const QByteArray top = rel.left(rel.indexOf('/') < 0 ? rel.size() : rel.indexOf('/'));
        if (options.ignoreTopLevel.contains(top))
            return true;
        for (const QByteArray &p : options.ignorePaths)
            if (rel == p || rel.startsWith(p + '/'))
                return true;
        return false;
    };
    QSet<QByteArray> inB(lb.begin(), lb.end());
    QSet<QByteArray> inA(la.begin(), la.end());
    for (const QByteArray &r : lb)
        if (!inA.contains(r) && !skipped(r))
            diffs << QStringLiteral("extra in second tree: %1").arg(show(r));
    QHash<ino_t, QByteArray> firstNameA;
    QHash<QByteArray, ino_t> inodeB;
    for (const QByteArray &r : la) {
        if (skipped(r))
            continue;
        if (!inB.contains(r)) {
            diffs << QStringLiteral("missing in second tree: %1").arg(show(r));
            continue;
        }
        const QByteArray pa = a + '/' + r, pb = b + '/' + r;
        struct stat sa{}, sb{};
        lstat(pa.constData(), &sa);
        lstat(pb.constData(), &sb);
        inodeB.insert(r, sb.st_ino);
        const QString n = show(r);
        if ((sa.st_mode & S_IFMT) != (sb.st_mode & S_IFMT)) {
            diffs << QStringLiteral("%1: type differs").arg(n);
            continue;
        }
        if (sa.st_mode != sb.st_mode)
            diffs << QStringLiteral("%1: mode %2 vs %3").arg(n).arg(sa.st_mode, 0, 8).arg(sb.st_mode, 0, 8);
        if (sa.st_uid != sb.st_uid || sa.st_gid != sb.st_gid)
            diffs << QStringLiteral("%1: owner %2:%3 vs %4:%5").arg(n).arg(sa.st_uid).arg(sa.st_gid).arg(sb.st_uid).arg(sb.st_gid);
        const bool isDir = S_ISDIR(sa.st_mode);
        if ((!isDir || options.compareDirectoryMtime)
            && (sa.st_mtim.tv_sec != sb.st_mtim.tv_sec || sa.st_mtim.tv_nsec != sb.st_mtim.tv_nsec))
            diffs << QStringLiteral("%1: mtime %2.%3 vs %4.%5").arg(n).arg(sa.st_mtim.tv_sec).arg(sa.st_mtim.tv_nsec).arg(sb.st_mtim.tv_sec).arg(sb.st_mtim.tv_nsec);
        if (xattrsOf(pa) != xattrsOf(pb))
            diffs << QStringLiteral("%1: extended attributes differ").arg(n);
        if (S_ISREG(sa.st_mode)) {
            if (sa.st_size != sb.st_size)
                diffs << QStringLiteral("%1: size %2 vs %3").arg(n).arg(sa.st_size).arg(sb.st_size);
            else if (!sameContent(pa, pb, sa.st_size))
                diffs << QStringLiteral("%1: content differs").arg(n);
            const bool sparseA = sa.st_blocks * 512 < sa.st_size / 2;
            const bool sparseB = sb.st_blocks * 512 < sb.st_size / 2;
            if (sparseA && !sparseB)
                diffs << QStringLiteral("%1: holes were filled (%2 vs %3 blocks)").arg(n).arg(sa.st_blocks).arg(sb.st_blocks);
            if (sa.st_nlink > 1) {
                if (firstNameA.contains(sa.st_ino)) {
                    if (inodeB.value(firstNameA.value(sa.st_ino)) != sb.st_ino)
                        diffs << QStringLiteral("%1: not hard-linked like the original").arg(n);
                } else {
                    firstNameA.insert(sa.st_ino, r);
                }
            }
        } else if (S_ISLNK(sa.st_mode)) {
            char ta[8192], tb[8192];
            const ssize_t na = readlink(pa.constData(), ta, sizeof ta);
            const ssize_t nb = readlink(pb.constData(), tb, sizeof tb);
            if (na != nb || memcmp(ta, tb, static_cast<size_t>(std::max<ssize_t>(na, 0))) != 0)
                diffs << QStringLiteral("%1: symlink target differs").arg(n);
        } else if (S_ISCHR(sa.st_mode) || S_ISBLK(sa.st_mode)) {
            if (sa.st_rdev != sb.st_rdev)
                diffs << QStringLiteral("%1: device number differs").arg(n);
        }
    }
    Q_UNUSED(readAllFile);
    return diffs;
}

}  // namespace st::test
