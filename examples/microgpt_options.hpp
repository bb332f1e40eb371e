// The command line of examples/microgpt.cpp: its options, their defaults,
// and reading them, kept apart so the example reads as the lesson it is.
#pragma once

#include <cstddef>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include <nn/io/parse_number.hpp>

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
  --temperature T    below 1 picks likelier characters, above 1 wilder ones (default 0.5)
)";

struct Options {
  std::string data = MICROGPT_DATA, init, load, save, gradients;
  std::size_t steps = 1000, seed = 42, print_every = 100, samples = 20;
  double temperature = 0.5;
  bool shuffle = true, help = false;
};

// A usage error throws std::invalid_argument.
inline Options parse_options(int argc, char** argv) {
  Options o;
  const std::map<std::string_view, std::string*> files{
      {"--data", &o.data}, {"--init", &o.init}, {"--load", &o.load}, {"--save", &o.save}, {"--gradients", &o.gradients}};
  const std::map<std::string_view, std::size_t*> counts{
      {"--steps", &o.steps}, {"--seed", &o.seed}, {"--print-every", &o.print_every}, {"--samples", &o.samples}};
  for (int k = 1; k < argc; ++k) {
    const std::string_view option = argv[k];
    if (option == "--help") {
      o.help = true;
      continue;
    }
    if (option == "--shuffle" || option == "--no-shuffle") {
      o.shuffle = option == "--shuffle";
      continue;
    }
    if (k + 1 == argc) throw std::invalid_argument(fmt::format("{} needs a value", option));
    const std::string value = argv[++k];
    const auto count = backprop::nn::parse_number<std::size_t>(value);
    const auto number = backprop::nn::parse_number<double>(value);
    if (files.contains(option)) *files.at(option) = value;
    else if (counts.contains(option) && count) *counts.at(option) = *count;
    else if (option == "--temperature" && number && *number > 0.0) o.temperature = *number;
    else if (counts.contains(option) || option == "--temperature")
      throw std::invalid_argument(fmt::format("{} needs a {}, got '{}'", option,
                                              counts.contains(option) ? "whole number >= 0" : "number > 0", value));
    else throw std::invalid_argument(fmt::format("unknown option {}", option));
  }
  if (!o.init.empty() && !o.load.empty()) throw std::invalid_argument("--init and --load both set the weights; give one");
  return o;
}

}  // namespace microgpt
