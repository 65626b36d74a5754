// A small, strict command-line parser: `--name value` / `--name=value` options and flags; unknown
// options and bad numbers are usage errors (pixart::Error(InvalidArgument), exit code 3).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace pixart::cli {

class CommandLine {
  public:
    // `value_options` take a value, `flags` do not; anything else starting with "--" is an error.
    CommandLine(const std::vector<std::string>& args, const std::set<std::string>& value_options,
                const std::set<std::string>& flags);

    bool flag(const std::string& name) const { return flags_.count(name) != 0; }
    bool has(const std::string& name) const { return values_.count(name) != 0; }
    std::optional<std::string> value(const std::string& name) const;  // last occurrence
    std::vector<std::string> values(const std::string& name) const;   // every occurrence
    std::string value_or(const std::string& name, const std::string& fallback) const;
    long long integer(const std::string& name, long long fallback, long long min,
                      long long max) const;
    double number(const std::string& name, double fallback, double min, double max) const;
    // A seed: any integer of 0..2^64-1 (the range batch jobs and the history hold).
    std::uint64_t seed(const std::string& name, std::uint64_t fallback) const;
    const std::vector<std::string>& positional() const { return positional_; }

    // For commands that take options only: a positional argument is a usage error.
    void reject_positional() const;
    // The value of a required option; "--name HINT is required" when it is missing.
    std::string required(const std::string& name, const std::string& hint) const;

  private:
    std::map<std::string, std::vector<std::string>> values_;
    std::set<std::string> flags_;
    std::vector<std::string> positional_;
};

}  // namespace pixart::cli
