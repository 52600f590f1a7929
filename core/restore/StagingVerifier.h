// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Proves a staged tree is exactly what the manifest lists, by reading it back.
 *
 * For every manifest entry: present in staging with the right type (no symlink followed);
 * regular files re-read from disk and hashed (SHA-256, holes as zeros) against the
 * manifest's size and digest; hard links share the inode of their target; and nothing in
 * staging that the manifest does not list. The first mismatch fails with ErrorCode::Verify
 * naming the path and what differs; all mismatches are listed in the details.
 * Blocking: call it on a worker thread; file contents are hashed on up to four threads it
 * starts and joins. Honours CancelToken; advances ProgressCounters (atomics).
 */
#include "archive/Manifest.h"
#include "util/CancelToken.h"
#include "util/ProgressCounters.h"
#include "util/Result.h"

namespace st {

struct VerifySummary {
    qint64 entries = 0;
    qint64 files = 0;
    qint64 bytes = 0;
};

class StagingVerifier {
public:
    StagingVerifier(int stagingFd, const Manifest &manifest, CancelToken cancel, ProgressCounters *progress = nullptr);
    Result<VerifySummary> run();

private:
    int m_stagingFd;
    const Manifest &m_manifest;
    CancelToken m_cancel;
    ProgressCounters *m_progress;
};

}  // namespace st
