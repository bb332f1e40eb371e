// grad(), hessian() and hessian_vector_product().
//
// A plain gradient is backward() into a buffer of its own. A gradient with
// create_graph is the same chain rule, node by node from the output down,
// with every number a Value:
//
//   for (node from output down to the lowest input)
//     for (input, local derivative of node)
//       gradient[input] += gradient[node] * local derivative   // recorded
//
// where each local derivative is written with Values (local_derivative
// below: d tanh(x)/dx = 1 - tanh(x)^2 reads the node's own Value), so that
// the result is a graph that can be differentiated again. To keep that graph
// small, a node's gradient is collected as a list of terms (gradient of a
// user times a factor) and recorded once, when every user of the node has
// sent its share: as one dot product, plus the terms without a factor.
// Only nodes on a path from an input to the output take part.
#include "autodiff/grad.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <unordered_map>

#include <fmt/format.h>

#include "autodiff/detail/inputs.hpp"
#include "autodiff/tape.hpp"

namespace backprop {

namespace {

using detail::NodeWord;
using detail::Recorder;

// Checks every handle before anything is recorded: a default Value, a
// released one or another thread's throws, a value without a node is fine.
void check_all(const Recorder& tape, const Value& output, const std::vector<Value>& inputs) {
  if (output.handle().stamp != detail::Handle::no_node_stamp) tape.check(output.handle());
  for (const Value& input : inputs)
    if (input.handle().stamp != detail::Handle::no_node_stamp) tape.check(input.handle());
}

// Second derivatives differentiate a recorded gradient: under NoGrad there
// would be none, and every answer 0.
void check_recording(const Recorder& tape, std::string_view function) {
  if (!tape.recording())
    throw std::logic_error(fmt::format("{}: needs the gradient's graph, which is not recorded under NoGrad",
                                       function));
}

bool reachable(const Value& input, std::uint32_t root) {
  return input.handle().has_node() && input.id() <= root;
}

std::vector<Value> plain_gradient(Recorder& tape, const Value& output, const std::vector<Value>& inputs) {
  std::vector<Value> result;
  result.reserve(inputs.size());
  if (!output.handle().has_node()) {
    for (std::size_t k = 0; k < inputs.size(); ++k) result.emplace_back(0.0);
    return result;
  }
  const std::uint32_t root = output.id();
  std::vector<double> gradients(std::size_t{root} + 1, 0.0);
  tape.backward_into(output.handle(), gradients);
  for (const Value& input : inputs) result.emplace_back(reachable(input, root) ? gradients[input.id()] : 0.0);
  return result;
}

// The recorded backward pass of one grad(..., {.create_graph = true}).
class GradientGraph {
 public:
  GradientGraph(Recorder& tape, std::uint32_t root, const std::vector<Value>& inputs)
      : tape_(tape), root_(root), low_(root) {
    for (const Value& input : inputs)
      if (reachable(input, root)) low_ = std::min(low_, input.id());
    flags_.assign(std::size_t{root_ - low_} + 1, 0);
    first_term_.assign(flags_.size(), no_term);
    for (const Value& input : inputs)
      if (reachable(input, root)) flags_[input.id() - low_] |= is_input;
    mark_needed();
  }

  std::vector<Value> run(const std::vector<Value>& inputs) {
    if (needed(root_)) {
      add_term(root_, Term{{}, {}, 1.0, no_term});  // d output / d output = 1
      for (std::uint32_t index = root_ + 1; index-- > low_;) visit(index);
    }
    std::vector<Value> result;
    result.reserve(inputs.size());
    for (const Value& input : inputs) {
      const auto found = reachable(input, root_) ? found_.find(input.id()) : found_.end();
      result.push_back(found == found_.end() ? Value(0.0) : found->second);
    }
    return result;
  }

 private:
  static constexpr std::uint32_t no_term = ~std::uint32_t{0};
  static constexpr std::uint8_t is_input = 1, is_needed = 2;

  // A node's gradient while it is recorded: a Value, or exactly 1 (the
  // output's own, or x's in x + 1), which multiplies nothing.
  struct Gradient {
    Value value;
    bool is_one = false;
  };
  // One share of a node's gradient: scale * gradient * factor, where an
  // empty gradient or factor stands for 1.
  struct Term {
    Value gradient, factor;
    double scale = 1.0;
    std::uint32_t next = no_term;
  };

  bool needed(std::uint32_t index) const { return index >= low_ && (flags_[index - low_] & is_needed) != 0; }

  // Forward over the nodes from the lowest input up: a node takes part if it
  // is an input or reads one that does.
  void mark_needed() {
    for (std::uint32_t index = low_; index <= root_; ++index) {
      std::uint8_t& flags = flags_[index - low_];
      if (flags & is_input) {
        flags |= is_needed;
        continue;
      }
      detail::for_each_input(tape_, index, [&](std::uint32_t input, double, std::uint32_t) {
        if (needed(input)) flags |= is_needed;
      });
    }
  }

  Value node(std::uint32_t index) const { return detail::wrap(tape_.handle_at(index)); }

  void add_term(std::uint32_t index, Term term) {
    term.next = first_term_[index - low_];
    first_term_[index - low_] = static_cast<std::uint32_t>(terms_.size());
    terms_.push_back(std::move(term));
  }
  // input's gradient += g * factor * scale (factor: nullptr for 1).
  void send(std::uint32_t input, const Gradient& g, const Value* factor = nullptr, double scale = 1.0) {
    if (!needed(input)) return;
    add_term(input, Term{g.is_one ? Value() : g.value, factor != nullptr ? *factor : Value(), scale, no_term});
  }
  void send(std::uint32_t input, const Gradient& g, const Value& factor) { send(input, g, &factor); }

  // Records the sum of the node's terms, now that all its users have sent
  // theirs: products as one dot (weighted_sum when there are other terms),
  // the rest added to it. nullopt if nothing reached the node.
  std::optional<Gradient> gather(std::uint32_t index) {
    std::uint32_t term = first_term_[index - low_];
    if (term == no_term) return std::nullopt;
    order_.clear();
    for (; term != no_term; term = terms_[term].next) order_.push_back(term);
    factors_.clear();
    gradients_.clear();
    singles_.clear();
    double constant = 0.0;
    for (auto it = order_.rbegin(); it != order_.rend(); ++it) {  // in the order they were sent
      const Term& t = terms_[*it];
      const bool has_gradient = t.gradient.handle().stamp != detail::Handle::empty_stamp;
      const bool has_factor = t.factor.handle().stamp != detail::Handle::empty_stamp;
      if (has_gradient && has_factor) {
        gradients_.push_back(t.gradient);
        factors_.push_back(t.scale == 1.0 ? t.factor : t.factor * t.scale);
      } else if (has_gradient || has_factor) {
        const Value& v = has_gradient ? t.gradient : t.factor;
        singles_.push_back(t.scale == 1.0 ? v : t.scale == -1.0 ? -v : v * t.scale);
      } else {
        constant += t.scale;
      }
    }
    if (gradients_.empty() && singles_.empty()) {
      if (constant == 1.0) return Gradient{{}, true};
      return Gradient{Value(constant)};
    }
    // Many terms without a factor (a bias shared by every example) are
    // summed as one dot with 1s rather than a chain of additions.
    if (singles_.size() > 2) {
      if (!one_) one_ = Value(1.0);
      for (const Value& single : singles_) {
        gradients_.push_back(single);
        factors_.push_back(*one_);
      }
      singles_.clear();
    }
    std::optional<Value> rest;
    for (const Value& single : singles_) rest = rest ? *rest + single : single;
    if (constant != 0.0) rest = rest ? *rest + constant : Value(constant);
    if (gradients_.empty()) return Gradient{*rest};
    if (gradients_.size() == 1 && !rest) return Gradient{gradients_[0] * factors_[0]};
    return Gradient{rest ? weighted_sum(gradients_, factors_, *rest) : dot(gradients_, factors_)};
  }

  void found(std::uint32_t index, const Gradient& g) {
    if (flags_[index - low_] & is_input) found_.insert_or_assign(index, g.is_one ? Value(1.0) : g.value);
  }

  void visit(std::uint32_t index) {
    const std::uint64_t word = tape_.word(index);
    const Op op = NodeWord::op(word);
    if (op == Op::linear) return differentiate_layer(index);
    if (op == Op::linear_row || !needed(index)) return;  // a row: its layer's first output does it
    const std::optional<Gradient> g = gather(index);
    if (!g) return;
    found(index, *g);
    send_through(index, op, word, *g);
  }

  // The chain rule at one node, with each local derivative as a Value: the
  // same derivatives as backward()'s (op.hpp), written so that they can be
  // differentiated again. Piecewise ones (relu, abs) are constants.
  void send_through(std::uint32_t index, Op op, std::uint64_t word, const Gradient& g) {
    const std::uint32_t a = NodeWord::first(word), b = NodeWord::second(word);
    const auto self = [&] { return node(index); };
    const double partial = tape_.partial(index, 0);
    switch (op) {
      case Op::leaf:
      case Op::linear:
      case Op::linear_row:
        return;
      case Op::add:
        send(a, g);
        send(b, g);
        return;
      case Op::sub:
        send(a, g);
        send(b, g, nullptr, -1.0);
        return;
      case Op::mul:  // d(ab)/da = b, d(ab)/db = a
        if (needed(a)) send(a, g, node(b));
        if (needed(b)) send(b, g, node(a));
        return;
      case Op::div:  // d(a/b)/da = 1/b, d(a/b)/db = -(a/b)/b
        if (needed(a)) send(a, g, 1.0 / node(b));
        if (needed(b)) send(b, g, -(self() / node(b)));
        return;
      case Op::pow:  // d(a^b)/da = b a^(b-1), d(a^b)/db = a^b ln a (a > 0, or it was refused)
        if (needed(a)) send(a, g, node(b) * pow(node(a), node(b) - 1.0));
        if (needed(b)) send(b, g, self() * log(node(a)));
        return;
      case Op::neg:
        send(a, g, nullptr, -1.0);
        return;
      case Op::exp:
        if (needed(a)) send(a, g, self());
        return;
      case Op::log:
        if (needed(a)) send(a, g, 1.0 / node(a));
        return;
      case Op::tanh:
        if (needed(a)) {
          const Value t = self();
          send(a, g, 1.0 - t * t);
        }
        return;
      case Op::sigmoid:
        if (needed(a)) {
          const Value s = self();
          send(a, g, s * (1.0 - s));
        }
        return;
      case Op::sqrt:
        if (needed(a)) send(a, g, 0.5 / self());
        return;
      case Op::sin:
        if (needed(a)) send(a, g, cos(node(a)));
        return;
      case Op::cos:
        if (needed(a)) send(a, g, -sin(node(a)));
        return;
      case Op::relu:  // 1 or 0 (NaN at NaN): constant pieces, so the second derivative is 0
      case Op::abs:   // sign(x)
      case Op::mul_constant:
      case Op::div_by_constant:
        // A piece whose slope is 0 sends nothing: the gradient through it is
        // exactly 0, as in PyTorch.
        if (partial != 0.0) send(a, g, nullptr, partial);
        return;
      case Op::add_constant:
        send(a, g);
        return;
      case Op::constant_div:  // d(c/a)/da = -(c/a)/a
        if (needed(a)) send(a, g, -(self() / node(a)));
        return;
      case Op::pow_constant:
        send_through_power(a, tape_.partial(index, 1), g);
        return;
      case Op::weighted_sum:
      case Op::dot: {  // g to the bias, g * x_k to w_k, g * w_k to x_k
        const std::uint32_t* operand = tape_.operands(a);
        if (op == Op::weighted_sum) send(*operand++, g);
        for (std::uint32_t pair = 0; pair < b; ++pair, operand += 2) {
          if (needed(operand[0])) send(operand[0], g, node(operand[1]));
          if (needed(operand[1])) send(operand[1], g, node(operand[0]));
        }
        return;
      }
    }
  }

  // d(x^c)/dx = c x^(c-1), recorded without pow's domain check: where x^c
  // was defined but its derivative is not (sqrt at 0), the derivative is
  // what the first order gives (inf), not an error.
  void send_through_power(std::uint32_t a, double c, const Gradient& g) {
    if (c == 0.0 || !needed(a)) return;
    if (c == 1.0) return send(a, g);
    const Value x = node(a);
    if (c == 2.0) return send(a, g, &x, 2.0);
    const Value power = detail::unary(Op::pow_constant, x, c - 1.0,
                                      [c](double v) { return detail::power_rule(v, c - 1.0); });
    send(a, g, &power, c);
  }

  // A layer at its first output: each row's gradient g_r sends g_r to its
  // bias, g_r * x_k to its weight k and g_r * W[r][k] to input k (input k's
  // terms from all rows become one dot when it is gathered).
  void differentiate_layer(std::uint32_t head) {
    const detail::LinearLayer layer = detail::LinearLayer::at(tape_, head);
    const std::uint32_t rows = std::min(layer.rows, root_ - head + 1), inputs = layer.input_count();
    std::vector<std::optional<Value>> x(inputs);  // the inputs' Values, made once
    for (std::uint32_t row = 0; row < rows; ++row) {
      if (!needed(head + row)) continue;
      const std::optional<Gradient> g = gather(head + row);
      if (!g) continue;
      found(head + row, *g);
      const std::uint32_t first = layer.weights + row * layer.cols;
      if (layer.has_bias) send(first + inputs, *g);
      for (std::uint32_t k = 0; k < inputs; ++k) {
        const std::uint32_t input = layer.inputs[k];
        if (needed(first + k)) {
          if (!x[k]) x[k] = node(input);
          send(first + k, *g, *x[k]);
        }
        if (needed(input)) send(input, *g, node(first + k));
      }
    }
  }

  Recorder& tape_;
  const std::uint32_t root_;
  std::uint32_t low_;                       // the lowest input: nothing below can matter
  std::vector<std::uint8_t> flags_;         // is_input, is_needed, from low_
  std::vector<std::uint32_t> first_term_;   // each node's latest term, from low_
  std::vector<Term> terms_;
  std::unordered_map<std::uint32_t, Value> found_;  // the inputs' gradients
  std::optional<Value> one_;
  // gather()'s working lists, kept between calls
  std::vector<std::uint32_t> order_;
  std::vector<Value> gradients_, factors_, singles_;
};

}  // namespace

std::vector<Value> grad(const Value& output, const std::vector<Value>& inputs, GradOptions options) {
  Recorder& tape = Recorder::current();
  check_all(tape, output, inputs);
  if (!options.create_graph) return plain_gradient(tape, output, inputs);
  if (!output.handle().has_node()) return std::vector<Value>(inputs.size(), Value(0.0));
  return GradientGraph(tape, output.id(), inputs).run(inputs);
}

std::vector<std::vector<double>> hessian(const Value& output, const std::vector<Value>& inputs) {
  Recorder& tape = Recorder::current();
  check_all(tape, output, inputs);
  check_recording(tape, "hessian");
  const GraphScope scope;  // the gradient's graph is released on return
  const std::vector<Value> gradient = grad(output, inputs, {.create_graph = true});
  std::vector<std::vector<double>> result;
  result.reserve(inputs.size());
  for (const Value& row : gradient) {
    std::vector<double>& numbers = result.emplace_back();
    numbers.reserve(inputs.size());
    for (const Value& entry : plain_gradient(tape, row, inputs)) numbers.push_back(entry.data());
  }
  return result;
}

std::vector<double> hessian_vector_product(const Value& output, const std::vector<Value>& inputs,
                                           const std::vector<double>& v) {
  if (v.size() != inputs.size())
    throw std::invalid_argument(fmt::format(
        "hessian_vector_product: expected one entry of v per input ({}), got {}", inputs.size(), v.size()));
  Recorder& tape = Recorder::current();
  check_all(tape, output, inputs);
  check_recording(tape, "hessian_vector_product");
  const GraphScope scope;  // the gradient's graph is released on return
  const std::vector<Value> gradient = grad(output, inputs, {.create_graph = true});
  const std::vector<Value> direction(v.begin(), v.end());
  const std::vector<Value> product = plain_gradient(tape, dot(gradient, direction), inputs);
  std::vector<double> result;
  result.reserve(product.size());
  for (const Value& entry : product) result.push_back(entry.data());
  return result;
}

}  // namespace backprop
