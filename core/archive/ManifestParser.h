// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Parses a manifest's text as it streams in, one line at a time, within explicit limits.
 *
 * Owns the Manifest being built, the SHA-256 of the text so far and at most one incomplete
 * line (never more than ManifestLimits::maxLineBytes): the text itself is never held, so a
 * manifest of a billion empty lines costs no memory. Every limit is checked before the bytes
 * it guards are kept, and a refusal names the limit. Errors in the content (malformed lines)
 * are reported only once the checksum line has confirmed the text is what the Primary wrote,
 * so an edited manifest fails as "checksum does not match"; limits fail at once.
 * One thread; feed add() in order, then call finish() once.
 */
#include "archive/Manifest.h"
#include "util/Result.h"
#include "util/Sha256.h"

#include <QByteArray>
#include <optional>

namespace st {

class ManifestParser {
public:
    explicit ManifestParser(ManifestLimits limits = {});

    /** The next @p size bytes of the text. */
    Status add(const char *data, size_t size);
    /** End of the text: checks the checksum line and hands out the manifest. */
    Result<Manifest> finish();

    /** Estimate of the memory the parsed manifest holds so far (entries, index, header). */
    qint64 memoryBytes() const { return m_memory; }

private:
    Status takeLine(const QByteArray &line);
    std::optional<Error> parseLine(const QByteArray &line);

    ManifestLimits m_limits;
    Manifest m_manifest;
    Sha256 m_hash;
    QByteArray m_line;  // the incomplete last line
    qint64 m_bytes = 0;
    qint64 m_lines = 0;
    qint64 m_memory = 0;
    bool m_checksumOk = false;      // the trailer line matched
    bool m_sawTrailer = false;
    std::optional<Error> m_firstError;  // first content error, reported after the checksum
};

}  // namespace st
