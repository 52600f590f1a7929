// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Pinned peer certificates, like ssh's known_hosts: peer id -> SHA-256 fingerprint.
 *
 * The Primary pins each Secondary by its address ("198.18.0.2:7443"); the agent pins
 * the Primaries that paired with it by fingerprint. A JSON file in the state directory,
 * written atomically (QSaveFile, 0600). A peer whose certificate differs from its pin is
 * refused by the callers, never re-pinned silently. Not thread-safe: one owner thread.
 */
#include "util/Result.h"

#include <QByteArray>
#include <QHash>
#include <QString>
#include <optional>

namespace st {

struct Pin {
    QByteArray fingerprint;  // 32 raw bytes
    QString label;           // host name / note shown to people
    QString pinnedAt;        // ISO date
};

class PinStore {
public:
    /** Loads @p fileName (missing file = empty store); a corrupt file is an error naming it. */
    static Result<PinStore> load(const QString &fileName);

    std::optional<Pin> pinFor(const QString &peer) const;
    /** Whether any pin has this fingerprint (the agent's check for a paired Primary). */
    bool hasFingerprint(const QByteArray &fingerprint) const;
    /** Adds or replaces the pin and saves at once. */
    Status pin(const QString &peer, const QByteArray &fingerprint, const QString &label);
    Status remove(const QString &peer);

private:
    Status save() const;
    QString m_fileName;
    QHash<QString, Pin> m_pins;
};

}  // namespace st
