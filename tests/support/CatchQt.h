// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Lets Catch2 print QString, QStringList, QByteArray and lists of them in failed assertions.
#include <catch2/catch.hpp>

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace Catch {
template <>
struct StringMaker<QString> {
    static std::string convert(const QString &s) { return '"' + s.toStdString() + '"'; }
};
template <>
struct StringMaker<QByteArray> {
    static std::string convert(const QByteArray &b) { return '"' + b.toStdString() + '"'; }
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
template <>
struct StringMaker<QList<QByteArray>> {
    static std::string convert(const QList<QByteArray> &l)
    {
        std::string out = "{ ";
        for (const QByteArray &b : l)
            out += '"' + b.toStdString() + "\" ";
        return out + '}';
    }
};
template <>
struct StringMaker<QList<QStringList>> {
    static std::string convert(const QList<QStringList> &l)
    {
        std::string out = "{ ";
        for (const QStringList &s : l)
            out += StringMaker<QStringList>::convert(s) + ' ';
        return out + '}';
    }
};
}  // namespace Catch
