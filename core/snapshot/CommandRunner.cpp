// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshot/CommandRunner.h"

#include "util/RawPath.h"

#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>

namespace st {

namespace {

/** Tools live in sbin directories a service's PATH may lack. */
QString resolveProgram(const QString &name)
{
    if (name.contains(QLatin1Char('/')))
        return name;
    QString found = QStandardPaths::findExecutable(name);
    if (found.isEmpty()) {
        found = QStandardPaths::findExecutable(
            name, {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin"), QStringLiteral("/usr/bin"),
                   QStringLiteral("/bin")});
    }
    return found;
}

}  // namespace

QString commandLine(const QStringList &argv)
{
    QStringList parts;
    parts.reserve(argv.size());
    for (const QString &arg : argv) {
        if (arg.isEmpty() || arg.contains(QLatin1Char(' ')) || arg.contains(QLatin1Char('\'')))
            parts.append(QLatin1Char('\'') + QString(arg).replace(QLatin1Char('\''), QStringLiteral("'\\''"))
                         + QLatin1Char('\''));
        else
            parts.append(arg);
    }
    return parts.join(QLatin1Char(' '));
}

QString firstLine(const QByteArray &text)
{
    const QList<QByteArray> lines = text.split('\n');
    for (const QByteArray &line : lines) {
        const QByteArray trimmed = line.trimmed();
        if (!trimmed.isEmpty())
            return QString::fromUtf8(trimmed);
    }
    return {};
}

Result<CommandOutput> ProcessRunner::run(const QStringList &argv, int timeoutMs)
{
    if (argv.isEmpty())
        return makeError(ErrorCode::Internal, QStringLiteral("empty command"));
    const QString program = resolveProgram(argv.first());
    if (program.isEmpty())
        return makeError(ErrorCode::Io, QStringLiteral("cannot run %1: %2 is not installed (not found in PATH or /usr/sbin)")
                                            .arg(commandLine(argv), argv.first()));
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    env.insert(QStringLiteral("LVM_SUPPRESS_FD_WARNINGS"), QStringLiteral("1"));
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(program, argv.mid(1));
    if (!process.waitForStarted(timeoutMs))
        return makeError(ErrorCode::Io, QStringLiteral("cannot run %1: %2").arg(commandLine(argv), process.errorString()));
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        return makeError(ErrorCode::Io, QStringLiteral("%1 did not finish within %2 s and was killed")
                                            .arg(commandLine(argv)).arg(timeoutMs / 1000.0));
    }
    CommandOutput output;
    output.out = process.readAllStandardOutput();
    output.err = process.readAllStandardError();
    if (process.exitStatus() == QProcess::CrashExit)
        return makeError(ErrorCode::Io, QStringLiteral("%1 crashed: %2").arg(commandLine(argv), firstLine(output.err)));
    output.exitCode = process.exitCode();
    return output;
}

Result<CommandOutput> runChecked(CommandRunner &runner, const QStringList &argv, int timeoutMs)
{
    Result<CommandOutput> output = runner.run(argv, timeoutMs);
    if (!output)
        return output.error();
    if (output->exitCode != 0) {
        QString reason = firstLine(output->err);
        if (reason.isEmpty())
            reason = firstLine(output->out);
        if (reason.isEmpty())
            reason = QStringLiteral("no error output");
        return makeError(ErrorCode::Io, QStringLiteral("`%1` failed (exit %2): %3")
                                            .arg(commandLine(argv)).arg(output->exitCode).arg(reason),
                         QString::fromUtf8(output->err));
    }
    return output;
}

Result<QString> pathArgument(const QByteArray &raw)
{
    const QString text = QFile::decodeName(raw);
    if (QFile::encodeName(text) != raw)
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("path \"%1\" is not valid in the system encoding and cannot be passed to a command")
                             .arg(displayPath(raw)));
    return text;
}

}  // namespace st
