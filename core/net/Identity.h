// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief This machine's TLS identity: an EC P-256 key and a self-signed certificate, made on
 * first start and kept in the state directory (key 0600, written atomically).
 *
 * Files: <stateDir>/identity.key.pem, <stateDir>/identity.crt.pem. The fingerprint (SHA-256
 * of the certificate's DER) is what peers pin. Loading refuses a key file readable by group
 * or others. Plain value type; loadOrCreate() does blocking file I/O (call it at start-up).
 */
#include "util/Result.h"

#include <QByteArray>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>

namespace st {

struct Identity {
    QSslCertificate certificate;
    QSslKey privateKey;

    QByteArray fingerprint() const;  // 32 raw bytes

    /** Creates the directory (0700) and the identity if missing; @p commonName goes into the certificate. */
    static Result<Identity> loadOrCreate(const QString &stateDir, const QString &commonName);
};

/** SHA-256 of a certificate's DER encoding (32 raw bytes). */
QByteArray certificateFingerprint(const QSslCertificate &certificate);
/** "SHA256:AB:CD:..." with 32 colon-separated hex pairs, for people to compare. */
QString formatFingerprint(const QByteArray &sha256);

}  // namespace st
