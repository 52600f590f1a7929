// SPDX-License-Identifier: GPL-3.0-or-later
#include "agent/BootApplier.h"

#include "agent/AgentFootprint.h"
#include "restore/StagingArea.h"
#include "restore/boot/BootLoaderCheck.h"
#include "restore/txn/ApplyTransaction.h"
#include "util/DurableFile.h"
#include "util/RawPath.h"
#include "util/SafeFs.h"
#include "util/UniqueFd.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>

namespace st {

namespace {
const QByteArray kLogFile = QByteArrayLiteral("boot-apply.json");
constexpr int kInitramfsTimeoutMs = 20 * 60 * 1000;
constexpr int kGrubTimeoutMs = 10 * 60 * 1000;
}  // namespace

void BootApplier::note(const QString &line)
{
    m_outcome.log.append(QDateTime::currentDateTimeUtc().toString(QStringLiteral("HH:mm:ss ")) + line);
    if (m_settings.onLine)
        m_settings.onLine(m_outcome.log.last());
}

BootApplyOutcome BootApplier::run()
{
    m_outcome = {};
    const int raw = ::open(m_settings.root.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (raw < 0) {
        note(QStringLiteral("cannot open the root %1: %2").arg(displayPath(m_settings.root), QString::fromLocal8Bit(strerror(errno))));
        m_outcome.failed = true;
        return m_outcome;
    }
    UniqueFd rootFd(raw);
    if (m_settings.liveHost && !m_settings.interruptedOnly)
        m_outcome.armedByUs = disarm(m_settings.root);  // first, as systemd.offline-updates asks: a failure must not loop
    Result<QStringList> ids = txn::ApplyTransaction::list(rootFd.get());
    if (!ids) {
        note(ids.error().message);
        m_outcome.failed = true;
    }
    for (const QString &id : ids ? *ids : QStringList()) {
        Result<txn::ApplyTransaction> t = txn::ApplyTransaction::open(rootFd.get(), id);
        if (!t) {
            note(t.error().message);
            m_outcome.failed = true;
            continue;
        }
        const txn::Phase phase = t->state().phase;
        // A normal boot finishes only what a cut boot began (a clone staged and never begun waits for its boot).
        if (m_settings.interruptedOnly && !t->started() && phase != txn::Phase::RollingBack)
            continue;
        const QString from = t->state().sourceHost;
        bool ranApply = false;
        bool ranRollback = false;
        if (phase == txn::Phase::Staged || phase == txn::Phase::Applying) {
            note(phase == txn::Phase::Staged ? QStringLiteral("applying clone %1 from %2").arg(id, from)
                                             : QStringLiteral("continuing the interrupted apply of clone %1 (attempt %2)").arg(id).arg(t->state().attempts + 1));
            Result<ApplyReport> applied = t->apply();
            m_outcome.changed = true;
            if (applied) {
                note(QStringLiteral("clone %1 applied: %2 entries, %3 replaced or removed (kept until the Primary confirms)")
                         .arg(id).arg(applied->entriesApplied).arg(applied->removed.size()));
                ranApply = true;
            } else {
                note(applied.error().message);
                m_outcome.failed = true;
                ranRollback = t->state().phase == txn::Phase::RolledBack;
                if (t->state().phase == txn::Phase::Staged)
                    m_outcome.changed = false;  // refused before the first change
            }
        } else if ((phase == txn::Phase::Applied && t->state().rollbackRequested) || phase == txn::Phase::RollingBack) {
            note(QStringLiteral("rolling clone %1 back").arg(id));
            Status s = t->rollback();
            m_outcome.changed = true;
            if (s) {
                note(QStringLiteral("clone %1 rolled back: the system is as it was before it").arg(id));
                ranRollback = true;
            } else {
                note(s.error().message);
                m_outcome.failed = true;
            }
        }
        const bool pending = !t->state().hostFinished
                             && (t->state().phase == txn::Phase::Applied || t->state().phase == txn::Phase::RolledBack);
        if (pending || ranApply || ranRollback) {
            if (Status s = hostSteps(rootFd.get(), id, *t); !s) {
                note(s.error().message);
                m_outcome.failed = true;
            } else if (Status m = t->markHostFinished(); !m) {
                note(m.error().message);
            }
        }
    }
    if (m_outcome.log.isEmpty()) {
        if (m_settings.interruptedOnly)
            return m_outcome;  // a normal boot with nothing interrupted: the last log stays
        note(QStringLiteral("no staged clone to apply"));
    }

    QJsonObject saved{{QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
                      {QStringLiteral("log"), QJsonArray::fromStringList(m_outcome.log)},
                      {QStringLiteral("failed"), m_outcome.failed}};
    const int dir = ::open(QFile::encodeName(m_settings.stateDir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        UniqueFd dirFd(dir);
        (void)writeFileDurably(dirFd.get(), kLogFile, QJsonDocument(saved).toJson());
    }
    return m_outcome;
}

namespace {

/** The directory @p path below @p dir holds no entry. */
bool isEmptyDirectory(int dir, const QByteArray &path)
{
    const int fd = ::openat(dir, path.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return false;
    DIR *d = ::fdopendir(fd);
    if (!d) {
        ::close(fd);
        return false;
    }
    bool empty = true;
    while (const dirent *e = ::readdir(d)) {
        if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0) {
            empty = false;
            break;
        }
    }
    ::closedir(d);
    return empty;
}

/** rsync's quick check on @p path below two directories: type, mode, owner, size and mtime
 *  (a clone keeps the Primary's mtimes), and a symlink's target. Missing on one side: differs,
 *  unless what is there is an empty directory (it feeds no boot file). */
bool entryDiffers(int aDir, int bDir, const QByteArray &path)
{
    struct stat a {};
    struct stat b {};
    const bool hasA = ::fstatat(aDir, path.constData(), &a, AT_SYMLINK_NOFOLLOW) == 0;
    const bool hasB = ::fstatat(bDir, path.constData(), &b, AT_SYMLINK_NOFOLLOW) == 0;
    if (!hasA && !hasB)
        return true;
    if (!hasA || !hasB) {
        const struct stat &there = hasA ? a : b;
        return !(S_ISDIR(there.st_mode) && isEmptyDirectory(hasA ? aDir : bDir, path));
    }
    if (a.st_mode != b.st_mode || a.st_uid != b.st_uid || a.st_gid != b.st_gid)
        return true;
    if (S_ISDIR(a.st_mode))
        return false;  // its entries are steps of their own
    if (a.st_size != b.st_size || a.st_mtim.tv_sec != b.st_mtim.tv_sec || a.st_mtim.tv_nsec != b.st_mtim.tv_nsec)
        return true;
    if (S_ISLNK(a.st_mode)) {
        char ta[PATH_MAX], tb[PATH_MAX];
        const ssize_t la = ::readlinkat(aDir, path.constData(), ta, sizeof ta);
        const ssize_t lb = ::readlinkat(bDir, path.constData(), tb, sizeof tb);
        return la != lb || la < 0 || std::memcmp(ta, tb, static_cast<size_t>(la)) != 0;
    }
    return false;
}

}  // namespace

Status BootApplier::hostSteps(int rootFd, const QString &id, const txn::ApplyTransaction &t)
{
    if (!m_settings.liveHost)
        return {};
    const bool applied = t.state().phase == txn::Phase::Applied;
    if (applied)
        if (Status s = keepAgentRecord(rootFd, t); !s)
            return s;
    // What the apply (or its rollback: the same paths) made stale; without the plan, everything.
    // A path really changed when the root's entry differs from the one it displaced, which
    // is in backup/ after an apply and back in tree/ after a rollback (of its filesystem's area).
    BootRegeneration stale{true, true, {}, {}};
    if (Result<txn::Plan> plan = t.loadPlan()) {
        stale = bootRegenerationForPlan(plan->steps, [&](const QByteArray &path) {
            const int other = applied ? t.backupFdFor(path) : t.treeFdFor(path);
            return other < 0 || entryDiffers(rootFd, other, path);
        });
    } else {
        note(QStringLiteral("cannot read the plan of clone %1 (%2): regenerating every boot file").arg(id, plan.error().message));
    }
    return regenerateBoot(stale);
}

Status BootApplier::keepAgentRecord(int rootFd, const txn::ApplyTransaction &t)
{
    // The Secondary's own record of the agent package (its files were kept) goes into the
    // Primary's package database, so dpkg knows what is installed.
    const QByteArray dpkg = QByteArrayLiteral("var/lib/dpkg");
    Result<UniqueFd> backupDir = openBeneath(t.backupFdFor(dpkg + "/status"), dpkg, O_RDONLY | O_DIRECTORY);
    if (!backupDir)
        return {};  // the status file was not replaced: nothing to keep
    Result<QByteArray> old = readSmallFile(backupDir->get(), "status", 256 << 20);
    if (!old)
        return {};
    const QByteArray stanza = dpkgStanza(*old, kAgentPackage);
    if (stanza.isEmpty())
        return {};
    Result<UniqueFd> dpkgDir = openBeneath(rootFd, "var/lib/dpkg", O_RDONLY | O_DIRECTORY);
    if (!dpkgDir)
        return dpkgDir.error().withContext(QStringLiteral("cannot keep the agent's package record"));
    Result<QByteArray> now = readSmallFile(dpkgDir->get(), "status", 256 << 20);
    if (!now)
        return now.error().withContext(QStringLiteral("cannot keep the agent's package record"));
    if (dpkgStanza(*now, kAgentPackage) == stanza)
        return {};
    if (Status s = writeFileDurably(dpkgDir->get(), "status", withDpkgStanza(*now, kAgentPackage, stanza), 0644); !s)
        return s.error().withContext(QStringLiteral("cannot keep the agent's package record"));
    note(QStringLiteral("kept this Secondary's %1 package in the package database").arg(QString::fromLatin1(kAgentPackage)));
    return {};
}

Status BootApplier::regenerateBoot(const BootRegeneration &stale)
{
    CommandRunner &runner = *m_settings.runner;
    if (stale.initramfs) {
        note(QStringLiteral("regenerating the initramfs of every installed kernel%1")
                 .arg(stale.initramfsBecause.isEmpty() ? QString() : QStringLiteral(" (/%1 changed)").arg(displayPath(stale.initramfsBecause))));
        if (auto r = runChecked(runner, {QStringLiteral("update-initramfs"), QStringLiteral("-u"), QStringLiteral("-k"), QStringLiteral("all")}, kInitramfsTimeoutMs); !r)
            return r.error();
    } else {
        note(QStringLiteral("the initramfs is kept: the clone changed nothing it is built from"));
    }
    if (!stale.bootLoader) {
        note(QStringLiteral("GRUB is kept: the clone changed nothing it is installed or configured from"));
        return {};
    }
    Result<QString> disk = boot::bootDisk(boot::HostRoots{});
    if (!disk)
        return disk.error().withContext(QStringLiteral("cannot find this Secondary's boot disk for GRUB"));
    QStringList install{QStringLiteral("grub-install")};
    if (boot::firmwareMode(boot::HostRoots{}) == boot::Firmware::Uefi)
        install << QStringLiteral("--target=x86_64-efi") << QStringLiteral("--efi-directory=/boot/efi");
    else
        install << QStringLiteral("--target=i386-pc") << *disk;
    note(QStringLiteral("installing GRUB: %1").arg(commandLine(install)));
    if (auto r = runChecked(runner, install, kGrubTimeoutMs); !r)
        return r.error();
    note(QStringLiteral("generating the GRUB configuration (update-grub)"));
    if (auto r = runChecked(runner, {QStringLiteral("update-grub")}, kGrubTimeoutMs); !r)
        return r.error();
    return {};
}

QStringList BootApplier::lastLog(const QString &stateDir)
{
    QFile f(QDir(stateDir).filePath(QString::fromLatin1(kLogFile)));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QStringList lines;
    for (const QJsonValue &v : QJsonDocument::fromJson(f.read(1 << 20)).object().value(QStringLiteral("log")).toArray())
        lines.append(v.toString());
    return lines;
}

Status BootApplier::arm(const QByteArray &root)
{
    const int raw = ::open(root.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (raw < 0)
        return errnoError(errno, QStringLiteral("cannot open %1").arg(displayPath(root)));
    UniqueFd rootFd(raw);
    const QByteArray target = "/" + stagingDirectoryName();
    ::unlinkat(rootFd.get(), systemUpdateLink().constData(), 0);
    if (::symlinkat(target.constData(), rootFd.get(), systemUpdateLink().constData()) != 0)
        return errnoError(errno, QStringLiteral("cannot arm the apply at boot (/%1)").arg(QString::fromLatin1(systemUpdateLink())));
    return syncDirectory(rootFd.get());
}

bool BootApplier::disarm(const QByteArray &root)
{
    const int raw = ::open(root.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (raw < 0)
        return false;
    UniqueFd rootFd(raw);
    char target[4096];
    const ssize_t n = ::readlinkat(rootFd.get(), systemUpdateLink().constData(), target, sizeof target - 1);
    if (n <= 0 || QByteArray(target, n) != "/" + stagingDirectoryName())
        return false;  // not ours (another offline update): left alone
    ::unlinkat(rootFd.get(), systemUpdateLink().constData(), 0);
    (void)syncDirectory(rootFd.get());
    return true;
}

}  // namespace st
