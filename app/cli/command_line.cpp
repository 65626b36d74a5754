#include "command_line.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "api/errors.h"

namespace pixart::cli {
namespace {
[[noreturn]] void usage_error(const std::string& message) {
    throw Error(ErrorKind::InvalidArgument, message);
}
}  // namespace

CommandLine::CommandLine(const std::vector<std::string>& args,
                         const std::set<std::string>& value_options,
                         const std::set<std::string>& flags) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg.size() < 3 || arg.compare(0, 2, "--") != 0) {
            positional_.push_back(arg);
            continue;
        }
        std::string name = arg.substr(2);
        std::optional<std::string> inline_value;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            inline_value = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        if (flags.count(name)) {
            if (inline_value) usage_error("--" + name + " takes no value");
            flags_.insert(name);
        } else if (value_options.count(name)) {
            if (inline_value) {
                values_[name].push_back(*inline_value);
            } else {
                if (i + 1 >= args.size()) usage_error("--" + name + " needs a value");
                values_[name].push_back(args[++i]);
            }
        } else {
            usage_error("unknown option --" + name);
        }
    }
}

std::optional<std::string> CommandLine::value(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end() || it->second.empty()) return std::nullopt;
    return it->second.back();
}

std::vector<std::string> CommandLine::values(const std::string& name) const {
    auto it = values_.find(name);
    return it == values_.end() ? std::vector<std::string>{} : it->second;
}

std::string CommandLine::value_or(const std::string& name, const std::string& fallback) const {
    return value(name).value_or(fallback);
}

std::uint64_t CommandLine::seed(const std::string& name, std::uint64_t fallback) const {
    const auto text = value(name);
    if (!text) return fallback;
    errno = 0;
    char* end = nullptr;
    const unsigned long long v = std::strtoull(text->c_str(), &end, 10);
    // strtoull accepts "-1" (as 2^64-1) and leading spaces: digits only.
    const bool digits =
        !text->empty() && text->find_first_not_of("0123456789") == std::string::npos;
    if (!digits || *end != '\0' || errno == ERANGE)
        usage_error("--" + name + ": '" + *text + "' is not a seed (an integer 0.." +
                    std::to_string(UINT64_MAX) + ")");
    return v;
}

long long CommandLine::integer(const std::string& name, long long fallback, long long min,
                               long long max) const {
    const auto text = value(name);
    if (!text) return fallback;
    errno = 0;
    char* end = nullptr;
    const long long v = std::strtoll(text->c_str(), &end, 10);
    if (text->empty() || *end != '\0' || errno == ERANGE)
        usage_error("--" + name + ": '" + *text + "' is not an integer");
    if (v < min || v > max) {
        usage_error("--" + name + ": " + *text + " is out of range [" + std::to_string(min) + ", " +
                    std::to_string(max) + "]");
    }
    return v;
}

double CommandLine::number(const std::string& name, double fallback, double min, double max) const {
    const auto text = value(name);
    if (!text) return fallback;
    char* end = nullptr;
    const double v = std::strtod(text->c_str(), &end);
    if (text->empty() || *end != '\0' || !std::isfinite(v))
        usage_error("--" + name + ": '" + *text + "' is not a number");
    if (v < min || v > max) {
        usage_error("--" + name + ": " + *text + " is out of range [" + std::to_string(min) + ", " +
                    std::to_string(max) + "]");
    }
    return v;
}

void CommandLine::reject_positional() const {
    if (!positional_.empty())
        throw Error(ErrorKind::InvalidArgument, "unexpected argument '" + positional_[0] + "'");
}

std::string CommandLine::required(const std::string& name, const std::string& hint) const {
    const auto v = value(name);
    if (!v) throw Error(ErrorKind::InvalidArgument, "--" + name + " " + hint + " is required");
    return *v;
}

}  // namespace pixart::cli
