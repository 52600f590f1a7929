// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/StateDirectory.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <sys/stat.h>
#include <unistd.h>

namespace st {

Result<QString> securePrivateDirectory(const QString &dir)
{
    const QString absolute = QFileInfo(dir).absoluteFilePath();
    const QByteArray native = QFile::encodeName(absolute);
    struct stat st{};
    if (::stat(native.constData(), &st) != 0) {
        if (errno != ENOENT)
            return errnoError(errno, QStringLiteral("cannot read the state directory %1").arg(absolute));
        if (!QDir().mkpath(QFileInfo(absolute).absolutePath()))
            return makeError(ErrorCode::Io, QStringLiteral("cannot create directory %1").arg(QFileInfo(absolute).absolutePath()));
        if (::mkdir(native.constData(), 0700) != 0 && errno != EEXIST)
            return errnoError(errno, QStringLiteral("cannot create the state directory %1").arg(absolute));
        if (::stat(native.constData(), &st) != 0)
            return errnoError(errno, QStringLiteral("cannot read the state directory %1").arg(absolute));
    }
    if (!S_ISDIR(st.st_mode))
        return makeError(ErrorCode::Io, QStringLiteral("the state directory %1 is not a directory").arg(absolute));
    if (st.st_uid != ::geteuid())
        return makeError(ErrorCode::Permission, QStringLiteral("the state directory %1 belongs to uid %2, not to uid %3 that runs this program: "
                                                               "its keys would not be private (chown it, or choose another --state-dir)")
                                                    .arg(absolute).arg(st.st_uid).arg(::geteuid()));
    const mode_t mode = st.st_mode & 07777;
    if ((mode & 0777) == 0700)
        return QString();
    if (::chmod(native.constData(), 0700) != 0)
        return errnoError(errno, QStringLiteral("the state directory %1 is mode %2, open to other users, and cannot be made 0700")
                                     .arg(absolute, QString::number(mode, 8).rightJustified(4, QLatin1Char('0'))));
    return QStringLiteral("the state directory %1 was mode %2; made it 0700 (only its owner may read keys and pins)")
        .arg(absolute, QString::number(mode, 8).rightJustified(4, QLatin1Char('0')));
}

}  // namespace st
