// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The engineer's checklist on the Hardware page: one row per item, a check box with the
 * item's text, a note field, and who confirmed it when. Ticking emits confirmRequested (the
 * page asks the config, which may refuse: the box is then unticked again by setState());
 * unticking emits unconfirmRequested. Shows what it is given (setState()). GUI thread only.
 */
#include "inventory/Confirmations.h"

#include <QWidget>

class QCheckBox;
class QGridLayout;
class QLabel;
class QLineEdit;

namespace st {

class ConfirmationList : public QWidget {
    Q_OBJECT
public:
    explicit ConfirmationList(QWidget *parent = nullptr);

    /** Rebuilds the rows when the items change; otherwise updates ticks, notes and who/when. */
    void setState(const inv::ConfirmationSet &set, bool enabled);
    QCheckBox *box(const QString &id) const;
    QLineEdit *noteField(const QString &id) const;

Q_SIGNALS:
    void confirmRequested(const QString &id, const QString &note);
    void unconfirmRequested(const QString &id);

private:
    struct Row {
        QString id;
        QCheckBox *box;
        QLineEdit *note;
        QLabel *who;
    };
    const Row *row(const QString &id) const;

    QGridLayout *m_grid;
    QList<Row> m_rows;
};

}  // namespace st
