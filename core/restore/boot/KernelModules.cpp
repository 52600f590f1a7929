// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/boot/KernelModules.h"

#include "restore/boot/RootedPath.h"

namespace st::boot {

namespace {
const QString kKernel = QStringLiteral("kernel");
const QString kImagePrefix = QStringLiteral("vmlinuz-");

QStringList moduleDirs(const QString &version)
{
    return {QStringLiteral("usr/lib/modules/") + version, QStringLiteral("lib/modules/") + version};
}
}  // namespace

Result<QList<StagedKernel>> stagedKernels(const QString &stagedRoot)
{
    const QString boot = QStringLiteral("boot");
    if (!existsInside(stagedRoot, boot))
        return QList<StagedKernel>();
    const Result<QStringList> names = listDirInside(stagedRoot, boot);
    if (!names)
        return names.error().withContext(QStringLiteral("cannot list the staged /boot"));
    QList<StagedKernel> out;
    for (const QString &name : *names) {
        if (!name.startsWith(kImagePrefix) || name.size() == kImagePrefix.size())
            continue;
        const QString image = boot + QLatin1Char('/') + name;
        if (kindInside(stagedRoot, image) == PathKind::File)
            out << StagedKernel{name.mid(kImagePrefix.size()), image};
    }
    return out;
}

QString normaliseModuleName(const QString &name)
{
    QString n = name;
    return n.replace(QLatin1Char('-'), QLatin1Char('_'));
}

QString moduleNameFromPath(const QString &path)
{
    QString name = path.mid(path.lastIndexOf(QLatin1Char('/')) + 1);
    for (const char *suffix : {".ko.xz", ".ko.zst", ".ko.gz", ".ko"}) {
        if (name.endsWith(QLatin1String(suffix))) {
            name.chop(static_cast<qsizetype>(qstrlen(suffix)));
            return normaliseModuleName(name);
        }
    }
    return {};
}

ModuleIndex ModuleIndex::fromText(const QByteArray &modulesDep, const QByteArray &modulesBuiltin)
{
    ModuleIndex index;
    for (const QByteArray &line : modulesDep.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QString file = QString::fromUtf8(line.left(colon).trimmed());
        const QString name = moduleNameFromPath(file);
        if (!name.isEmpty())
            index.m_loadable.insert(name, file);
    }
    for (const QByteArray &line : modulesBuiltin.split('\n')) {
        const QString name = moduleNameFromPath(QString::fromUtf8(line.trimmed()));
        if (!name.isEmpty())
            index.m_builtin.insert(name);
    }
    return index;
}

Result<ModuleIndex> ModuleIndex::load(const QString &root, const QString &version)
{
    const QStringList dirs = moduleDirs(version);
    for (const QString &dir : dirs) {
        const QString dep = dir + QStringLiteral("/modules.dep");
        if (kindInside(root, dep) != PathKind::File)
            continue;
        const Result<QByteArray> depText = readFileInside(root, dep);
        if (!depText)
            return depText.error();
        const QString builtin = dir + QStringLiteral("/modules.builtin");
        const bool hasBuiltin = kindInside(root, builtin) == PathKind::File;
        QByteArray builtinText;
        if (hasBuiltin) {
            const Result<QByteArray> text = readFileInside(root, builtin);
            if (!text)
                return text.error();
            builtinText = *text;
        }
        ModuleIndex index = fromText(*depText, builtinText);
        const Result<QString> resolved = resolveInside(root, dir);
        index.m_directory = resolved ? *resolved : dir;
        index.m_hasBuiltinList = hasBuiltin;
        index.dropAbsentFiles(root);
        return index;
    }
    return makeError(ErrorCode::Io, QStringLiteral("neither %1/modules.dep nor %2/modules.dep exists").arg(dirs.at(0), dirs.at(1)));
}

void ModuleIndex::dropAbsentFiles(const QString &root)
{
    for (auto it = m_loadable.begin(); it != m_loadable.end();) {
        if (kindInside(root, m_directory + QLatin1Char('/') + it.value()) == PathKind::File)
            ++it;
        else
            it = m_loadable.erase(it);
    }
}

ModuleIndex::Presence ModuleIndex::find(const QString &module) const
{
    const QString name = normaliseModuleName(module);
    if (m_loadable.contains(name))
        return Presence::Loadable;
    if (m_builtin.contains(name))
        return Presence::BuiltIn;
    return Presence::Missing;
}

QList<Finding> checkKernels(const QString &stagedRoot)
{
    using Level = Finding::Level;
    const Result<QList<StagedKernel>> kernels = stagedKernels(stagedRoot);
    if (!kernels)
        return {Finding{kKernel, Level::Block, kernels.error().message + QStringLiteral(": make it readable and check again")}};
    if (kernels->isEmpty())
        return {Finding{kKernel, Level::Block,
                        QStringLiteral("the clone has no kernel (no /boot/vmlinuz-* in it), so this Secondary could not boot it: "
                                       "include /boot in the clone and install a kernel on the Primary (linux-image-amd64)")}};
    QList<Finding> out;
    for (const StagedKernel &k : *kernels) {
        const Result<ModuleIndex> index = ModuleIndex::load(stagedRoot, k.version);
        if (!index) {
            out << Finding{kKernel, Level::Block,
                           QStringLiteral("the staged kernel %1 (/%2) has no modules in the clone (%3): include /usr/lib/modules/%1 "
                                          "in the clone, run depmod %1 on the Primary, or remove that kernel there")
                               .arg(k.version, k.image, index.error().message)};
            continue;
        }
        out << Finding{kKernel, Level::Ok, QStringLiteral("the staged kernel %1 has its modules in /%2").arg(k.version, index->directory())};
        if (!index->hasBuiltinList())
            out << Finding{kKernel, Level::Warn,
                           QStringLiteral("the staged kernel %1 has no /%2/modules.builtin: drivers built into it cannot be confirmed")
                               .arg(k.version, index->directory())};
    }
    return out;
}

}  // namespace st::boot
