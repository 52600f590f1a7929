// SPDX-License-Identifier: GPL-3.0-or-later
#include "restore/boot/RootedPath.h"

#include <QDir>
#include <QFile>

#include <cerrno>
#include <climits>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace st::boot {

namespace {
constexpr int kMaxLinks = 40;

QByteArray local(const QString &path)
{
    return QFile::encodeName(path);
}

QString shown(const QString &root, const QString &rel)
{
    return joinRoot(root, rel);
}
}  // namespace

QString joinRoot(const QString &root, const QString &rel)
{
    QString r = rel;
    while (r.startsWith(QLatin1Char('/')))
        r.remove(0, 1);
    QString base = root;
    while (base.size() > 1 && base.endsWith(QLatin1Char('/')))
        base.chop(1);
    if (r.isEmpty())
        return base;
    return base.endsWith(QLatin1Char('/')) ? base + r : base + QLatin1Char('/') + r;
}

Result<QString> resolveInside(const QString &root, const QString &relPath)
{
    QStringList todo = relPath.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    QStringList done;
    int links = 0;
    bool missing = false;
    while (!todo.isEmpty()) {
        const QString c = todo.takeFirst();
        if (c == QLatin1String("."))
            continue;
        if (c == QLatin1String("..")) {
            if (!done.isEmpty())
                done.removeLast();
            continue;
        }
        const QString candidate = joinRoot(root, (done + QStringList{c}).join(QLatin1Char('/')));
        struct stat st {};
        if (missing || lstat(local(candidate).constData(), &st) != 0) {
            missing = true;  // the rest cannot be resolved: keep it as written
            done << c;
            continue;
        }
        if (!S_ISLNK(st.st_mode)) {
            done << c;
            continue;
        }
        if (++links > kMaxLinks)
            return makeError(ErrorCode::Io, QStringLiteral("%1: too many levels of symbolic links").arg(shown(root, relPath)));
        char buf[PATH_MAX];
        const ssize_t n = readlink(local(candidate).constData(), buf, sizeof buf);
        if (n < 0 || n >= static_cast<ssize_t>(sizeof buf))
            return errnoError(n < 0 ? errno : ENAMETOOLONG, QStringLiteral("cannot read the symlink %1").arg(candidate));
        const QString target = QFile::decodeName(QByteArray(buf, static_cast<int>(n)));
        if (target.startsWith(QLatin1Char('/')))
            done.clear();
        todo = target.split(QLatin1Char('/'), Qt::SkipEmptyParts) + todo;
    }
    return done.join(QLatin1Char('/'));
}

PathKind kindInside(const QString &root, const QString &relPath)
{
    const Result<QString> resolved = resolveInside(root, relPath);
    if (!resolved)
        return PathKind::Missing;
    struct stat st {};
    if (lstat(local(joinRoot(root, *resolved)).constData(), &st) != 0)
        return PathKind::Missing;
    if (S_ISREG(st.st_mode))
        return PathKind::File;
    if (S_ISDIR(st.st_mode))
        return PathKind::Directory;
    return PathKind::Other;
}

bool existsInside(const QString &root, const QString &relPath)
{
    return kindInside(root, relPath) != PathKind::Missing;
}

Result<QByteArray> readFileInside(const QString &root, const QString &relPath, qint64 maxBytes)
{
    const Result<QString> resolved = resolveInside(root, relPath);
    if (!resolved)
        return resolved.error();
    const QString path = joinRoot(root, *resolved);
    const int fd = open(local(path).constData(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return errnoError(errno, QStringLiteral("cannot read %1").arg(shown(root, relPath)));
    QByteArray data;
    struct stat st {};
    Error error;
    bool failed = false;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        error = makeError(ErrorCode::Io, QStringLiteral("%1 is not a regular file").arg(shown(root, relPath)));
        failed = true;
    }
    char buf[65536];
    while (!failed) {
        const ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            error = errnoError(errno, QStringLiteral("cannot read %1").arg(shown(root, relPath)));
            failed = true;
        } else if (n == 0) {
            break;
        } else if (data.size() + n > maxBytes) {
            error = makeError(ErrorCode::Io, QStringLiteral("%1 is larger than %2 bytes").arg(shown(root, relPath), QString::number(maxBytes)));
            failed = true;
        } else {
            data.append(buf, n);
        }
    }
    close(fd);
    if (failed)
        return error;
    return data;
}

Result<QString> readLineInside(const QString &root, const QString &relPath)
{
    const Result<QByteArray> data = readFileInside(root, relPath, 1 << 20);
    if (!data)
        return data.error();
    const qsizetype nl = data->indexOf('\n');
    return QString::fromUtf8(nl < 0 ? *data : data->left(nl)).trimmed();
}

QString lineInsideOrEmpty(const QString &root, const QString &relPath)
{
    const Result<QString> line = readLineInside(root, relPath);
    return line ? *line : QString();
}

Result<QStringList> listDirInside(const QString &root, const QString &relPath)
{
    const Result<QString> resolved = resolveInside(root, relPath);
    if (!resolved)
        return resolved.error();
    const QString path = joinRoot(root, *resolved);
    if (kindInside(root, *resolved) != PathKind::Directory)
        return makeError(ErrorCode::Io, QStringLiteral("%1 is not a directory").arg(shown(root, relPath)));
    return QDir(path).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System | QDir::Hidden, QDir::Name);
}

QByteArray unescapeOctal(const QByteArray &field)
{
    QByteArray out;
    out.reserve(field.size());
    for (qsizetype i = 0; i < field.size(); ++i) {
        const auto isOctal = [&](qsizetype j) { return j < field.size() && field.at(j) >= '0' && field.at(j) <= '7'; };
        if (field.at(i) == '\\' && isOctal(i + 1) && isOctal(i + 2) && isOctal(i + 3)) {
            const int value = (field.at(i + 1) - '0') * 64 + (field.at(i + 2) - '0') * 8 + (field.at(i + 3) - '0');
            if (value <= 0xff) {
                out.append(static_cast<char>(value));
                i += 3;
                continue;
            }
        }
        out.append(field.at(i));
    }
    return out;
}

}  // namespace st::boot
