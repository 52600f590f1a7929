// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/ProtectionTreeNode.h"

#include "profile/ExcludeMatcher.h"
#include "util/RawPath.h"

#include <QFont>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>

namespace st {

ProtectionTreeModel::ProtectionTreeModel(QObject *parent) : QAbstractItemModel(parent) {}

ProtectionTreeModel::~ProtectionTreeModel() = default;

std::vector<ProtectionTreeModel::PatternSource> ProtectionTreeModel::patternsOf(const ProtectionProfile &profile)
{
    std::vector<PatternSource> out;
    auto add = [&out](const QList<QByteArray> &patterns, Section section, const QString &appId, bool data) {
        for (const QByteArray &pattern : patterns) {
            Result<GlobPattern> glob = GlobPattern::compile(pattern);
            if (glob)  // a profile's patterns were checked when it was read; a bad one cannot match anything
                out.push_back(PatternSource{pattern, std::move(glob).value(), data, section, appId});
        }
    };
    add(profile.osExclude, Section::Os, {}, false);
    add(profile.productExclude, Section::Product, {}, false);
    for (const ProtectedApplication &app : profile.applications)
        add(app.exclude, Section::Application, app.id, false);
    add(profile.exclude, Section::Extra, {}, false);
    if (!profile.includeApplicationData) {
        for (const ProtectedApplication &app : profile.applications) {
            if (app.includeData)
                continue;
            QList<QByteArray> data;
            for (const PathSpec &spec : app.data) {
                const std::optional<QByteArray> rel = normaliseRelative(spec.path);
                if (rel && !rel->isEmpty())
                    data.append(literalPattern(*rel));
            }
            add(data, Section::Application, app.id, true);
        }
    }
    return out;
}

const ProtectionTreeModel::PatternSource *ProtectionTreeModel::culprit(const std::vector<PatternSource> &patterns,
                                                                       const QByteArray &relPath, bool isDirectory,
                                                                       QByteArray *matched)
{
    if (relPath.isEmpty())
        return nullptr;
    const QList<QByteArray> parts = relPath.split('/');
    QByteArray prefix;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        prefix = joinPath(prefix, parts[i]);
        const bool dir = i + 1 < parts.size() || isDirectory;
        for (const PatternSource &source : patterns) {
            if (source.glob.matchesExactly(prefix, dir)) {
                if (matched)
                    *matched = prefix;
                return &source;
            }
        }
    }
    return nullptr;
}

bool ProtectionTreeModel::hasExcludesBelow(const QByteArray &relPath) const
{
    const QByteArray below = relPath.isEmpty() ? QByteArrayLiteral("/") : literalPattern(relPath) + '/';
    return std::any_of(m_patterns.cbegin(), m_patterns.cend(), [&below](const PatternSource &source) {
        return source.pattern.startsWith(below) && source.pattern.size() > below.size();
    });
}

QByteArray ProtectionTreeModel::absolute(const QByteArray &relPath) const
{
    const std::optional<QByteArray> root = normaliseRelative(m_profile.sourceRoot);
    const QByteArray base = '/' + root.value_or(QByteArray());
    if (relPath.isEmpty())
        return base;
    return base == "/" ? '/' + relPath : base + '/' + relPath;
}

void ProtectionTreeModel::setProfile(const ProtectionProfile &profile, bool relist)
{
    // The roots as the tree shows them: same key, same tree.
    auto layout = [](const ProtectionProfile &p) {
        QList<QByteArray> key{p.sourceRoot};
        auto paths = [&key](const QByteArray &tag, const QList<PathSpec> &specs) {
            for (const PathSpec &spec : specs)
                key.append(tag + (spec.optional ? "?" : ":") + spec.path);
        };
        paths("os", p.osInclude);
        paths("product", p.productInclude);
        for (const ProtectedApplication &app : p.applications) {
            key.append("app:" + app.id.toUtf8() + ':' + app.name.toUtf8());
            paths("program", app.program);
            paths("config", app.config);
            paths("data", app.data);
        }
        paths("include", p.include);
        return key;
    };
    const bool sameTree = !relist && !m_roots.empty() && layout(profile) == layout(m_profile);
    if (sameTree) {
        m_profile = profile;
        m_patterns = patternsOf(m_profile);
        emitAllChanged({});
        return;
    }
    beginResetModel();
    m_profile = profile;
    m_patterns = patternsOf(m_profile);
    rebuildRoots();
    endResetModel();
}

void ProtectionTreeModel::rebuildRoots()
{
    m_roots.clear();
    auto addSection = [this](Section section, const QString &title, const QString &appId) {
        auto node = std::make_unique<Node>();
        node->kind = Node::Kind::Section;
        node->section = section;
        node->title = title;
        node->appId = appId;
        node->row = static_cast<int>(m_roots.size());
        m_roots.push_back(std::move(node));
        return m_roots.back().get();
    };
    auto addRoots = [this](Node *section, const QList<PathSpec> &specs, const QString &role, bool data) {
        for (const PathSpec &spec : specs) {
            auto node = std::make_unique<Node>();
            node->kind = Node::Kind::Root;
            node->section = section->section;
            node->appId = section->appId;
            node->title = role;
            node->data = data;
            node->optional = spec.optional;
            const std::optional<QByteArray> rel = normaliseRelative(spec.path);
            node->rel = rel.value_or(spec.path);
            struct stat st {};
            if (rel && ::lstat(absolute(*rel).constData(), &st) == 0) {
                node->present = true;
                node->directory = S_ISDIR(st.st_mode);
            }
            node->parent = section;
            node->row = static_cast<int>(section->children.size());
            section->children.push_back(std::move(node));
        }
    };
    if (!m_profile.osInclude.isEmpty())
        addRoots(addSection(Section::Os, tr("Operating system"), {}), m_profile.osInclude, {}, false);
    if (!m_profile.productInclude.isEmpty())
        addRoots(addSection(Section::Product, tr("Product"), {}), m_profile.productInclude, {}, false);
    for (const ProtectedApplication &app : std::as_const(m_profile.applications)) {
        if (app.program.isEmpty() && app.config.isEmpty() && app.data.isEmpty())
            continue;
        Node *section = addSection(Section::Application, app.name.isEmpty() ? app.id : app.name, app.id);
        addRoots(section, app.program, tr("program"), false);
        addRoots(section, app.config, tr("configuration"), false);
        addRoots(section, app.data, tr("data"), true);
    }
    if (!m_profile.include.isEmpty())
        addRoots(addSection(Section::Extra, tr("Additional paths"), {}), m_profile.include, {}, false);
}

void ProtectionTreeModel::emitAllChanged(const QModelIndex &parent)
{
    const int rows = rowCount(parent);
    if (rows == 0)
        return;
    emit dataChanged(index(0, 0, parent), index(rows - 1, ColumnCount - 1, parent));
    for (int row = 0; row < rows; ++row) {
        const QModelIndex child = index(row, 0, parent);
        if (!nodeAt(child)->children.empty())
            emitAllChanged(child);
    }
}

ProtectionTreeModel::Node *ProtectionTreeModel::nodeAt(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : nullptr;
}

QModelIndex ProtectionTreeModel::indexOf(const Node *node, int column) const
{
    return node ? createIndex(node->row, column, const_cast<Node *>(node)) : QModelIndex();
}

QModelIndex ProtectionTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount || (parent.isValid() && parent.column() != 0))
        return {};
    const std::vector<std::unique_ptr<Node>> &list = parent.isValid() ? nodeAt(parent)->children : m_roots;
    if (row >= static_cast<int>(list.size()))
        return {};
    return createIndex(row, column, list[static_cast<size_t>(row)].get());
}

QModelIndex ProtectionTreeModel::parent(const QModelIndex &child) const
{
    const Node *node = nodeAt(child);
    return node ? indexOf(node->parent) : QModelIndex();
}

int ProtectionTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return static_cast<int>(parent.isValid() ? nodeAt(parent)->children.size() : m_roots.size());
}

int ProtectionTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

bool ProtectionTreeModel::hasChildren(const QModelIndex &parent) const
{
    const Node *node = nodeAt(parent);
    if (!node)
        return !m_roots.empty();
    if (parent.column() != 0)
        return false;
    if (node->kind == Node::Kind::Section)
        return !node->children.empty();
    return node->present && node->directory && (!node->listed || !node->children.empty());
}

bool ProtectionTreeModel::canFetchMore(const QModelIndex &parent) const
{
    const Node *node = nodeAt(parent);
    return node && node->kind != Node::Kind::Section && node->present && node->directory && !node->listed;
}

void ProtectionTreeModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    Node *node = nodeAt(parent);
    node->listed = true;
    Result<QList<Entry>> entries = listDirectory(absolute(node->rel));
    if (!entries) {
        node->listError = entries.error().message;
        emit dataChanged(indexOf(node, 0), indexOf(node, ColumnCount - 1));
        return;
    }
    node->entries = *entries;
    const auto directories = std::count_if(entries->cbegin(), entries->cend(), [](const Entry &e) { return e.directory; });
    if (directories == 0)
        return;
    beginInsertRows(indexOf(node), 0, static_cast<int>(directories) - 1);
    for (const Entry &entry : std::as_const(node->entries)) {
        if (!entry.directory)
            continue;
        auto child = std::make_unique<Node>();
        child->kind = Node::Kind::Directory;
        child->section = node->section;
        child->appId = node->appId;
        child->rel = joinPath(node->rel, entry.name);
        child->present = true;
        child->directory = true;
        child->parent = node;
        child->row = static_cast<int>(node->children.size());
        node->children.push_back(std::move(child));
    }
    endInsertRows();
}

Result<QList<ProtectionTreeModel::Entry>> ProtectionTreeModel::listDirectory(const QByteArray &absolutePath)
{
    DIR *dir = ::opendir(absolutePath.constData());
    if (!dir)
        return errnoError(errno, tr("cannot list \"%1\"").arg(displayPath(absolutePath)));
    QList<Entry> entries;
    errno = 0;
    while (const dirent *e = ::readdir(dir)) {
        const QByteArray name(e->d_name);
        if (name == "." || name == "..")
            continue;
        bool directory = e->d_type == DT_DIR;
        if (e->d_type == DT_UNKNOWN) {
            struct stat st {};
            directory = ::fstatat(::dirfd(dir), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
        }
        entries.append(Entry{name, directory});
        errno = 0;
    }
    const int err = errno;
    ::closedir(dir);
    if (err != 0)
        return errnoError(err, tr("cannot list \"%1\"").arg(displayPath(absolutePath)));
    std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) { return a.name < b.name; });
    return entries;
}

Result<QList<ProtectionTreeModel::Entry>> ProtectionTreeModel::entriesOf(const QByteArray &relPath) const
{
    // Prefer what the tree listed (what the engineer saw), else list it now.
    std::vector<const Node *> pending;
    for (const auto &section : m_roots)
        pending.push_back(section.get());
    while (!pending.empty()) {
        const Node *node = pending.back();
        pending.pop_back();
        if (node->kind != Node::Kind::Section && node->listed && node->listError.isEmpty() && node->rel == relPath)
            return node->entries;
        for (const auto &child : node->children)
            pending.push_back(child.get());
    }
    return listDirectory(absolute(relPath));
}

QModelIndex ProtectionTreeModel::findPath(const QByteArray &relPath) const
{
    for (const auto &section : m_roots) {
        for (const auto &root : section->children) {
            if (root->rel == relPath)
                return indexOf(root.get());
        }
    }
    std::vector<const Node *> pending;
    for (const auto &section : m_roots)
        pending.push_back(section.get());
    while (!pending.empty()) {
        const Node *node = pending.front();
        pending.erase(pending.begin());
        if (node->kind == Node::Kind::Directory && node->rel == relPath)
            return indexOf(node);
        for (const auto &child : node->children)
            pending.push_back(child.get());
    }
    return {};
}

QString ProtectionTreeModel::stateText(const Node &node) const
{
    if (node.kind == Node::Kind::Section)
        return {};
    QString state;
    QByteArray matched;
    const PatternSource *cause = node.present ? culprit(m_patterns, node.rel, node.directory, &matched) : nullptr;
    if (!node.present)
        state = node.optional ? tr("not on this system (optional)") : tr("missing");
    else if (!cause)
        state = hasExcludesBelow(node.rel) ? tr("included, parts excluded") : tr("included");
    else if (cause->data)
        state = node.kind == Node::Kind::Root && node.data ? tr("not included") : tr("not included (application data)");
    else if (isLiteralOf(cause->pattern, node.rel))
        state = tr("excluded");
    else if (isLiteralOf(cause->pattern, matched))
        state = tr("excluded with /%1").arg(displayPath(matched));
    else
        state = tr("excluded by pattern %1").arg(displayPath(cause->pattern));
    if (!node.listError.isEmpty())
        state += QStringLiteral(" · ") + tr("cannot list");
    if (node.kind == Node::Kind::Root && !node.title.isEmpty())
        return node.title + QStringLiteral(" · ") + state;
    return state;
}

QString ProtectionTreeModel::toolTip(const Node &node) const
{
    switch (node.kind) {
    case Node::Kind::Section:
        if (node.section == Section::Os)
            return tr("Directories of the operating system that are cloned to the Secondary");
        if (node.section == Section::Product)
            return tr("Directories of the product that are cloned to the Secondary");
        if (node.section == Section::Extra)
            return tr("Further paths the profile includes");
        return tr("Program, configuration and data paths of %1").arg(node.title);
    case Node::Kind::Root:
    case Node::Kind::Directory:
        break;
    }
    const QString path = QStringLiteral("/") + displayPath(node.rel);
    QString tip;
    if (!node.present)
        tip = node.optional ? tr("%1 does not exist here; the profile lists it as optional").arg(path)
                            : tr("%1 does not exist here; the plan cannot be built until it does or the profile no "
                                 "longer lists it")
                                  .arg(path);
    else if (culprit(m_patterns, node.rel, node.directory))
        tip = tr("%1 is not cloned. Check it to include it.").arg(path);
    else
        tip = tr("%1 is cloned with everything below it that is not excluded. Uncheck it to exclude it.").arg(path);
    if (node.kind == Node::Kind::Root && node.data)
        tip += QLatin1Char(' ') + tr("Application data is normally synchronised later; include it only if it is needed now.");
    if (!node.listError.isEmpty())
        tip += QLatin1Char(' ') + node.listError;
    return tip;
}

QVariant ProtectionTreeModel::data(const QModelIndex &index, int role) const
{
    const Node *node = nodeAt(index);
    if (!node)
        return {};
    const bool pathNode = node->kind != Node::Kind::Section;
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == StateColumn)
            return stateText(*node);
        if (node->kind == Node::Kind::Section)
            return node->title;
        if (node->kind == Node::Kind::Root)
            return QStringLiteral("/") + displayPath(node->rel);
        return displayPath(baseName(node->rel));
    case Qt::CheckStateRole:
        if (index.column() == PathColumn && pathNode && node->present)
            return isIncluded(index) ? Qt::Checked : Qt::Unchecked;
        return {};
    case Qt::ToolTipRole:
        return toolTip(*node);
    case Qt::FontRole:
        if (node->kind == Node::Kind::Section) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case RelativePathRole:
        return pathNode ? QVariant(node->rel) : QVariant();
    case ExcludedRole:
        return pathNode && node->present && !isIncluded(index);
    default:
        return {};
    }
}

bool ProtectionTreeModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::CheckStateRole || index.column() != PathColumn)
        return false;
    const bool included = value.toInt() != Qt::Unchecked;
    return setIncluded(index.siblingAtColumn(PathColumn), included).ok();
}

Qt::ItemFlags ProtectionTreeModel::flags(const QModelIndex &index) const
{
    const Node *node = nodeAt(index);
    if (!node)
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.column() == PathColumn && node->kind != Node::Kind::Section && node->present)
        flags |= Qt::ItemIsUserCheckable;
    if (!hasChildren(index.siblingAtColumn(PathColumn)))
        flags |= Qt::ItemNeverHasChildren;
    return flags;
}

QVariant ProtectionTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == PathColumn ? tr("Path") : tr("State");
}

}  // namespace st
