// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The agent's own installation on the Secondary, as the package database records it:
 * the files of the servertwin-agent package (from /var/lib/dpkg/info/servertwin-agent.list,
 * resolved to their real place, so /lib/... on a merged-/usr system names usr/lib/...) and
 * its dpkg info files, which a clone applied to the live root must leave alone; and its
 * stanza in /var/lib/dpkg/status, which the apply keeps in the Primary's package database.
 * Free functions, reading files only; thread-safe.
 */
#include "util/Result.h"

#include <QByteArray>
#include <QList>

namespace st {

inline constexpr const char *kAgentPackage = "servertwin-agent";

/** Root-relative paths of the package's non-directory files under @p root; empty when dpkg does not know it. */
QList<QByteArray> agentPackageFiles(const QByteArray &root, const QByteArray &package = kAgentPackage);

/** The stanza of @p package in a dpkg status text (with its trailing newline), empty when absent. */
QByteArray dpkgStanza(const QByteArray &status, const QByteArray &package);

/** @p status with the stanza of @p package replaced by @p stanza (appended when absent; removed when @p stanza is empty). */
QByteArray withDpkgStanza(const QByteArray &status, const QByteArray &package, const QByteArray &stanza);

}  // namespace st
