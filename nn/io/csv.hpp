// Loading a user's own data from a CSV file into a Dataset.
//
// The first line names the columns, each name once; every other line holds
// one sample, all numbers; blank lines may end the file (an editor's trailing
// newlines), but not stand between samples. The target is the column named
// `target_column`, or the last column when none is named. Every problem is reported, never skipped:
// std::runtime_error with the file, line and column ("data.csv:7: column 2
// ('y'): 'abc' is not a finite number"). Lines end in LF or CRLF; a UTF-8
// byte-order mark is skipped; the file must be a regular file and no line
// may exceed LineReader's limit (line_reader.hpp).
#pragma once

#include <filesystem>
#include <istream>
#include <string>
#include <string_view>

#include "nn/dataset.hpp"

namespace backprop::nn {

Dataset load_csv(const std::filesystem::path& path, std::string_view target_column = "");
// The same from a stream; `source` names it in error messages.
Dataset read_csv(std::istream& input, std::string_view source,
                 std::string_view target_column = "");

}  // namespace backprop::nn
