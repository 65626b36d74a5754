#include "widgets/SeedSpinBox.h"

#include <QLineEdit>
#include <algorithm>

namespace pixart::ui {

SeedSpinBox::SeedSpinBox(QWidget* parent) : QAbstractSpinBox(parent) {
    setAccelerated(true);
    setCorrectionMode(QAbstractSpinBox::CorrectToPreviousValue);
    lineEdit()->setText(QStringLiteral("0"));
    connect(lineEdit(), &QLineEdit::textEdited, this, [this] { commitText(); });
    connect(this, &QAbstractSpinBox::editingFinished, this,
            [this] { lineEdit()->setText(QString::number(value_)); });
}

bool SeedSpinBox::parse(const QString& text, quint32* seed) {
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty() || trimmed.size() > 10) return false;
    for (const QChar c : trimmed)
        if (!c.isDigit()) return false;
    bool ok = false;
    const qulonglong v = trimmed.toULongLong(&ok);
    if (!ok || v > kMaximum) return false;
    if (seed != nullptr) *seed = static_cast<quint32>(v);
    return true;
}

void SeedSpinBox::setValue(quint32 value) {
    const bool changed = value != value_;
    value_ = value;
    lineEdit()->setText(QString::number(value_));
    if (changed) Q_EMIT valueChanged(value_);
}

void SeedSpinBox::commitText() {
    quint32 v = 0;
    if (parse(lineEdit()->text(), &v) && v != value_) {
        value_ = v;
        Q_EMIT valueChanged(value_);
    }
}

void SeedSpinBox::stepBy(int steps) {
    const qint64 next = static_cast<qint64>(value_) + steps;
    setValue(static_cast<quint32>(std::clamp<qint64>(next, 0, kMaximum)));
}

QValidator::State SeedSpinBox::validate(QString& input, int&) const {
    if (input.isEmpty()) return QValidator::Intermediate;
    return parse(input, nullptr) ? QValidator::Acceptable : QValidator::Invalid;
}

void SeedSpinBox::fixup(QString& input) const { input = QString::number(value_); }

QAbstractSpinBox::StepEnabled SeedSpinBox::stepEnabled() const {
    StepEnabled enabled = StepNone;
    if (value_ > 0) enabled |= StepDownEnabled;
    if (value_ < kMaximum) enabled |= StepUpEnabled;
    return enabled;
}

}  // namespace pixart::ui
