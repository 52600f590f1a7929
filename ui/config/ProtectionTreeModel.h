// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The protection set's directories as a checkable tree over a ProtectionProfile it
 * holds (a copy): sections (operating system, product, each protected application, additional
 * paths), their include roots, and below each directory its real subdirectories, listed
 * lazily (one directory listing when a node is expanded, through fetchMore()). A node is
 * checked when the profile's exclude patterns and the data exclusion of applications that did
 * not opt in leave it included: exactly what SelectionPlan::build() will do.
 *
 * Edits change only exclude patterns and data opt-ins, so the result round-trips through the
 * profile JSON: unchecking adds an anchored literal pattern ("/var/log") to the exclude list
 * of the node's section (or turns an application's data off); checking removes that pattern,
 * turns an application's data on, or replaces the pattern of an excluded ancestor by
 * patterns for the ancestor's other entries on the way down. A path that only a glob of the
 * profile excludes ("*.pid") cannot be checked: the edit fails and names the pattern.
 * profileEdited() carries the new profile after each edit; setProfile() takes one from
 * outside (in place when the roots stay the same, so expanded nodes stay expanded).
 *
 * No widgets. GUI thread only.
 */
#include "profile/ExcludeMatcher.h"
#include "profile/ProtectionProfile.h"
#include "util/Result.h"

#include <QAbstractItemModel>

#include <memory>
#include <vector>

namespace st {

class ProtectionTreeModel : public QAbstractItemModel {
    Q_OBJECT

public:
    enum Column { PathColumn, StateColumn, ColumnCount };
    enum Role {
        RelativePathRole = Qt::UserRole + 1,  // QByteArray, relative to the source root (roots and directories)
        ExcludedRole,                         // bool: the node exists and the plan will not read it
    };

    explicit ProtectionTreeModel(QObject *parent = nullptr);
    ~ProtectionTreeModel() override;

    /** Replaces the profile; keeps the tree (and what was listed) when the roots are the same,
     *  unless @p relist (a profile loaded from a file starts afresh). */
    void setProfile(const ProtectionProfile &profile, bool relist = false);
    const ProtectionProfile &profile() const { return m_profile; }

    /** The first node of @p relPath (roots first, then listed directories); invalid if not shown. */
    QModelIndex findPath(const QByteArray &relPath) const;
    /** Whether the node at @p index is included (checked). */
    bool isIncluded(const QModelIndex &index) const;
    /** Includes or excludes the root or directory at @p index (what a checkbox click does). */
    Status setIncluded(const QModelIndex &index, bool included);
    /** The last edit's error ("" after a successful edit). */
    QString lastError() const { return m_lastError; }

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    /** An edit through the tree changed the profile. */
    void profileEdited(const st::ProtectionProfile &profile);
    /** An edit was refused; one line naming the path (and the pattern that keeps it out). */
    void editFailed(const QString &message);

private:
    struct Node;
    struct PatternSource;
    struct Entry {
        QByteArray name;
        bool directory = false;
    };

    Node *nodeAt(const QModelIndex &index) const;
    QModelIndex indexOf(const Node *node, int column = 0) const;
    void rebuildRoots();
    void emitAllChanged(const QModelIndex &parent);
    /** Every exclude pattern @p profile applies (its lists, and data not opted in). */
    static std::vector<PatternSource> patternsOf(const ProtectionProfile &profile);
    /** The first pattern excluding @p relPath or a parent; @p matched gets the path it matched. */
    static const PatternSource *culprit(const std::vector<PatternSource> &patterns, const QByteArray &relPath,
                                        bool isDirectory, QByteArray *matched = nullptr);
    bool hasExcludesBelow(const QByteArray &relPath) const;
    QString stateText(const Node &node) const;
    QString toolTip(const Node &node) const;
    Result<QList<Entry>> entriesOf(const QByteArray &relPath) const;
    QByteArray absolute(const QByteArray &relPath) const;
    Status include(ProtectionProfile &profile, const Node &node) const;
    Status exclude(ProtectionProfile &profile, const Node &node) const;
    static Result<QList<Entry>> listDirectory(const QByteArray &absolutePath);

    ProtectionProfile m_profile;
    std::vector<std::unique_ptr<Node>> m_roots;  // the sections
    std::vector<PatternSource> m_patterns;
    QString m_lastError;
};

}  // namespace st
