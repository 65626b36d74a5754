// A spin box over the whole seed range 0 … 2^32-1 (QSpinBox stops at INT_MAX).
#pragma once

#include <QAbstractSpinBox>

namespace pixart::ui {

class SeedSpinBox : public QAbstractSpinBox {
    Q_OBJECT

  public:
    static constexpr quint32 kMaximum = 4294967295u;

    explicit SeedSpinBox(QWidget* parent = nullptr);

    quint32 value() const { return value_; }
    void setValue(quint32 value);

    // Parses a decimal seed; false for anything outside 0 … 2^32-1.
    static bool parse(const QString& text, quint32* seed);

    void stepBy(int steps) override;
    QValidator::State validate(QString& input, int& pos) const override;
    void fixup(QString& input) const override;

  Q_SIGNALS:
    void valueChanged(quint32 value);

  protected:
    StepEnabled stepEnabled() const override;

  private:
    void commitText();

    quint32 value_ = 0;
};

}  // namespace pixart::ui
