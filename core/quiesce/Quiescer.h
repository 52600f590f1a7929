// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Quiescing protected applications around the snapshot (the VSS writers' role).
 *
 * Each protected application may declare a freeze and a thaw command (argv, no shell) with a
 * timeout. freeze() runs the freezes in profile order just before the snapshot; if one fails
 * or times out, the ones already frozen are thawed (reverse order) and freeze() fails naming
 * the application, so nothing is left frozen. thaw() runs every thaw in reverse order, always
 * (also after a failure or a cancel in between), collects failures and reports them; calling
 * it twice is harmless. The freeze window (first freeze started to last thaw finished) is
 * measured. Blocking (runs processes): call it on a worker thread. Commands are killed, not
 * left running, when they exceed their timeout.
 */
#include "profile/QuiesceAction.h"
#include "util/Result.h"

#include <QElapsedTimer>
#include <QtGlobal>
#include <QList>
#include <QString>
#include <QStringList>

namespace st {

class Quiescer {
public:
    explicit Quiescer(QList<QuiesceAction> actions);
    Q_DISABLE_COPY_MOVE(Quiescer)
    ~Quiescer();  // thaws if still frozen

    Status freeze();
    Status thaw();
    bool isFrozen() const;
    qint64 freezeWindowMs() const;
    /** One line per command run: what, exit status, duration (for the report and the log). */
    QStringList log() const;

private:
    struct Impl;
    Impl *d;
};

}  // namespace st
