// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Where the staged copy of a root-relative path lies when a clone is staged on more
 * than one filesystem: the root's staging tree holds everything except what lies strictly
 * below the mount point of an *area* (a filesystem of its own below the root, such as a
 * separate /boot or /var), which that area's tree holds, under the same root-relative path.
 * So every entry is staged on the filesystem it goes to, and applying it is a rename.
 *
 * A mount point itself belongs to the filesystem it is mounted on (its parent's area). With
 * no area added, every path maps to the root's tree. Borrows the fds; plain value, one thread.
 */
#include <QByteArray>
#include <QList>

namespace st::apply {

class StagedTrees {
public:
    explicit StagedTrees(int rootTreeFd) : m_fds{rootTreeFd} {}

    /** Entries strictly below @p mountPoint (root-relative) are staged in @p treeFd. */
    void addArea(const QByteArray &mountPoint, int treeFd);

    /** 0 for the root's tree, i for the i-th area added (the deepest area holding @p path). */
    qsizetype areaOf(const QByteArray &path) const;
    /** The tree that holds the staged entry of @p path. */
    int treeFor(const QByteArray &path) const { return m_fds[areaOf(path)]; }
    /** The tree of area @p index (0: the root's). */
    int tree(qsizetype index) const { return m_fds[index]; }
    qsizetype count() const { return m_fds.size(); }

private:
    QList<int> m_fds;             // [0] the root's tree, then one per area
    QList<QByteArray> m_mounts;   // [0] "" (the root), then the areas' mount points
};

}  // namespace st::apply
