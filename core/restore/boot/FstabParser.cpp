// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/boot/FstabParser.h"

#include "restore/boot/RootedPath.h"

#include <QDir>
#include <QSet>

namespace st::boot {

namespace {
/** Fields of one line split at blanks and tabs, escapes decoded; empty for comments and blank lines. */
QStringList fieldsOf(const QByteArray &line)
{
    const QByteArray trimmed = line.trimmed();
    if (trimmed.isEmpty() || trimmed.startsWith('#'))
        return {};
    QStringList fields;
    QByteArray current;
    for (const char c : trimmed) {
        if (c == ' ' || c == '\t') {
            if (!current.isEmpty())
                fields << QString::fromUtf8(unescapeOctal(current));
            current.clear();
        } else {
            current.append(c);
        }
    }
    if (!current.isEmpty())
        fields << QString::fromUtf8(unescapeOctal(current));
    return fields;
}

/** UUID="abc" -> UUID=abc (libmount accepts quoted tag values). */
QString unquoteTag(const QString &spec)
{
    const qsizetype eq = spec.indexOf(QLatin1Char('='));
    if (eq > 0 && spec.size() >= eq + 3 && spec.endsWith(QLatin1Char('"')) && spec.at(eq + 1) == QLatin1Char('"'))
        return spec.left(eq + 1) + spec.mid(eq + 2, spec.size() - eq - 3);
    return spec;
}

QStringList optionList(const QString &field)
{
    return field.split(QLatin1Char(','), Qt::SkipEmptyParts);
}

template <typename Entry, typename Fill>
Parsed<Entry> parseLines(const QByteArray &text, int minFields, Fill fill)
{
    Parsed<Entry> out;
    const QList<QByteArray> lines = text.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QStringList fields = fieldsOf(lines.at(i));
        if (fields.isEmpty())
            continue;
        const int number = static_cast<int>(i) + 1;
        if (fields.size() < minFields) {
            out.bad << BadLine{number, QString::fromUtf8(lines.at(i).trimmed())};
            continue;
        }
        Entry e;
        e.line = number;
        fill(e, fields);
        out.entries << e;
    }
    return out;
}
}  // namespace

bool FstabEntry::optional() const
{
    return hasOption(QStringLiteral("nofail")) || hasOption(QStringLiteral("noauto"));
}

bool FstabEntry::isBind() const
{
    return hasOption(QStringLiteral("bind")) || hasOption(QStringLiteral("rbind"));
}

Parsed<FstabEntry> parseFstab(const QByteArray &text)
{
    return parseLines<FstabEntry>(text, 2, [](FstabEntry &e, const QStringList &f) {
        e.spec = unquoteTag(f.at(0));
        e.mountPoint = f.at(1) == QLatin1String("none") ? f.at(1) : cleanMountPoint(f.at(1));
        e.type = f.size() > 2 ? f.at(2) : QStringLiteral("auto");
        e.options = optionList(f.size() > 3 ? f.at(3) : QStringLiteral("defaults"));
    });
}

Parsed<CrypttabEntry> parseCrypttab(const QByteArray &text)
{
    return parseLines<CrypttabEntry>(text, 2, [](CrypttabEntry &e, const QStringList &f) {
        e.name = f.at(0);
        e.source = unquoteTag(f.at(1));
        e.keyFile = f.size() > 2 ? f.at(2) : QString();
        e.options = f.size() > 3 ? optionList(f.at(3)) : QStringList();
    });
}

bool isVirtualFsType(const QString &type)
{
    static const QSet<QString> virtualTypes = {
        QStringLiteral("proc"), QStringLiteral("sysfs"), QStringLiteral("tmpfs"), QStringLiteral("devpts"),
        QStringLiteral("devtmpfs"), QStringLiteral("none"), QStringLiteral("ramfs"), QStringLiteral("cgroup"),
        QStringLiteral("cgroup2"), QStringLiteral("securityfs"), QStringLiteral("debugfs"), QStringLiteral("tracefs"),
        QStringLiteral("configfs"), QStringLiteral("hugetlbfs"), QStringLiteral("mqueue"), QStringLiteral("pstore"),
        QStringLiteral("efivarfs"), QStringLiteral("bpf"), QStringLiteral("fusectl"), QStringLiteral("binfmt_misc"),
        QStringLiteral("autofs"), QStringLiteral("overlay"), QStringLiteral("usbfs"),
    };
    return virtualTypes.contains(type);
}

bool isNetworkFsType(const QString &type)
{
    static const QSet<QString> networkTypes = {
        QStringLiteral("nfs"), QStringLiteral("nfs4"), QStringLiteral("cifs"), QStringLiteral("smb3"),
        QStringLiteral("smbfs"), QStringLiteral("sshfs"), QStringLiteral("fuse.sshfs"), QStringLiteral("glusterfs"),
        QStringLiteral("ceph"), QStringLiteral("9p"), QStringLiteral("davfs"), QStringLiteral("fuse.s3fs"),
    };
    return networkTypes.contains(type);
}

QString cleanMountPoint(const QString &path)
{
    return QDir::cleanPath(path);
}

}  // namespace st::boot
