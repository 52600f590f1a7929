// SPDX-License-Identifier: GPL-3.0-or-later
// ProtectionTreeModel: what a checkbox does to the profile (exclude patterns and data opt-ins).
#include "config/ProtectionTreeNode.h"

#include "util/RawPath.h"

namespace st {

bool ProtectionTreeModel::isIncluded(const QModelIndex &index) const
{
    const Node *node = nodeAt(index);
    if (!node || node->kind == Node::Kind::Section || !node->present)
        return false;
    return culprit(m_patterns, node->rel, node->directory) == nullptr;
}

Status ProtectionTreeModel::include(ProtectionProfile &profile, const Node &node) const
{
    const QByteArray &rel = node.rel;
    auto dropLiteral = [&rel](QList<QByteArray> &list) {
        list.removeIf([&rel](const QByteArray &pattern) { return isLiteralOf(pattern, rel); });
    };
    dropLiteral(profile.osExclude);
    dropLiteral(profile.productExclude);
    dropLiteral(profile.exclude);
    for (ProtectedApplication &app : profile.applications)
        dropLiteral(app.exclude);

    // Each round removes one cause; a path has few parents.
    for (int round = 0; round < 256; ++round) {
        const std::vector<PatternSource> patterns = patternsOf(profile);
        QByteArray matched;
        const PatternSource *cause = culprit(patterns, rel, node.directory, &matched);
        if (!cause)
            return {};
        if (cause->data) {
            if (ProtectedApplication *app = findApplication(profile, cause->appId)) {
                app->includeData = true;
                continue;
            }
        }
        if (!cause->data && matched != rel && isLiteralOf(cause->pattern, matched)) {
            // An excluded parent: include it again, but exclude its other entries on the way down.
            QList<QByteArray> &list = excludeList(profile, cause->section, cause->appId);
            const QByteArray pattern = cause->pattern;
            list.removeAll(pattern);
            const QList<QByteArray> below = rel.mid(matched.size() + 1).split('/');
            QByteArray dir = matched;
            for (const QByteArray &keep : below) {
                Result<QList<Entry>> entries = entriesOf(dir);
                if (!entries)
                    return entries.error();
                for (const Entry &entry : std::as_const(*entries)) {
                    const QByteArray sibling = literalPattern(joinPath(dir, entry.name));
                    if (entry.name != keep && !list.contains(sibling))
                        list.append(sibling);
                }
                dir = joinPath(dir, keep);
            }
            continue;
        }
        return makeError(ErrorCode::Profile,
                         tr("\"/%1\" stays excluded by the pattern \"%2\" of the profile; remove the pattern from the "
                            "profile file to include it")
                             .arg(displayPath(rel), displayPath(cause->pattern)));
    }
    return makeError(ErrorCode::Profile, tr("\"/%1\" cannot be included: too many exclusions above it").arg(displayPath(rel)));
}

Status ProtectionTreeModel::exclude(ProtectionProfile &profile, const Node &node) const
{
    if (culprit(patternsOf(profile), node.rel, node.directory))
        return {};  // already excluded
    if (node.kind == Node::Kind::Root && node.data && !profile.includeApplicationData) {
        // An application's data root: its checkbox is the application's data opt-in.
        if (ProtectedApplication *app = findApplication(profile, node.appId); app && app->includeData) {
            app->includeData = false;
            if (culprit(patternsOf(profile), node.rel, node.directory))
                return {};
        }
    }
    if (node.rel.isEmpty())
        return makeError(ErrorCode::Profile, tr("The whole source root cannot be excluded; exclude its directories instead"));
    const Node *root = node.root();
    excludeList(profile, root->section, root->appId).append(literalPattern(node.rel));
    return {};
}

Status ProtectionTreeModel::setIncluded(const QModelIndex &index, bool included)
{
    const Node *node = nodeAt(index);
    if (!node || node->kind == Node::Kind::Section)
        return makeError(ErrorCode::InvalidArgument, tr("Only directories and files can be included or excluded"));
    if (!node->present)
        return makeError(ErrorCode::InvalidArgument,
                         tr("\"/%1\" does not exist on this system").arg(displayPath(node->rel)));
    ProtectionProfile edited = m_profile;
    const Status status = included ? include(edited, *node) : exclude(edited, *node);
    if (!status) {
        m_lastError = status.error().message;
        emit editFailed(m_lastError);
        return status;
    }
    m_lastError.clear();
    m_profile = edited;
    m_patterns = patternsOf(m_profile);
    emitAllChanged({});
    emit profileEdited(m_profile);
    return {};
}

}  // namespace st
