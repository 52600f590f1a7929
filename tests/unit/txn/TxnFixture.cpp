// SPDX-License-Identifier: GPL-3.0-or-later
#include "TxnFixture.h"

#include "../apply/ApplyTestSupport.h"
#include "restore/StagingArea.h"

#include <catch2/catch.hpp>

#include <QDir>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace st::test {

namespace {
void mkdirs(const QByteArray &path)
{
    REQUIRE(QDir().mkpath(QString::fromLocal8Bit(path)));
}

void setTimes(const QByteArray &path, time_t sec)
{
    const struct timespec t[2] = {{sec, 123}, {sec, 456}};
    REQUIRE(utimensat(AT_FDCWD, path.constData(), t, AT_SYMLINK_NOFOLLOW) == 0);
}

/** The Secondary as it is: an older system with things the Primary lacks or has otherwise. */
void makeSecondary(const QByteArray &r)
{
    writeFile(r + "/etc/hostname", "secondary\n");
    writeFile(r + "/etc/fstab", "UUID=secondary-root / ext4 defaults 0 1\n");
    writeFile(r + "/etc/only-on-secondary.conf", "old\n");
    writeFile(r + "/etc/ssh/ssh_host_ed25519_key", "secondary key\n", 0600);
    writeFile(r + "/usr/bin/tool", "old tool\n", 0755);
    writeFile(r + "/usr/lib/old-lib/libold.so", "old library\n");
    writeFile(r + "/usr/share/doc/was-a-file", "a file the Primary has as a directory\n");
    mkdirs(r + "/usr/share/was-a-dir/sub");
    writeFile(r + "/usr/share/was-a-dir/sub/inner", "a directory the Primary has as a file\n");
    REQUIRE(symlink("tool", (r + "/usr/bin/link").constData()) == 0);
    writeFile(r + "/var/log/syslog", "excluded: the Secondary's own log\n");
    REQUIRE(chmod((r + "/etc").constData(), 0750) == 0);
    for (const char *d : {"/usr/share/was-a-dir/sub", "/usr/share/was-a-dir", "/usr/share/doc", "/usr/share", "/usr/lib/old-lib",
                          "/usr/lib", "/usr/bin", "/usr", "/etc/ssh", "/etc", "/var/log", "/var"})
        setTimes(r + d, 1000000000);
}

/** The Primary: new content, new files, type changes both ways. */
void makePrimary(const QByteArray &p)
{
    writeFile(p + "/etc/hostname", "primary\n");
    writeFile(p + "/etc/fstab", "UUID=primary-root / ext4 defaults 0 1\n");
    writeFile(p + "/etc/ssh/ssh_host_ed25519_key", "primary key\n", 0600);
    writeFile(p + "/etc/new.d/a.conf", "new\n");
    writeFile(p + "/usr/bin/tool", "new tool\n", 0755);
    writeFile(p + "/usr/bin/second-name", "linked\n");
    REQUIRE(link((p + "/usr/bin/second-name").constData(), (p + "/usr/bin/first-name").constData()) == 0);
    REQUIRE(symlink("tool", (p + "/usr/bin/link").constData()) == 0);
    writeFile(p + "/usr/share/doc/was-a-file/README", "now a directory\n");
    writeFile(p + "/usr/share/was-a-dir", "now a file\n");
    writeFile(p + "/usr/lib/new-lib/deep/libnew.so", "new library\n");
    REQUIRE(chmod((p + "/etc").constData(), 0755) == 0);
    for (const char *d : {"/etc/new.d", "/etc/ssh", "/etc", "/usr/bin", "/usr/share/doc/was-a-file", "/usr/share/doc", "/usr/share",
                          "/usr/lib/new-lib/deep", "/usr/lib/new-lib", "/usr/lib", "/usr"})
        setTimes(p + d, 1700000000);
}
}  // namespace

bool existsIn(const QByteArray &path)
{
    struct stat st {};
    return lstat(path.constData(), &st) == 0;
}

bool rootOrWarn(const char *why)
{
    if (!isRoot())
        WARN("skipped: " << why << " needs root");
    return isRoot();
}

TxnFixture::TxnFixture(Usr usr)
{
    if (usr == Usr::OwnExt4) {
        mkdirs(root() + "/usr");
        m_usrExt4 = std::make_unique<LoopExt4>(64, 0, root() + "/usr");
        REQUIRE(m_usrExt4->error().isEmpty());
        REQUIRE(mkdir((root() + "/usr/lost+found").constData(), 0700) == 0);  // as mkfs.ext4 leaves it
    } else if (usr == Usr::OwnTmpfs) {
        mkdirs(root() + "/usr");
        REQUIRE(run(QStringLiteral("mount"), {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"), QStringLiteral("size=16m"),
                                              QStringLiteral("tmpfs"), s(root() + "/usr")}) == 0);
        m_usrTmpfs = true;
    }
    makeSecondary(root());
    makePrimary(primary());
    copyTree(root(), before());
    // What the apply must give: the Primary's tree, the Secondary's kept fstab and excluded log.
    copyTree(primary(), expected());
    mkdirs(expected() + "/var/log");
    for (const char *kept : {"/etc/fstab", "/var/log/syslog"})
        REQUIRE(run(QStringLiteral("cp"), {QStringLiteral("-a"), s(before() + kept), s(expected() + kept)}) == 0);
    if (m_usrExt4)  // its filesystem's own, kept
        REQUIRE(run(QStringLiteral("cp"), {QStringLiteral("-a"), s(before() + "/usr/lost+found"), s(expected() + "/usr/lost+found")}) == 0);
    m_rootFd = openDirectory(root());
}

TxnFixture::~TxnFixture()
{
    m_rootFd.reset();
    if (m_usrTmpfs)
        (void)run(QStringLiteral("umount"), {s(root() + "/usr")});
}

Result<txn::ApplyTransaction> TxnFixture::tryStage()
{
    const QByteArray staging = root() + '/' + txn::ApplyTransaction::directoryOf(kId);
    mkdirs(staging);
    copyTree(primary(), staging + "/tree");
    Manifest manifest = manifestOf(primary(), {"etc", "usr", "var"}, {"/var/log"});
    txn::TransactionState state;
    state.sourceHost = QStringLiteral("primary");
    state.protectedPaths = {kKept};
    return txn::ApplyTransaction::stage(rootFd(), kId, manifest, state);
}

txn::ApplyTransaction TxnFixture::stage()
{
    auto t = tryStage();
    INFO((t ? QString() : t.error().message).toStdString());
    REQUIRE(t);
    return std::move(*t);
}

txn::ApplyTransaction TxnFixture::open() const
{
    auto t = txn::ApplyTransaction::open(rootFd(), kId);
    REQUIRE(t);
    return std::move(*t);
}

QStringList TxnFixture::diffFromExpected() const
{
    CompareOptions o;
    o.compareDirectoryMtime = false;
    o.ignoreTopLevel = {stagingDirectoryName()};
    o.ignorePaths = {"usr/" + stagingDirectoryName()};
    return compareTrees(root(), expected(), o);
}

QStringList TxnFixture::diffFromBefore() const
{
    CompareOptions o;
    o.ignoreTopLevel = {stagingDirectoryName()};
    o.ignorePaths = {"usr/" + stagingDirectoryName()};
    return compareTrees(root(), before(), o);
}

}  // namespace st::test
