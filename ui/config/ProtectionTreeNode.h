// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief ProtectionTreeModel's private parts, shared by its two source files: the tree's node
 * and pattern types (ProtectionTreeModel.cpp: the model and its lazy directory listing;
 * ProtectionTreeEdits.cpp: turning a checkbox into profile exclude edits) and the small
 * helpers both use. Not for other users. GUI thread only, like the model.
 */
#include "config/ProtectionTreeModel.h"
#include "profile/ExcludeMatcher.h"

#include <memory>
#include <vector>

namespace st {

namespace protection_tree {

enum class Section { Os, Product, Application, Extra };

inline bool isLiteralOf(const QByteArray &pattern, const QByteArray &relPath)
{
    const QByteArray literal = literalPattern(relPath);
    return pattern == literal || pattern == literal + '/';
}

inline ProtectedApplication *findApplication(ProtectionProfile &profile, const QString &id)
{
    for (ProtectedApplication &app : profile.applications) {
        if (app.id == id)
            return &app;
    }
    return nullptr;
}

/** The exclude list a section's edits go to. */
inline QList<QByteArray> &excludeList(ProtectionProfile &profile, Section section, const QString &appId)
{
    switch (section) {
    case Section::Os: return profile.osExclude;
    case Section::Product: return profile.productExclude;
    case Section::Application:
        if (ProtectedApplication *app = findApplication(profile, appId))
            return app->exclude;
        break;
    case Section::Extra: break;
    }
    return profile.exclude;
}

}  // namespace protection_tree

using namespace protection_tree;

struct ProtectionTreeModel::Node {
    enum class Kind { Section, Root, Directory };
    Kind kind = Kind::Section;
    Section section = Section::Os;
    QString appId;      // Section::Application
    QString title;      // section: its name; root: its role ("program", ...) or ""
    QByteArray rel;     // roots and directories: relative to the source root
    bool data = false;  // an application's data root
    bool present = false;
    bool directory = false;
    bool optional = false;
    bool listed = false;
    QList<Entry> entries;  // every entry of the directory, once listed
    QString listError;
    Node *parent = nullptr;
    int row = 0;
    std::vector<std::unique_ptr<Node>> children;

    const Node *root() const
    {
        const Node *n = this;
        while (n->kind == Kind::Directory && n->parent)
            n = n->parent;
        return n;
    }
};

struct ProtectionTreeModel::PatternSource {
    QByteArray pattern;
    GlobPattern glob;
    bool data = false;  // the data exclusion of an application that did not opt in
    Section section = Section::Extra;
    QString appId;
};

}  // namespace st
