// SPDX-License-Identifier: GPL-3.0-or-later
#include "archive/SourceWalker.h"

#include "util/RawPath.h"
#include "util/UniqueFd.h"

#include <QList>
#include <QPair>
#include <QSet>

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace st {

namespace {
constexpr int kMaxDepth = 2048;

Error walkError(int err, const QString &what, const QByteArray &rel)
{
    return errnoError(err, QStringLiteral("%1 %2").arg(what, displayPath(rel.isEmpty() ? QByteArrayLiteral("/") : rel)));
}
}  // namespace

SourceWalker::SourceWalker(const SelectionPlan &plan, CancelToken cancel, QHash<QByteArray, QByteArray> readRoots)
    : m_plan(plan), m_cancel(std::move(cancel)), m_readRoots(std::move(readRoots))
{
}

QByteArray SourceWalker::sourcePathOf(const QByteArray &relPath) const
{
    for (const QByteArray &include : m_plan.includes) {
        if (!isSameOrBelow(relPath, include))
            continue;
        const auto mapped = m_readRoots.constFind(include);
        if (mapped == m_readRoots.constEnd())
            break;
        return *mapped + relPath.mid(include.size());
    }
    return m_plan.absolute(relPath);
}

Result<QPair<int, QByteArray>> openParentOf(const QByteArray &absolutePath)
{
    const qsizetype slash = absolutePath.lastIndexOf('/');
    const QByteArray dir = slash <= 0 ? QByteArrayLiteral("/") : absolutePath.left(slash);
    const int fd = ::open(dir.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return walkError(errno, QStringLiteral("cannot open"), dir);
    return QPair<int, QByteArray>(fd, absolutePath.mid(slash + 1));
}

Status SourceWalker::walk(const Visitor &visit, const SkipReporter &skipped)
{
    const int rootFd = ::open(m_plan.sourceRoot.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (rootFd < 0)
        return walkError(errno, QStringLiteral("cannot open source root"), m_plan.sourceRoot);
    UniqueFd root(rootFd);
    QSet<QByteArray> emittedParents;

    for (const QByteArray &include : m_plan.includes) {
        if (m_cancel.isCancelled())
            return makeError(ErrorCode::Cancelled, QStringLiteral("backup cancelled"));
        // Parents of the include root, outermost first, each once.
        UniqueFd dirFd(::dup(root.get()));
        QByteArray rel;
        const QList<QByteArray> parts = include.isEmpty() ? QList<QByteArray>() : include.split('/');
        bool ok = true;
        for (qsizetype i = 0; i + 1 < parts.size() && ok; ++i) {
            const QByteArray next = joinPath(rel, parts[i]);
            WalkEntry e;
            e.relPath = next;
            e.name = parts[i];
            e.parentFd = dirFd.get();
            e.isIncludeParent = true;
            if (::fstatat(dirFd.get(), parts[i].constData(), &e.st, AT_SYMLINK_NOFOLLOW) != 0)
                return walkError(errno, QStringLiteral("cannot stat"), next);
            if (!S_ISDIR(e.st.st_mode)) {
                skipped(include, QStringLiteral("a parent of this include is not a directory on the source"));
                ok = false;
                break;
            }
            if (!emittedParents.contains(next)) {
                emittedParents.insert(next);
                if (Status s = visit(e); !s)
                    return s;
            }
            const int child = ::openat(dirFd.get(), parts[i].constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (child < 0)
                return walkError(errno, QStringLiteral("cannot open"), next);
            dirFd.reset(child);
            rel = next;
        }
        if (!ok)
            continue;
        const auto readRoot = m_readRoots.constFind(include);
        if (include.isEmpty()) {
            UniqueFd top(readRoot == m_readRoots.constEnd() ? ::dup(root.get())
                                                            : ::open(readRoot->constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
            struct stat st{};
            if (!top.valid() || ::fstat(top.get(), &st) != 0)
                return walkError(errno, QStringLiteral("cannot open"), readRoot == m_readRoots.constEnd() ? m_plan.sourceRoot : *readRoot);
            if (Status s = walkDirectory(top.get(), {}, st.st_dev, visit, skipped, 0); !s)
                return s;
            continue;
        }
        WalkEntry e;
        e.relPath = include;
        e.name = parts.last();
        if (readRoot != m_readRoots.constEnd()) {
            auto parent = openParentOf(*readRoot);
            if (!parent)
                return parent.error();
            dirFd.reset(parent->first);
            e.name = parent->second;
        }
        e.parentFd = dirFd.get();
        if (::fstatat(dirFd.get(), e.name.constData(), &e.st, AT_SYMLINK_NOFOLLOW) != 0) {
            if (errno == ENOENT) {
                skipped(include, QStringLiteral("vanished before it was read"));
                continue;
            }
            return walkError(errno, QStringLiteral("cannot stat"), include);
        }
        if (S_ISSOCK(e.st.st_mode)) {
            skipped(include, QStringLiteral("socket: tar cannot carry sockets"));
            continue;
        }
        if (Status s = visit(e); !s)
            return s;
        if (S_ISDIR(e.st.st_mode)) {
            const int child = ::openat(dirFd.get(), e.name.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (child < 0)
                return walkError(errno, QStringLiteral("cannot open"), include);
            UniqueFd childFd(child);
            if (Status s = walkDirectory(childFd.get(), include, e.st.st_dev, visit, skipped, 1); !s)
                return s;
        }
    }
    return {};
}

Status SourceWalker::walkDirectory(int dirFd, const QByteArray &relDir, dev_t device, const Visitor &visit,
                                   const SkipReporter &skipped, int depth)
{
    if (depth > kMaxDepth)
        return makeError(ErrorCode::Io, QStringLiteral("directory nesting deeper than %1 at %2").arg(kMaxDepth).arg(displayPath(relDir)));
    const int listFd = ::openat(dirFd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (listFd < 0)
        return walkError(errno, QStringLiteral("cannot open"), relDir);
    DIR *dir = ::fdopendir(listFd);
    if (!dir) {
        const int err = errno;
        ::close(listFd);
        return walkError(err, QStringLiteral("cannot list"), relDir);
    }
    QList<QByteArray> names;
    errno = 0;
    while (dirent *d = ::readdir(dir)) {
        const char *n = d->d_name;
        if (n[0] == '.' && (n[1] == 0 || (n[1] == '.' && n[2] == 0)))
            continue;
        names.append(QByteArray(n));
    }
    const int readErr = errno;
    ::closedir(dir);
    if (readErr != 0)
        return walkError(readErr, QStringLiteral("cannot list"), relDir);
    std::sort(names.begin(), names.end());

    for (const QByteArray &name : names) {
        if (m_cancel.isCancelled())
            return makeError(ErrorCode::Cancelled, QStringLiteral("backup cancelled"));
        WalkEntry e;
        e.relPath = joinPath(relDir, name);
        e.name = name;
        e.parentFd = dirFd;
        if (::fstatat(dirFd, name.constData(), &e.st, AT_SYMLINK_NOFOLLOW) != 0) {
            if (errno == ENOENT) {
                skipped(e.relPath, QStringLiteral("vanished before it was read"));
                continue;
            }
            return walkError(errno, QStringLiteral("cannot stat"), e.relPath);
        }
        const bool isDir = S_ISDIR(e.st.st_mode);
        if (m_plan.excludes.matchesSelf(e.relPath, isDir))
            continue;
        if (const auto skip = m_skip.constFind(e.relPath); skip != m_skip.constEnd()) {
            skipped(e.relPath, *skip);
            continue;
        }
        if (S_ISSOCK(e.st.st_mode)) {
            skipped(e.relPath, QStringLiteral("socket: tar cannot carry sockets"));
            continue;
        }
        if (isDir && e.st.st_dev != device) {
            skipped(e.relPath, QStringLiteral("mount point of another filesystem: include it explicitly to clone it"));
            continue;
        }
        if (Status s = visit(e); !s)
            return s;
        if (isDir) {
            const int child = ::openat(dirFd, name.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (child < 0) {
                if (errno == ENOENT) {
                    skipped(e.relPath, QStringLiteral("vanished while it was read"));
                    continue;
                }
                return walkError(errno, QStringLiteral("cannot open"), e.relPath);
            }
            UniqueFd childFd(child);
            if (Status s = walkDirectory(childFd.get(), e.relPath, device, visit, skipped, depth + 1); !s)
                return s;
        }
    }
    return {};
}

Result<ScanTotals> scanSelection(const SelectionPlan &plan, CancelToken cancel)
{
    ScanTotals totals;
    QSet<QPair<dev_t, ino_t>> linked;
    SourceWalker walker(plan, std::move(cancel));
    const Status s = walker.walk(
        [&](const WalkEntry &e) -> Status {
            ++totals.entries;
            if (S_ISREG(e.st.st_mode) && e.st.st_nlink > 1 && !linked.contains({e.st.st_dev, e.st.st_ino})) {
                linked.insert({e.st.st_dev, e.st.st_ino});
            } else if (S_ISREG(e.st.st_mode) && e.st.st_nlink > 1) {
                return {};  // a further name of a hard-linked file carries no data
            }
            if (S_ISREG(e.st.st_mode)) {
                ++totals.files;
                totals.bytes += e.st.st_size;
                totals.allocated += static_cast<qint64>(e.st.st_blocks) * 512;
            }
            return {};
        },
        [](const QByteArray &, const QString &) {});
    if (!s)
        return s.error();
    return totals;
}

}  // namespace st
