// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/extract/ManifestCrossCheck.h"

#include "util/RawPath.h"

#include <QList>

#include <algorithm>

namespace st::extract {

namespace {
QString quoted(const QByteArray &path)
{
    return QLatin1Char('"') + displayPath(path) + QLatin1Char('"');
}

Error mismatch(const QString &message)
{
    return makeError(ErrorCode::Verify, QStringLiteral("stream and manifest disagree: ") + message);
}
}  // namespace

Status crossCheckManifest(const Manifest &manifest, const StagingTree &tree,
                          const QHash<QByteArray, QByteArray> *writtenSha256)
{
    const QHash<QByteArray, NodeKind> &nodes = tree.nodes();
    qint64 explicitNodes = 0;
    for (auto it = nodes.constBegin(); it != nodes.constEnd(); ++it) {
        if (*it != NodeKind::ImplicitDirectory)
            ++explicitNodes;
    }

    // In manifest order, so the first message is deterministic.
    for (const ManifestEntry &m : manifest.entries()) {
        const auto it = nodes.constFind(m.path);
        if (it == nodes.constEnd() || *it == NodeKind::ImplicitDirectory)
            return mismatch(QStringLiteral("%1 (%2) is in the manifest but not in the stream").arg(quoted(m.path), entryTypeName(m.type)));
        const std::optional<EntryType> type = manifestTypeOf(*it);
        if (type != m.type)
            return mismatch(QStringLiteral("%1 is a %2 in the stream but a %3 in the manifest")
                                .arg(quoted(m.path), nodeKindName(*it), entryTypeName(m.type)));
        if (m.type == EntryType::HardLink) {
            const QByteArray target = tree.hardLinks().value(m.path);
            if (target != m.linkTarget)
                return mismatch(QStringLiteral("hard link %1 points to %2 in the stream but to %3 in the manifest")
                                    .arg(quoted(m.path), quoted(target), quoted(m.linkTarget)));
        } else if (m.type == EntryType::File) {
            if (writtenSha256 && writtenSha256->value(m.path) != m.sha256)
                return mismatch(QStringLiteral("content of %1 does not match its SHA-256 in the manifest").arg(quoted(m.path)));
        }
    }

    if (explicitNodes != manifest.entries().size()) {
        QList<QByteArray> extra;
        for (auto it = nodes.constBegin(); it != nodes.constEnd(); ++it) {
            if (*it != NodeKind::ImplicitDirectory && manifest.indexOf(it.key()) < 0)
                extra.append(it.key());
        }
        std::sort(extra.begin(), extra.end());
        if (!extra.isEmpty())
            return mismatch(QStringLiteral("%1 was extracted but is not in the manifest").arg(quoted(extra.first())));
        return mismatch(QStringLiteral("%1 entries extracted, %2 in the manifest").arg(explicitNodes).arg(manifest.entries().size()));
    }
    return {};
}

}  // namespace st::extract
