// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/StagingArea.h"

namespace st {

const QByteArray &stagingDirectoryName()
{
    static const QByteArray name = QByteArrayLiteral(".servertwin-staging");
    return name;
}

}  // namespace st
