// SPDX-License-Identifier: GPL-3.0-or-later
// Catch2 runner for test_ui: a QApplication on the offscreen platform (no display needed) and
// QSettings redirected to a scratch directory, so tests never touch the user's settings.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <QApplication>
#include <QFile>
#include <QSettings>
#include <QTemporaryDir>

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QTemporaryDir settingsDir;
    if (!settingsDir.isValid())
        return 2;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());
    if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR"))
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(settingsDir.path()));  // private (0700), like the real one
    QApplication app(argc, argv);
    return Catch::Session().run(argc, argv);
}
