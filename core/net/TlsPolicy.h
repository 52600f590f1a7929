// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief How both ends set up TLS: 1.3 only, mutual certificates, trust by pinned fingerprint.
 *
 * Both sides present self-signed certificates (Identity), so the only certificate errors a
 * genuine peer can cause are the ones a self-signed certificate produces; acceptSelfSigned()
 * ignores exactly those, for exactly the presented certificate, through the list form of
 * ignoreSslErrors(const QList<QSslError> &). Any other error (expired, malformed, missing certificate) aborts the
 * handshake. Trust itself is decided after the handshake and before any payload, by comparing
 * the peer's fingerprint with a pin or by pairing. Free functions; call them on the socket's
 * thread.
 */
#include "net/Identity.h"

#include <QList>
#include <QSslConfiguration>
#include <QSslError>

class QSslSocket;

namespace st {

QSslConfiguration tlsConfiguration(const Identity &identity);

/** Ignores the errors if every one is a self-signed-certificate error about the peer's certificate; otherwise leaves them (fatal). */
bool acceptSelfSigned(QSslSocket *socket, const QList<QSslError> &errors);

}  // namespace st
