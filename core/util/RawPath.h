// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief File names as raw bytes.
 *
 * Clone paths are byte strings (Linux file names need not be UTF-8), relative to the source
 * root, '/'-separated, without a leading slash: "etc/ssh/sshd_config". They are kept in
 * QByteArray and never routed through QString except for display. escapePath() gives a
 * lossless one-token text form (used in the manifest and the JSON report); unescapePath()
 * reverses it. Free functions, no state: thread-safe.
 */
#include <QByteArray>
#include <QString>
#include <optional>

namespace st {

/** Lossless: bytes 0x21..0x7e except '\\' stay, every other byte becomes \xHH. */
QByteArray escapePath(const QByteArray &raw);
/** Inverse of escapePath(); nullopt on a malformed escape. */
std::optional<QByteArray> unescapePath(const QByteArray &escaped);
/** For people: valid UTF-8 stays readable, other bytes shown as \xHH. */
QString displayPath(const QByteArray &raw);

/** "a/b" + "c" -> "a/b/c"; an empty base gives the name alone. */
QByteArray joinPath(const QByteArray &base, const QByteArray &name);
/** Parent of "a/b/c" is "a/b"; of "a" is "". */
QByteArray parentPath(const QByteArray &path);
/** Last component. */
QByteArray baseName(const QByteArray &path);
/** True if @p path equals @p dir or lies below it ("" is the root and contains everything). */
bool isSameOrBelow(const QByteArray &path, const QByteArray &dir);

/**
 * Checks that @p path is a safe clone-relative path: not empty, no leading '/', no NUL, no
 * "", "." or ".." component, every component at most 255 bytes, whole at most 4095 bytes.
 * Returns a reason when it is not.
 */
std::optional<QString> unsafePathReason(const QByteArray &path);

/** Normalises a profile path "/etc//ssh/" -> "etc/ssh"; "/" -> "". Rejects ".." components. */
std::optional<QByteArray> normaliseRelative(const QByteArray &path);

}  // namespace st
