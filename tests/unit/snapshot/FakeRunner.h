// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/**
 * @brief Test double for CommandRunner: records every argv and answers through a handler, so
 * command construction and output parsing are tested without device-mapper. Also loads the
 * JSON fixtures of lvs output. Test-only; one thread.
 */
#include "snapshot/CommandRunner.h"

#include <QFile>
#include <QList>
#include <QStringList>
#include <functional>

namespace st::test {

class FakeRunner final : public CommandRunner {
public:
    using Handler = std::function<CommandOutput(const QStringList &argv)>;
    explicit FakeRunner(Handler handler) : m_handler(std::move(handler)) {}

    Result<CommandOutput> run(const QStringList &argv, int timeoutMs) override
    {
        calls.append(argv);
        timeouts.append(timeoutMs);
        return m_handler(argv);
    }

    /** The calls whose program is @p program. */
    QList<QStringList> callsOf(const QString &program) const
    {
        QList<QStringList> out;
        for (const QStringList &c : calls) {
            if (c.value(0) == program)
                out.append(c);
        }
        return out;
    }

    QList<QStringList> calls;
    QList<int> timeouts;

private:
    Handler m_handler;
};

inline QByteArray fixture(const char *name)
{
    QFile file(QStringLiteral(ST_SOURCE_DIR "/tests/unit/snapshot/fixtures/") + QString::fromLatin1(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

inline CommandOutput ok(const QByteArray &out = {}) { return CommandOutput{0, out, {}}; }
inline CommandOutput failed(int code, const QByteArray &err) { return CommandOutput{code, {}, err}; }

}  // namespace st::test
