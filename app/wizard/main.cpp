// SPDX-License-Identifier: GPL-3.0-or-later
// servertwin: the desktop wizard on the Primary that installs the Secondary as its twin.
//   --demo             the Secondary is a local agent with a sandbox root (DemoSecondary)
//   --profile FILE     the Protection set step starts from this profile
//   --screenshot DIR   walk through every page (checks, connection test, clone) and grab each
//                      into DIR/NN-<page>.png, then quit
#include "ScreenshotRunner.h"
#include "StandardPages.h"
#include "component/DemoBundle.h"
#include "WizardWindow.h"
#include "common/StateDir.h"
#include "config/LocalSystemProbe.h"
#include "session/DemoSecondary.h"
#include "session/WizardSession.h"
#include "util/Version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QHostInfo>
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
    const QCommandLineOption profile(QStringLiteral("profile"),
                                     QCoreApplication::translate("main", "Start the Protection set step from this profile (JSON)."),
                                     QStringLiteral("FILE"));
    parser.addOption(demo);
    parser.addOption(profile);
    parser.addOption(screenshot);
    parser.process(app);

    WizardContext context;
    context.demoMode = parser.isSet(demo);
    context.stateDir = defaultPrimaryStateDir();
    context.applicationDir = QCoreApplication::applicationDirPath();

    // Demo: a real agent on 127.0.0.1 with a sandbox root; the wizard's key and pins live in
    // the sandbox too, so the demo never touches this machine's real pins.
    std::unique_ptr<DemoSecondary> demoSecondary;
    if (context.demoMode) {
        demoSecondary = std::make_unique<DemoSecondary>(context.applicationDir + QStringLiteral("/servertwin-agent"),
                                                        DemoSecondary::defaultWorkDir());
        context.stateDir = demoSecondary->primaryStateDir();
        QObject::connect(demoSecondary.get(), &DemoSecondary::failed, &app, [](const Error &e) {
            fprintf(stderr, "servertwin: demo: %s\n", e.message.toLocal8Bit().constData());
        });
        demoSecondary->start();
    }

    StandardPagesSetup setup;
    setup.session = std::make_shared<WizardSession>(context);
    setup.probe = std::make_shared<LocalSystemProbe>();
    setup.demo = demoSecondary.get();
    setup.primaryHost = QHostInfo::localHostName();
    setup.initialProfile = parser.value(profile);
    if (demoSecondary) {
        // The demo proposes its own signed bundle (the key is made at the first start).
        if (Result<DemoBundle> bundle = prepareDemoBundle(demoSecondary->workDir())) {
            setup.components.trustedKeys = bundle->trustedKeys;
            setup.components.bundles = {bundle->bundleDir};
        } else {
            fprintf(stderr, "servertwin: demo: no demo component: %s\n", bundle.error().message.toLocal8Bit().constData());
        }
    }
    WizardWindow window;
    addStandardPages(window, setup);

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
