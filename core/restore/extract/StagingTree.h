// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief What an extraction has created below the staging root, and the rules for adding more.
 *
 * Owns the table path -> kind of every node created so far (including parent directories made
 * implicitly because an entry arrived before its directory) and the hard-link targets. Decides
 * whether a new entry may be created: its path is new (or adopts an implicit directory), every
 * parent is a directory of this stream, a hard link points to an earlier regular file. Opens
 * parents only through openParentBeneath (openat2, no symlinks, never above the root).
 * Counts the memory its tables hold (memoryBytes()) so the extractor can cap it: an entry with
 * a deep path adds one implicit directory per component. Refusals are ErrorCode::Hostile
 * naming the entry. One thread.
 */
#include "archive/Manifest.h"
#include "util/Result.h"
#include "util/SafeFs.h"

#include <QByteArray>
#include <QHash>

namespace st::extract {

enum class NodeKind : quint8 {
    File,
    HardLink,
    Directory,
    ImplicitDirectory,  // made because a child came first; never listed in the stream (yet)
    Symlink,
    Fifo,
    CharDevice,
    BlockDevice,
};

QString nodeKindName(NodeKind kind);
/** The manifest type a node of @p kind must have; nullopt for implicit directories. */
std::optional<EntryType> manifestTypeOf(NodeKind kind);

/** ErrorCode::Hostile: `refused entry "<path>": <reason>`. */
Error refusal(const QByteArray &path, const QString &reason);

class StagingTree {
public:
    explicit StagingTree(int rootFd) : m_root(rootFd) {}

    /**
     * Makes room for a new entry @p path of @p kind: refuses duplicates and non-directory
     * parents, creates missing parents (0700), opens the parent. For a Directory entry whose
     * path is already an implicit directory, sets @p adoptsImplicit instead of refusing.
     */
    Result<ParentAndName> prepare(const QByteArray &path, NodeKind kind, bool *adoptsImplicit = nullptr);

    /** Opens the parent of hard-link @p target after checking it is an earlier regular file. */
    Result<ParentAndName> openLinkTarget(const QByteArray &path, const QByteArray &target);

    void record(const QByteArray &path, NodeKind kind);
    void recordHardLink(const QByteArray &path, const QByteArray &target);

    /** Approximate bytes held by the tables (keys, values and per-node overhead). */
    qint64 memoryBytes() const { return m_memory; }
    /** Overhead counted per table entry besides its key and value bytes (hash node, QByteArray header). */
    static constexpr qint64 kNodeOverhead = 64;

    const QHash<QByteArray, NodeKind> &nodes() const { return m_nodes; }
    const QHash<QByteArray, QByteArray> &hardLinks() const { return m_links; }

private:
    Status ensureParents(const QByteArray &path);
    Result<ParentAndName> openParent(const QByteArray &entryPath, const QByteArray &path);

    int m_root;
    QHash<QByteArray, NodeKind> m_nodes;
    QHash<QByteArray, QByteArray> m_links;  // hard link path -> target path
    qint64 m_memory = 0;
};

}  // namespace st::extract
