// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/Component.h"

#include "cli/CloneOptions.h"
#include "cli/CommandError.h"
#include "component/BundleArchive.h"
#include "util/HumanBytes.h"

#include <QCommandLineParser>
#include <QFile>
#include <QSaveFile>
#include <QTemporaryDir>

#include <cstdio>
#include <sys/stat.h>

namespace st::cli {

namespace {

int fail(const QString &message, int code = 1)
{
    return commandFailed(QStringLiteral("component"), message, code);
}

Status writeFile(const QString &name, const QByteArray &content, QFileDevice::Permissions permissions)
{
    QSaveFile out(name);
    if (!out.open(QIODevice::WriteOnly) || !out.setPermissions(permissions) || out.write(content) != content.size() || !out.commit())
        return makeError(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(name, out.errorString()));
    return {};
}

int keygen(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Make an Ed25519 key pair to sign component bundles: KEY (private, mode 0600) and KEY.pub "
                                               "(give it to the Primaries and agents that trust your bundles)."));
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("key"), QStringLiteral("The private key file to write."));
    if (const auto exit = parseOrExit(p, args))
        return *exit;
    if (p.positionalArguments().size() != 1)
        return fail(QStringLiteral("keygen needs exactly one KEY file"), 2);
    const QString key = p.positionalArguments().first();
    if (QFile::exists(key))
        return fail(QStringLiteral("%1 exists; a signing key is never overwritten").arg(key), 2);
    Result<SigningKeyPair> pair = generateSigningKey();
    if (!pair)
        return fail(pair.error().message);
    if (Status s = writeFile(key, pair->privatePem, QFileDevice::ReadOwner | QFileDevice::WriteOwner); !s)
        return fail(s.error().message);
    if (Status s = writeFile(key + QStringLiteral(".pub"), pair->publicPem, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther); !s)
        return fail(s.error().message);
    printf("%s\n", parsePublicKey(pair->publicPem)->fingerprint().toLocal8Bit().constData());
    fprintf(stderr, "wrote %s (keep it private) and %s.pub\n", key.toLocal8Bit().constData(), key.toLocal8Bit().constData());
    return 0;
}

int pack(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("List DIR's files into DIR/manifest.json (which names the component's id, version, "
                                               "description, depends, conflicts and actions) and sign it with KEY."));
    p.addHelpOption();
    p.addOption({QStringLiteral("key"), QStringLiteral("The Ed25519 private key (servertwin-cli component keygen)."), QStringLiteral("KEY")});
    p.addPositionalArgument(QStringLiteral("dir"), QStringLiteral("The bundle directory."));
    if (const auto exit = parseOrExit(p, args))
        return *exit;
    if (p.positionalArguments().size() != 1 || !p.isSet(QStringLiteral("key")))
        return fail(QStringLiteral("pack needs a bundle DIR and --key KEY"), 2);
    QFile keyFile(p.value(QStringLiteral("key")));
    if (!keyFile.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read the key %1: %2").arg(keyFile.fileName(), keyFile.errorString()), 2);
    Result<ComponentManifest> m = packBundle(p.positionalArguments().first(), keyFile.read(16 * 1024));
    if (!m)
        return fail(m.error().message, m.error().code == ErrorCode::InvalidArgument ? 2 : 1);
    fprintf(stderr, "packed %s %s: %lld file(s), %s, %lld action(s); signed\n", m->id.toLocal8Bit().constData(), m->version.toLocal8Bit().constData(),
            static_cast<long long>(m->files.size()), humanBytes(m->payloadBytes()).toLocal8Bit().constData(), static_cast<long long>(m->actions.size()));
    return 0;
}

int verify(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Check a bundle as the agent will: signed by a trusted key, every file as the manifest says."));
    p.addHelpOption();
    p.addOption({QStringLiteral("trust"), QStringLiteral("A trusted public key (PEM) or a directory of *.pub; repeatable."), QStringLiteral("KEY")});
    p.addPositionalArgument(QStringLiteral("dir"), QStringLiteral("The bundle directory."));
    if (const auto exit = parseOrExit(p, args))
        return *exit;
    if (p.positionalArguments().size() != 1 || !p.isSet(QStringLiteral("trust")))
        return fail(QStringLiteral("verify needs a bundle DIR and --trust KEY"), 2);
    TrustedKeys trusted;
    for (const QString &key : p.values(QStringLiteral("trust")))
        if (Status s = trusted.load(key); !s)
            return fail(s.error().message, 2);
    QTemporaryDir scratch;  // an archive is unpacked here to be checked
    Result<VerifiedBundle> b = openBundlePath(p.positionalArguments().first(), trusted, scratch);
    if (!b)
        return fail(b.error().message, 3);
    printf("%s %s: %s\nsigned by %s\n", b->manifest.id.toLocal8Bit().constData(), b->manifest.version.toLocal8Bit().constData(),
           b->manifest.description.toLocal8Bit().constData(), b->signer.toLocal8Bit().constData());
    for (const ComponentAction &a : b->manifest.actions)
        printf("  %s\n", describeAction(a).toLocal8Bit().constData());
    return 0;
}

}  // namespace

int runComponent(const QStringList &args)
{
    const QString sub = args.value(1);
    const QStringList rest = QStringList{args.value(0) + QLatin1Char(' ') + sub} + args.mid(2);
    if (sub == QLatin1String("keygen"))
        return keygen(rest);
    if (sub == QLatin1String("pack"))
        return pack(rest);
    if (sub == QLatin1String("verify"))
        return verify(rest);
    fputs("usage: servertwin-cli component keygen KEY | pack DIR --key KEY | verify DIR --trust KEY...\n", stderr);
    return sub == QLatin1String("--help") || sub == QLatin1String("-h") ? 0 : 2;
}

}  // namespace st::cli
