// What every fuzz target shares: a scratch folder for inputs that the parsers read from paths,
// and the rule that bad input may only end in pixart::Error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace pixart::fuzz {

// A folder of this process's own under $TMPDIR (or /tmp), removed at exit.
const std::string& scratch_dir();

// Writes `size` bytes to scratch_dir()/name (replacing it) and returns the path.
std::string write_scratch_file(const std::string& name, const std::uint8_t* data, std::size_t size);
std::string write_scratch_file(const std::string& name, const std::string& text);

// Runs `parse`. A pixart::Error of a user-facing kind is the expected way to refuse bad input;
// anything else escaping (std::bad_alloc, a json or std::out_of_range exception, an Internal
// error) is a bug: the input is reported and the process aborts, so libFuzzer keeps it.
void expect_clear_error(const char* what, const std::function<void()>& parse);

}  // namespace pixart::fuzz
