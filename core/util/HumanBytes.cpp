// SPDX-License-Identifier: GPL-3.0-or-later
#include "util/HumanBytes.h"

#include <QLocale>

#include <algorithm>

namespace st {

QString humanBytes(qint64 bytes)
{
    return QLocale::c().formattedDataSize(std::max<qint64>(0, bytes), 1, QLocale::DataSizeIecFormat);
}

}  // namespace st
