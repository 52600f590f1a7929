// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/SecureExtractor.h"

#include "archive/ManifestParser.h"
#include "restore/extract/ManifestCrossCheck.h"
#include "restore/extract/MetadataWriter.h"
#include "restore/extract/StagingTree.h"
#include "restore/extract/TarReader.h"
#include "restore/extract/TarStreamGuard.h"
#include "util/RawPath.h"
#include "util/SafeFs.h"
#include "util/Sha256.h"

#include <archive.h>
#include <archive_entry.h>

#include <QList>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

namespace st {

using extract::MetadataTarget;
using extract::NodeKind;
using extract::refusal;
using extract::StagingTree;
using extract::TarReader;
using extract::TarStreamGuard;

namespace {

struct EntryFree {
    void operator()(archive_entry *e) const { archive_entry_free(e); }
};
using EntryPtr = std::unique_ptr<archive_entry, EntryFree>;

QString quoted(const QByteArray &path)
{
    return QLatin1Char('"') + displayPath(path) + QLatin1Char('"');
}

Error cancelled()
{
    return makeError(ErrorCode::Cancelled, QStringLiteral("extraction cancelled"));
}

Status pwriteAll(int fd, const char *data, size_t size, qint64 offset, const QByteArray &path)
{
    while (size > 0) {
        const ssize_t n = pwrite(fd, data, size, static_cast<off_t>(offset));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return errnoError(errno, QStringLiteral("cannot write %1").arg(quoted(path)));
        }
        data += n;
        size -= static_cast<size_t>(n);
        offset += n;
    }
    return {};
}

/**
 * One run of SecureExtractor: the reader, the tree of what was created, the directories
 * waiting for their final metadata and the summary being filled.
 */
class Session {
public:
    Session(int stagingFd, const ExtractOptions &options, const CancelToken &cancel, ProgressCounters *progress)
        : m_options(options), m_cancel(cancel), m_progress(progress), m_tree(stagingFd), m_root(stagingFd),
          m_memoryLimit(effectiveMemoryLimit(options.limits))
    {
    }

    Result<ExtractSummary> run(ByteSource &source);

private:
    Result<QByteArray> entryPath(archive_entry *e) const;
    Status checkLimits(archive_entry *e, const QByteArray &path);
    Status readManifest(TarReader &reader, archive_entry *e, const QByteArray &path);
    Status extractEntry(TarReader &reader, archive_entry *e, const QByteArray &path);
    Status extractFile(TarReader &reader, archive_entry *e, const QByteArray &path);
    Status writeData(TarReader &reader, int fd, qint64 size, const QByteArray &path, Sha256 *hash);
    Status extractDirectory(archive_entry *e, const QByteArray &path);
    Status extractSymlink(archive_entry *e, const QByteArray &path);
    Status extractNode(archive_entry *e, const QByteArray &path, NodeKind kind);
    Status extractHardLink(archive_entry *e, const QByteArray &path, const QByteArray &target);
    Status finishDirectories();
    /** Refuses the stream once the bookkeeping would hold more than the memory limit. */
    Status checkMemory(const QByteArray &path, qint64 extra = 0) const;
    qint64 memoryInUse() const { return m_tree.memoryBytes() + m_heldBytes; }
    void advance(qint64 bytes)
    {
        if (m_progress)
            m_progress->bytesDone.fetch_add(bytes, std::memory_order_relaxed);
    }

    const ExtractOptions &m_options;
    const CancelToken &m_cancel;
    ProgressCounters *m_progress;
    StagingTree m_tree;
    int m_root;
    ExtractSummary m_summary;
    std::optional<Manifest> m_manifest;
    qint64 m_headers = 0;
    qint64 m_totalBytes = 0;
    qint64 m_memoryLimit;
    qint64 m_heldBytes = 0;
    qint64 m_freeBytes = -1;  // free space of the staging filesystem at the start; -1: unknown
    qint64 m_dataBytes = 0;   // bytes the files so far occupy (data extents of sparse files)  // pending directories' metadata, written hashes
    struct PendingDirectory {
        QByteArray path;
        EntryPtr entry;
    };
    std::vector<PendingDirectory> m_directories;
};

Result<ExtractSummary> Session::run(ByteSource &source)
{
    struct statvfs vfs{};
    if (fstatvfs(m_root, &vfs) == 0)
        m_freeBytes = static_cast<qint64>(vfs.f_bavail) * static_cast<qint64>(vfs.f_frsize);
    // The guard checks the tar structure before libarchive sees it and reads the stream to its end.
    TarStreamGuard guard(source, m_options.limits);
    TarReader reader(guard);
    if (Status s = reader.open(); !s)
        return s.error();
    for (;;) {
        if (m_cancel.isCancelled())
            return cancelled();
        Result<archive_entry *> next = reader.next();
        if (!next)
            return next.error();
        archive_entry *e = *next;
        if (!e)
            break;
        Result<QByteArray> path = entryPath(e);
        if (!path)
            return path.error();
        if (m_manifest)
            return refusal(*path, QStringLiteral("entry after the manifest (the manifest must be the last entry)"));
        if (Status s = checkLimits(e, *path); !s)
            return s.error();
        if (*path == Manifest::entryName()) {
            if (Status s = readManifest(reader, e, *path); !s)
                return s.error();
            continue;
        }
        if (*path == Manifest::reservedDirectory() && archive_entry_filetype(e) == AE_IFDIR && !archive_entry_hardlink(e))
            continue;  // the reserved directory itself: nothing to create
        if (isSameOrBelow(*path, Manifest::reservedDirectory()))
            return refusal(*path, QStringLiteral("the %1/ directory is reserved for ServerTwin")
                                      .arg(QString::fromLatin1(Manifest::reservedDirectory())));
        if (m_progress)
            m_progress->setCurrent(*path);
        if (Status s = extractEntry(reader, e, *path); !s)
            return s.error();
        if (Status s = checkMemory(*path); !s)
            return s.error();
        ++m_summary.entries;
        if (m_progress)
            m_progress->filesDone.fetch_add(1, std::memory_order_relaxed);
    }
    if (!m_manifest)
        return makeError(ErrorCode::Archive, QStringLiteral("clone stream has no manifest (truncated?)"));
    if (Status s = guard.finish(); !s)
        return s.error();
    if (Status s = finishDirectories(); !s)
        return s.error();
    if (Status s = extract::crossCheckManifest(*m_manifest, m_tree, m_options.hashContent ? &m_summary.writtenSha256 : nullptr); !s)
        return s.error();
    m_summary.manifest = std::move(*m_manifest);
    return std::move(m_summary);
}

Result<QByteArray> Session::entryPath(archive_entry *e) const
{
    const char *raw = archive_entry_pathname(e);
    if (!raw)
        return refusal(QByteArray(), QStringLiteral("entry without a name"));
    QByteArray path(raw);
    // Tar writers end directory names with '/'; that one slash is part of the format, not
    // of the name. Nothing else is stripped: "/x" or "./x" is refused, not repaired.
    if (archive_entry_filetype(e) == AE_IFDIR && !archive_entry_hardlink(e) && path.size() > 1 && path.endsWith('/'))
        path.chop(1);
    if (const auto why = unsafePathReason(path))
        return refusal(path, *why);
    return path;
}

Status Session::checkLimits(archive_entry *e, const QByteArray &path)
{
    if (++m_headers > m_options.limits.maxEntries)
        return refusal(path, QStringLiteral("the stream has more than %1 entries (limit)").arg(m_options.limits.maxEntries));
    const qint64 size = archive_entry_size_is_set(e) ? archive_entry_size(e) : 0;
    if (size < 0)
        return makeError(ErrorCode::Archive, QStringLiteral("clone stream: negative size for %1").arg(quoted(path)));
    if (path == Manifest::entryName())
        return {};  // capped by the manifest limits instead
    if (size > m_options.limits.maxTotalBytes - m_totalBytes)
        return refusal(path, QStringLiteral("the stream holds more than %1 bytes of file content (limit)").arg(m_options.limits.maxTotalBytes));
    m_totalBytes += size;
    // Disk: a file takes its data extents (a sparse file less than its size). Refuse as soon as
    // the files announced so far cannot fit in what was free at the start, before writing them.
    qint64 data = size;
    if (archive_entry_filetype(e) == AE_IFREG && !archive_entry_hardlink(e) && archive_entry_sparse_reset(e) > 0) {
        data = 0;
        la_int64_t offset = 0;
        la_int64_t length = 0;
        while (archive_entry_sparse_next(e, &offset, &length) == ARCHIVE_OK)
            data += std::max<la_int64_t>(length, 0);
        data = std::min(data, size);
    }
    m_dataBytes += data;
    if (m_freeBytes >= 0 && m_dataBytes > m_freeBytes)
        return makeError(ErrorCode::NoSpace, QStringLiteral("not enough free space in the staging area: the clone's files up to %1 need %2 MiB, %3 MiB were free "
                                                            "(free some space on the Secondary and run the clone again)")
                                                 .arg(quoted(path)).arg((m_dataBytes + (1 << 20) - 1) >> 20).arg(m_freeBytes >> 20));
    return {};
}

Status Session::readManifest(TarReader &reader, archive_entry *e, const QByteArray &path)
{
    if (archive_entry_filetype(e) != AE_IFREG || archive_entry_hardlink(e))
        return refusal(path, QStringLiteral("the manifest must be a regular file"));
    const qint64 size = archive_entry_size(e);
    ManifestLimits limits = m_options.limits.manifest;
    if (size > limits.maxBytes)
        return refusal(path, QStringLiteral("manifest of %1 bytes exceeds the limit of %2 bytes").arg(size).arg(limits.maxBytes));
    // Parsed as it streams (the text is never held): what it keeps counts against the memory limit.
    const qint64 room = m_memoryLimit - memoryInUse();
    if (room <= 0)
        return checkMemory(path, 1);
    limits.maxMemoryBytes = limits.maxMemoryBytes > 0 ? std::min(limits.maxMemoryBytes, room) : room;
    ManifestParser parser(limits);
    qint64 pos = 0;
    TarReader::Block block;
    for (;;) {
        if (m_cancel.isCancelled())
            return cancelled();
        Result<bool> more = reader.nextBlock(block);
        if (!more)
            return more.error();
        if (!*more)
            break;
        if (block.offset != pos || static_cast<qint64>(block.size) > size - pos)
            return refusal(path, QStringLiteral("the manifest must be a plain file of %1 bytes").arg(size));
        if (Status s = parser.add(block.data, block.size); !s)
            return s.error().withContext(QStringLiteral("clone manifest"));
        pos += static_cast<qint64>(block.size);
    }
    if (pos != size)
        return makeError(ErrorCode::Archive, QStringLiteral("clone stream: the manifest is shorter than its header says (%1 of %2 bytes)").arg(pos).arg(size));
    Result<Manifest> parsed = parser.finish();
    if (!parsed)
        return parsed.error().withContext(QStringLiteral("clone manifest"));
    m_heldBytes += parser.memoryBytes();
    m_manifest = std::move(*parsed);
    return {};
}

Status Session::extractEntry(TarReader &reader, archive_entry *e, const QByteArray &path)
{
    if (const char *target = archive_entry_hardlink(e))
        return extractHardLink(e, path, QByteArray(target));
    switch (archive_entry_filetype(e)) {
    case AE_IFREG:
        return extractFile(reader, e, path);
    case AE_IFDIR:
        return extractDirectory(e, path);
    case AE_IFLNK:
        return extractSymlink(e, path);
    case AE_IFIFO:
        return extractNode(e, path, NodeKind::Fifo);
    case AE_IFCHR:
    case AE_IFBLK:
        if (!m_options.allowDevices)
            return refusal(path, QStringLiteral("device nodes are not allowed in this restore"));
        return extractNode(e, path, archive_entry_filetype(e) == AE_IFCHR ? NodeKind::CharDevice : NodeKind::BlockDevice);
    case AE_IFSOCK:
        return refusal(path, QStringLiteral("sockets cannot be restored"));
    default:
        return refusal(path, QStringLiteral("unknown entry type %1").arg(archive_entry_filetype(e), 0, 8));
    }
}

Status Session::extractFile(TarReader &reader, archive_entry *e, const QByteArray &path)
{
    Result<ParentAndName> pn = m_tree.prepare(path, NodeKind::File);
    if (!pn)
        return pn.error();
    UniqueFd fd(openat(pn->parent.get(), pn->name.constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (!fd.valid())
        return errnoError(errno, QStringLiteral("cannot create %1").arg(quoted(path)));
    m_tree.record(path, NodeKind::File);
    const qint64 size = archive_entry_size_is_set(e) ? archive_entry_size(e) : 0;
    Sha256 hash;
    if (Status s = writeData(reader, fd.get(), size, path, m_options.hashContent ? &hash : nullptr); !s)
        return s;
    if (Status s = extract::applyMetadata({path, NodeKind::File, fd.get(), -1, {}}, e, m_options.restoreOwnership); !s)
        return s;
    if (m_options.hashContent) {
        m_summary.writtenSha256.insert(path, hash.finish());
        m_heldBytes += path.size() + 32 + StagingTree::kNodeOverhead;
    }
    ++m_summary.files;
    m_summary.bytes += size;
    return {};
}

Status Session::writeData(TarReader &reader, int fd, qint64 size, const QByteArray &path, Sha256 *hash)
{
    qint64 pos = 0;  // everything before pos is hashed (holes as zeros)
    TarReader::Block block;
    for (;;) {
        if (m_cancel.isCancelled())
            return cancelled();
        Result<bool> more = reader.nextBlock(block);
        if (!more)
            return more.error();
        if (!*more)
            break;
        if (block.offset < pos)
            return makeError(ErrorCode::Archive, QStringLiteral("clone stream: data blocks of %1 overlap or are out of order").arg(quoted(path)));
        if (block.offset > size || static_cast<qint64>(block.size) > size - block.offset)
            return refusal(path, QStringLiteral("data beyond the entry's size of %1 bytes").arg(size));
        if (block.size == 0)
            continue;
        if (Status s = pwriteAll(fd, block.data, block.size, block.offset, path); !s)
            return s;
        if (hash) {
            hash->addZeros(static_cast<uint64_t>(block.offset - pos));
            hash->add(block.data, block.size);
        }
        const qint64 end = block.offset + static_cast<qint64>(block.size);
        advance(end - pos);
        pos = end;
    }
    if (hash)
        hash->addZeros(static_cast<uint64_t>(size - pos));
    advance(size - pos);
    if (ftruncate(fd, static_cast<off_t>(size)) != 0)
        return errnoError(errno, QStringLiteral("cannot set the size of %1").arg(quoted(path)));
    return {};
}

Status Session::extractDirectory(archive_entry *e, const QByteArray &path)
{
    bool adopt = false;
    Result<ParentAndName> pn = m_tree.prepare(path, NodeKind::Directory, &adopt);
    if (!pn)
        return pn.error();
    if (!adopt && mkdirat(pn->parent.get(), pn->name.constData(), 0700) != 0)
        return errnoError(errno, QStringLiteral("cannot create directory %1").arg(quoted(path)));
    m_tree.record(path, NodeKind::Directory);
    // The clone keeps the directory's xattrs and ACLs until the last pass: count them.
    qint64 held = 512 + path.size();
    archive_entry_xattr_reset(e);
    const char *xname = nullptr;
    const void *xvalue = nullptr;
    size_t xsize = 0;
    while (archive_entry_xattr_next(e, &xname, &xvalue, &xsize) == ARCHIVE_OK)
        held += static_cast<qint64>(xsize) + (xname ? static_cast<qint64>(strlen(xname)) : 0) + 32;
    held += static_cast<qint64>(archive_entry_acl_count(e, ARCHIVE_ENTRY_ACL_TYPE_POSIX1E)) * 64;
    if (Status s = checkMemory(path, held); !s)
        return s;
    EntryPtr copy(archive_entry_clone(e));
    if (!copy)
        return makeError(ErrorCode::Internal, QStringLiteral("out of memory keeping the metadata of %1").arg(quoted(path)));
    m_heldBytes += held;
    m_directories.push_back(PendingDirectory{path, std::move(copy)});
    return {};
}

Status Session::extractSymlink(archive_entry *e, const QByteArray &path)
{
    const char *target = archive_entry_symlink(e);
    if (!target || !*target)
        return makeError(ErrorCode::Archive, QStringLiteral("clone stream: symlink %1 has no target").arg(quoted(path)));
    Result<ParentAndName> pn = m_tree.prepare(path, NodeKind::Symlink);
    if (!pn)
        return pn.error();
    if (symlinkat(target, pn->parent.get(), pn->name.constData()) != 0)
        return errnoError(errno, QStringLiteral("cannot create symlink %1").arg(quoted(path)));
    m_tree.record(path, NodeKind::Symlink);
    return extract::applyMetadata({path, NodeKind::Symlink, -1, pn->parent.get(), pn->name}, e, m_options.restoreOwnership);
}

Status Session::extractNode(archive_entry *e, const QByteArray &path, NodeKind kind)
{
    Result<ParentAndName> pn = m_tree.prepare(path, kind);
    if (!pn)
        return pn.error();
    int rc;
    if (kind == NodeKind::Fifo)
        rc = mkfifoat(pn->parent.get(), pn->name.constData(), 0600);
    else
        rc = mknodat(pn->parent.get(), pn->name.constData(), (kind == NodeKind::CharDevice ? S_IFCHR : S_IFBLK) | 0600,
                     archive_entry_rdev(e));
    if (rc != 0)
        return errnoError(errno, QStringLiteral("cannot create %1 %2").arg(extract::nodeKindName(kind), quoted(path)));
    m_tree.record(path, kind);
    return extract::applyMetadata({path, kind, -1, pn->parent.get(), pn->name}, e, m_options.restoreOwnership);
}

Status Session::extractHardLink(archive_entry *e, const QByteArray &path, const QByteArray &target)
{
    if (archive_entry_size_is_set(e) && archive_entry_size(e) > 0)
        return refusal(path, QStringLiteral("hard link carries data (only the first name of a file may)"));
    Result<ParentAndName> pn = m_tree.prepare(path, NodeKind::HardLink);
    if (!pn)
        return pn.error();
    Result<ParentAndName> to = m_tree.openLinkTarget(path, target);
    if (!to)
        return to.error();
    if (linkat(to->parent.get(), to->name.constData(), pn->parent.get(), pn->name.constData(), 0) != 0)
        return errnoError(errno, QStringLiteral("cannot create hard link %1 to %2").arg(quoted(path), quoted(target)));
    m_tree.recordHardLink(path, target);
    return {};  // the inode already has its metadata from the first name
}

Status Session::checkMemory(const QByteArray &path, qint64 extra) const
{
    if (memoryInUse() + extra <= m_memoryLimit)
        return {};
    return refusal(path, QStringLiteral("the stream needs more than %1 MiB of memory to extract (limit; too many or too deep entries)")
                             .arg(m_memoryLimit >> 20));
}

Status Session::finishDirectories()
{
    // Deepest first: a parent's times and a restrictive mode must not be touched by its children.
    std::stable_sort(m_directories.begin(), m_directories.end(), [](const PendingDirectory &a, const PendingDirectory &b) {
        return a.path.count('/') > b.path.count('/');
    });
    for (PendingDirectory &dir : m_directories) {
        if (m_cancel.isCancelled())
            return cancelled();
        Result<UniqueFd> fd = openBeneath(m_root, dir.path, O_RDONLY | O_DIRECTORY);
        if (!fd)
            return fd.error().code == ErrorCode::Hostile ? refusal(dir.path, fd.error().message) : fd.error();
        if (Status s = extract::applyMetadata({dir.path, NodeKind::Directory, fd->get(), -1, {}}, dir.entry.get(),
                                              m_options.restoreOwnership);
            !s)
            return s;
        dir.entry.reset();
    }
    m_directories.clear();
    return {};
}

}  // namespace

qint64 effectiveMemoryLimit(const ExtractLimits &limits)
{
    if (limits.maxMemoryBytes > 0)
        return limits.maxMemoryBytes;
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long pageSize = sysconf(_SC_PAGESIZE);
    if (pages <= 0 || pageSize <= 0)
        return 1LL << 30;
    return static_cast<qint64>(pages) * pageSize / 2;
}

SecureExtractor::SecureExtractor(int stagingFd, ExtractOptions options, CancelToken cancel, ProgressCounters *progress)
    : m_stagingFd(stagingFd), m_options(options), m_cancel(std::move(cancel)), m_progress(progress)
{
}

Result<ExtractSummary> SecureExtractor::run(ByteSource &tarStream)
{
    if (m_options.restoreOwnership && geteuid() != 0)
        return makeError(ErrorCode::Permission,
                         QStringLiteral("restoring owners needs root privileges (run as root or disable ownership restore)"));
    if (m_cancel.isCancelled())
        return cancelled();
    Session session(m_stagingFd, m_options, m_cancel, m_progress);
    return session.run(tarStream);
}

}  // namespace st
