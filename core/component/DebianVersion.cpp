// SPDX-License-Identifier: GPL-3.0-or-later
#include "component/DebianVersion.h"

#include <QRegularExpression>

namespace st {

namespace {
struct Parts {
    qint64 epoch = 0;
    QString upstream;
    QString revision;
};

Parts split(const QString &v)
{
    Parts p;
    QString rest = v;
    if (const qsizetype colon = rest.indexOf(QLatin1Char(':')); colon >= 0) {
        p.epoch = rest.left(colon).toLongLong();
        rest = rest.mid(colon + 1);
    }
    if (const qsizetype dash = rest.lastIndexOf(QLatin1Char('-')); dash >= 0) {
        p.revision = rest.mid(dash + 1);
        rest = rest.left(dash);
    }
    p.upstream = rest;
    return p;
}

/** dpkg's weight of a character in a non-digit run: '~' lowest, then the end, letters, others. */
int order(QChar c)
{
    if (c.isDigit())
        return 0;
    if (c.isLetter())
        return c.unicode();
    if (c == QLatin1Char('~'))
        return -1;
    return c.unicode() + 256;
}

/** dpkg's verrevcmp(): alternating non-digit and digit runs. */
int compareParts(const QString &a, const QString &b)
{
    qsizetype i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
        int firstDiff = 0;
        while ((i < a.size() && !a[i].isDigit()) || (j < b.size() && !b[j].isDigit())) {
            const int ac = i < a.size() ? order(a[i]) : 0;
            const int bc = j < b.size() ? order(b[j]) : 0;
            if (ac != bc)
                return ac - bc;
            ++i;
            ++j;
        }
        while (i < a.size() && a[i] == QLatin1Char('0'))
            ++i;
        while (j < b.size() && b[j] == QLatin1Char('0'))
            ++j;
        while (i < a.size() && a[i].isDigit() && j < b.size() && b[j].isDigit()) {
            if (!firstDiff)
                firstDiff = a[i].unicode() - b[j].unicode();
            ++i;
            ++j;
        }
        if (i < a.size() && a[i].isDigit())
            return 1;
        if (j < b.size() && b[j].isDigit())
            return -1;
        if (firstDiff)
            return firstDiff;
    }
    return 0;
}
}  // namespace

bool isDebianVersion(const QString &version)
{
    static const QRegularExpression re(QStringLiteral("^(?:[0-9]{1,9}:)?[0-9](?:[A-Za-z0-9.+~-]*[A-Za-z0-9.+~])?$"));
    return version.size() <= 128 && re.match(version).hasMatch();
}

int compareDebianVersions(const QString &a, const QString &b)
{
    const Parts pa = split(a), pb = split(b);
    if (pa.epoch != pb.epoch)
        return pa.epoch < pb.epoch ? -1 : 1;
    if (const int c = compareParts(pa.upstream, pb.upstream); c != 0)
        return c < 0 ? -1 : 1;
    const int c = compareParts(pa.revision, pb.revision);
    return c < 0 ? -1 : c > 0 ? 1 : 0;
}

}  // namespace st
