// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The seed corpora of the fuzz harnesses, generated (not committed): OUT/protocol holds
 * one valid frame of every message type and a whole conversation (first byte = piece size),
 * OUT/restore small clone streams, bare tar and zstd-framed (every entry type, a manifest,
 * and hostile shapes the extractor refuses). Throws std::runtime_error on failure. Test-only.
 */
#include <QString>

namespace st::test {

void writeFuzzSeeds(const QString &out);

}  // namespace st::test
