// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief A component bundle on disk: a directory with manifest.json, its detached Ed25519
 * signature manifest.sig (64 raw bytes), the signer's public key signer.pub (for the message
 * when it is not trusted; trust comes from TrustedKeys only), and the files the manifest lists.
 *
 * openBundle() trusts nothing it reads: the manifest's size is bounded before it is read, the
 * signature must verify with a trusted key before the manifest is parsed, then every listed
 * file is opened beneath the bundle (no symlink anywhere, O_NOFOLLOW) and must have its size
 * and SHA-256; a file the manifest does not list, or a symlink, refuses the bundle. Each
 * refusal is one line. packBundle() is the other side: it lists the directory's files into
 * the author's manifest.json, checks it, writes it canonically and signs it.
 * Free functions; blocking file I/O (call off the GUI thread for large bundles).
 */
#include "component/ComponentManifest.h"
#include "component/ComponentSigning.h"

namespace st {

struct VerifiedBundle {
    QString dir;
    QByteArray manifestBytes;  // exactly what the signature covers
    ComponentManifest manifest;
    QString signer;            // the trusted key's fingerprint
};

Result<VerifiedBundle> openBundle(const QString &dir, const TrustedKeys &trusted);

/** Lists @p dir's files into its manifest.json (which names id, version, description,
 *  relations and actions), writes it canonically, and signs it with @p privatePem
 *  (manifest.sig, signer.pub). Returns the manifest written. */
Result<ComponentManifest> packBundle(const QString &dir, const QByteArray &privatePem);

}  // namespace st
