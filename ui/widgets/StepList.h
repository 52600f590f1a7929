// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The side panel's vertical list of wizard steps: an icon per state (pending, current,
 * done, failed), the current step bold on a highlight. Display only, not focusable; the
 * shell sets titles and states. GUI thread only.
 */
#include <QList>
#include <QStringList>
#include <QWidget>

namespace st {

enum class StepState { Pending, Current, Done, Failed };

class StepList : public QWidget {
    Q_OBJECT

public:
    explicit StepList(QWidget *parent = nullptr);

    /** Replaces the steps; all start Pending. */
    void setSteps(const QStringList &titles);
    void setState(int index, StepState state);

    int count() const { return static_cast<int>(m_titles.size()); }
    QString title(int index) const { return m_titles.value(index); }
    StepState state(int index) const { return m_states.value(index, StepState::Pending); }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    int rowHeight() const;
    int rowAt(int y) const;
    QString stateText(StepState state) const;
    void updateAccessibleText();

    QStringList m_titles;
    QList<StepState> m_states;
};

}  // namespace st
