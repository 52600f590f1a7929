// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Finds the device an fstab or crypttab source names on this Secondary, below devRoot
 * only: UUID=, LABEL=, PARTUUID=, PARTLABEL=, ID= through the udev links in disk/by-*
 * (labels also in udev's \x20 spelling), /dev/... paths directly, and a /dev/mapper name that
 * this Secondary's crypttab provides through its source (LUKS opened at boot). Holds a copy
 * of the crypttab; const after construction, thread-safe.
 */
#include "restore/boot/FstabParser.h"
#include "util/Result.h"

#include <QList>
#include <QString>

namespace st::boot {

class DeviceResolver {
public:
    DeviceResolver(QString devRoot, QList<CrypttabEntry> crypttab);

    /** How @p spec is found ("/dev/disk/by-uuid/1234", "/dev/mapper/data via crypttab"); an
     *  error saying what is missing ("no /dev/disk/by-uuid/1234 here") when it is not. */
    Result<QString> resolve(const QString &spec) const;

    /** True if @p spec is a device name (a tag or a /dev path), not a file path or a remote. */
    static bool isDeviceSpec(const QString &spec);

private:
    Result<QString> resolve(const QString &spec, int depth) const;
    Result<QString> resolveTag(const QString &tag, const QString &value) const;

    QString m_devRoot;
    QList<CrypttabEntry> m_crypttab;
};

/** udev's spelling of a label in /dev/disk/by-label: bytes outside [0-9A-Za-z#+-.:=@_] and
 *  ASCII controls become \xHH ("my disk" -> "my\x20disk"); UTF-8 stays. */
QString udevEncode(const QString &name);

}  // namespace st::boot
