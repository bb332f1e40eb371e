// The command line of examples/microgpt.cpp: its options, their defaults,
// and their checks (read as the tool reads its own, tools/program.hpp), kept apart so
// the example reads as the lesson it is.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "tools/program.hpp"

namespace microgpt {

constexpr std::string_view usage = R"(usage: microgpt [options]
  --data FILE        names to learn, one per line (default: the bundled names)
  --steps N          training steps, one name each (default 1000)
  --seed S           seeds the shuffle, the initial weights and the sampling (default 42)
  --no-shuffle       take the names in the file's order (--shuffle, the default: shuffled)
  --init FILE        initial weights: every parameter as plain numbers, in the model's order (wte,
                     wpe, lm_head, then each layer's attn_wq, attn_wk, attn_wv, attn_wo, mlp_fc1, mlp_fc2)
  --load FILE        start from a model saved with --save; --save FILE saves the trained one
  --print-every K    print 'step K loss X' every K steps, 0 for never (default 100)
  --gradients FILE   write each step's gradients, a line per step (to compare implementations)
  --samples N        names to make up after training (default 20)
  --temperature T    below 1 picks likelier characters, above 1 wilder ones (default 0.5; at least 1e-6)
  --version          print the version
)";

// Each score is divided by the temperature before softmax. Below this,
// sampling already picks the likeliest character every time; far below it,
// score / T overflows to infinity and there is nothing left to sample from.
constexpr double lowest_temperature = 1e-6;

struct Options {
  std::string data = MICROGPT_DATA, init, load, save, gradients;
  std::size_t steps = 1000, seed = 42, print_every = 100, samples = 20;
  double temperature = 0.5;
  bool shuffle = true;
};

// Adds the options to `program`, to be read into `o`; main() checks that
// --init and --load are not both given.
inline void add_options(backprop::tools::Program& program, Options& o) {
  for (const auto& [name, file] : {std::pair{"--data", &o.data}, {"--init", &o.init}, {"--load", &o.load},
                                   {"--save", &o.save}, {"--gradients", &o.gradients}})
    program.option(name, *file);
  for (const auto& [name, count] : {std::pair{"--steps", &o.steps}, {"--seed", &o.seed},
                                    {"--print-every", &o.print_every}, {"--samples", &o.samples}})
    program.number(name, *count, "a whole number >= 0");
  program.number(
      "--temperature", o.temperature,
      "a number >= 1e-6 (each score is divided by it: below that, sampling always picks the likeliest "
      "character, and far below it the scores overflow to infinity)",
      +[](double t) { return t >= lowest_temperature; });
  program.flag("--shuffle,!--no-shuffle", o.shuffle);
}

}  // namespace microgpt
