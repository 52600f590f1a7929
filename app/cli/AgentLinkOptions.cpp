// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/AgentLinkOptions.h"

#include "common/PairingCodeInput.h"
#include "common/StateDir.h"
#include "net/Identity.h"

#include <QDir>
#include <QHostInfo>

namespace st::cli {

namespace {
Error usageError(const QString &message)
{
    return makeError(ErrorCode::InvalidArgument, message, QStringLiteral("2"));
}
}  // namespace

void addAgentLinkOptions(QCommandLineParser &p, const QString &timeoutHelp, int defaultTimeoutS)
{
    p.addOption({QStringLiteral("secondary"), QStringLiteral("The agent's address."), QStringLiteral("ADDR:PORT")});
    p.addOption({QStringLiteral("pairing-code"), QStringLiteral("One-time code shown on the Secondary's console (first contact); other users of this machine can see it in ps while the command runs: prefer --pairing-code-file."), QStringLiteral("CODE")});
    p.addOption({QStringLiteral("pairing-code-file"), QStringLiteral("Read the pairing code from FILE (mode 0600), or from standard input for -."), QStringLiteral("FILE")});
    p.addOption({QStringLiteral("state-dir"), QStringLiteral("This Primary's key, certificate and pins (default %1).").arg(defaultPrimaryStateDir()), QStringLiteral("DIR")});
    p.addOption({QStringLiteral("timeout"), QStringLiteral("%1 (default %2).").arg(timeoutHelp).arg(defaultTimeoutS), QStringLiteral("S"), QString::number(defaultTimeoutS)});
    p.addOption({QStringLiteral("keepalive"), QStringLiteral("Seconds of silence after which the link counts as lost and is resumed on a new connection (default 10)."), QStringLiteral("S"), QStringLiteral("10")});
}

QString stateDirFrom(const QCommandLineParser &p)
{
    return p.isSet(QStringLiteral("state-dir")) ? p.value(QStringLiteral("state-dir")) : defaultPrimaryStateDir();
}

Result<LinkOptions> agentLinkFrom(const QCommandLineParser &p)
{
    if (!p.isSet(QStringLiteral("secondary")))
        return usageError(QStringLiteral("give the agent's address: --secondary ADDR:PORT"));
    auto address = parseAddress(p.value(QStringLiteral("secondary")));
    if (!address)
        return usageError(address.error().message);
    LinkOptions link;
    link.host = address->first;
    link.port = address->second;
    link.pairingCode = p.value(QStringLiteral("pairing-code"));
    if (p.isSet(QStringLiteral("pairing-code-file"))) {
        if (p.isSet(QStringLiteral("pairing-code")))
            return usageError(QStringLiteral("give the pairing code once: --pairing-code or --pairing-code-file"));
        auto code = readPairingCode(p.value(QStringLiteral("pairing-code-file")));
        if (!code)
            return usageError(code.error().message);
        link.pairingCode = *code;
    }
    bool ok = false;
    const double timeout = p.value(QStringLiteral("timeout")).toDouble(&ok);
    if (!ok || timeout <= 0 || timeout > 86400)
        return usageError(QStringLiteral("--timeout must be a positive number of seconds"));
    link.idleTimeoutMs = static_cast<int>(timeout * 1000);
    link.keepaliveTimeoutMs = static_cast<int>(p.value(QStringLiteral("keepalive")).toDouble() * 1000);
    if (link.keepaliveTimeoutMs < 300)
        return usageError(QStringLiteral("--keepalive must be at least 0.3 seconds"));
    const QString stateDir = stateDirFrom(p);
    auto identity = Identity::loadOrCreate(stateDir, QHostInfo::localHostName().left(64));
    if (!identity)
        return makeError(identity.error().code, identity.error().message, QStringLiteral("1"));
    link.identity = *identity;
    link.pinFile = QDir(stateDir).filePath(QStringLiteral("secondaries.json"));
    return link;
}

}  // namespace st::cli
