// The main() of a fuzz target built without libFuzzer (BACKPROP_FUZZ_STANDALONE):
// it runs the target once on each seed corpus file named on the command line,
// so that the suite builds and runs every target and none can rot.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace backprop::testing {

// Returns main()'s status: 1 if a file cannot be read, else 0 (a finding aborts).
inline int run_corpus(const char* target, int argc, char** argv) {
  for (int k = 1; k < argc; ++k) {
    std::ifstream file(argv[k], std::ios::binary);
    if (!file) {
      std::fprintf(stderr, "%s: cannot read %s\n", target, argv[k]);
      return 1;
    }
    std::stringstream bytes;
    bytes << file.rdbuf();
    const std::string input = bytes.str();
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
  }
  std::printf("%s: %d inputs ran cleanly\n", target, argc - 1);
  return 0;
}

}  // namespace backprop::testing
