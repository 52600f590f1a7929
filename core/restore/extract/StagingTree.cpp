// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/extract/StagingTree.h"

#include "util/RawPath.h"

#include <QList>

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>

namespace st::extract {

namespace {
bool isDirectoryKind(NodeKind kind)
{
    return kind == NodeKind::Directory || kind == NodeKind::ImplicitDirectory;
}

QString quoted(const QByteArray &path)
{
    return QLatin1Char('"') + displayPath(path) + QLatin1Char('"');
}
}  // namespace

QString nodeKindName(NodeKind kind)
{
    switch (kind) {
    case NodeKind::File: return QStringLiteral("file");
    case NodeKind::HardLink: return QStringLiteral("hard link");
    case NodeKind::Directory: return QStringLiteral("directory");
    case NodeKind::ImplicitDirectory: return QStringLiteral("directory (implicit)");
    case NodeKind::Symlink: return QStringLiteral("symlink");
    case NodeKind::Fifo: return QStringLiteral("fifo");
    case NodeKind::CharDevice: return QStringLiteral("character device");
    case NodeKind::BlockDevice: return QStringLiteral("block device");
    }
    return QStringLiteral("unknown");
}

std::optional<EntryType> manifestTypeOf(NodeKind kind)
{
    switch (kind) {
    case NodeKind::File: return EntryType::File;
    case NodeKind::HardLink: return EntryType::HardLink;
    case NodeKind::Directory: return EntryType::Directory;
    case NodeKind::ImplicitDirectory: return std::nullopt;
    case NodeKind::Symlink: return EntryType::Symlink;
    case NodeKind::Fifo: return EntryType::Fifo;
    case NodeKind::CharDevice: return EntryType::CharDevice;
    case NodeKind::BlockDevice: return EntryType::BlockDevice;
    }
    return std::nullopt;
}

Error refusal(const QByteArray &path, const QString &reason)
{
    return makeError(ErrorCode::Hostile, QStringLiteral("refused entry %1: %2").arg(quoted(path), reason));
}

Result<ParentAndName> StagingTree::openParent(const QByteArray &entryPath, const QByteArray &path)
{
    Result<ParentAndName> pn = openParentBeneath(m_root, path);
    if (!pn) {
        // ELOOP/EXDEV from openat2: a symlink or mount point on the way (the kernel's backstop
        // for what ensureParents already refuses).
        if (pn.error().code == ErrorCode::Hostile)
            return refusal(entryPath, pn.error().message);
        return pn.error();
    }
    return pn;
}

Status StagingTree::ensureParents(const QByteArray &path)
{
    // Walk up to the nearest parent this stream already made; every node was created below
    // directories only, so the ancestors above that one are directories too.
    QList<QByteArray> missing;
    for (QByteArray p = parentPath(path); !p.isEmpty(); p = parentPath(p)) {
        const auto it = m_nodes.constFind(p);
        if (it != m_nodes.constEnd()) {
            if (!isDirectoryKind(*it))
                return refusal(path, QStringLiteral("parent %1 is a %2, not a directory").arg(quoted(p), nodeKindName(*it)));
            break;
        }
        missing.prepend(p);
    }
    if (missing.isEmpty())
        return {};
    // Resolve the nearest existing ancestor once, then walk down through the directories just
    // made (O_NOFOLLOW: each is the one mkdirat created), so a deep path costs its depth, not
    // its depth squared.
    Result<ParentAndName> pn = openParent(path, missing.first());
    if (!pn)
        return pn.error();
    UniqueFd current = std::move(pn->parent);
    for (qsizetype i = 0; i < missing.size(); ++i) {
        const QByteArray &dir = missing.at(i);
        const QByteArray name = baseName(dir);
        if (mkdirat(current.get(), name.constData(), 0700) != 0) {
            const int err = errno;
            if (err == EEXIST)
                return makeError(ErrorCode::Io, QStringLiteral("cannot create directory %1: it already exists in the staging area (expected empty)")
                                                    .arg(quoted(dir)));
            return errnoError(err, QStringLiteral("cannot create directory %1").arg(quoted(dir)));
        }
        record(dir, NodeKind::ImplicitDirectory);
        if (i + 1 == missing.size())
            break;
        UniqueFd child(openat(current.get(), name.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (!child.valid())
            return errnoError(errno, QStringLiteral("cannot open directory %1").arg(quoted(dir)));
        current = std::move(child);
    }
    return {};
}

Result<ParentAndName> StagingTree::prepare(const QByteArray &path, NodeKind kind, bool *adoptsImplicit)
{
    if (adoptsImplicit)
        *adoptsImplicit = false;
    const auto it = m_nodes.constFind(path);
    if (it != m_nodes.constEnd()) {
        if (kind == NodeKind::Directory && *it == NodeKind::ImplicitDirectory && adoptsImplicit) {
            *adoptsImplicit = true;
        } else {
            return refusal(path, QStringLiteral("duplicate entry (already extracted as a %1)").arg(nodeKindName(*it)));
        }
    }
    if (Status s = ensureParents(path); !s)
        return s.error();
    return openParent(path, path);
}

Result<ParentAndName> StagingTree::openLinkTarget(const QByteArray &path, const QByteArray &target)
{
    if (const auto why = unsafePathReason(target))
        return refusal(path, QStringLiteral("hard link target %1: %2").arg(quoted(target), *why));
    const auto it = m_nodes.constFind(target);
    if (it == m_nodes.constEnd())
        return refusal(path, QStringLiteral("hard link target %1 is not an earlier file of this stream").arg(quoted(target)));
    if (*it != NodeKind::File && *it != NodeKind::HardLink)
        return refusal(path, QStringLiteral("hard link target %1 is a %2, not a regular file").arg(quoted(target), nodeKindName(*it)));
    Result<ParentAndName> pn = openParent(path, target);
    if (!pn)
        return pn.error();
    struct stat st{};
    if (fstatat(pn->parent.get(), pn->name.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0)
        return errnoError(errno, QStringLiteral("cannot stat hard link target %1").arg(quoted(target)));
    if (!S_ISREG(st.st_mode))
        return refusal(path, QStringLiteral("hard link target %1 is not a regular file in the staging area").arg(quoted(target)));
    return pn;
}

void StagingTree::record(const QByteArray &path, NodeKind kind)
{
    const qsizetype before = m_nodes.size();
    m_nodes.insert(path, kind);
    if (m_nodes.size() != before)
        m_memory += path.size() + kNodeOverhead;
}

void StagingTree::recordHardLink(const QByteArray &path, const QByteArray &target)
{
    record(path, NodeKind::HardLink);
    m_links.insert(path, target);
    m_memory += path.size() + target.size() + kNodeOverhead;
}

}  // namespace st::extract
