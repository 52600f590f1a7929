// SPDX-License-Identifier: GPL-3.0-or-later
#include "component/DemoBundle.h"

#include "component/ComponentBundle.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace st {

namespace {

Status writeText(const QString &path, const QByteArray &content, QFile::Permissions permissions)
{
    if (!QDir().mkpath(QFileInfo(path).path()))
        return makeError(ErrorCode::Io, QStringLiteral("cannot create %1").arg(QFileInfo(path).path()));
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size() || !f.commit())
        return makeError(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(path, f.errorString()));
    QFile::setPermissions(path, permissions);
    return {};
}

Result<QByteArray> readText(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(path, f.errorString()));
    return f.read(64 * 1024);
}

const QByteArray kManifest = R"({
  "id": "demo-site-tools",
  "version": "1.0-1",
  "description": "Demo site tools: a message of the day and the site's configuration, registered with the site inventory",
  "actions": [
    {"file": "files/motd", "target": "/etc/motd.d/servertwin-demo", "mode": "0644"},
    {"file": "files/site.conf", "target": "/etc/servertwin-demo/site.conf", "mode": "0640"},
    {"script": "scripts/register.sh", "undo": "scripts/unregister.sh"}
  ],
  "checks": [
    {"path": "/etc/servertwin-demo/site.conf"},
    {"script": "checks/registered.sh"}
  ]
}
)";

}  // namespace

Result<DemoBundle> prepareDemoBundle(const QString &workDir)
{
    const QDir base(QDir(workDir).filePath(QStringLiteral("demo-components")));
    DemoBundle out;
    out.bundleDir = base.filePath(QStringLiteral("demo-site-tools"));
    out.trustedKeys = base.filePath(QStringLiteral("keys"));
    const QString privatePath = base.filePath(QStringLiteral("signing-key.pem"));
    const QString publicPath = QDir(out.trustedKeys).filePath(QStringLiteral("demo.pub"));
    if (!QFile::exists(privatePath)) {  // made once, at the first start
        Result<SigningKeyPair> key = generateSigningKey();
        if (!key)
            return key.error();
        if (Status s = writeText(privatePath, key->privatePem, QFile::ReadOwner | QFile::WriteOwner); !s)
            return s.error();
    }
    Result<QByteArray> privatePem = readText(privatePath);
    if (!privatePem)
        return privatePem.error();
    Result<QByteArray> publicPem = publicKeyOf(*privatePem);
    if (!publicPem)
        return publicPem.error().withContext(QStringLiteral("the demo signing key %1").arg(privatePath));
    const QFile::Permissions readable = QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther;
    if (Status s = writeText(publicPath, *publicPem, readable); !s)
        return s.error();
    // The bundle is packed afresh each start (same content, same version): it always matches the key.
    QDir(out.bundleDir).removeRecursively();
    const QList<std::pair<QString, QByteArray>> files{
        {QStringLiteral("files/motd"), "This server is a ServerTwin demo twin: its site tools were installed as a signed component.\n"},
        {QStringLiteral("files/site.conf"), "# Site configuration installed by the demo component\nsite = demo\ninventory = servertwin-demo\n"},
        {QStringLiteral("scripts/register.sh"),
         "#!/bin/sh\nset -e\nmkdir -p \"$SERVERTWIN_ROOT/var/lib/servertwin-demo\"\n"
         "echo \"$SERVERTWIN_COMPONENT $SERVERTWIN_VERSION registered\" > \"$SERVERTWIN_ROOT/var/lib/servertwin-demo/registered\"\n"},
        {QStringLiteral("scripts/unregister.sh"),
         "#!/bin/sh\nrm -f \"$SERVERTWIN_ROOT/var/lib/servertwin-demo/registered\"\n"
         "rmdir \"$SERVERTWIN_ROOT/var/lib/servertwin-demo\" 2>/dev/null || true\n"},
        {QStringLiteral("checks/registered.sh"), "#!/bin/sh\ntest -s \"$SERVERTWIN_ROOT/var/lib/servertwin-demo/registered\"\n"},
        {QStringLiteral("manifest.json"), kManifest},
    };
    for (const auto &[name, content] : files)
        if (Status s = writeText(QDir(out.bundleDir).filePath(name), content, readable); !s)
            return s.error();
    if (Result<ComponentManifest> packed = packBundle(out.bundleDir, *privatePem); !packed)
        return packed.error().withContext(QStringLiteral("packing the demo bundle"));
    return out;
}

}  // namespace st
