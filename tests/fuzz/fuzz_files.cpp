// Fuzz target for the readers of users' files: the same bytes are read as a
// model file (read_model_file, load() into a small MLP, load_mlp), as CSV
// (from memory and from a file) and as a list of numbers. The only
// acceptable failure is the documented one, std::runtime_error naming the
// file; anything else, a crash, or a model file that reads but does not read
// back the same once written again, is a bug.
//
// Built with libFuzzer by run_libfuzzer.sh (`files`); built in the normal
// build with BACKPROP_FUZZ_STANDALONE, it runs the seed corpus files given on
// the command line, so the target cannot rot.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <unistd.h>

#include "autodiff/autodiff.hpp"
#include "nn/io/io.hpp"

namespace {

namespace nn = backprop::nn;

// The readers take paths: each input is written to one file of this process.
const std::filesystem::path& input_file() {
  static const std::filesystem::path path =
      std::filesystem::temp_directory_path() / fmt::format("backprop-fuzz-files-{}.txt", ::getpid());
  return path;
}

template <typename Read>
void expect_only_file_errors(Read read) {
  try {
    read();
  } catch (const std::runtime_error&) {
  }
}

[[noreturn]] void finding(const char* what) {
  std::fprintf(stderr, "fuzz_files: %s\n", what);
  std::abort();
}

// A file that reads as a model must read back the same once written again.
void check_round_trip(const nn::SavedModel& saved) {
  const std::filesystem::path again = input_file().string() + ".again";
  {
    std::ofstream out(again, std::ios::binary);
    out << nn::model_file_text(saved);
  }
  nn::SavedModel read;
  try {
    read = nn::read_model_file(again);
  } catch (const std::runtime_error& error) {
    std::fprintf(stderr, "fuzz_files: %s\n", error.what());
    finding("a model file written again does not read back");
  }
  std::filesystem::remove(again);
  if (read.architecture != saved.architecture || read.parameters.size() != saved.parameters.size())
    finding("a model file read back with another architecture or count");
  for (std::size_t k = 0; k < read.parameters.size(); ++k)
    if (read.parameters[k].value != saved.parameters[k].value ||
        std::signbit(read.parameters[k].value) != std::signbit(saved.parameters[k].value) ||
        read.parameters[k].name != saved.parameters[k].name)
      finding("a model file read back with another parameter");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  {
    std::ofstream out(input_file(), std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) finding("cannot write the input file");
  }
  const std::filesystem::path& path = input_file();
  backprop::GraphScope scope;

  expect_only_file_errors([&] {
    const nn::SavedModel saved = nn::read_model_file(path);
    // Written again as the current version, which names every parameter.
    if (saved.version >= 3) check_round_trip(saved);
  });
  expect_only_file_errors([&] {
    const nn::MLP model(2, {2, 1});
    nn::load(model, path);
  });
  expect_only_file_errors([&] { (void)nn::load_mlp(path); });

  auto check_dataset = [](const nn::Dataset& data) {
    if (data.inputs.size() != data.targets.size()) finding("a data set with more rows than targets");
    for (const std::vector<double>& row : data.inputs)
      if (row.size() != data.inputs.front().size()) finding("a ragged data set");
  };
  expect_only_file_errors([&] {
    std::istringstream input(text);
    check_dataset(nn::read_csv(input, "input.csv"));
  });
  expect_only_file_errors([&] { check_dataset(nn::load_csv(path, "y")); });

  expect_only_file_errors([&] { (void)nn::read_numbers(path); });
  expect_only_file_errors([&] {
    const nn::MLP model(2, {2, 1});
    nn::load_numbers(model, path);
  });
  return 0;
}

#ifdef BACKPROP_FUZZ_STANDALONE
#include "corpus_runner.hpp"

int main(int argc, char** argv) {
  const int status = backprop::testing::run_corpus("fuzz_files", argc, argv);
  std::filesystem::remove(input_file());
  return status;
}
#endif
