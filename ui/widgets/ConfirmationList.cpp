// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/ConfirmationList.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>

namespace st {

ConfirmationList::ConfirmationList(QWidget *parent) : QWidget(parent), m_grid(new QGridLayout(this))
{
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_grid->setHorizontalSpacing(12);
    m_grid->setVerticalSpacing(2);
    m_grid->setColumnMinimumWidth(0, 20);  // the note is indented under its check box
    m_grid->setColumnStretch(1, 3);
    m_grid->setColumnStretch(2, 2);
}

const ConfirmationList::Row *ConfirmationList::row(const QString &id) const
{
    for (const Row &r : m_rows)
        if (r.id == id)
            return &r;
    return nullptr;
}

QCheckBox *ConfirmationList::box(const QString &id) const
{
    const Row *r = row(id);
    return r ? r->box : nullptr;
}

QLineEdit *ConfirmationList::noteField(const QString &id) const
{
    const Row *r = row(id);
    return r ? r->note : nullptr;
}

void ConfirmationList::setState(const inv::ConfirmationSet &set, bool enabled)
{
    QStringList ids;
    for (const ChecklistItem &item : set.items())
        ids << item.id;
    QStringList shown;
    for (const Row &r : m_rows)
        shown << r.id;
    if (ids != shown) {
        for (const Row &r : m_rows) {
            delete r.box;
            delete r.note;
            delete r.who;
        }
        m_rows.clear();
        int line = 0;
        for (const ChecklistItem &item : set.items()) {
            Row r{item.id, new QCheckBox(item.text, this), new QLineEdit(this), new QLabel(this)};
            r.box->setObjectName(QStringLiteral("confirm-%1").arg(item.id));
            r.note->setObjectName(QStringLiteral("note-%1").arg(item.id));
            r.note->setAccessibleName(tr("Note on: %1").arg(item.text));
            r.who->setObjectName(QStringLiteral("who-%1").arg(item.id));
            r.who->setForegroundRole(QPalette::PlaceholderText);
            const QString id = item.id;
            QCheckBox *box = r.box;
            QLineEdit *note = r.note;
            // clicked, not toggled: only the engineer's click asks; setState() ticks silently.
            connect(box, &QCheckBox::clicked, this, [this, id, note](bool on) {
                if (on)
                    Q_EMIT confirmRequested(id, note->text());
                else
                    Q_EMIT unconfirmRequested(id);
            });
            // The item on its line, its note and who confirmed it when on the next.
            m_grid->addWidget(r.box, line, 0, 1, 3, Qt::AlignLeft);  // as wide as its text: a click beside it is no tick
            m_grid->addWidget(r.note, line + 1, 1);
            m_grid->addWidget(r.who, line + 1, 2);
            m_rows.append(r);
            line += 2;
        }
    }
    for (const Row &r : m_rows) {
        const inv::Confirmation *c = set.confirmation(r.id);
        r.box->setChecked(c != nullptr);
        r.box->setEnabled(enabled);
        r.note->setEnabled(enabled && c == nullptr);  // the note is part of the confirmation: untick to change it
        r.note->setPlaceholderText(c ? tr("no note") : tr("Note (optional)"));
        if (c && r.note->text() != c->note)
            r.note->setText(c->note);
        r.who->setText(c ? tr("%1, %2").arg(c->by, c->at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))) : QString());
    }
}

}  // namespace st
