// backward(): reverse-mode differentiation over the tape.
//
// Creation order is already a topological order (an operation is recorded
// after its inputs), so there is no graph search and no recursion. Stripped
// of speed, the whole algorithm is this:
//
//   void backward(root) {
//     for (node : tape) if (node is not a leaf) node.grad = 0;
//     root.grad = 1;                                 // d root / d root
//     for (index = root; index >= 0; --index) {      // each node after all its users
//       node = tape[index];
//       for (input, local_derivative : inputs of node)
//         input.grad += local_derivative * node.grad;  // the chain rule
//     }
//   }
//
// What the real one adds, for speed. Nodes recorded since the last pass
// (from clean_above_ up) still hold gradient 0, so the sweep over them needs
// no clearing and no flags, and a node whose gradient is exactly 0 passes
// nothing on. Older non-leaf nodes may hold an earlier pass's gradient: each
// one is cleared and flagged the first time this pass reaches it, and below
// the fresh nodes the sweep visits flagged nodes only; a flagged node with
// gradient 0 still flags its inputs, so that every computed node the pass
// goes through shows this pass's gradient, 0 included. (When computed nodes
// lie below the fresh ones, a walk over the fresh nodes first flags those
// that only zero gradient reaches.) A linear layer is differentiated as a
// whole at its first output.
#include <algorithm>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

#include "autodiff/detail/inputs.hpp"
#include "autodiff/detail/recorder.hpp"
#include "autodiff/detail/wide.hpp"

// GCC only: clang (the fuzz build) has no per-function form of this.
#if defined(__GNUC__) && !defined(__clang__)
#define BACKPROP_NO_JUMP_TABLES [[gnu::optimize("no-jump-tables")]]
#else
#define BACKPROP_NO_JUMP_TABLES
#endif

namespace backprop {

namespace detail {

namespace {
// Rows of a layer, each with its gradient in row_grads (0: the row passes
// nothing on): d row / d w_k = x_k, d row / d x_k = w_k, and the bias
// column (when cols > count) gets g. One call for all of a fresh layer's
// rows, not one per row. Returns whether any row had gradient.
//
// Sixteen inputs at a time, the inputs' gradients are summed in registers
// through all the rows: kept in memory, each row's sum waited on the store
// the row before made. The sums are the same bit for bit: each input adds
// its rows' shares one row after another, in row order.
BACKPROP_WIDE bool add_layer_gradients(const double* row_grads, std::uint32_t rows, const double* w, std::uint32_t cols,
                                       const double* x, double* w_grad, double* to_inputs, std::uint32_t count) {
  std::uint32_t first = 0;  // inputs from here on go one row at a time, below
  for (; first + 16 <= count; first += 16) {
    Four sums[4], inputs[4];
    for (std::uint32_t j = 0; j < 4; ++j) load(sums[j], to_inputs + first + 4 * j), load(inputs[j], x + first + 4 * j);
    for (std::uint32_t row = 0; row < rows; ++row) {
      const double g = row_grads[row];
      if (g == 0.0) continue;
      const double* const w_row = w + std::size_t{row} * cols + first;
      double* const w_grad_row = w_grad + std::size_t{row} * cols + first;
      for (std::uint32_t j = 0; j < 4; ++j) {
        Four weights, weight_grads;
        load(weight_grads, w_grad_row + 4 * j);
        store(w_grad_row + 4 * j, weight_grads + g * inputs[j]);
        load(weights, w_row + 4 * j);
        sums[j] += g * weights;
      }
    }
    for (std::uint32_t j = 0; j < 4; ++j) store(to_inputs + first + 4 * j, sums[j]);
  }
  bool any = false;
  for (std::uint32_t row = 0; row < rows; ++row) {
    const double g = row_grads[row];
    if (g == 0.0) continue;
    any = true;
    const double* const w_row = w + std::size_t{row} * cols;
    double* const w_grad_row = w_grad + std::size_t{row} * cols;
    for (std::uint32_t k = first; k < count; ++k) {
      w_grad_row[k] += g * x[k];
      to_inputs[k] += g * w_row[k];
    }
    if (cols > count) w_grad_row[count] += g;  // the bias column
  }
  return any;
}
}  // namespace

class Sweep {
 public:
  // A pass over the tape's gradients: nodes from clean_above_ up are fresh.
  Sweep(Recorder& tape, std::uint32_t root) : Sweep(tape, root, tape.grad_, std::min(tape.clean_above_, root + 1)) {}
  // A pass that writes into `gradients` (root + 1 entries, all 0) instead
  // of the tape's gradients: every node counts as fresh, nothing is flagged.
  Sweep(Recorder& tape, std::uint32_t root, double* gradients) : Sweep(tape, root, gradients, 0) {}

  void run() {
    try {
      if (bottom_ <= root_) {
        if (older_computed_nodes()) {
          reach_old_through_fresh();
          sweep_fresh<false>();
        } else {
          sweep_fresh<true>();
        }
      } else {  // the root itself is an old node
        reached_[root_] = 1;
        grad_[root_] = 1.0;  // d root / d root
        lowest_ = root_;
      }
      if (lowest_ != none) sweep_flagged(bottom_ - 1);
    } catch (...) {
      // A refused pass (a stale product) leaves no flag behind for the next.
      if (lowest_ != none) std::fill(reached_ + lowest_, reached_ + std::min(bottom_, root_ + 1), 0);
      throw;
    }
  }

 private:
  static constexpr std::uint32_t none = ~std::uint32_t{0};

  Sweep(Recorder& tape, std::uint32_t root, double* gradients, std::uint32_t bottom)
      : tape_(tape),
        grad_(gradients),
        data_(tape.data_),
        local_a_(tape.local_a_),
        local_b_(tape.local_b_),
        words_(tape.words_),
        reached_(tape.reached_),
        root_(root),
        bottom_(bottom),
        stale_top_(tape.stale_top_) {}

  // Whether a computed node sits below the fresh ones: only such a node can
  // hold an earlier pass's gradient. In a training loop (a scope per step)
  // everything below is a parameter, and the fresh sweep runs alone. The
  // tape remembers how far up from 0 it found only leaves.
  bool older_computed_nodes() {
    std::uint32_t& leaves = tape_.leaves_below_;
    while (leaves < bottom_ && NodeWord::op(words_[leaves]) == Op::leaf) ++leaves;
    return leaves < bottom_;
  }

  // Before the fresh sweep, when older computed nodes exist: each one this
  // pass goes through is cleared and flagged now, also where only zero
  // gradient reaches it (relu(h - 100) with h < 100, or h - h), which the
  // fresh sweep, passing on no zero, would never visit. A walk over the fresh
  // nodes the root depends on, with the flags, cleared on the way down.
  [[gnu::noinline]] void reach_old_through_fresh() {
    reached_[root_] = 1;
    for (std::uint32_t index = root_ + 1; index-- > bottom_;) {
      if (!reached_[index]) continue;
      reached_[index] = 0;
      for_each_input(tape_, index, words_[index], [&](std::uint32_t input, double, std::uint32_t) {
        if (input >= bottom_) reached_[input] = 1;
        else reach_old_computed(input);
      });
    }
  }
  void reach_old_computed(std::uint32_t index) {
    if (NodeWord::op(words_[index]) != Op::leaf) reach_old(index);
  }

  // Whether *entry is +0.0, the gradient of a node nothing reached, in one
  // integer compare.
  static bool holds_zero(const double* entry) {
    std::uint64_t bits;
    std::memcpy(&bits, entry, sizeof bits);
    return bits == 0;
  }
  // The same for the `skip_width` entries from `first` at once.
  static constexpr std::uint32_t skip_width = 8;
  static bool all_zero(const double* first) {
    std::uint64_t any = 0;
    for (std::uint32_t k = 0; k < skip_width; ++k) {
      std::uint64_t bits;
      std::memcpy(&bits, first + k, sizeof bits);
      any |= bits;
    }
    return any == 0;
  }

  // From the root down to bottom_: every node here still had gradient 0
  // when the pass began. Written out by rule rather than through
  // for_each_input because this loop is most of backward()'s time: gradient
  // on its way to the node just below (an operation on the previous result,
  // the common case) stays in a register (`carry`), a node whose gradient is
  // 0 costs a load, an add and a store (its operation is not even read), and
  // the rare many-input rules are calls so that the loop keeps its variables
  // in registers. With only leaves below the fresh nodes (a training step
  // whose parameters were made before it), gradient sent below bottom_ is
  // simply added: no flags.
  template <bool only_leaves_below>
  BACKPROP_NO_JUMP_TABLES void sweep_fresh() {
    // Locals, not members: the rare calls below would make the compiler
    // reload members on every node.
    double* const grad = grad_;
    const double* const data = data_;
    const double* const partial0 = local_a_;
    const double* const partial1 = local_b_;
    const std::uint64_t* const meta = words_;
    const std::uint32_t bottom = bottom_, stale_top = stale_top_;
    double carry = 0.0;  // gradient for node index - 1, not yet added
    // A fresh layer one of whose later rows has gradient: its first output
    // differentiates the whole layer, even with gradient 0 of its own.
    std::uint32_t layer_head = none;
    grad[root_] = 1.0;  // d root / d root
    for (std::uint32_t index = root_;; --index) {
      const double g = grad[index] + carry;
      grad[index] = g;
      carry = 0.0;
      if (g == 0.0) {
        // Nothing to pass on, unless a layer's other rows have gradient.
        if (index == layer_head) differentiate_layer(index);
        // Whole stretches of a step get no gradient (a hinge term that is
        // 0, a dead relu): skip the nodes below whose gradient is still 0
        // (nothing is carried now), down to a pending layer's first output.
        const std::uint32_t stop = layer_head != none && layer_head >= bottom ? layer_head + 1 : bottom;
        // (Eight at a time first: such stretches run to hundreds of nodes.)
        while (index >= stop + skip_width && all_zero(grad + index - skip_width)) index -= skip_width;
        while (index > stop && holds_zero(grad + index - 1)) --index;
      } else {
        const std::uint64_t word = meta[index];
        const Rule rule = rule_of(NodeWord::op(word));
        const std::uint32_t a = NodeWord::first(word), b = NodeWord::second(word);
        // The chain rule, input.grad += amount, for an input not carried.
        auto add_to = [&](std::uint32_t input, double amount) {
          if (only_leaves_below || input >= bottom) grad[input] += amount;
          else add_old(input, amount);
        };
        auto send = [&](std::uint32_t input, double amount) {
          if (input + 1 == index) carry += amount;
          else add_to(input, amount);
        };
        // The one amount carried is taken as it is, not added to 0, which
        // would put one more addition on the path from each node's gradient
        // to the next: that path decides a chain's time. (The same numbers:
        // carry is added to a gradient, and gradients are never -0. Where two
        // NaNs of opposite sign meet, the sum's sign, which IEEE leaves
        // open, follows the compiler's order of the operands.) A two-input
        // rule sends its first input's amount this way and its second's with
        // send: the second is carried after the first only if they are one
        // node (x * x), whose amounts add up.
        auto send_only = [&](std::uint32_t input, double amount) {
          if (input + 1 == index) carry = amount;
          else add_to(input, amount);
        };
        if (index < stale_top) [[unlikely]] check_not_stale(index, word);
        // The most frequent rules first: each test passed costs a compare.
        if (rule == Rule::unary) {
          send_only(a, partial0[index] * g);
        } else if (rule == Rule::binary_product) {
          const double to_a = data[b] * g, to_b = data[a] * g;
          send_only(a, to_a);
          send(b, to_b);
        } else if (rule == Rule::binary_sum) {
          send_only(a, g);
          send(b, g);
        } else if (rule == Rule::none) {
          // A leaf, or a layer's later row, which its first output
          // differentiates (if that one is older than the fresh nodes, the
          // flagged sweep does).
          if (NodeWord::op(word) == Op::linear_row) {
            if (a < bottom) {
              reach_old(a);
            } else {
              layer_head = a;
              // The rows between this one and the first output are the same
              // layer's: their gradients are where the layer reads them, so
              // go straight to it (unless a row may need the stale check).
              if (a >= stale_top) index = a + 1;
            }
          }
        } else if (rule == Rule::unary_one) {
          send_only(a, g);
        } else if (rule == Rule::binary) {
          send_only(a, partial0[index] * g);
          send(b, partial1[index] * g);
        } else if (rule == Rule::products) {
          differentiate_products<only_leaves_below>(word, g);
        } else {  // Rule::linear
          differentiate_layer(index);
        }
      }
      if (index == bottom) break;
    }
    if (carry != 0.0) add_old(bottom - 1, carry);
  }

  // Below the fresh nodes: only nodes this pass reached, each cleared when
  // first reached. A layer's rows keep their flag until the layer reads them.
  void sweep_flagged(std::uint32_t top) {
    double* const grad = grad_;
    for (std::uint32_t index = top + 1; index-- > lowest_;) {
      if (!reached_[index]) continue;
      const std::uint64_t word = words_[index];
      const Op op = NodeWord::op(word);
      if (index < stale_top_) [[unlikely]] check_not_stale(index, word);
      if (op == Op::linear_row) {
        reach_old(NodeWord::first(word));  // its layer's first output does the work
        continue;
      }
      reached_[index] = 0;  // leave the flag clear for the next pass
      const Rule rule = rule_of(op);
      const double g = grad[index];
      if (rule == Rule::linear) {
        differentiate_layer(index);
      } else if (g != 0.0 && rule != Rule::none) {
        for_each_input(tape_, index, word,
                       [&](std::uint32_t input, double partial, std::uint32_t) { add_old(input, partial * g); });
      } else if (rule != Rule::none) {  // reached with gradient 0: its inputs are reached all the same
        for_each_input(tape_, index, word,
                       [&](std::uint32_t input, double, std::uint32_t) { reach_old_computed(input); });
      }
    }
  }

  // Gradient for a node below the fresh ones: a leaf accumulates; a
  // computed node is cleared and flagged the first time this pass reaches it.
  void add_old(std::uint32_t index, double amount) {
    if (!reached_[index] && NodeWord::op(words_[index]) != Op::leaf) reach_old(index);
    grad_[index] += amount;
  }
  void reach_old(std::uint32_t index) {
    if (reached_[index]) return;
    reached_[index] = 1;
    grad_[index] = 0.0;  // an earlier pass's gradient
    lowest_ = std::min(lowest_, index);
  }
  template <bool only_leaves_below = false>
  void send_to(std::uint32_t input, double amount) {
    if (only_leaves_below || input >= bottom_) grad_[input] += amount;
    else add_old(input, amount);
  }

  // bias + sum_k w_k x_k (weighted_sum; dot has no bias): g to the bias,
  // g * x_k to w_k, g * w_k to x_k, from the operand list (inputs.hpp).
  template <bool only_leaves_below>
  [[gnu::noinline]] void differentiate_products(std::uint64_t word, double g) {
    const std::uint32_t* operand = tape_.operands(NodeWord::first(word));
    const std::uint32_t pairs = NodeWord::second(word);
    if (NodeWord::op(word) == Op::weighted_sum) send_to<only_leaves_below>(*operand++, g);
    for (std::uint32_t pair = 0; pair < pairs; ++pair, operand += 2) {
      const std::uint32_t w = operand[0], x = operand[1];
      const double to_w = data_[x] * g, to_x = data_[w] * g;
      send_to<only_leaves_below>(w, to_w);
      send_to<only_leaves_below>(x, to_x);
    }
  }

  // d out_r / d W[r][k] = x_k, d out_r / d x_k = W[r][k], d out_r / d b_r = 1,
  // for every row at once: the inputs' data is gathered once, and each
  // input's gradient is summed over the rows before it is sent on. Weights
  // are leaves: their gradients are written directly.
  [[gnu::noinline]] void differentiate_layer(std::uint32_t head) {
    const LinearLayer layer = LinearLayer::at(tape_, head);
    const std::uint32_t inputs = layer.input_count();
    double* const x = tape_.scratch(2 * std::size_t{inputs});
    double* const to_inputs = x + inputs;
    for (std::uint32_t k = 0; k < inputs; ++k) {
      x[k] = data_[layer.inputs[k]];
      to_inputs[k] = 0.0;
    }
    bool any_gradient = false;  // none: like any node with gradient 0, pass nothing on
    auto row_step = [&](std::uint32_t row, double g) {  // one row of an old layer, g != 0
      const std::size_t at = layer.weights + std::size_t{row} * layer.cols;
      any_gradient |= add_layer_gradients(&g, 1, data_ + at, layer.cols, x, grad_ + at, to_inputs, inputs);
    };
    if (head >= bottom_) {
      // A fresh layer: each row's gradient is its entry (rows above the root: none).
      const std::uint32_t rows = std::min(layer.rows, root_ - head + 1);
      any_gradient = add_layer_gradients(grad_ + head, rows, data_ + layer.weights, layer.cols, x,
                                         grad_ + layer.weights, to_inputs, inputs);
    } else {
      for (std::uint32_t row = 0; row < layer.rows; ++row)
        if (const double g = row_gradient(head, head + row); g != 0.0) row_step(row, g);
    }
    if (!any_gradient) {
      // An old layer the pass reached still passes its reach on (a fresh
      // one's inputs were reached before the sweep).
      if (head < bottom_)
        for (std::uint32_t k = 0; k < inputs; ++k) reach_old_computed(layer.inputs[k]);
      return;
    }
    for (std::uint32_t k = 0; k < inputs; ++k) send_to(layer.inputs[k], to_inputs[k]);
  }
  // Row `row`'s gradient in this pass: 0 for a row the pass cannot reach
  // (above the root) or did not reach (an old row without its flag).
  double row_gradient(std::uint32_t head, std::uint32_t row) {
    if (row > root_) return 0.0;
    if (row >= bottom_ || row == head) return grad_[row];
    if (!reached_[row]) return 0.0;
    reached_[row] = 0;
    return grad_[row];
  }

  // A node that needs its inputs' numbers again (a product) must not find
  // one changed by set_data since the node was recorded.
  void check_not_stale(std::uint32_t index, std::uint64_t word) const {
    const Op op = NodeWord::op(word);
    const Rule rule = rule_of(op);
    if (rule != Rule::binary_product && rule != Rule::products && rule != Rule::linear && op != Op::linear_row)
      return;
    tape_.check_inputs_unchanged(index, word, "backward");
  }

  Recorder& tape_;
  double* const grad_;
  const double* const data_;
  const double* const local_a_;
  const double* const local_b_;
  const std::uint64_t* const words_;
  std::uint8_t* const reached_;
  const std::uint32_t root_;
  const std::uint32_t bottom_;  // the lowest fresh node (root + 1 if none is fresh)
  const std::uint32_t stale_top_;
  std::uint32_t lowest_ = none;  // the lowest old node this pass reached
};

}  // namespace detail

void detail::Recorder::backward(const Handle& root_handle) {
  check(root_handle);
  const std::uint32_t root = root_handle.index();
  if (NodeWord::op(words_[root]) == Op::leaf) {
    grad_[root] += 1.0;  // d root / d root, accumulated like any leaf gradient
    return;
  }
  commit_reached(std::size_t{root} + 1);
  // Whether it completes or is refused part way, the pass has written
  // gradient entries up to the root: they count as swept from now on.
  struct Swept {
    detail::Recorder& tape;
    std::uint32_t root;
    ~Swept() { tape.clean_above_ = std::max(tape.clean_above_, root + 1); }
  } swept{*this, root};
  detail::Sweep(*this, root).run();
}

void detail::Recorder::check_inputs_unchanged(std::uint32_t index, std::uint64_t word, std::string_view pass) const {
  const std::uint32_t known = modified_known();
  for_each_input(*this, index, word, [&](std::uint32_t input, double, std::uint32_t) {
    if (input < known && modified_at_[input] > index)
      throw std::logic_error(fmt::format(
          "{}: {} was changed by set_data after {} was computed from it, and "
          "its gradient needs the number it was computed with; change values after backward(), "
          "or compute the result again",
          pass, describe(input), describe(index)));
  });
}

void detail::Recorder::backward_into(const Handle& root_handle, std::span<double> gradients) {
  check(root_handle);
  const std::uint32_t root = root_handle.index();
  if (gradients.size() != std::size_t{root} + 1)
    throw std::logic_error("backward_into: needs one gradient entry per node up to the root");
  if (NodeWord::op(words_[root]) == Op::leaf) {
    gradients[root] = 1.0;
    return;
  }
  detail::Sweep(*this, root, gradients.data()).run();
}

}  // namespace backprop
