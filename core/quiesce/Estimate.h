// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The pre-backup estimate: how much a backup will read, write and how long it takes.
 *
 * estimateBackup() counts the plan with scanSelection() (exact at that moment), then reads a
 * sample of file content spread over the tree by bytes (up to 32 MiB in 128 KiB pieces; the
 * whole content when the tree is smaller) and compresses it as one stream with the clone's
 * zstd settings on one core. From that it derives the compression ratio and this machine's
 * read and per-core compression rates, and extrapolates.
 *
 * It is an ESTIMATE: the sample may not represent the rest of the data, the page cache makes
 * reads look faster (or the sample's scattered reads slower) than the sequential backup, other
 * load on the machine changes the rates, and files change between estimate and backup.
 * Blocking (walks and reads files): call it on a worker thread; honours the CancelToken
 * between files.
 */
#include "profile/SelectionPlan.h"
#include "util/CancelToken.h"
#include "util/Result.h"

namespace st {

struct BackupEstimate {
    qint64 entries = 0;                 // everything the stream will carry (scan)
    qint64 files = 0;                   // regular files, hard links counted once (scan)
    qint64 bytes = 0;                   // their logical sizes (scan)
    qint64 estimatedCompressedBytes = 0;
    double compressionRatio = 1.0;      // compressed / raw of the sample (0.25 = a quarter of the size)
    qint64 estimatedDurationMs = 0;     // reading and compressing everything on this machine
    qint64 sampleBytes = 0;             // content actually read and compressed
    qint64 sampleFiles = 0;             // files the sample came from
    double readBytesPerSecond = 0;      // measured on the sample
    double compressBytesPerSecond = 0;  // measured on one core, times the cores
    int cores = 1;
    int zstdLevel = 3;
};

/** @p zstdLevel as the backup will use it (1..22). */
Result<BackupEstimate> estimateBackup(const SelectionPlan &plan, int zstdLevel, CancelToken cancel);

}  // namespace st
