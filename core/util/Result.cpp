// SPDX-License-Identifier: GPL-3.0-or-later
#include "Result.h"

#include <cerrno>
#include <cstring>

namespace st {

QString errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidArgument: return QStringLiteral("invalid-argument");
    case ErrorCode::Profile: return QStringLiteral("profile");
    case ErrorCode::Io: return QStringLiteral("io");
    case ErrorCode::NoSpace: return QStringLiteral("no-space");
    case ErrorCode::Permission: return QStringLiteral("permission");
    case ErrorCode::Archive: return QStringLiteral("archive");
    case ErrorCode::Hostile: return QStringLiteral("hostile");
    case ErrorCode::Verify: return QStringLiteral("verify");
    case ErrorCode::Protocol: return QStringLiteral("protocol");
    case ErrorCode::Tls: return QStringLiteral("tls");
    case ErrorCode::Auth: return QStringLiteral("auth");
    case ErrorCode::LockedOut: return QStringLiteral("locked-out");
    case ErrorCode::Network: return QStringLiteral("network");
    case ErrorCode::Cancelled: return QStringLiteral("cancelled");
    case ErrorCode::Unsupported: return QStringLiteral("unsupported");
    case ErrorCode::Refused: return QStringLiteral("refused");
    case ErrorCode::Internal: return QStringLiteral("internal");
    }
    return QStringLiteral("unknown");
}

Error errnoError(int err, const QString &what)
{
    ErrorCode code = ErrorCode::Io;
    if (err == ENOSPC || err == EDQUOT)
        code = ErrorCode::NoSpace;
    else if (err == EPERM || err == EACCES)
        code = ErrorCode::Permission;
    return Error{code, what + QStringLiteral(": ") + QString::fromLocal8Bit(std::strerror(err)), {}};
}

}  // namespace st
