// The recorded backward pass of grad(..., {.create_graph = true}): the
// chain rule, node by node from the output down, with every number a Value:
//
//   for (node from output down to the lowest input)
//     for (input, local derivative of node)
//       gradient[input] += gradient[node] * local derivative   // recorded
//
// where each local derivative is written with Values (send_through: d
// tanh(x)/dx = 1 - t*t reads the node's own output t), so that the result
// is a graph that can be differentiated again. To keep that graph small, a
// node's gradient is collected as a list of terms (a user's gradient times
// a factor) and recorded once, when every user has sent its share: as one
// dot product, plus the terms without a factor. A layer's inputs get one
// dot each; a Matrix's weights one dot each, over all the layer's uses.
#include <algorithm>
#include <optional>
#include <span>
#include <utility>

#include "autodiff/detail/gradient_graph.hpp"
#include "autodiff/detail/inputs.hpp"

namespace backprop::detail {

namespace {

// Divisions in a derivative are recorded without the check for a divisor
// of 0: the forward pass already refused one, except where a derivative is
// infinite though the function is defined (sqrt at 0, whose derivative is
// 0.5 / sqrt(x)); there the next orders are infinite or NaN, as in
// PyTorch, not an error.
Value over(double c, const Value& x) {  // c / x
  return unary(Op::constant_div, x, c, [c](double divisor) {
    const double quotient = c / divisor;
    return rules::Local{quotient, -quotient / divisor};
  });
}
Value quotient(const Value& a, const Value& b) {  // a / b
  Recorder& tape = this_threads_tape;
  const Handle x = tape.use(a.handle()), y = tape.use(b.handle());
  const double divisor = tape.data(y), result = tape.data(x) / divisor;
  return wrap(tape.record(Op::div, result, x, 1.0 / divisor, y, -result / divisor));
}

// The recorded backward pass of one grad(..., {.create_graph = true}).
// Gradients and factors are named by their tape positions (every one is a
// node: nothing here runs under NoGrad), so that a node's terms become one
// dot product written straight from the positions.
class GradientGraph {
 public:
  // In place of a position: exactly the number 1 (the output's own gradient,
  // or x's in x + 1), which multiplies nothing.
  static constexpr std::uint32_t one = ~std::uint32_t{0};
  static constexpr std::uint32_t no_term = ~std::uint32_t{0};
  // In place of a position: a node nothing reached (positions stay below
  // 2^29). (Not std::optional: returned through memory, its two fields
  // written apart and read as one stalled every call.)
  static constexpr std::uint32_t no_gradient = one - 1;

  // One share of a node's gradient: scale * gradient * factor. `next`: the
  // node's next term, or for a leaf's, the leaf.
  struct Term {
    std::uint32_t gradient, factor;
    double scale;
    std::uint32_t next;
  };
  // One use of a Matrix in linear(): what its weights' gradients read. The
  // gradient of W[r][k] is the sum over its layer's uses of g_r * x_k
  // (g_r row r's gradient, x_k input k; bias: g_r), written at the end.
  struct LayerCall {
    std::uint32_t weights, rows, cols, inputs;
    const std::uint32_t* input;     // the layer's input positions
    std::uint32_t first_gradient;   // where its g_0 .. g_(rows-1) start in row_gradients_
                                    // (each a position, one, or no_gradient)
  };

  // d output / d inputs[k] for each k, recorded (grad.hpp). `root` is the
  // output's position; every handle was checked.
  std::vector<Value> run(Recorder& tape, std::uint32_t root, const std::vector<Value>& inputs) {
    start(tape, root, inputs);
    if (needed(root_)) {
      send(root_, one, one);  // d output / d output = 1
      for (std::uint32_t index = root_ + 1; index-- > low_;) visit(index);
      gather_leaves();
    }
    std::vector<Value> result;
    result.reserve(inputs.size());
    for (const Value& input : inputs) {
      const std::uint32_t g = reachable(input, root_) ? found_[input.id() - low_] : no_gradient;
      result.push_back(g == no_gradient ? Value(0.0) : g == one ? Value(1.0) : node(g));
    }
    return result;
  }

 private:
  static constexpr std::uint8_t takes_gradient = 1, is_input = 2, is_leaf = 4, gathered = 8;

  // Clears what the previous run left (keeping the lists' memory) and flags
  // the nodes from the lowest input up.
  void start(Recorder& tape, std::uint32_t root, const std::vector<Value>& inputs) {
    tape_ = &tape;
    root_ = root;
    low_ = root;
    one_leaf_ = one;
    for (const Value& input : inputs)
      if (reachable(input, root)) low_ = std::min(low_, input.id());
    flags_.resize(std::size_t{root_ - low_} + 1);
    for (std::uint32_t index = low_; index <= root_; ++index)
      flags_[index - low_] = NodeWord::op(tape_->word(index)) != Op::leaf ? takes_gradient : 0;
    for (const Value& input : inputs)
      if (reachable(input, root))
        flags_[input.id() - low_] |= takes_gradient | is_input | (input.is_leaf() ? is_leaf : 0);
    first_term_.assign(flags_.size(), no_term);
    found_.assign(flags_.size(), no_gradient);
    last_term_.resize(flags_.size());
    terms_.clear();
    leaf_terms_.clear();
    row_gradients_.clear();
    calls_.clear();
  }


  // Whether gradient sent to a node can matter: it lies above the lowest
  // input and is an input or a computed node. Leaves that are not inputs
  // (data, constants) take none. (A computed node that no input reaches
  // still collects its share: wasted work, never a wrong result.)
  bool needed(std::uint32_t index) const { return index >= low_ && (flags_[index - low_] & takes_gradient); }

  Value node(std::uint32_t index) const { return wrap(tape_->handle_at(index)); }

  // input's gradient += scale * g * factor.
  // A computed node's terms are a list in the order they were sent; a
  // leaf's (a parameter's: one term per example) wait in one list for all
  // leaves, to be sorted by leaf at the end (gather_leaves).
  void send(std::uint32_t input, std::uint32_t g, std::uint32_t factor, double scale = 1.0) {
    if (!needed(input)) return;
    if (flags_[input - low_] & is_leaf) {
      leaf_terms_.push_back(Term{g, factor, scale, input});
      return;
    }
    const auto position = static_cast<std::uint32_t>(terms_.size());
    terms_.push_back(Term{g, factor, scale, no_term});
    std::uint32_t& first = first_term_[input - low_];
    if (first == no_term) first = position;
    else terms_[last_term_[input - low_]].next = position;
    last_term_[input - low_] = position;
  }
  // input's gradient += g * (a factor computed only if the input needs it).
  template <typename Factor>
  void send_computed(std::uint32_t input, std::uint32_t g, Factor factor, double scale = 1.0) {
    if (needed(input)) send(input, g, factor().id(), scale);
  }

  std::uint32_t scaled(std::uint32_t position, double scale) const {
    return (scale == -1.0 ? -node(position) : node(position) * scale).id();
  }

  // Records the sum of the node's terms, now that all its users have sent
  // theirs. no_gradient if nothing reached the node.
  std::uint32_t gather(std::uint32_t index) {
    const std::uint32_t first = first_term_[index - low_];
    if (first == no_term) return no_gradient;
    // Most nodes have one user, whose term is a gradient or a factor alone:
    // that is the node's gradient, and nothing is recorded.
    if (const Term& t = terms_[first]; t.next == no_term && t.scale == 1.0 && (t.gradient == one || t.factor == one))
      return t.gradient == one ? t.factor : t.gradient;
    return sum_of_terms([&](auto add) {
      for (std::uint32_t term = first_term_[index - low_]; term != no_term; term = terms_[term].next)
        add(terms_[term]);
    });
  }

  // The leaves' gradients, once the walk is done. Their terms are sorted by
  // leaf (counting sort, which keeps each leaf's in the order sent), so that
  // each leaf's are read one after another: following a list per leaf
  // would jump across all the terms. A Matrix's weights add their layers'
  // products (gather_weights).
  void gather_leaves() {
    std::vector<std::uint32_t>& end = last_term_;  // no longer needed: where each leaf's terms end
    std::fill(end.begin(), end.end(), 0);
    for (const Term& t : leaf_terms_) ++end[t.next - low_];
    std::uint32_t position = 0;
    for (std::uint32_t& entry : end) position += std::exchange(entry, position);
    sorted_.resize(leaf_terms_.size());
    for (const Term& t : leaf_terms_) sorted_[end[t.next - low_]++] = t;
    const auto terms_of = [&](std::uint32_t leaf, auto add) {
      const std::uint32_t at = leaf - low_;
      for (std::uint32_t k = at == 0 ? 0 : end[at - 1]; k < end[at]; ++k) add(sorted_[k]);
    };
    gather_weights(terms_of);
    for (std::uint32_t at = 0; at < end.size(); ++at) {
      if (end[at] == (at == 0 ? 0 : end[at - 1]) || (flags_[at] & gathered)) continue;  // no terms, or done
      const std::uint32_t leaf = low_ + at;
      if (const std::uint32_t g = sum_of_terms([&](auto add) { terms_of(leaf, add); }); g != no_gradient)
        found(leaf, g);
    }
  }

  // Each weight of each Matrix a layer call used: sum over the calls of
  // g_r * x_k (g_r for the bias), plus any other terms it has (an L2
  // penalty's), as one weighted_sum per weight. The calls are taken Matrix
  // by Matrix, and within one, call by call: each call's inputs and row
  // gradients are read once, their products written straight into every
  // weight's operand list (laid out one after another, then recorded in
  // order), rather than each weight walking all the calls.
  template <typename TermsOf>
  void gather_weights(TermsOf terms_of) {
    call_order_.resize(calls_.size());
    for (std::uint32_t k = 0; k < calls_.size(); ++k) call_order_[k] = k;
    std::stable_sort(call_order_.begin(), call_order_.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return calls_[a].weights < calls_[b].weights; });
    for (std::size_t begin = 0, end; begin < call_order_.size(); begin = end) {
      const LayerCall& layer = calls_[call_order_[begin]];
      for (end = begin + 1; end < call_order_.size() && calls_[call_order_[end]].weights == layer.weights;) ++end;
      gather_matrix(std::span(call_order_).subspan(begin, end - begin), terms_of);
    }
  }

  template <typename TermsOf>
  void gather_matrix(std::span<const std::uint32_t> uses, TermsOf terms_of) {
    const LayerCall& layer = calls_[uses[0]];
    const std::uint32_t size = layer.rows * layer.cols;
    // How many uses have gradient on each row: each of its weights' pairs.
    row_pairs_.assign(layer.rows, 0);
    for (const std::uint32_t use : uses)
      for (std::uint32_t row = 0; row < layer.rows; ++row)
        row_pairs_[row] += row_gradients_[calls_[use].first_gradient + row] != no_gradient;
    // Each weight's other terms first (they may record nodes), as its bias;
    // a weight with one product and nothing else is that product alone.
    // `start` is where a weight's operand list begins (no_gradient: it has
    // none), `sums` its number.
    std::vector<std::uint32_t>& bias = weight_bias_;
    bias.assign(size, no_gradient);
    weight_start_.assign(size, no_gradient);
    std::uint32_t operands = 0;
    for (std::uint32_t at = 0; at < size; ++at) {
      const std::uint32_t weight = layer.weights + at, row = at / layer.cols, column = at % layer.cols;
      if (!needed(weight)) continue;
      flags_[weight - low_] |= gathered;
      const std::uint32_t pairs = row_pairs_[row];
      const std::uint32_t others = sum_of_terms([&](auto add) { terms_of(weight, add); });
      if (pairs == 0) {
        if (others != no_gradient) found(weight, others);
      } else if (pairs == 1 && others == no_gradient) {
        found(weight, sum_of_terms([&](auto add) {
                for (const std::uint32_t use : uses) {
                  const LayerCall& call = calls_[use];
                  const std::uint32_t g = row_gradients_[call.first_gradient + row];
                  if (g != no_gradient) add(Term{g, column < call.inputs ? call.input[column] : one, 1.0, no_term});
                }
              }));
      } else {
        bias[at] = others == one ? one_leaf() : others;
        weight_start_[at] = operands;
        operands += (others != no_gradient ? 1 : 0) + 2 * pairs;
      }
    }
    if (operands == 0) return;
    const std::uint32_t unit = one_leaf();  // before the operand lists: it records a node
    std::uint32_t* const operand = tape_->operand_space(operands);
    weight_sums_.assign(size, 0.0);
    std::vector<std::uint32_t>& cursor = row_pairs_;  // (counted above, no longer needed)
    cursor.assign(size, 0);
    for (std::uint32_t at = 0; at < size; ++at) {
      if (weight_start_[at] == no_gradient) continue;
      cursor[at] = weight_start_[at];
      if (bias[at] != no_gradient) {
        operand[cursor[at]++] = bias[at];
        weight_sums_[at] = tape_->data(bias[at]);
      }
    }
    for (const std::uint32_t use : uses) {
      const LayerCall& call = calls_[use];
      for (std::uint32_t row = 0; row < layer.rows; ++row) {
        std::uint32_t g = row_gradients_[call.first_gradient + row];
        if (g == no_gradient) continue;
        g = g == one ? unit : g;
        const double g_data = tape_->data(g);
        for (std::uint32_t column = 0, at = row * layer.cols; column < layer.cols; ++column, ++at) {
          if (weight_start_[at] == no_gradient) continue;
          const std::uint32_t x = column < call.inputs ? call.input[column] : unit;
          weight_sums_[at] += g_data * tape_->data(x);
          operand[cursor[at]++] = g;
          operand[cursor[at]++] = x;
        }
      }
    }
    for (std::uint32_t at = 0; at < size; ++at) {
      if (weight_start_[at] == no_gradient) continue;
      const bool has_bias = bias[at] != no_gradient;
      const std::uint32_t count = cursor[at] - weight_start_[at];
      const auto products = (count - (has_bias ? 1 : 0)) / 2;
      const Op op = has_bias ? Op::weighted_sum : Op::dot;
      found(layer.weights + at, tape_->record_operands(op, weight_sums_[at], count, products).index());
    }
  }

  // The sum of the terms `for_each_term(add)` gives, recorded: products as
  // one dot (weighted_sum when there are other terms), the rest added to
  // it. Returns its position, or `one`; no_gradient if there was no term.
  template <typename ForEachTerm>
  std::uint32_t sum_of_terms(ForEachTerm for_each_term) {
    bool any = false;
    pairs_.clear();
    singles_.clear();
    double constant = 0.0;
    for_each_term([&](const Term& t) {
      any = true;
      if (t.gradient != one && t.factor != one) {
        pairs_.push_back(t.gradient);
        pairs_.push_back(t.scale == 1.0 ? t.factor : scaled(t.factor, t.scale));
      } else if (t.gradient != one || t.factor != one) {
        const std::uint32_t v = t.gradient != one ? t.gradient : t.factor;
        singles_.push_back(t.scale == 1.0 ? v : scaled(v, t.scale));
      } else {
        constant += t.scale;
      }
    });
    if (!any) return no_gradient;
    if (pairs_.empty() && singles_.empty()) return constant == 1.0 ? one : Value(constant).id();
    // Many terms without a factor (a bias shared by every example) are
    // summed as one dot with 1s rather than a chain of additions.
    if (singles_.size() > 2) {
      for (const std::uint32_t single : singles_) {
        pairs_.push_back(single);
        pairs_.push_back(one_leaf());
      }
      singles_.clear();
    }
    std::optional<Value> rest;
    for (const std::uint32_t single : singles_) rest = rest ? *rest + node(single) : node(single);
    if (constant != 0.0) rest = rest ? *rest + constant : Value(constant);
    if (pairs_.empty()) return rest->id();
    if (pairs_.size() == 2 && !rest) return (node(pairs_[0]) * node(pairs_[1])).id();
    return sum_of_products(rest ? rest->id() : no_gradient);
  }

  // bias + the sum of the products of the pairs `for_each_pair(emit)` gives
  // (at most `most`), as one weighted_sum (dot without a bias), written
  // straight from positions: the operand list weighted_sum and dot would
  // write. `one` (the number 1) in a pair becomes the leaf 1. No bias:
  // no_gradient.
  template <typename ForEachPair>
  std::uint32_t record_products(std::uint32_t bias, std::size_t most, ForEachPair for_each_pair) {
    const std::uint32_t unit = one_leaf();  // before the operand list: it records a node
    const bool has_bias = bias != no_gradient;
    const std::size_t head = has_bias ? 1 : 0;
    std::uint32_t* const start = tape_->operand_space(head + 2 * most);
    std::uint32_t* operand = start;
    double sum = 0.0;
    if (has_bias) {
      *operand++ = bias == one ? unit : bias;
      sum = tape_->data(operand[-1]);
    }
    for_each_pair([&](std::uint32_t a, std::uint32_t b) {
      a = a == one ? unit : a;
      b = b == one ? unit : b;
      sum += tape_->data(a) * tape_->data(b);
      *operand++ = a;
      *operand++ = b;
    });
    const auto count = static_cast<std::size_t>(operand - start);
    const auto products = static_cast<std::uint32_t>((count - head) / 2);
    return tape_->record_operands(has_bias ? Op::weighted_sum : Op::dot, sum, count, products).index();
  }
  std::uint32_t sum_of_products(std::uint32_t bias) {
    return record_products(bias, pairs_.size() / 2, [&](auto emit) {
      for (std::size_t k = 0; k < pairs_.size(); k += 2) emit(pairs_[k], pairs_[k + 1]);
    });
  }

  void found(std::uint32_t index, std::uint32_t g) {
    if (flags_[index - low_] & is_input) found_[index - low_] = g;
  }

  void visit(std::uint32_t index) {
    const std::uint64_t word = tape_->word(index);
    const Op op = NodeWord::op(word);
    if (op == Op::linear) return differentiate_layer(index);
    if (op == Op::linear_row) return;  // its layer's first output does it
    const std::uint32_t g = gather(index);
    if (g == no_gradient) return;
    // A derivative that reads an input's number reads it as it is now: one
    // changed by set_data since the node was recorded would be mixed with
    // the old, so it is refused, as backward() refuses it.
    if (index < tape_->stale_top() && reads_inputs(op)) [[unlikely]]
      tape_->check_inputs_unchanged(index, word, "grad");
    found(index, g);
    send_through(index, op, word, g);
  }

  // Whether send_through's derivative for `op` reads an input's number
  // (the others read the node's own output, a constant, or nothing).
  static bool reads_inputs(Op op) {
    switch (op) {
      case Op::mul: case Op::div: case Op::pow: case Op::log: case Op::sin: case Op::cos:
      case Op::constant_div: case Op::pow_constant: case Op::weighted_sum: case Op::dot:
        return true;
      default:
        return false;
    }
  }

  // The chain rule at one node, with each local derivative as a Value: the
  // same derivatives as backward()'s (op.hpp), written so that they can be
  // differentiated again. Piecewise ones (relu, abs) are constants.
  void send_through(std::uint32_t index, Op op, std::uint64_t word, std::uint32_t g) {
    const std::uint32_t a = NodeWord::first(word), b = NodeWord::second(word);
    const double partial = tape_->partial(index, 0);
    switch (op) {
      case Op::leaf:
      case Op::linear:
      case Op::linear_row:
        return;
      case Op::add:
        send(a, g, one);
        send(b, g, one);
        return;
      case Op::sub:
        send(a, g, one);
        send(b, g, one, -1.0);
        return;
      case Op::mul:  // d(ab)/da = b, d(ab)/db = a
        send(a, g, b);
        send(b, g, a);
        return;
      case Op::div:  // d(a/b)/da = 1/b, d(a/b)/db = -(a/b)/b
        send_computed(a, g, [&] { return over(1.0, node(b)); });
        send_computed(b, g, [&] { return -quotient(node(index), node(b)); });
        return;
      case Op::pow:  // d(a^b)/da = b a^(b-1), d(a^b)/db = a^b ln a (a > 0, or it was refused)
        send_computed(a, g, [&] { return node(b) * pow(node(a), node(b) - 1.0); });
        send_computed(b, g, [&] { return node(index) * log(node(a)); });
        return;
      case Op::neg:
        send(a, g, one, -1.0);
        return;
      case Op::exp:  // the node itself
        send(a, g, index);
        return;
      case Op::log:
        send_computed(a, g, [&] { return over(1.0, node(a)); });
        return;
      case Op::tanh:
        send_computed(a, g, [&] {
          const Value t = node(index);
          return 1.0 - t * t;
        });
        return;
      case Op::sigmoid:
        send_computed(a, g, [&] {
          const Value s = node(index);
          return s * (1.0 - s);
        });
        return;
      case Op::sqrt:  // 0.5 / sqrt(x)
        send_computed(a, g, [&] { return over(0.5, node(index)); });
        return;
      case Op::sin:
        send_computed(a, g, [&] { return cos(node(a)); });
        return;
      case Op::cos:
        send_computed(a, g, [&] { return -sin(node(a)); });
        return;
      case Op::relu:  // 1 or 0 (NaN at NaN): constant pieces, so the second derivative is 0
      case Op::abs:   // sign(x)
      case Op::mul_constant:
      case Op::div_by_constant:
        // A piece whose slope is 0 sends nothing: the gradient through it is
        // exactly 0, as in PyTorch.
        if (partial != 0.0) send(a, g, one, partial);
        return;
      case Op::add_constant:
        send(a, g, one);
        return;
      case Op::constant_div:  // d(c/a)/da = -(c/a)/a
        send_computed(a, g, [&] { return -quotient(node(index), node(a)); });
        return;
      case Op::pow_constant:
        send_through_power(a, tape_->partial(index, 1), g);
        return;
      case Op::weighted_sum:
      case Op::dot: {  // g to the bias, g * x_k to w_k, g * w_k to x_k
        const std::uint32_t* operand = tape_->operands(a);
        if (op == Op::weighted_sum) send(*operand++, g, one);
        for (std::uint32_t pair = 0; pair < b; ++pair, operand += 2) {
          send(operand[0], g, operand[1]);
          send(operand[1], g, operand[0]);
        }
        return;
      }
    }
  }

  // d(x^c)/dx = c x^(c-1), recorded without pow's domain check: where x^c
  // was defined but its derivative is not (sqrt at 0), the derivative is
  // what the first order gives (inf), not an error.
  void send_through_power(std::uint32_t a, double c, std::uint32_t g) {
    if (c == 0.0) return;
    if (c == 1.0) return send(a, g, one);
    if (c == 2.0) return send(a, g, a, 2.0);
    send_computed(
        a, g,
        [&] {
          return unary(Op::pow_constant, node(a), c - 1.0,
                               [c](double x) { return power_rule(x, c - 1.0); });
        },
        c);
  }

  // A layer at its first output, with each row's gradient g_r: input k
  // receives sum_r g_r * W[r][k], recorded here as one dot; the weights'
  // share (g_r * x_k, and g_r to the bias) is summed over all the layer's
  // uses at the end (gather_weights).
  void differentiate_layer(std::uint32_t head) {
    const LinearLayer layer = LinearLayer::at(*tape_, head);
    if (head < tape_->stale_top()) [[unlikely]]
      for (std::uint32_t row = 0; row < layer.rows && head + row <= root_; ++row)
        tape_->check_inputs_unchanged(head + row, tape_->word(head + row), "grad");
    const std::uint32_t rows = std::min(layer.rows, root_ - head + 1), inputs = layer.input_count();
    const auto first_gradient = static_cast<std::uint32_t>(row_gradients_.size());
    bool any = false;
    for (std::uint32_t row = 0; row < layer.rows; ++row) {
      const std::uint32_t g = row < rows ? gather(head + row) : no_gradient;
      row_gradients_.push_back(g);
      if (g != no_gradient) {
        any = true;
        found(head + row, g);
      }
    }
    if (!any) {
      row_gradients_.resize(first_gradient);
      return;
    }
    calls_.push_back(LayerCall{layer.weights, layer.rows, layer.cols, inputs, layer.inputs, first_gradient});
    std::uint32_t rows_with_gradient = 0, last = 0;
    for (std::uint32_t row = 0; row < layer.rows; ++row)
      if (row_gradients_[first_gradient + row] != no_gradient) ++rows_with_gradient, last = row;
    for (std::uint32_t k = 0; k < inputs; ++k) {
      if (!needed(layer.inputs[k])) continue;
      if (rows_with_gradient == 1) {
        send(layer.inputs[k], row_gradients_[first_gradient + last], layer.weights + last * layer.cols + k);
        continue;
      }
      send(layer.inputs[k], record_products(no_gradient, rows_with_gradient, [&](auto emit) {
             for (std::uint32_t row = 0; row < layer.rows; ++row)
               if (const std::uint32_t g = row_gradients_[first_gradient + row]; g != no_gradient)
                 emit(g, layer.weights + row * layer.cols + k);
           }),
           one);
    }
  }

  std::uint32_t one_leaf() {
    if (one_leaf_ == one) one_leaf_ = Value(1.0).id();
    return one_leaf_;
  }

  Recorder* tape_ = nullptr;
  std::uint32_t root_ = 0;
  std::uint32_t low_ = 0;  // the lowest input: nothing below can matter
  std::uint32_t one_leaf_ = one;  // a leaf holding 1, made when first needed
  // From low_ up: each node's flags, its first and last term, and (for
  // inputs) its gradient.
  std::vector<std::uint8_t> flags_;
  std::vector<std::uint32_t> first_term_, last_term_, found_;
  std::vector<Term> terms_;
  std::vector<Term> leaf_terms_, sorted_;  // a leaf's terms, `next` naming the leaf
  // sum_of_terms()'s working lists
  std::vector<std::uint32_t> pairs_, singles_;
  // The layers' uses, their row gradients, and gather_matrix()'s lists.
  std::vector<LayerCall> calls_;
  std::vector<std::uint32_t> row_gradients_, call_order_, row_pairs_;
  std::vector<std::uint32_t> weight_start_, weight_bias_;
  std::vector<double> weight_sums_;
};

}  // namespace

std::vector<Value> record_gradient(Recorder& tape, std::uint32_t root, const std::vector<Value>& inputs) {
  // One per thread, reused: its lists keep their memory from call to call,
  // so that a training loop does not allocate (and fault in) fresh memory.
  thread_local GradientGraph graph;
  return graph.run(tape, root, inputs);
}

}  // namespace backprop::detail
