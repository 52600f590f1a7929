// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief A component bundle given as an archive (a tar, plain or compressed with anything
 * libarchive reads: gzip, xz, zstd), as the engineer may receive it from a vendor, unpacked
 * safely before openBundle() checks it: only plain files and directories, relative names of
 * plain parts (no absolute path, no "..", no empty part), nothing written through a symbolic
 * link (the entries are created beneath the directory with O_NOFOLLOW and O_EXCL), at most
 * kMaxEntries entries and kMaxBytes bytes in all. Each refusal is one line naming the archive.
 * Free functions; blocking file I/O.
 */
#include "component/ComponentBundle.h"

class QTemporaryDir;

namespace st {

inline constexpr qsizetype kMaxBundleEntries = 8192;
inline constexpr qint64 kMaxBundleBytes = qint64(16) << 30;

/** Unpacks @p archive into the existing, empty directory @p intoDir. */
Status unpackBundleArchive(const QString &archive, const QString &intoDir);

/** openBundle() of @p path: a bundle directory, or an archive unpacked into @p scratch first
 *  (the verified bundle lives there as long as @p scratch does). */
Result<VerifiedBundle> openBundlePath(const QString &path, const TrustedKeys &trusted, QTemporaryDir &scratch);

}  // namespace st
