// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Lets Catch2 print QString and QStringList in failed assertions (UTF-8).
#include <catch2/catch.hpp>

#include <QString>
#include <QStringList>

namespace Catch {
template <>
struct StringMaker<QString> {
    static std::string convert(const QString &s) { return '"' + s.toStdString() + '"'; }
};
template <>
struct StringMaker<QStringList> {
    static std::string convert(const QStringList &l)
    {
        std::string out = "{ ";
        for (const QString &s : l)
            out += '"' + s.toStdString() + "\" ";
        return out + '}';
    }
};
}  // namespace Catch
