// SPDX-License-Identifier: GPL-3.0-or-later
#include "WizardWindow.h"

#include "Icons.h"
#include "WizardPage.h"
#include "util/Version.h"
#include "widgets/IconWidget.h"
#include "widgets/PageHeader.h"
#include "widgets/Palette.h"
#include "widgets/StepList.h"

#include <QCloseEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace st {

namespace {

constexpr int kSidePanelWidth = 232;

QSettings wizardSettings()
{
    return QSettings(QStringLiteral("ServerTwin"), QStringLiteral("servertwin"));
}

const QString kGeometryKey = QStringLiteral("wizard/geometry");

}  // namespace

bool askCancelInstallation(QWidget *parent)
{
    QMessageBox box(QMessageBox::Question, WizardWindow::tr("Cancel installation"),
                    WizardWindow::tr("Cancel the Secondary installation and close ServerTwin?"), QMessageBox::NoButton, parent);
    box.setInformativeText(WizardWindow::tr("Steps that already finished stay as they are; you can start ServerTwin again later."));
    QPushButton *quit = box.addButton(WizardWindow::tr("Cancel &installation"), QMessageBox::DestructiveRole);
    QPushButton *stay = box.addButton(WizardWindow::tr("C&ontinue"), QMessageBox::RejectRole);
    box.setDefaultButton(stay);
    box.setEscapeButton(stay);
    box.exec();
    return box.clickedButton() == quit;
}

WizardWindow::WizardWindow(QWidget *parent) : QWidget(parent), m_confirmCancel(&askCancelInstallation)
{
    setWindowTitle(tr("ServerTwin — Secondary installation"));
    setWindowIcon(icons::icon(icons::Id::App));
    setMinimumSize(900, 600);

    m_header = new PageHeader(this);
    m_stack = new QStackedWidget(this);
    m_stack->setObjectName(QStringLiteral("pageStack"));

    m_back = new QPushButton(tr("&Back"), this);
    m_back->setObjectName(QStringLiteral("backButton"));
    m_next = new QPushButton(tr("&Next"), this);
    m_next->setObjectName(QStringLiteral("nextButton"));
    m_cancel = new QPushButton(tr("&Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setToolTip(tr("Cancel the installation and close ServerTwin (Esc)"));
    for (QPushButton *b : {m_back, m_next, m_cancel}) {
        b->setAutoDefault(true);  // Enter presses the focused button
        b->setMinimumWidth(qMax(b->sizeHint().width(), fontMetrics().averageCharWidth() * 12));
    }
    m_next->setDefault(true);
    connect(m_back, &QPushButton::clicked, this, &WizardWindow::back);
    connect(m_next, &QPushButton::clicked, this, &WizardWindow::next);
    connect(m_cancel, &QPushButton::clicked, this, &WizardWindow::cancel);
    auto *escape = new QShortcut(QKeySequence::Cancel, this);
    connect(escape, &QShortcut::activated, this, &WizardWindow::cancel);

    // Right: header band, pages, buttons; on the base colour.
    auto *main = new QWidget(this);
    main->setBackgroundRole(QPalette::Base);
    main->setAutoFillBackground(true);
    auto *pageBox = new QVBoxLayout;
    pageBox->setContentsMargins(28, 20, 28, 12);
    pageBox->addWidget(m_stack);
    auto *buttons = new QHBoxLayout;
    buttons->setContentsMargins(28, 12, 28, 14);
    buttons->setSpacing(8);
    buttons->addStretch(1);
    buttons->addWidget(m_back);
    buttons->addWidget(m_next);
    buttons->addSpacing(12);
    buttons->addWidget(m_cancel);
    auto *mainLayout = new QVBoxLayout(main);
    mainLayout->setContentsMargins(0, 0, 0, 0);
    mainLayout->setSpacing(0);
    mainLayout->addWidget(m_header);
    mainLayout->addWidget(palette::makeLine(Qt::Horizontal, main));
    mainLayout->addLayout(pageBox, 1);
    mainLayout->addWidget(palette::makeLine(Qt::Horizontal, main));
    mainLayout->addLayout(buttons);

    auto *root = new QHBoxLayout(this);
    root->setContentsMargins(0, 0, 0, 0);
    root->setSpacing(0);
    root->addWidget(buildSidePanel());
    root->addWidget(palette::makeLine(Qt::Vertical, this));
    root->addWidget(main, 1);

    if (!restoreGeometry(wizardSettings().value(kGeometryKey).toByteArray()))
        resize(980, 660);
    refresh();
}

WizardWindow::~WizardWindow()
{
    // Children die in creation order: no page may reach refresh() once the side panel is gone.
    for (int i = 0; i < pageCount(); ++i)
        disconnect(page(i), nullptr, this, nullptr);
}

QWidget *WizardWindow::buildSidePanel()
{
    auto *panel = new QWidget(this);
    panel->setObjectName(QStringLiteral("sidePanel"));
    panel->setFixedWidth(kSidePanelWidth);
    panel->setBackgroundRole(QPalette::Window);
    panel->setAutoFillBackground(true);

    auto *logo = new IconWidget(36, panel);
    logo->setIcon(icons::icon(icons::Id::App));
    auto *name = new QLabel(QStringLiteral("ServerTwin"), panel);
    QFont nameFont = name->font();
    nameFont.setBold(true);
    nameFont.setPointSizeF(nameFont.pointSizeF() * 1.2);
    name->setFont(nameFont);
    auto *what = new QLabel(tr("Secondary installation"), panel);
    palette::setMuted(what);
    auto *brandText = new QVBoxLayout;
    brandText->setSpacing(0);
    brandText->addWidget(name);
    brandText->addWidget(what);
    auto *brand = new QHBoxLayout;
    brand->setSpacing(10);
    brand->addWidget(logo, 0, Qt::AlignVCenter);
    brand->addLayout(brandText, 1);

    m_steps = new StepList(panel);
    m_steps->setObjectName(QStringLiteral("stepList"));

    auto *version = new QLabel(tr("Version %1").arg(productVersion()), panel);
    palette::setMuted(version);

    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(16, 20, 16, 16);
    layout->setSpacing(0);
    layout->addLayout(brand);
    layout->addSpacing(28);
    layout->addWidget(m_steps);
    layout->addStretch(1);
    layout->addWidget(version);
    return panel;
}

int WizardWindow::addPage(WizardPage *page)
{
    Q_ASSERT(page);
    const int index = m_stack->addWidget(page);
    connect(page, &WizardPage::completeChanged, this, &WizardWindow::onPageStateChanged);

    QStringList titles;
    for (int i = 0; i < pageCount(); ++i)
        titles << this->page(i)->title();
    m_steps->setSteps(titles);

    // Tab order: the page's own widgets, then Back, Next, Cancel.
    QWidget *last = page;
    for (QWidget *w = page->nextInFocusChain(); w != page && page->isAncestorOf(w); w = w->nextInFocusChain())
        last = w;
    setTabOrder(last, m_back);
    setTabOrder(m_back, m_next);
    setTabOrder(m_next, m_cancel);

    if (m_current < 0)
        switchTo(index);
    else
        refresh();
    return index;
}

int WizardWindow::pageCount() const
{
    return m_stack->count();
}

WizardPage *WizardWindow::page(int index) const
{
    return qobject_cast<WizardPage *>(m_stack->widget(index));
}

void WizardWindow::showPage(int index)
{
    if (index >= 0 && index < pageCount())
        switchTo(index);
}

void WizardWindow::setConfirmCancel(ConfirmCancel confirm)
{
    m_confirmCancel = std::move(confirm);
}

void WizardWindow::next()
{
    WizardPage *page = currentPage();
    if (!page || !page->isComplete() || m_stopping)
        return;
    if (m_current + 1 < pageCount()) {
        switchTo(m_current + 1);
        return;
    }
    // Finish on the last page: the installation is over, nothing to confirm.
    m_closeConfirmed = true;
    close();
}

void WizardWindow::back()
{
    WizardPage *page = currentPage();
    if (page && m_current > 0 && !page->isBusy() && page->backBlockedReason().isEmpty())
        switchTo(m_current - 1);
}

void WizardWindow::cancel()
{
    if (m_stopping)
        return;
    if (m_confirmCancel && !m_confirmCancel(this))
        return;
    m_closeConfirmed = true;
    emit cancelled();
    close();
}

void WizardWindow::closeEvent(QCloseEvent *event)
{
    if (m_stopping) {  // already cleaning up: closes by itself when the pages are idle
        event->ignore();
        return;
    }
    if (!m_closeConfirmed) {
        if (m_confirmCancel && !m_confirmCancel(this)) {
            event->ignore();
            return;
        }
        m_closeConfirmed = true;
        emit cancelled();
    }
    if (stopPages()) {
        event->ignore();
        return;
    }
    saveGeometrySetting();
    event->accept();
}

bool WizardWindow::stopPages()
{
    bool busy = false;
    for (int i = 0; i < pageCount(); ++i) {
        page(i)->stopWork();
        busy = busy || page(i)->isBusy();
    }
    if (!busy)
        return false;
    // Wait, without a nested event loop, until every page has cleaned up; then close.
    m_stopping = true;
    m_header->setPage(tr("Cancelling"), tr("Cleaning up before ServerTwin closes…"), currentPage() ? currentPage()->icon() : QIcon());
    for (QPushButton *b : {m_back, m_next, m_cancel})
        b->setEnabled(false);
    return true;
}

void WizardWindow::onPageStateChanged()
{
    if (!m_stopping) {
        refresh();
        return;
    }
    for (int i = 0; i < pageCount(); ++i)
        if (page(i)->isBusy())
            return;
    m_stopping = false;
    close();  // m_closeConfirmed is set: closes now
}

void WizardWindow::saveGeometrySetting() const
{
    wizardSettings().setValue(kGeometryKey, saveGeometry());
}

void WizardWindow::switchTo(int index)
{
    if (index == m_current)
        return;
    if (WizardPage *old = currentPage())
        old->onLeave();
    m_current = index;
    m_stack->setCurrentIndex(index);
    WizardPage *page = currentPage();
    page->onEnter();
    refresh();
    if (m_next->isEnabled()) {
        m_next->setFocus();
    } else {
        QWidget *focus = m_cancel;
        for (QWidget *w = page->nextInFocusChain(); w != page && page->isAncestorOf(w); w = w->nextInFocusChain()) {
            if ((w->focusPolicy() & Qt::TabFocus) && w->isEnabled() && w->isVisibleTo(page)) {
                focus = w;
                break;
            }
        }
        focus->setFocus();
    }
    emit currentPageChanged(index);
}

void WizardWindow::refresh()
{
    WizardPage *page = currentPage();
    for (int i = 0; i < pageCount(); ++i) {
        // Done: passed on the way here (a page jumped over with showPage() stays pending).
        StepState state = StepState::Pending;
        if (i == m_current)
            state = StepState::Current;
        else if (i < m_current && this->page(i)->isComplete())
            state = StepState::Done;
        if (this->page(i)->hasFailed())
            state = StepState::Failed;
        m_steps->setState(i, state);
    }
    if (!page) {
        m_header->setPage(QString(), QString(), QIcon());
        for (QPushButton *b : {m_back, m_next})
            b->setEnabled(false);
        return;
    }
    m_header->setPage(page->title(), page->subtitle(), page->icon());

    const bool busy = page->isBusy();
    const QString backBlocked = page->backBlockedReason();
    m_back->setEnabled(m_current > 0 && !busy && backBlocked.isEmpty());
    if (m_current == 0)
        m_back->setToolTip(tr("This is the first step"));
    else if (!backBlocked.isEmpty())
        m_back->setToolTip(backBlocked);
    else if (busy)
        m_back->setToolTip(tr("Wait until this step's work has finished"));
    else
        m_back->setToolTip(tr("Back to: %1").arg(this->page(m_current - 1)->title()));

    const bool last = m_current + 1 >= pageCount();
    const bool nextWasEnabled = m_next->isEnabled();
    m_next->setText(last ? tr("&Finish") : tr("&Next"));
    m_next->setEnabled(page->isComplete());
    // Next just became possible: move the keyboard focus there unless the user put it elsewhere.
    if (!nextWasEnabled && m_next->isEnabled() && (!focusWidget() || focusWidget() == m_cancel))
        m_next->setFocus();
    if (!page->isComplete())
        m_next->setToolTip(page->incompleteHint().isEmpty() ? tr("Complete this step first") : page->incompleteHint());
    else if (last)
        m_next->setToolTip(tr("Close ServerTwin: the installation is done"));
    else
        m_next->setToolTip(tr("Go on to: %1").arg(this->page(m_current + 1)->title()));
}

}  // namespace st
