// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief `servertwin-cli components list|install|rollback --secondary ADDR [BUNDLE...]`:
 * step 5 from the console (ComponentsJob), and what `install` shares with it: the settings
 * from the answer file's `components` part and the report printed. Main thread only.
 */
#include "job/ComponentsJob.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QStringList>

namespace st::cli {

int runComponents(QCoreApplication &app, const QStringList &args);

/** The answer file's "components": {"bundles": [DIR...], "trustedKeys": PATH, "hardwareSupport": bool};
 *  relative paths are taken from @p baseDir. Unknown keys are refused (one line). */
Result<ComponentsSettings> componentsFromAnswers(const QJsonObject &answers, const QString &baseDir);

}  // namespace st::cli
