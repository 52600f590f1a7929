// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/PairingCodeInput.h"

#include "net/PairingCode.h"

#include <QFile>

#include <cerrno>
#include <iostream>
#include <string>
#include <sys/stat.h>

namespace st {

Result<QString> readPairingCode(const QString &source)
{
    QByteArray line;
    if (source == QStringLiteral("-")) {
        std::string text;
        if (!std::getline(std::cin, text))
            return makeError(ErrorCode::InvalidArgument, QStringLiteral("--pairing-code-file -: no code on standard input"));
        line = QByteArray::fromStdString(text);
    } else {
        struct stat st{};
        const QByteArray native = QFile::encodeName(source);
        if (::stat(native.constData(), &st) != 0)
            return errnoError(errno, QStringLiteral("cannot read the pairing code file %1").arg(source));
        if ((st.st_mode & 077) != 0)
            return makeError(ErrorCode::Permission, QStringLiteral("the pairing code file %1 is readable by other users (mode %2): chmod 600 it")
                                                        .arg(source, QString::number(st.st_mode & 07777, 8).rightJustified(4, QLatin1Char('0'))));
        QFile f(source);
        if (!f.open(QIODevice::ReadOnly))
            return makeError(ErrorCode::Io, QStringLiteral("cannot read the pairing code file %1: %2").arg(source, f.errorString()));
        line = f.readLine(256);
    }
    const auto canonical = PairingCode::normalise(QString::fromLatin1(line.trimmed()));
    if (!canonical)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("the pairing code in %1 is malformed: 12 letters and digits, like ABCD-EFGH-JKMN")
                                                         .arg(source == QStringLiteral("-") ? QStringLiteral("standard input") : source));
    return *canonical;
}

}  // namespace st
