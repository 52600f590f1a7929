// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief The wizard's shell, installer style (Calamares / Qt Installer Framework): a side
 * panel listing the steps (current one highlighted, finished ones ticked), a header band with
 * the current step's title and subtitle, the pages in a QStackedWidget and Back / Next /
 * Cancel at the bottom right. Steps are registered with addPage(); the shell knows nothing
 * about any particular page.
 *
 * Owns its pages. Remembers its geometry (QSettings "ServerTwin"/"servertwin"). Cancel and
 * closing the window ask for confirmation through a replaceable function, then every page's
 * stopWork() runs and the window closes once no page is busy (a running clone cleans up
 * first). On the last page Next reads Finish and closes. GUI thread only.
 */
#include <QWidget>

#include <functional>

class QPushButton;
class QStackedWidget;

namespace st {

class PageHeader;
class StepList;
class WizardPage;

class WizardWindow : public QWidget {
    Q_OBJECT

public:
    /** Asks whether to really cancel; true = cancel and close. */
    using ConfirmCancel = std::function<bool(QWidget *parent)>;

    explicit WizardWindow(QWidget *parent = nullptr);
    ~WizardWindow() override;

    /** Appends a step and takes ownership of @p page; the first page added becomes current
     *  (and is entered). Returns the page's index. */
    int addPage(WizardPage *page);

    int pageCount() const;
    WizardPage *page(int index) const;
    int currentIndex() const { return m_current; }
    WizardPage *currentPage() const { return page(m_current); }

    /** Makes page @p index current regardless of completeness (screenshots, tests). */
    void showPage(int index);

    /** Replaces the Cancel confirmation (default: askCancelInstallation); empty = no question. */
    void setConfirmCancel(ConfirmCancel confirm);

public Q_SLOTS:
    /** To the next page, if the current one is complete and not the last. */
    void next();
    /** To the previous page, unless on the first or the current page is busy. */
    void back();
    /** Asks for confirmation, then closes the wizard. */
    void cancel();

Q_SIGNALS:
    void currentPageChanged(int index);
    /** The user confirmed Cancel (or closing); the window closes right after. */
    void cancelled();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    QWidget *buildSidePanel();
    void switchTo(int index);
    void refresh();
    void saveGeometrySetting() const;
    /** Asks every page to stop its work; true if some page is still busy cleaning up. */
    bool stopPages();
    void onPageStateChanged();

    StepList *m_steps = nullptr;
    PageHeader *m_header = nullptr;
    QStackedWidget *m_stack = nullptr;
    QPushButton *m_back = nullptr;
    QPushButton *m_next = nullptr;
    QPushButton *m_cancel = nullptr;
    ConfirmCancel m_confirmCancel;
    int m_current = -1;
    bool m_closeConfirmed = false;
    bool m_stopping = false;  // closing, waiting for busy pages to clean up
};

/** The default Cancel confirmation: a question dialog, "Continue" as the default answer. */
bool askCancelInstallation(QWidget *parent);

}  // namespace st
