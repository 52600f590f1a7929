// SPDX-License-Identifier: GPL-3.0-or-later
// servertwin: the desktop wizard on the Primary that installs the Secondary as its twin.
//   --demo             the Secondary is a local agent with a sandbox root
//   --screenshot DIR   grab every page into DIR/NN-<page>.png once its checks ran, then quit
#include "ScreenshotRunner.h"
#include "StandardPages.h"
#include "WizardWindow.h"
#include "common/StateDir.h"
#include "config/LocalSystemProbe.h"
#include "util/Version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <cstdio>

using namespace st;

namespace {

/** Qt's own strings (dialog buttons) and ServerTwin's, in the system language when available. */
void installTranslations(QApplication &app)
{
    auto *qt = new QTranslator(&app);
    if (qt->load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
    auto *own = new QTranslator(&app);
    if (own->load(QLocale(), QStringLiteral("servertwin"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(own);
}

}  // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("ServerTwin"));
    QApplication::setApplicationName(QStringLiteral("servertwin"));
    QApplication::setApplicationVersion(productVersion());
    QApplication::setDesktopFileName(QStringLiteral("servertwin"));
    installTranslations(app);

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("main", "Install a Secondary server as the twin of this one."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QCoreApplication::translate("main", "Demo mode: the Secondary is a local agent with a sandbox root."));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QCoreApplication::translate("main", "Write a screenshot of every page into DIR, then quit."),
                                        QStringLiteral("DIR"));
    parser.addOption(demo);
    parser.addOption(screenshot);
    parser.process(app);

    WizardContext context;
    context.demoMode = parser.isSet(demo);
    context.stateDir = defaultPrimaryStateDir();
    context.applicationDir = QCoreApplication::applicationDirPath();

    WizardWindow window;
    addStandardPages(window, context, std::make_shared<LocalSystemProbe>());

    if (!parser.isSet(screenshot)) {
        window.show();
        return app.exec();
    }

    // Screenshot mode: a fixed size, so the pictures do not depend on the saved geometry.
    window.resize(1000, 680);
    window.show();
    ScreenshotRunner runner(&window, parser.value(screenshot));
    QObject::connect(&runner, &ScreenshotRunner::finished, &app, [&](const Status &status) {
        int exitCode = 0;
        if (!status) {
            fprintf(stderr, "servertwin: error: %s\n", status.error().message.toLocal8Bit().constData());
            exitCode = 1;
        } else {
            for (const QString &file : runner.writtenFiles())
                fprintf(stderr, "servertwin: wrote %s\n", file.toLocal8Bit().constData());
        }
        QCoreApplication::exit(exitCode);  // unlike quit(), does not ask the window to close
    });
    runner.start();
    return app.exec();
}
