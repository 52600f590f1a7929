// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The command-line options every command that talks to an agent shares (--secondary,
 * --pairing-code, --pairing-code-file, --state-dir, --timeout, --keepalive), turned into
 * LinkOptions with this Primary's identity and pins. Main thread only.
 */
#include "net/SecondaryLink.h"
#include "util/Result.h"

#include <QCommandLineParser>

namespace st::cli {

/** @p timeoutHelp: what --timeout means for the command; @p defaultTimeoutS its default. */
void addAgentLinkOptions(QCommandLineParser &parser, const QString &timeoutHelp, int defaultTimeoutS);
/** The link, or a usage error (exit code 2) / a state error (exit code 1) in Error::details "2" or "1". */
Result<LinkOptions> agentLinkFrom(const QCommandLineParser &parser);
QString stateDirFrom(const QCommandLineParser &parser);

}  // namespace st::cli
