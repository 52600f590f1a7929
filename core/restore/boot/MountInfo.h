// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Parser for /proc/<pid>/mountinfo (proc(5)): "36 35 98:0 /mnt1 /mnt2 rw,noatime
 * master:1 - ext3 /dev/root rw,errors=continue" — any number of optional fields up to the
 * lone "-", octal escapes (\040) in root, mount point and source decoded. Free functions,
 * no state: thread-safe.
 */
#include "util/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace st::boot {

struct MountInfoEntry {
    int mountId = 0;
    int parentId = 0;
    quint32 major = 0;
    quint32 minor = 0;
    QString root;            // the directory of the filesystem that is mounted here
    QString mountPoint;
    QString mountOptions;
    QStringList optionalFields;  // shared:1, master:2, propagate_from:3, unbindable
    QString fsType;
    QString source;          // /dev/vda1, "none", a server:/path
    QString superOptions;
};

/** Every line of @p text; an error naming the line when one is not a mountinfo entry. */
Result<QList<MountInfoEntry>> parseMountInfo(const QByteArray &text);

/** The entry that is visible at @p mountPoint (the last one mounted there), or nullptr. */
const MountInfoEntry *visibleMountAt(const QList<MountInfoEntry> &entries, const QString &mountPoint);

}  // namespace st::boot
