// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Compares what an extraction created with the manifest that came with the stream.
 *
 * Every created path must be listed with the same type (hard links with the same target,
 * files with the SHA-256 of the bytes written), and every listed path must have been created.
 * Parent directories made implicitly are not entries and are not checked. The first mismatch
 * is an ErrorCode::Verify error naming the path. Pure function; any thread.
 */
#include "archive/Manifest.h"
#include "restore/extract/StagingTree.h"
#include "util/Result.h"

namespace st::extract {

Status crossCheckManifest(const Manifest &manifest, const StagingTree &tree,
                          const QHash<QByteArray, QByteArray> *writtenSha256);

}  // namespace st::extract
