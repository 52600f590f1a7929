// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/apply/StagedEntry.h"

#include "restore/apply/ApplyPaths.h"
#include "util/RawPath.h"
#include "util/SafeFs.h"

#include <fcntl.h>

#include <cerrno>

namespace st::apply {

Error pathError(int err, const QString &what, const QByteArray &path)
{
    return errnoError(err, what.arg(displayPath(path)));
}

Result<StagedEntry> stagedEntry(CachedDir &parents, int stagingFd, const QByteArray &path, EntryType type, const QByteArray &forEntry)
{
    Result<int> dir = parents.get(stagingFd, parentPath(path));
    if (!dir)
        return dir.error().withContext(QStringLiteral("cannot apply %1 from staging").arg(displayPath(forEntry)));
    StagedEntry staged;
    staged.dir = *dir;
    if (fstatat(*dir, baseName(path).constData(), &staged.st, AT_SYMLINK_NOFOLLOW) != 0)
        return pathError(errno, QStringLiteral("cannot stat staged %1"), path);
    if ((staged.st.st_mode & S_IFMT) != expectedFileType(type)) {
        if (path == forEntry)
            return makeError(ErrorCode::Verify, QStringLiteral("staged %1 is a %2, the manifest says %3")
                                                    .arg(displayPath(path), fileTypeName(staged.st.st_mode), entryKindName(type)));
        return makeError(ErrorCode::Verify, QStringLiteral("staged %1 is a %2, expected a directory")
                                                .arg(displayPath(path), fileTypeName(staged.st.st_mode)));
    }
    return staged;
}

Result<QByteArray> firstMissingAncestor(int rootFd, const QByteArray &path)
{
    QByteArray prefix;
    for (const QByteArray &part : parentPath(path).split('/')) {
        prefix = joinPath(prefix, part);
        Result<struct stat> st = lstatBeneath(rootFd, prefix);
        if (st && S_ISDIR(st->st_mode))
            continue;
        if (st)
            return makeError(ErrorCode::Io, QStringLiteral("cannot apply %1: %2 in the root is a %3 and the clone has no entry for it")
                                                .arg(displayPath(path), displayPath(prefix), fileTypeName(st->st_mode)));
        if (!isNotFound(st.error()))
            return st.error().withContext(QStringLiteral("cannot apply %1").arg(displayPath(path)));
        return prefix;
    }
    return makeError(ErrorCode::Internal, QStringLiteral("cannot apply %1: its parent directory cannot be opened").arg(displayPath(path)));
}

}  // namespace st::apply
