// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/TlsPolicy.h"

#include <QSslSocket>

namespace st {

QSslConfiguration tlsConfiguration(const Identity &identity)
{
    QSslConfiguration c = QSslConfiguration::defaultConfiguration();
    c.setProtocol(QSsl::TlsV1_3OrLater);
    c.setLocalCertificate(identity.certificate);
    c.setPrivateKey(identity.privateKey);
    c.setPeerVerifyMode(QSslSocket::VerifyPeer);
    c.setCaCertificates({});  // nobody is trusted by a CA: only by pin or pairing
    return c;
}

bool acceptSelfSigned(QSslSocket *socket, const QList<QSslError> &errors)
{
    const QSslCertificate peer = socket->peerCertificate();
    if (peer.isNull() || errors.isEmpty())
        return false;
    for (const QSslError &e : errors) {
        switch (e.error()) {
        case QSslError::SelfSignedCertificate:
        case QSslError::HostNameMismatch:
            break;
        default:
            return false;
        }
        if (!e.certificate().isNull() && e.certificate() != peer)
            return false;
    }
    socket->ignoreSslErrors(errors);
    return true;
}

}  // namespace st
