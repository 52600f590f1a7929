// SPDX-License-Identifier: GPL-3.0-or-later
#include "component/HardwareSupport.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSaveFile>

#include <sys/utsname.h>

namespace st {

namespace {

const QString kBundleDir = QStringLiteral("hardware-support");
const QString kKeyFile = QStringLiteral("component-key.pem");

QByteArray readSmall(const QString &path, qint64 max = 4 << 20)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.read(max) : QByteArray();
}

bool isKernelPackage(const QString &name)
{
    return name.startsWith(QLatin1String("linux-image-")) || name.startsWith(QLatin1String("linux-modules-"));
}

}  // namespace

HardwareFacts liveHardwareFacts()
{
    HardwareFacts facts;
    for (const QByteArray &line : readSmall(QStringLiteral("/proc/cpuinfo"), 1 << 20).split('\n'))
        if (line.startsWith("vendor_id")) {
            facts.cpuVendor = QString::fromLatin1(line.mid(line.indexOf(':') + 1).trimmed());
            break;
        }
    struct utsname u {};
    if (::uname(&u) == 0)
        facts.kernelRelease = QString::fromLatin1(u.release);
    QStringList modules;
    for (const QByteArray &line : readSmall(QStringLiteral("/proc/modules")).split('\n'))
        if (!line.isEmpty())
            modules << QString::fromLatin1(line.split(' ').value(0));
    // modinfo -F prints a field without saying whose: one run per loaded module (about a second for a hundred).
    for (const QString &module : modules) {
        QProcess one;
        one.start(QStringLiteral("modinfo"), {QStringLiteral("-F"), QStringLiteral("firmware"), module});
        if (!one.waitForFinished(10000))
            continue;
        for (const QByteArray &fw : one.readAllStandardOutput().split('\n'))
            if (!fw.trimmed().isEmpty())
                facts.firmwareNeeds.insert(QString::fromUtf8(fw.trimmed()), module);
    }
    return facts;
}

QList<HardwarePackage> hardwarePackages(const QMap<QString, InstalledPackage> &installed, const QSet<QString> &primaryPackages, const HardwareFacts &facts)
{
    QList<HardwarePackage> out;
    for (const InstalledPackage &p : installed) {
        if (primaryPackages.contains(p.name))
            continue;
        QString reason;
        if ((p.name == QLatin1String("intel-microcode") && facts.cpuVendor == QLatin1String("GenuineIntel"))
            || (p.name == QLatin1String("amd64-microcode") && facts.cpuVendor == QLatin1String("AuthenticAMD")))
            reason = QStringLiteral("microcode for this Secondary's %1 CPU").arg(facts.cpuVendor);
        for (const QString &file : p.files) {
            if (!reason.isEmpty())
                break;
            for (const QLatin1String prefix : {QLatin1String("/lib/firmware/"), QLatin1String("/usr/lib/firmware/")})
                if (file.startsWith(prefix) && facts.firmwareNeeds.contains(file.mid(prefix.size()))) {
                    const QString name = file.mid(prefix.size());
                    reason = QStringLiteral("firmware %1 for the loaded driver %2").arg(name, facts.firmwareNeeds.value(name));
                    break;
                }
            if (reason.isEmpty() && !isKernelPackage(p.name) && !facts.kernelRelease.isEmpty() && file.endsWith(QLatin1String(".ko"))
                && (file.startsWith(QStringLiteral("/lib/modules/%1/").arg(facts.kernelRelease))
                    || file.startsWith(QStringLiteral("/usr/lib/modules/%1/").arg(facts.kernelRelease))))
                reason = QStringLiteral("kernel module %1 outside the kernel package").arg(file.section(QLatin1Char('/'), -1));
        }
        if (!reason.isEmpty())
            out.append(HardwarePackage{p.name, p.version, reason});
    }
    return out;
}

Result<SigningKeyPair> agentComponentKey(const QString &stateDir)
{
    const QString path = QDir(stateDir).filePath(kKeyFile);
    QByteArray pem = readSmall(path, 64 * 1024);
    if (pem.isEmpty()) {
        Result<SigningKeyPair> made = generateSigningKey();
        if (!made)
            return made.error();
        QSaveFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(made->privatePem) < 0 || !f.commit())
            return makeError(ErrorCode::Io, QStringLiteral("cannot write the agent's component key %1: %2").arg(path, f.errorString()));
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
        pem = made->privatePem;
    }
    Result<QByteArray> publicPem = publicKeyOf(pem);
    if (!publicPem)
        return publicPem.error().withContext(QStringLiteral("the agent's component key %1").arg(path));
    return SigningKeyPair{pem, *publicPem};
}

Result<QList<HardwarePackage>> keepHardwareSupport(const QString &root, const QString &stagedTree, const QString &stateDir, const HardwareFacts &facts)
{
    if (!QFile::exists(QDir(root).filePath(QStringLiteral("var/lib/dpkg/status"))))
        return QList<HardwarePackage>{};  // not a Debian system: nothing to keep
    Result<QMap<QString, InstalledPackage>> here = readPackageDatabase(root);
    if (!here)
        return here.error();
    Result<QMap<QString, InstalledPackage>> primary = readPackageDatabase(stagedTree);
    QSet<QString> primaryNames;
    if (primary)
        for (const QString &name : primary->keys())
            primaryNames.insert(name);
    else if (QFile::exists(QDir(stagedTree).filePath(QStringLiteral("var/lib/dpkg/status"))))
        return primary.error();
    else
        return QList<HardwarePackage>{};  // the clone does not carry a package database: nothing of this Secondary's is replaced
    const QList<HardwarePackage> packages = hardwarePackages(*here, primaryNames, facts);
    const QString dir = QDir(stateDir).filePath(kBundleDir);
    QDir(dir).removeRecursively();
    if (packages.isEmpty())
        return packages;
    if (!QDir().mkpath(dir + QStringLiteral("/debs")))
        return makeError(ErrorCode::Io, QStringLiteral("cannot create %1").arg(dir));
    QJsonArray actions, checks;
    QStringList names;
    for (const HardwarePackage &hp : packages) {
        Result<QString> deb = repackPackage(root, here->value(hp.name), dir + QStringLiteral("/debs"));
        if (!deb) {
            QDir(dir).removeRecursively();
            return deb.error().withContext(QStringLiteral("keeping %1 (%2)").arg(hp.name, hp.reason));
        }
        actions.append(QJsonObject{{QStringLiteral("deb"), QStringLiteral("debs/") + QFileInfo(*deb).fileName()}});
        checks.append(QJsonObject{{QStringLiteral("package"), hp.name}});
        names << QStringLiteral("%1 (%2)").arg(hp.name, hp.reason);
    }
    const QString version = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd.HHmmss"));
    QString description = QStringLiteral("This Secondary's own hardware support, kept before the clone: %1").arg(names.join(QStringLiteral("; ")));
    description = description.left(500);
    const QJsonObject manifest{{QStringLiteral("format"), 1},
                               {QStringLiteral("id"), QStringLiteral("hardware-support")},
                               {QStringLiteral("version"), version},
                               {QStringLiteral("description"), description},
                               {QStringLiteral("actions"), actions},
                               {QStringLiteral("checks"), checks}};
    QSaveFile m(dir + QStringLiteral("/manifest.json"));
    if (!m.open(QIODevice::WriteOnly) || m.write(QJsonDocument(manifest).toJson()) < 0 || !m.commit())
        return makeError(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(m.fileName(), m.errorString()));
    Result<SigningKeyPair> key = agentComponentKey(stateDir);
    if (!key)
        return key.error();
    if (Result<ComponentManifest> packed = packBundle(dir, key->privatePem); !packed)
        return packed.error().withContext(QStringLiteral("signing the hardware-support bundle"));
    return packages;
}

namespace {
/** The public half of the agent's own component key: the only key its hardware support counts. */
Result<PublicKey> agentPublicKey(const QString &stateDir)
{
    Result<SigningKeyPair> key = agentComponentKey(stateDir);
    if (!key)
        return key.error();
    return parsePublicKey(key->publicPem);
}
}  // namespace

Result<std::optional<ComponentManifest>> hardwareSupportManifest(const QString &stateDir)
{
    const QDir dir(QDir(stateDir).filePath(kBundleDir));
    const QByteArray manifest = readSmall(dir.filePath(QStringLiteral("manifest.json")), ComponentManifest::kMaxBytes + 1);
    if (manifest.isEmpty())
        return std::optional<ComponentManifest>{};
    Result<PublicKey> pub = agentPublicKey(stateDir);
    if (!pub)
        return pub.error();
    if (!verifyDetached(*pub, manifest, readSmall(dir.filePath(QStringLiteral("manifest.sig")), 64)))
        return makeError(ErrorCode::Verify, QStringLiteral("the kept hardware-support bundle is not signed by this agent's key"));
    Result<ComponentManifest> parsed = ComponentManifest::parse(manifest);
    if (!parsed)
        return parsed.error();
    return std::optional<ComponentManifest>(*parsed);
}

Result<std::optional<VerifiedBundle>> openHardwareSupport(const QString &stateDir)
{
    const QString dir = QDir(stateDir).filePath(kBundleDir);
    if (!QFile::exists(dir + QStringLiteral("/manifest.json")))
        return std::optional<VerifiedBundle>{};
    Result<PublicKey> pub = agentPublicKey(stateDir);
    if (!pub)
        return pub.error();
    TrustedKeys own;
    own.add(*pub);
    Result<VerifiedBundle> bundle = openBundle(dir, own);
    if (!bundle)
        return bundle.error();
    return std::optional<VerifiedBundle>(*bundle);
}

}  // namespace st
