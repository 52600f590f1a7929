// SPDX-License-Identifier: GPL-3.0-or-later
#include "agent/BootIdentity.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>
#include <QUuid>

namespace st {

namespace {
bool isBootId(const QString &id)
{
    static const QRegularExpression re(QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"));
    return re.match(id).hasMatch();
}

Result<QByteArray> readSmall(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(path, f.errorString()));
    return f.read(256);
}
}  // namespace

QString BootIdentity::newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

Result<BootIdentity> BootIdentity::kernel()
{
    auto raw = readSmall(QStringLiteral("/proc/sys/kernel/random/boot_id"));
    if (!raw)
        return raw.error();
    BootIdentity b;
    b.m_id = QString::fromLatin1(raw->trimmed());
    if (!isBootId(b.m_id))
        return makeError(ErrorCode::Io, QStringLiteral("the kernel's boot id is not readable: \"%1\"").arg(b.m_id.left(40)));
    return b;
}

Result<BootIdentity> BootIdentity::simulated(const QString &stateDir)
{
    BootIdentity b;
    b.m_simulated = true;
    b.m_file = QDir(stateDir).filePath(QStringLiteral("simulated-boot-id"));
    if (QFileInfo::exists(b.m_file)) {
        auto raw = readSmall(b.m_file);
        if (!raw)
            return raw.error();
        b.m_id = QString::fromLatin1(raw->trimmed());
        b.m_since = QFileInfo(b.m_file).lastModified();
        if (isBootId(b.m_id))
            return b;
    }
    if (Status s = b.beginSimulatedBoot(); !s)
        return s.error();
    return b;
}

qint64 BootIdentity::uptimeMs() const
{
    if (m_simulated)
        return std::max<qint64>(0, m_since.msecsTo(QDateTime::currentDateTimeUtc()));
    auto raw = readSmall(QStringLiteral("/proc/uptime"));
    if (!raw)
        return 0;
    return static_cast<qint64>(raw->split(' ').value(0).toDouble() * 1000);
}

Status BootIdentity::beginSimulatedBoot()
{
    if (!m_simulated)
        return makeError(ErrorCode::Internal, QStringLiteral("a real boot cannot be simulated"));
    const QString id = newId();
    QSaveFile f(m_file);
    if (!f.open(QIODevice::WriteOnly) || f.write(id.toLatin1() + '\n') < 0 || !f.commit())
        return makeError(ErrorCode::Io, QStringLiteral("cannot record the simulated boot in %1: %2").arg(m_file, f.errorString()));
    m_id = id;
    m_since = QDateTime::currentDateTimeUtc();
    return {};
}

}  // namespace st
