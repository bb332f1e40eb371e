// microgpt: a GPT that learns to make up names, every number a scalar Value.
//
// The one-layer transformer of Karpathy's microgpt, with the same numbers,
// on this engine: plain Python needs about five minutes for 1,000 steps,
// this a fraction of a second. Read it top to bottom: names become tokens,
// the model turns a token and its position into scores for the next token,
// training makes the true next token likelier, and sampling makes up new
// names. The command line is read in microgpt_options.hpp.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <numeric>
#include <optional>
#include <span>
#include <string>
#include <system_error>
#include <vector>

#include <autodiff/autodiff.hpp>
#include <nn/io/atomic_file.hpp>
#include <nn/io/line_reader.hpp>
#include <nn/io/io.hpp>
#include <nn/nn.hpp>
#include <nn/show/show.hpp>

#include "microgpt_options.hpp"

using backprop::Value;
namespace nn = backprop::nn;

namespace {

// ---- Sizes: the original's, 4,192 parameters on the bundled names.
constexpr std::size_t context = 16;  // positions a prediction can look back over (block size)
constexpr std::size_t width = 16;    // numbers per position between the model's steps
constexpr std::size_t heads = 4, head_width = width / heads;
constexpr std::size_t layers = 1;
constexpr double initial_spread = 0.08;  // standard deviation of the initial weights

// ---- Data: each character is a token, and one more token, BOS, marks
// where a name begins and ends: "emma" is [BOS, e, m, m, a, BOS]. One name
// per line, blank lines skipped; BOS and the name must fit the context, and
// a model loaded from a file knows only its own characters (`known`).
std::vector<std::string> read_names(const std::string& path, const std::string& known) {
  std::ifstream file = nn::open_regular_file(path);
  nn::LineReader lines(file, path);
  std::vector<std::string> names;
  // A name and its line end take at least 2 bytes: room for them all at
  // once, so that 32,000 names are not copied to ever larger arrays (fresh
  // memory each time, a page fault per 4 KB). Room never written to costs
  // no memory.
  std::error_code unknown_size;
  const std::uintmax_t bytes = std::filesystem::file_size(path, unknown_size);
  if (!unknown_size) names.reserve(static_cast<std::size_t>(std::min<std::uintmax_t>(bytes / 2 + 1, 1u << 22)));
  for (std::string line; lines.next(line);) {
    if (line.empty()) continue;
    for (char c : line) {
      const bool printable = c >= ' ' && c <= '~';
      if (!printable || (!known.empty() && known.find(c) == std::string::npos))
        throw lines.error(fmt::format("'{}' holds '{}', {}", nn::excerpt(line), nn::excerpt(std::string(1, c)),
                                      printable ? "which the loaded model never saw (it knows '" + known + "')"
                                                : "which is not printable ASCII"));
    }
    if (line.size() >= context)
      throw lines.error(fmt::format("'{}' has {} characters; the context holds {} tokens, BOS and at most {}",
                                    nn::excerpt(line), line.size(), context, context - 1));
    names.push_back(line);
  }
  if (names.empty()) throw std::runtime_error(path + ": no names in the file (one name per line)");
  return names;
}

// ---- The model. A position's vector starts as what its token is plus
// where it stands; in each block, attention mixes in what earlier positions
// offer and an MLP works on the result, each adding its output to its
// input (the residual stream). Last, lm_head scores every possible next token.
struct Cache {  // what attention at later positions reads: each earlier position's key and value
  std::vector<std::vector<Value>> keys, values;
};

struct Block : nn::Module {
  explicit Block(nn::Random& random)
      : attn_wq(width, width, initial_spread, random), attn_wk(width, width, initial_spread, random),
        attn_wv(width, width, initial_spread, random), attn_wo(width, width, initial_spread, random),
        mlp_fc1(width, 4 * width, initial_spread, random), mlp_fc2(4 * width, width, initial_spread, random) {}
  std::vector<nn::NamedParameter> named_parameters() const override {
    return nn::parameters_of(nn::named("attn_wq", attn_wq), nn::named("attn_wk", attn_wk), nn::named("attn_wv", attn_wv),
                             nn::named("attn_wo", attn_wo), nn::named("mlp_fc1", mlp_fc1), nn::named("mlp_fc2", mlp_fc2));
  }
  std::string architecture() const override { return fmt::format("Block({}, heads {})", width, heads); }

  nn::Linear attn_wq, attn_wk, attn_wv, attn_wo, mlp_fc1, mlp_fc2;
};

// One head, for the newest position, on entries [first, first + head_width):
// its query scores every cached key (a dot product, scaled so scores do not
// grow with the head's width), softmax turns the scores into weights, and
// the output is the weighted mix of the cached values.
void attend(std::span<const Value> query, const Cache& cache, std::size_t first, std::span<Value> out) {
  const std::size_t positions = cache.keys.size();
  std::vector<Value> scores(positions), column(positions);
  for (std::size_t t = 0; t < positions; ++t)
    scores[t] = dot(query.subspan(first, head_width), std::span(cache.keys[t]).subspan(first, head_width)) /
                std::sqrt(static_cast<double>(head_width));
  const std::vector<Value> weights = nn::softmax(scores);
  for (std::size_t j = first; j < first + head_width; ++j) {
    for (std::size_t t = 0; t < positions; ++t) column[t] = cache.values[t][j];
    out[j] = dot(weights, column);
  }
}

class MicroGPT : public nn::Module {
 public:
  // `characters` are the tokens but BOS, sorted. Weights are drawn in the order of parameters().
  MicroGPT(const std::string& characters, nn::Random& random)
      : characters_(characters), wte_(characters.size() + 1, width, initial_spread, random),
        wpe_(context, width, initial_spread, random), lm_head_(width, characters.size() + 1, initial_spread, random) {
    for (std::size_t layer = 0; layer < layers; ++layer) blocks_.emplace_back(random);
    label_parameters();  // pictures and explain show "layers.0.attn_wq.weight.2.5", not "weight.2.5"
  }

  // Scores (logits) for the token after `token`, which stands at `position`;
  // cache[layer] holds the earlier positions' keys and values.
  std::vector<Value> operator()(std::size_t token, std::size_t position, std::vector<Cache>& cache) const {
    std::vector<Value> x(width), residual, mixed(width);
    for (std::size_t i = 0; i < width; ++i) x[i] = wte_(token)[i] + wpe_(position)[i];
    x = nn::rmsnorm(x);  // keeps each vector at a typical size, so nothing blows up or dies out
    for (std::size_t layer = 0; layer < layers; ++layer) {
      const Block& block = blocks_[layer];
      residual = x;
      x = nn::rmsnorm(x);
      const std::vector<Value> query = block.attn_wq(x);
      cache[layer].keys.push_back(block.attn_wk(x));
      cache[layer].values.push_back(block.attn_wv(x));
      for (std::size_t head = 0; head < heads; ++head) attend(query, cache[layer], head * head_width, mixed);
      x = block.attn_wo(mixed);
      for (std::size_t i = 0; i < width; ++i) x[i] += residual[i];
      residual = x;
      x = block.mlp_fc2(block.mlp_fc1(nn::rmsnorm(x), nn::Activation::relu));
      for (std::size_t i = 0; i < width; ++i) x[i] += residual[i];
    }
    return lm_head_(x);
  }

  // Named as in the original ("wte.weight.3.7", "layers.0.attn_wq.weight.2.5"), in the order of --init.
  std::vector<nn::NamedParameter> named_parameters() const override {
    return nn::parameters_of(nn::named("wte", wte_), nn::named("wpe", wpe_), nn::named("lm_head", lm_head_),
                             nn::named("layers", blocks_));
  }
  // The characters are part of the model: a saved model knows its vocabulary.
  std::string architecture() const override { return describe(characters_); }
  static std::string describe(const std::string& characters) {
    return fmt::format("MicroGPT([{}], width {}, heads {}, layers {}, context {})", characters, width, heads,
                       layers, context);
  }
  std::size_t bos() const { return characters_.size(); }

 private:
  std::string characters_;
  nn::Embedding wte_, wpe_;  // a vector per token, a vector per position
  nn::Linear lm_head_;
  std::vector<Block> blocks_;
};

// The characters of a model saved with --save, from its architecture line.
std::string saved_characters(const std::string& path) {
  const std::string saved = nn::read_model_header(path).architecture, empty = MicroGPT::describe("");
  const std::size_t cut = empty.find(']');
  const bool fits = saved.size() > empty.size() && saved.starts_with(empty.substr(0, cut)) &&
                    saved.ends_with(empty.substr(cut));
  const std::string characters = fits ? saved.substr(cut, saved.size() - empty.size()) : "";
  if (characters.empty() || std::adjacent_find(characters.begin(), characters.end(), std::greater_equal<>()) !=
                                characters.end())  // sorted, each once
    throw std::runtime_error(fmt::format("{}: not a model of this example: '{}'", path, nn::excerpt(saved, 200)));
  return characters;
}

// The whole example, once the command line is read.
int run(const microgpt::Options& options) {
  nn::Random random(options.seed);
  // The vocabulary: a saved model's characters, or else the data's, sorted, each once.
  std::string characters = options.load.empty() ? "" : saved_characters(options.load);
  std::vector<std::string> names = read_names(options.data, characters);
  if (characters.empty()) {
    std::array<bool, 128> seen{};  // read_names let printable ASCII through only
    for (const std::string& name : names)
      for (char c : name) seen[static_cast<unsigned char>(c)] = true;
    for (char c = ' '; c <= '~'; ++c)
      if (seen[static_cast<unsigned char>(c)]) characters += c;
  }
  if (options.shuffle)  // Fisher-Yates, with the library's generator: the same on every machine
    for (std::size_t k = names.size(); k > 1; --k) std::swap(names[k - 1], names[random.below(k)]);

  const MicroGPT model(characters, random);
  if (!options.init.empty()) nn::load_numbers(model, options.init);
  if (!options.load.empty()) nn::load(model, options.load);
  std::vector<Value> parameters = model.parameters();
  fmt::print("{} names, {} tokens, {} parameters\n", names.size(), characters.size() + 1, parameters.size());

  // ---- Training. Each step reads one name and predicts each next token;
  // the loss is the mean of -log(probability given to the true next token).
  // Adam's learning rate falls linearly from 0.01 to 0 over the run.
  const double steps = static_cast<double>(options.steps);
  nn::Adam adam(parameters, [steps](std::size_t k) { return 0.01 * (1.0 - static_cast<double>(k) / steps); },
                {.beta1 = 0.85, .beta2 = 0.99, .epsilon = 1e-8});
  nn::Progress progress(options.steps);  // a live line on a terminal
  std::vector<double> losses;
  // --gradients: a line per step, written as it goes (a step's line is tens
  // of kilobytes); the file appears whole once training ends.
  std::optional<nn::AtomicFile> gradients;
  if (!options.gradients.empty()) gradients.emplace(options.gradients);
  for (std::size_t step = 0; step < options.steps; ++step) {
    backprop::GraphScope scope;  // this step's graph is released when the step ends
    const std::string& name = names[step % names.size()];
    std::vector<std::size_t> tokens{model.bos()};
    for (char c : name) tokens.push_back(characters.find(c));
    tokens.push_back(model.bos());

    std::vector<Cache> cache(layers);
    std::vector<std::vector<Value>> logits;
    for (std::size_t position = 0; position + 1 < tokens.size(); ++position)
      logits.push_back(model(tokens[position], position, cache));
    const Value loss = nn::softmax_cross_entropy(logits, std::span(tokens).subspan(1));  // the mean over positions

    adam.zero_grad();
    loss.backward();
    if (gradients) {
      std::string line;
      for (std::size_t k = 0; k < parameters.size(); ++k)
        line += fmt::format("{}{}", parameters[k].grad(), k + 1 < parameters.size() ? " " : "\n");
      gradients->write(line);
    }
    adam.step();

    losses.push_back(loss.data());
    if (options.print_every > 0 && (step + 1) % options.print_every == 0)
      progress.print(fmt::format("step {} loss {}\n", step + 1, loss.data()));  // {}: reads back to the same double
    progress.update(step + 1, loss.data());
  }
  if (!losses.empty()) {
    const std::size_t last = std::min<std::size_t>(100, losses.size());
    progress.print(fmt::format("trained {} steps in {:.3f} s ({:.0f} steps/s): loss {:.4f} at the first step, {:.4f} "
                               "on average over the last {}\n", losses.size(), progress.seconds(),
                               static_cast<double>(losses.size()) / progress.seconds(), losses.front(),
                               std::accumulate(losses.end() - last, losses.end(), 0.0) / static_cast<double>(last), last));
  }
  if (gradients) gradients->commit();
  if (!options.save.empty()) nn::save(model, options.save);

  // ---- Sampling: the model makes up names a character at a time, each
  // drawn from softmax(logits / temperature), until it draws BOS (the end).
  for (std::size_t sample = 0; sample < options.samples; ++sample) {
    backprop::GraphScope scope;
    backprop::NoGrad no_grad;  // nothing to differentiate here
    std::vector<Cache> cache(layers);
    std::string name;
    for (std::size_t position = 0, token = model.bos(); position < context; ++position) {
      std::vector<Value> logits = model(token, position, cache);
      for (Value& logit : logits) logit = logit / options.temperature;
      std::vector<double> probabilities;
      for (const Value& p : nn::softmax(logits)) probabilities.push_back(p.data());
      token = random.categorical(probabilities);
      if (token == model.bos()) break;
      name += characters[token];
    }
    fmt::print("{}{}\n", sample == 0 ? fmt::format("{} made-up names:\n", options.samples) : "", name);
  }
  return 0;
}

}  // namespace

// The command line is read in microgpt_options.hpp; every write is checked,
// and an error is reported as "microgpt: ..." with exit status 1.
int main(int argc, char** argv) {
  backprop::tools::Program program("microgpt", std::string(microgpt::usage));
  microgpt::Options options;
  microgpt::add_options(program, options);
  return program.run(argc, argv, [&] {
    if (!options.init.empty() && !options.load.empty())
      return program.usage_error("--init and --load both set the weights; give one");
    return run(options);
  });
}
