// SPDX-License-Identifier: GPL-3.0-or-later
// The German translation is built from ui/translations/servertwin_de.ts, embedded under :/i18n
// and reaches the widgets. Only when Qt's Linguist tools were found (ST_UI_TRANSLATIONS).
#include "support/CatchQt.h"
#include "WizardWindow.h"
#include "config/PreflightChecks.h"

#include <QCoreApplication>
#include <QFile>
#include <QPushButton>
#include <QTranslator>

#ifdef ST_UI_TRANSLATIONS
TEST_CASE("the embedded German translation loads and translates the shell and the checks", "[ui][i18n]")
{
    REQUIRE(QFile::exists(QStringLiteral(":/i18n/servertwin_de.qm")));
    QTranslator translator;
    REQUIRE(translator.load(QStringLiteral(":/i18n/servertwin_de.qm")));
    REQUIRE(QCoreApplication::installTranslator(&translator));

    st::WizardWindow window;
    window.setConfirmCancel({});
    CHECK(window.windowTitle() == QStringLiteral("ServerTwin — Secondary-Installation"));
    auto *next = window.findChild<QPushButton *>(QStringLiteral("nextButton"));
    REQUIRE(next);
    CHECK(next->text() == QStringLiteral("&Weiter"));
    CHECK(st::PreflightChecks::tr("Administrator rights") == QStringLiteral("Administratorrechte"));

    QCoreApplication::removeTranslator(&translator);
    CHECK(st::PreflightChecks::tr("Administrator rights") == QStringLiteral("Administrator rights"));
}
#endif
