// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/apply/StagedEntry.h"

#include "restore/apply/ApplyPaths.h"
#include "util/RawPath.h"

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

}  // namespace st::apply
