// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/StagingVerifier.h"

#include "restore/apply/ApplyPaths.h"
#include "restore/apply/CachedDir.h"
#include "restore/apply/FsWalk.h"
#include "restore/apply/SparseReader.h"
#include "util/RawPath.h"
#include "util/SafeFs.h"
#include "util/Sha256.h"

#include <QStringList>

#include <fcntl.h>
#include <sys/stat.h>

#include <QThread>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace st {

namespace {
using namespace st::apply;

constexpr int kMaxDetailLines = 100;

/** One verification run: the walk state and the mismatches found so far. */
class VerifyPass {
public:
    VerifyPass(int stagingFd, const Manifest &manifest, CancelToken cancel, ProgressCounters *progress)
        : m_stagingFd(stagingFd), m_manifest(manifest), m_cancel(cancel), m_progress(progress)
    {
    }

    Result<VerifySummary> run();

private:
    Status checkEntry(const ManifestEntry &e);
    /** Hashes every queued file, on as many threads as there are cores (reading is the cost). */
    Status checkContents();
    Status checkContent(const ManifestEntry &e, const struct stat &st, SparseReader &reader, Sha256 &sha);
    void checkHardLink(const ManifestEntry &e, const struct stat &st);
    Status findExtras(int dirFd, const QByteArray &dirPath);
    void mismatch(const QByteArray &path, const QString &what);
    Error cancelled(const QByteArray &path) const
    {
        return makeError(ErrorCode::Cancelled, QStringLiteral("verification cancelled at %1").arg(displayPath(path)));
    }

    int m_stagingFd;
    const Manifest &m_manifest;
    CancelToken m_cancel;
    ProgressCounters *m_progress;
    CachedDir m_parent;
    struct ContentCheck {
        const ManifestEntry *entry;
        struct stat st;
    };
    std::vector<ContentCheck> m_contentChecks;
    std::mutex m_mutex;  // guards the mismatch list and the summary during checkContents()
    QSet<QByteArray> m_implicit;
    QHash<QByteArray, qint64> m_extraNames;  // file -> number of hard-link entries naming it
    VerifySummary m_summary;
    qint64 m_mismatches = 0;
    QString m_first;
    QStringList m_details;
};

void VerifyPass::mismatch(const QByteArray &path, const QString &what)
{
    std::lock_guard lock(m_mutex);
    const QString line = QStringLiteral("%1: %2").arg(displayPath(path), what);
    if (m_mismatches == 0)
        m_first = line;
    ++m_mismatches;
    if (m_details.size() < kMaxDetailLines)
        m_details.append(line);
}

Result<VerifySummary> VerifyPass::run()
{
    m_implicit = implicitDirectories(m_manifest);
    for (const ManifestEntry &e : m_manifest.entries())
        if (e.type == EntryType::HardLink)
            ++m_extraNames[e.linkTarget];
    for (const ManifestEntry &e : m_manifest.entries()) {
        if (m_cancel.isCancelled())
            return cancelled(e.path);
        if (m_progress)
            m_progress->setCurrent(e.path);
        if (Status s = checkEntry(e); !s)
            return s.error();
        ++m_summary.entries;
    }
    if (Status s = checkContents(); !s)
        return s.error();
    Result<UniqueFd> top = openForReading(m_stagingFd, QByteArray(), O_DIRECTORY);  // the fd may be O_PATH
    if (!top)
        return top.error().withContext(QStringLiteral("verify"));
    if (Status s = findExtras(top->get(), QByteArray()); !s)
        return s.error();

    if (m_mismatches > 0) {
        QString message = QStringLiteral("verify failed: ") + m_first;
        if (m_mismatches > 1)
            message += QStringLiteral(" (and %1 more differences)").arg(m_mismatches - 1);
        QString details = m_details.join(QLatin1Char('\n'));
        if (m_mismatches > m_details.size())
            details += QStringLiteral("\n... %1 more not listed").arg(m_mismatches - m_details.size());
        return makeError(ErrorCode::Verify, message, details);
    }
    return m_summary;
}

Status VerifyPass::checkEntry(const ManifestEntry &e)
{
    if (const auto why = unsafePathReason(e.path)) {
        mismatch(e.path, QStringLiteral("unsafe path in the manifest (%1)").arg(*why));
        return {};
    }
    Result<int> parent = m_parent.get(m_stagingFd, parentPath(e.path));
    if (!parent) {
        if (isNotFound(parent.error()))
            mismatch(e.path, QStringLiteral("missing from the staging tree"));
        else
            mismatch(e.path, QStringLiteral("cannot be reached in the staging tree (%1)").arg(parent.error().message));
        return {};
    }
    const QByteArray name = baseName(e.path);
    struct stat st {};
    if (fstatat(*parent, name.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT) {
            mismatch(e.path, QStringLiteral("missing from the staging tree"));
            return {};
        }
        return errnoError(errno, QStringLiteral("cannot stat staged %1").arg(displayPath(e.path)));
    }
    if ((st.st_mode & S_IFMT) != expectedFileType(e.type)) {
        mismatch(e.path, QStringLiteral("is a %1, the manifest says %2").arg(fileTypeName(st.st_mode), entryKindName(e.type)));
        return {};
    }
    if (e.type == EntryType::File) {
        if (st.st_size != e.size) {
            mismatch(e.path, QStringLiteral("size is %1 bytes, the manifest says %2").arg(st.st_size).arg(e.size));
            return {};
        }
        // Names the manifest does not declare as hard links must not share this inode.
        const qint64 names = 1 + m_extraNames.value(e.path);
        if (static_cast<qint64>(st.st_nlink) != names) {
            mismatch(e.path, QStringLiteral("has %1 hard links, the manifest lists %2").arg(st.st_nlink).arg(names));
            return {};
        }
        m_contentChecks.push_back({&e, st});
        return {};
    }
    if (e.type == EntryType::HardLink)
        checkHardLink(e, st);
    return {};
}

Status VerifyPass::checkContents()
{
    const size_t workers = std::clamp<size_t>(static_cast<size_t>(QThread::idealThreadCount()), 1, 4);
    std::atomic<size_t> next{0};
    std::optional<Error> failure;
    std::mutex failureMutex;
    auto work = [&] {
        SparseReader reader(m_cancel);
        Sha256 sha;
        for (size_t i = next++; i < m_contentChecks.size(); i = next++) {
            {
                std::lock_guard lock(failureMutex);
                if (failure)
                    return;
            }
            const ContentCheck &c = m_contentChecks[i];
            Status s = m_cancel.isCancelled() ? Status(cancelled(c.entry->path)) : checkContent(*c.entry, c.st, reader, sha);
            if (!s) {
                std::lock_guard lock(failureMutex);
                if (!failure)
                    failure = s.error();
                return;
            }
        }
    };
    std::vector<std::thread> threads;
    for (size_t t = 1; t < workers; ++t)
        threads.emplace_back(work);
    work();
    for (std::thread &t : threads)
        t.join();
    if (failure)
        return *failure;
    return {};
}

Status VerifyPass::checkContent(const ManifestEntry &e, const struct stat &st, SparseReader &reader, Sha256 &sha)
{
    if (m_progress)
        m_progress->setCurrent(e.path);
    Result<ParentAndName> parent = openParentBeneath(m_stagingFd, e.path);
    if (!parent)
        return parent.error().withContext(QStringLiteral("verify %1").arg(displayPath(e.path)));
    Result<UniqueFd> fd = openForReading(parent->parent.get(), parent->name);
    if (!fd)
        return fd.error().withContext(QStringLiteral("verify %1").arg(displayPath(e.path)));
    struct stat fst {};
    if (fstat(fd->get(), &fst) != 0)
        return errnoError(errno, QStringLiteral("cannot stat staged %1").arg(displayPath(e.path)));
    if (fst.st_ino != st.st_ino || fst.st_dev != st.st_dev || fst.st_size != e.size) {
        mismatch(e.path, QStringLiteral("changed while being verified"));
        return {};
    }
    sha.reset();
    Status read = reader.read(
        fd->get(), e.size, e.path,
        [this, &sha](qint64, const char *data, qint64 len) -> Status {
            sha.add(data, static_cast<size_t>(len));
            if (m_progress)
                m_progress->bytesDone += len;
            return {};
        },
        [this, &sha](qint64, qint64 len) -> Status {
            sha.addZeros(static_cast<uint64_t>(len));
            if (m_progress)
                m_progress->bytesDone += len;
            return {};
        });
    if (!read)
        return read;
    {
        std::lock_guard lock(m_mutex);
        ++m_summary.files;
        m_summary.bytes += e.size;
    }
    if (m_progress)
        ++m_progress->filesDone;  // totals are the caller's: fileCount() and totalFileBytes()
    if (sha.finish() != e.sha256)
        mismatch(e.path, QStringLiteral("content does not match the manifest (SHA-256)"));
    return {};
}

void VerifyPass::checkHardLink(const ManifestEntry &e, const struct stat &st)
{
    const ManifestEntry *target = m_manifest.find(e.linkTarget);
    if (!target || target->type != EntryType::File) {
        mismatch(e.path, QStringLiteral("hard link target %1 is not a file in the manifest").arg(displayPath(e.linkTarget)));
        return;
    }
    Result<struct stat> tst = lstatBeneath(m_stagingFd, e.linkTarget);
    if (!tst || tst->st_ino != st.st_ino || tst->st_dev != st.st_dev)
        mismatch(e.path, QStringLiteral("is not hard-linked to %1").arg(displayPath(e.linkTarget)));
}

Status VerifyPass::findExtras(int dirFd, const QByteArray &dirPath)
{
    Result<QList<QByteArray>> names = listDirectory(dirFd, dirPath);
    if (!names)
        return names.error();
    std::sort(names->begin(), names->end());  // deterministic reports
    for (const QByteArray &name : *names) {
        const QByteArray path = joinPath(dirPath, name);
        if (m_cancel.isCancelled())
            return cancelled(path);
        struct stat st {};
        if (fstatat(dirFd, name.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0)
            return errnoError(errno, QStringLiteral("cannot stat staged %1").arg(displayPath(path)));
        const ManifestEntry *entry = m_manifest.find(path);
        const bool descend = S_ISDIR(st.st_mode)
            && ((entry && entry->type == EntryType::Directory) || (!entry && m_implicit.contains(path)));
        if (!entry && !descend) {
            mismatch(path, QStringLiteral("is in the staging tree but not in the manifest"));
            continue;
        }
        if (!descend)
            continue;
        Result<UniqueFd> sub = openForReading(dirFd, name, O_DIRECTORY);
        if (!sub)
            return sub.error().withContext(QStringLiteral("verify %1").arg(displayPath(path)));
        if (Status s = findExtras(sub->get(), path); !s)
            return s;
    }
    return {};
}

}  // namespace

StagingVerifier::StagingVerifier(int stagingFd, const Manifest &manifest, CancelToken cancel, ProgressCounters *progress)
    : m_stagingFd(stagingFd), m_manifest(manifest), m_cancel(std::move(cancel)), m_progress(progress)
{
}

Result<VerifySummary> StagingVerifier::run()
{
    VerifyPass pass(m_stagingFd, m_manifest, m_cancel, m_progress);
    return pass.run();
}

}  // namespace st
