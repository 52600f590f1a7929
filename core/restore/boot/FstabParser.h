// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Parsers for /etc/fstab and /etc/crypttab as fstab(5) and crypttab(5) describe them:
 * '#' comments and blank lines skipped, fields split at blanks and tabs, \ooo octal escapes
 * (\040 is a space) decoded, a quoted tag value (UUID="...") unquoted. Lines that are not
 * entries are reported, not dropped silently. Free functions, no state: thread-safe.
 */
#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace st::boot {

struct FstabEntry {
    int line = 0;          // 1-based line number in the file
    QString spec;          // UUID=..., LABEL=..., /dev/..., a path (bind, swap file), a server:/path
    QString mountPoint;    // "none" for swap
    QString type;          // "auto" when the line has no type field
    QStringList options;   // "defaults" when the line has none
    bool hasOption(const QString &name) const { return options.contains(name); }
    /** nofail or noauto: the boot goes on without it. */
    bool optional() const;
    bool isSwap() const { return type == QLatin1String("swap"); }
    bool isBind() const;
};

struct CrypttabEntry {
    int line = 0;
    QString name;          // the /dev/mapper name it provides
    QString source;        // UUID=..., PARTUUID=..., /dev/...
    QString keyFile;       // "none", "-" or empty: asked for at boot
    QStringList options;
    bool optional() const { return options.contains(QLatin1String("nofail")) || options.contains(QLatin1String("noauto")); }
};

struct BadLine {
    int line = 0;
    QString text;
};

template <typename Entry>
struct Parsed {
    QList<Entry> entries;
    QList<BadLine> bad;  // lines that are neither comments nor entries
};

Parsed<FstabEntry> parseFstab(const QByteArray &text);
Parsed<CrypttabEntry> parseCrypttab(const QByteArray &text);

/** fs types with no device to find: proc, sysfs, tmpfs, devpts, cgroup... (and "none"). */
bool isVirtualFsType(const QString &type);
/** fs types whose source is on another machine: nfs, nfs4, cifs, smb3, sshfs, ... */
bool isNetworkFsType(const QString &type);

/** "/srv/data/" -> "/srv/data"; "/" stays "/". */
QString cleanMountPoint(const QString &path);

}  // namespace st::boot
