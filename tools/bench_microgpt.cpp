// W4: one generic forward pass of the GPT (gpt_loss) runs on two sets of
// operations: the engine's (Values, linear(), dot(), nn::rmsnorm, ...) and a
// flat tape's (ScalarTape below); each step then goes backward and takes an
// Adam step, and the two are timed in alternation.
#include "tools/bench_microgpt.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <span>
#include <stdexcept>

#include <fmt/format.h>

#include "autodiff/autodiff.hpp"
#include "nn/io/io.hpp"
#include "nn/nn.hpp"
#include "nn/show/show.hpp"
#include "tools/bench_timing.hpp"

namespace backprop::bench {

namespace {

constexpr std::size_t context = 16, width = 16, heads = 4, head_width = 4, hidden = 4 * width;
constexpr double beta1 = 0.85, beta2 = 0.99, epsilon = 1e-8;

// The parameter matrices, in the example's order, as plain numbers.
enum Weight { wte, wpe, lm_head, attn_wq, attn_wk, attn_wv, attn_wo, mlp_fc1, mlp_fc2, weight_count };
struct Shape {
  std::size_t rows, cols;
};
std::array<Shape, weight_count> shapes(std::size_t vocabulary) {
  return {{{vocabulary, width}, {context, width}, {vocabulary, width}, {width, width}, {width, width},
           {width, width}, {width, width}, {hidden, width}, {width, hidden}}};
}

// ---- The forward pass, once for both: `Ops` says what a number is and how
// each piece is computed and recorded.
template <typename Ops>
typename Ops::Scalar gpt_loss(Ops& ops, const std::vector<std::size_t>& tokens) {
  using Vector = std::vector<typename Ops::Scalar>;
  std::vector<Vector> keys, values, logits;
  Vector mixed(width), scores, column;
  for (std::size_t position = 0; position + 1 < tokens.size(); ++position) {
    Vector x = ops.rmsnorm(ops.add(ops.row(wte, tokens[position]), ops.row(wpe, position)));
    const Vector attention_input = ops.rmsnorm(x);
    const Vector query = ops.linear(attn_wq, attention_input, false);
    keys.push_back(ops.linear(attn_wk, attention_input, false));
    values.push_back(ops.linear(attn_wv, attention_input, false));
    scores.resize(keys.size());
    column.resize(keys.size());
    for (std::size_t first = 0; first < width; first += head_width) {
      const auto head = [first](const Vector& v) { return std::span(v).subspan(first, head_width); };
      for (std::size_t t = 0; t < keys.size(); ++t)
        scores[t] = ops.scale(ops.dot(head(query), head(keys[t])), 1.0 / std::sqrt(double(head_width)));
      const Vector weights = ops.softmax(scores);
      for (std::size_t j = first; j < first + head_width; ++j) {
        for (std::size_t t = 0; t < values.size(); ++t) column[t] = values[t][j];
        mixed[j] = ops.dot(weights, column);
      }
    }
    x = ops.add(ops.linear(attn_wo, mixed, false), x);
    x = ops.add(ops.linear(mlp_fc2, ops.linear(mlp_fc1, ops.rmsnorm(x), true), false), x);
    logits.push_back(ops.linear(lm_head, x, false));
  }
  return ops.mean_cross_entropy(logits, std::span(tokens).subspan(1));
}

// ---- On the engine: the nn pieces examples/microgpt.cpp is built from.
struct EngineOps {
  using Scalar = Value;
  using Vector = std::vector<Value>;
  std::vector<Matrix> weights;

  Vector row(Weight w, std::size_t r) const { return weights[w].row(r); }
  Vector add(const Vector& a, const Vector& b) const {
    Vector sum(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) sum[i] = a[i] + b[i];
    return sum;
  }
  Vector rmsnorm(const Vector& x) const { return nn::rmsnorm(x); }
  Vector linear(Weight w, const Vector& x, bool relu) const {
    return backprop::linear(weights[w], x, Bias::none, relu ? Activation::relu : Activation::linear);
  }
  Value dot(std::span<const Value> a, std::span<const Value> b) const { return backprop::dot(a, b); }
  Value scale(const Value& a, double c) const { return a * c; }
  Vector softmax(const Vector& z) const { return nn::softmax(z); }
  Value mean_cross_entropy(const std::vector<Vector>& logits, std::span<const std::size_t> targets) const {
    return nn::softmax_cross_entropy(logits, targets);
  }
};

// ---- The baseline: a tape written only for this model. A number is a
// position in `value`; each 16-byte entry says that `out` depends on `a`
// and `b`: as a product (out += a * b, the partials are the other factor's
// number, read back during backward) or with partials kept in `partials`
// (single-input operations point b at the constant slot 0). Numbers and
// entries are written at a bump index into arrays kept from step to step.
// Backward sweeps the entries once, last to first.
class ScalarTape {
 public:
  using Scalar = std::uint32_t;
  using Vector = std::vector<Scalar>;

  ScalarTape(const std::vector<std::vector<double>>& matrices, std::size_t vocabulary) : shapes_(shapes(vocabulary)) {
    value_.push_back(0.0);  // slot 0: a constant for single-input entries
    for (const auto& numbers : matrices) {
      first_.push_back(static_cast<Scalar>(value_.size()));
      value_.insert(value_.end(), numbers.begin(), numbers.end());
    }
    parameters_ = values_ = value_.size();
    value_.resize(4 * value_.size());
  }

  Vector row(Weight w, std::size_t r) const {
    Vector numbers(width);
    for (std::size_t c = 0; c < width; ++c) numbers[c] = first_[w] + static_cast<Scalar>(r * width + c);
    return numbers;
  }
  Vector add(const Vector& a, const Vector& b) {
    Vector sum(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) sum[i] = record(value_[a[i]] + value_[b[i]], a[i], 1.0, b[i], 1.0);
    return sum;
  }
  Vector rmsnorm(const Vector& x) {
    double squares = 0.0;
    for (Scalar xi : x) squares += value_[xi] * value_[xi];
    const Scalar sum = fresh(squares);
    for (Scalar xi : x) link(sum, xi, 2.0 * value_[xi]);
    const double n = static_cast<double>(x.size()), scale = std::pow(squares / n + 1e-5, -0.5);
    const Scalar s = record(scale, sum, -0.5 * scale * scale * scale / n);
    Vector out(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
      out[i] = fresh(value_[x[i]] * scale);
      product(out[i], x[i], s);
    }
    return out;
  }
  Vector linear(Weight w, const Vector& x, bool relu) {
    const std::size_t rows = shapes_[w].rows, cols = x.size();
    Vector out(rows);
    for (std::size_t r = 0; r < rows; ++r) {
      const Scalar first = first_[w] + static_cast<Scalar>(r * cols);
      double sum = 0.0;
      for (std::size_t c = 0; c < cols; ++c) sum += value_[first + c] * value_[x[c]];
      out[r] = fresh(sum);
      if (entries_count_ + cols > entries_.size()) entries_.resize(2 * entries_.size() + cols);
      Entry* entry = entries_.data() + entries_count_;
      for (std::size_t c = 0; c < cols; ++c) entry[c] = {out[r], first + static_cast<Scalar>(c), x[c], product_entry};
      entries_count_ += cols;
      if (relu) out[r] = record(sum > 0.0 ? sum : 0.0, out[r], sum > 0.0 ? 1.0 : 0.0);
    }
    return out;
  }
  Scalar dot(std::span<const Scalar> a, std::span<const Scalar> b) {
    double sum = 0.0;
    for (std::size_t k = 0; k < a.size(); ++k) sum += value_[a[k]] * value_[b[k]];
    const Scalar out = fresh(sum);
    for (std::size_t k = 0; k < a.size(); ++k) product(out, a[k], b[k]);
    return out;
  }
  Scalar scale(Scalar a, double c) { return record(value_[a] * c, a, c); }
  Vector softmax(const Vector& z) {
    double largest = value_[z[0]];
    for (Scalar zi : z) largest = std::max(largest, value_[zi]);
    Vector exps(z.size()), out(z.size());
    double total = 0.0;
    for (std::size_t i = 0; i < z.size(); ++i) {
      const double e = std::exp(value_[z[i]] - largest);
      exps[i] = record(e, z[i], e);
      total += e;
    }
    const Scalar sum = fresh(total);
    for (Scalar e : exps) link(sum, e, 1.0);
    for (std::size_t i = 0; i < z.size(); ++i) {
      const double p = value_[exps[i]] / total;
      out[i] = record(p, exps[i], 1.0 / total, sum, -p / total);
    }
    return out;
  }
  // mean over positions of log(sum exp(z)) - z[target]
  Scalar mean_cross_entropy(const std::vector<Vector>& logits, std::span<const std::size_t> targets) {
    const double n = static_cast<double>(logits.size());
    double total = 0.0;
    std::vector<Scalar> losses;
    for (std::size_t t = 0; t < logits.size(); ++t) {
      const Vector& z = logits[t];
      double largest = value_[z[0]];
      for (Scalar zi : z) largest = std::max(largest, value_[zi]);
      double sum = 0.0;
      for (Scalar zi : z) sum += std::exp(value_[zi] - largest);
      const Scalar loss = fresh(std::log(sum) + largest - value_[z[targets[t]]]);
      for (std::size_t k = 0; k < z.size(); ++k)  // d loss / d z_k = softmax_k - [k == target]
        link(loss, z[k], std::exp(value_[z[k]] - largest) / sum - (k == targets[t] ? 1.0 : 0.0));
      losses.push_back(loss);
      total += value_[loss];
    }
    const Scalar mean = fresh(total / n);
    for (Scalar loss : losses) link(mean, loss, 1.0 / n);
    return mean;
  }

  // d root / d every parameter, into grad().
  void backward(Scalar root) {
    grad_.assign(values_, 0.0);
    grad_[root] = 1.0;
    const double* const value = value_.data();
    for (std::size_t k = entries_count_; k-- > 0;) {
      const Entry entry = entries_[k];
      const double g = grad_[entry.out];
      if (entry.partials == product_entry) {
        grad_[entry.a] += value[entry.b] * g;
        grad_[entry.b] += value[entry.a] * g;
      } else {
        grad_[entry.a] += partials_[entry.partials] * g;
        grad_[entry.b] += partials_[entry.partials + 1] * g;
      }
    }
  }
  // Drops the step's numbers and entries, keeping the parameters.
  void release() {
    values_ = parameters_;
    entries_count_ = partials_count_ = 0;
  }
  double value(Scalar s) const { return value_[s]; }
  std::span<double> parameters() { return std::span(value_).subspan(1, parameters_ - 1); }
  std::span<const double> gradient() const { return std::span(grad_).subspan(1, parameters_ - 1); }
  std::size_t entries() const { return entries_count_; }
  // An entry, with its partials if it keeps them; a number's value and grad.
  std::size_t bytes() const {
    return entries_count_ * sizeof(Entry) + partials_count_ * 8 + (values_ - parameters_) * 16;
  }

 private:
  static constexpr Scalar product_entry = ~Scalar{0};
  struct Entry {
    Scalar out, a, b, partials;  // partials: where da and db are, or product_entry
  };
  // The next place in `array`, which doubles when full.
  template <typename T>
  [[gnu::always_inline]] static T& next(std::vector<T>& array, std::size_t& count) {
    if (count == array.size()) [[unlikely]] array.resize(2 * array.size());
    return array[count++];
  }
  [[gnu::always_inline]] Scalar fresh(double v) {
    const auto index = static_cast<Scalar>(values_);
    next(value_, values_) = v;
    return index;
  }
  [[gnu::always_inline]] void product(Scalar out, Scalar a, Scalar b) { next(entries_, entries_count_) = {out, a, b, product_entry}; }
  void link(Scalar out, Scalar a, double da, Scalar b = 0, double db = 0.0) {
    next(entries_, entries_count_) = {out, a, b, static_cast<Scalar>(partials_count_)};
    next(partials_, partials_count_) = da;
    next(partials_, partials_count_) = db;
  }
  Scalar record(double v, Scalar a, double da, Scalar b = 0, double db = 0.0) {
    const Scalar out = fresh(v);
    link(out, a, da, b, db);
    return out;
  }

  std::array<Shape, weight_count> shapes_;
  std::vector<double> value_, grad_, partials_ = std::vector<double>(1 << 12);
  std::vector<Scalar> first_;
  std::vector<Entry> entries_ = std::vector<Entry>(1 << 16);
  std::size_t parameters_ = 0, values_ = 0, entries_count_ = 0, partials_count_ = 0;
};

// Adam on plain numbers, with the example's betas and schedule.
struct PlainAdam {
  std::vector<double> first, second;
  std::size_t steps = 0;
  void step(std::span<double> parameters, std::span<const double> gradient, double learning_rate) {
    first.resize(parameters.size(), 0.0);
    second.resize(parameters.size(), 0.0);
    ++steps;
    const double correction1 = 1.0 - std::pow(beta1, double(steps)), correction2 = 1.0 - std::pow(beta2, double(steps));
    for (std::size_t k = 0; k < parameters.size(); ++k) {
      first[k] = beta1 * first[k] + (1.0 - beta1) * gradient[k];
      second[k] = beta2 * second[k] + (1.0 - beta2) * gradient[k] * gradient[k];
      parameters[k] -= learning_rate * (first[k] / correction1) / (std::sqrt(second[k] / correction2) + epsilon);
    }
  }
};

// The names as token lists, shuffled as the example shuffles them.
std::vector<std::vector<std::size_t>> tokenized_names(const std::string& path, std::size_t& vocabulary) {
  std::ifstream file(path);
  if (!file) throw std::runtime_error(fmt::format("W4: cannot read the names in {}", path));
  std::vector<std::string> names;
  std::array<bool, 256> seen{};
  for (std::string line; std::getline(file, line);)
    if (!line.empty()) {
      names.push_back(line);
      for (char c : line) seen[static_cast<unsigned char>(c)] = true;
    }
  std::string characters;
  for (int c = 0; c < 256; ++c)
    if (seen[c]) characters += static_cast<char>(c);
  nn::Random random(42);
  for (std::size_t k = names.size(); k > 1; --k) std::swap(names[k - 1], names[random.below(k)]);
  vocabulary = characters.size() + 1;
  std::vector<std::vector<std::size_t>> tokens;
  for (const std::string& name : names) {
    std::vector<std::size_t> ids{characters.size()};
    for (char c : name) ids.push_back(characters.find(c));
    ids.push_back(characters.size());
    tokens.push_back(std::move(ids));
  }
  return tokens;
}

}  // namespace

MicrogptFigures run_microgpt(const std::string& names_path, int repetitions, std::size_t steps) {
  std::size_t vocabulary = 0;
  const auto names = tokenized_names(names_path, vocabulary);
  nn::Random random(42);
  std::vector<std::vector<double>> initial;
  for (const Shape& shape : shapes(vocabulary)) {
    initial.emplace_back(shape.rows * shape.cols);
    for (double& w : initial.back()) w = random.normal(0.0, 0.08);
  }
  EngineOps engine;
  for (std::size_t w = 0; w < weight_count; ++w)
    engine.weights.emplace_back(shapes(vocabulary)[w].rows, shapes(vocabulary)[w].cols, initial[w]);
  std::vector<Value> parameters;
  for (const Matrix& m : engine.weights)
    for (const Value& p : m.values()) parameters.push_back(p);
  ScalarTape tape(initial, vocabulary);

  const std::size_t total_steps = steps * static_cast<std::size_t>(repetitions) + 1;
  const double run = static_cast<double>(total_steps);
  auto learning_rate = [run](std::size_t k) { return 0.01 * (1.0 - static_cast<double>(k) / run); };
  nn::Adam adam(parameters, learning_rate, {.beta1 = beta1, .beta2 = beta2, .epsilon = epsilon});
  PlainAdam tape_adam;
  Tape& engine_tape = Tape::current();
  std::size_t engine_step = 0, tape_step = 0, nodes = 0, operands = 0, entries = 0, bytes = 0;
  auto engine_train = [&] {
    GraphScope scope;
    const std::size_t nodes_before = engine_tape.size(), operands_before = engine_tape.operands_size();
    const Value loss = gpt_loss(engine, names[engine_step % names.size()]);
    nodes += engine_tape.size() - nodes_before;
    operands += engine_tape.operands_size() - operands_before;
    adam.zero_grad();
    loss.backward();
    adam.step();
    ++engine_step;
  };
  auto tape_train = [&] {
    const ScalarTape::Scalar loss = gpt_loss(tape, names[tape_step % names.size()]);
    entries += tape.entries();
    bytes += tape.bytes();
    tape.backward(loss);
    tape_adam.step(tape.parameters(), tape.gradient(), learning_rate(tape_step));
    tape.release();
    ++tape_step;
  };

  // The first step from the same weights: the same gradient on both.
  MicrogptFigures figures;
  {
    GraphScope scope;
    const Value loss = gpt_loss(engine, names[0]);
    loss.backward();
    const ScalarTape::Scalar tape_loss = gpt_loss(tape, names[0]);
    tape.backward(tape_loss);
    double worst = std::fabs(loss.data() - tape.value(tape_loss)) / std::fabs(loss.data());
    for (std::size_t k = 0; k < parameters.size(); ++k) {
      const double a = parameters[k].grad(), b = tape.gradient()[k], scale = std::max(std::fabs(a), std::fabs(b));
      if (scale > 0.0) worst = std::max(worst, std::fabs(a - b) / scale);
    }
    tape.release();
    figures.gradient_difference = worst;
    if (!(worst <= 1e-9))
      throw std::runtime_error(fmt::format("W4: the engine's and the tape's gradients differ by {}", worst));
  }

  figures.steps_per_repetition = steps;
  for (int repetition = 0; repetition < repetitions; ++repetition) {
    const double engine_seconds = seconds([&] { for (std::size_t k = 0; k < steps; ++k) engine_train(); });
    const double tape_seconds = seconds([&] { for (std::size_t k = 0; k < steps; ++k) tape_train(); });
    figures.engine_ms.push_back(engine_seconds / double(steps) * 1e3);
    figures.tape_ms.push_back(tape_seconds / double(steps) * 1e3);
    figures.ratio.push_back(engine_seconds / tape_seconds);
  }
  const double measured = double(engine_step);
  figures.engine_nodes = double(nodes) / measured;
  figures.engine_bytes = (double(nodes) * 40.0 + double(operands) * 4.0) / measured;  // 40 bytes a node, 4 an operand
  figures.tape_entries = double(entries) / measured;
  figures.tape_bytes = double(bytes) / measured;
  return figures;
}

// The engine's time as a ratio to the single-purpose tape's, at most.
constexpr double w4_target = 0.35;

std::string microgpt_text(const MicrogptFigures& f) {
  const std::string ms = "{:9.3f} ms  ({:.3f} .. {:.3f})";
  const double ratio = spread(f.ratio).median;
  return fmt::format(
      "W4  microgpt training step: the GPT of examples/microgpt.cpp, one name, forward + backward + Adam\n"
      "    {:<36} {}  {:7.0f} entries/step  {:8.0f} bytes/step\n"
      "    {:<36} {}  {:7.0f} nodes/step    {:8.0f} bytes/step\n"
      "    {:<36} {}  target <= {:g}x: {}\n"
      "    1,000 steps: {:.3f} s on the engine, {:.3f} s on the tape (medians); gradients agree to {:.1e} (relative)\n",
      "single-purpose scalar tape (baseline)", spread_text(f.tape_ms, ms), f.tape_entries, f.tape_bytes,
      "engine (nn pieces, as the example)", spread_text(f.engine_ms, ms), f.engine_nodes, f.engine_bytes,
      "engine / tape", spread_text(f.ratio, "{:9.2f}x     ({:.2f} .. {:.2f})"), w4_target,
      ratio <= w4_target ? "met" : "MISSED",
      spread(f.engine_ms).median, spread(f.tape_ms).median, f.gradient_difference);
}

std::string microgpt_json(const MicrogptFigures& f) {
  auto json = [](const std::vector<double>& samples) { return json_spread(spread(samples)); };
  return fmt::format(R"({{"steps_per_repetition": {}, "engine_ms_per_step": {}, "tape_ms_per_step": {}, "ratio": {}, )"
                     R"("engine_nodes_per_step": {:.1f}, "engine_bytes_per_step": {:.0f}, "tape_entries_per_step": {:.1f}, )"
                     R"("tape_bytes_per_step": {:.0f}, "target": {:g}, "gradient_difference": {:.3g}}})",
                     f.steps_per_repetition, json(f.engine_ms), json(f.tape_ms), json(f.ratio), f.engine_nodes,
                     f.engine_bytes, f.tape_entries, f.tape_bytes, w4_target, f.gradient_difference);
}

}  // namespace backprop::bench
