// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief One pre-flight check's verdict: pass, warn or fail, a one-line message and, unless it
 * passed, a hint on how to fix it. A Q_GADGET so views (widgets or QML) read it by property.
 *
 * Plain value type.
 */
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>

namespace st {

class PreflightCheck {
    Q_GADGET
    Q_PROPERTY(QString id MEMBER id)
    Q_PROPERTY(QString title MEMBER title)
    Q_PROPERTY(st::PreflightCheck::Level level MEMBER level)
    Q_PROPERTY(QString message MEMBER message)
    Q_PROPERTY(QString hint MEMBER hint)

public:
    enum class Level { Pass, Warn, Fail };
    Q_ENUM(Level)

    QString id;       // stable key: "privileges", "snapshot", "state-space", "agent"
    QString title;    // what is checked, for people
    Level level = Level::Fail;
    QString message;  // the finding, one line
    QString hint;     // how to fix it; empty when passed

    bool operator==(const PreflightCheck &) const = default;
};

/** Number of checks in @p checks at @p level. */
int countLevel(const QList<PreflightCheck> &checks, PreflightCheck::Level level);

}  // namespace st
