// The engine's side of the tape: how nodes are stored and recorded. Part of
// the engine's machinery (autodiff/detail/), not for users: tape.hpp is the
// tape they see, and value.hpp and linear.hpp record through this.
//
// A node is a position in parallel arrays (data, grad, two local
// derivatives, and the node word with the operation and two input
// positions), each array in one reserved range of address space that is
// committed as it fills, so nodes never move and recording allocates
// nothing. Recording is inline here: write the arrays, bump the size (the
// operations check their inputs' handles first). Every gradient entry past
// the last node is 0 (new memory is, and a release clears what it frees),
// so recording a node does not write its gradient. GraphScope releases a
// step's nodes and retires its stamp, so a Value whose node was released, or
// that belongs to another thread, fails one compare and is reported instead
// of read. The bookkeeping off the fast path is in tape.cpp, the reverse
// sweep in backward.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "autodiff/detail/handle.hpp"
#include "autodiff/detail/node_word.hpp"
#include "autodiff/op.hpp"
#include "autodiff/tape.hpp"

namespace backprop::detail {

struct TapeExtras;  // labels, scratch space, bookkeeping: see tape.cpp
struct TapeOwner;   // tears the tape down at thread exit
class Sweep;        // one backward pass: see backward.cpp

// The two local-derivative arrays, local_a_ and local_b_, hold each node's
// d node / d input for its first and second input; an operation with a
// constant (x + c, x / c) keeps the constant in the slot it does not need
// (ConstantSlot in op.hpp says which).
class Recorder : public Tape {
 public:
  // Positions have 29 bits; the last one is never used, so that `size`
  // and a position past the end still fit.
  static constexpr std::size_t max_nodes = (std::size_t{1} << NodeWord::index_bits) - 1;
  // Nested GraphScopes; each depth keeps its stamp in one slot.
  static constexpr std::size_t max_scope_depth = 63;
  static constexpr std::uint64_t slot_mask = 63;

  // The calling thread's tape, set up on first use (Tape::current()).
  static Recorder& current();

  constexpr Recorder() = default;
  std::size_t bytes_held() const;

  // ---- Used by the engine's own operations (value.hpp, linear.hpp) ----

  // The handle an operation records with: `handle` itself if it names a
  // live node of this thread's tape (a value of the current scope passes one
  // compare; another needs its scope's slot to hold its stamp). A value
  // without a node (computed under NoGrad) becomes a constant leaf while
  // recording; anything else throws std::logic_error saying why.
  BACKPROP_INLINE Handle use(const Handle& handle) {
    // Field by field: an aggregate copy may read two fields as one 16-byte
    // load, which cannot be forwarded from the two 8-byte stores an
    // operation that just returned this handle made, and stalls.
    const double value = handle.value;
    const std::uint64_t stamp = handle.stamp;
    const std::uint64_t place = handle.place;
    if (!is_live_stamp(stamp)) [[unlikely]] {
      // Scalars in and out, so that the handle stays in registers.
      const std::uint32_t leaf = leaf_for(value, stamp, handle.index(), handle.is_leaf());
      if (leaf != no_leaf) return {value, stamp_, leaf, 1};
    }
    Handle live;  // the place as it is: rebuilt from index and flag, it costs a mask
    live.stamp = stamp;
    live.place = place;
    live.value = value;
    return live;
  }
  // For readers that need a node: throws unless `handle` names a live one.
  BACKPROP_INLINE void check(const Handle& handle) const {
    if (!is_live(handle)) [[unlikely]]
      report_invalid(handle);
  }
  BACKPROP_INLINE bool is_live(const Handle& handle) const { return is_live_stamp(handle.stamp); }
  BACKPROP_INLINE bool is_live_stamp(std::uint64_t stamp) const {
    return stamp == stamp_ || active_[stamp & slot_mask] == stamp;
  }
  // Unchecked reads by position, for code that walks the tape.
  double data(std::uint32_t index) const { return data_[index]; }
  // The number of a checked handle: a leaf's from the tape (set_data may
  // have changed it), a computed value's from the handle.
  double data(const Handle& handle) const { return handle.is_leaf() ? data_[handle.index()] : handle.value; }
  double grad(std::uint32_t index) const { return grad_[index]; }
  double partial(std::uint32_t index, int k) const { return k == 0 ? local_a_[index] : local_b_[index]; }
  std::uint64_t word(std::uint32_t index) const { return words_[index]; }
  const std::uint32_t* operands(std::uint32_t offset) const { return operands_ + offset; }

  // Changes a leaf's number. Nodes recorded after it may have read the old
  // one: backward refuses to mix it with the new (see backward.cpp), so each
  // change is noted; an optimizer changing its parameters again each step
  // takes the short way.
  void set_data(const Handle& handle, double data) {
    const std::uint32_t index = handle.index();
    if (handle.is_leaf() && index < modified_known_ && modified_at_[index] != 0) [[likely]] {
      modified_at_[index] = size_;
      if (stale_top_ < size_) stale_top_ = size_;  // (no <algorithm> in every program for one max)
    } else if (index + 1 < size_ || !handle.is_leaf()) {
      note_change(handle);
    }
    data_[index] = data;
  }
  void zero_grad(const Handle& handle) { grad_[handle.index()] = 0.0; }

  [[gnu::always_inline]] Handle record_leaf(double data) {
    std::uint32_t i = size_;
    if (i == limit_) [[unlikely]] i = make_room();
    data_[i] = data;
    words_[i] = NodeWord::pack(Op::leaf, 0, 0);
    size_ = i + 1;
    return {data, stamp_, i, 1};
  }
  // A node word takes its inputs' places as they are: a leaf's flag, the
  // top bit, shifts out, and the positions need no mask.
  static_assert(NodeWord::pack(Op::mul, 5 | Handle::leaf_flag, 7 | Handle::leaf_flag) == NodeWord::pack(Op::mul, 5, 7));

  // One input, its local derivative stored (and a constant, where kept).
  [[gnu::always_inline]] Handle record(Op op, double data, const Handle& a, double partial) {
    return append(data, NodeWord::pack(op, a.place, 0), [&](std::uint32_t i) { local_a_[i] = partial; });
  }
  [[gnu::always_inline]] Handle record(Op op, double data, const Handle& a, double partial, double constant) {
    return append(data, NodeWord::pack(op, a.place, 0), [&](std::uint32_t i) {
      local_a_[i] = partial;
      local_b_[i] = constant;
    });
  }
  // Two inputs; the local derivatives are stored only if the rule needs them
  // (a + b and a * b rebuild theirs during backward).
  [[gnu::always_inline]] Handle record(Op op, double data, const Handle& a, const Handle& b) {
    return append(data, NodeWord::pack(op, a.place, b.place), [](std::uint32_t) {});
  }
  [[gnu::always_inline]] Handle record(Op op, double data, const Handle& a, double partial_a, const Handle& b,
                                       double partial_b) {
    return append(data, NodeWord::pack(op, a.place, b.place), [&](std::uint32_t i) {
      local_a_[i] = partial_a;
      local_b_[i] = partial_b;
    });
  }

  // A many-input node: first write its operand list at operand_space(n),
  // then record_operands() takes those n entries into the node.
  std::uint32_t* operand_space(std::size_t count) {
    if (count > operands_limit_ - operands_size_) [[unlikely]] make_operand_room(count);
    return operands_ + operands_size_;
  }
  [[gnu::always_inline]] Handle record_operands(Op op, double data, std::size_t count, std::uint32_t second) {
    return append(data, NodeWord::pack(op, operands_size_, second),
                  [&](std::uint32_t) { operands_size_ += static_cast<std::uint32_t>(count); });
  }
  // `count` consecutive leaves (a Matrix).
  Handle record_leaves(std::span<const double> values);
  // Nodes made in a run (linear.hpp): write the next `count` nodes' values
  // (and local derivatives) where start_run() says, then record them: a
  // linear layer's outputs, whose operand list was written at
  // operand_space(), or one-input nodes, node k reading first_input + k
  // (the layer's activations). Under NoGrad they get no nodes: the values
  // stay where start_run() put them until the next recording.
  struct Run {
    double* data;
    double* partial;
  };
  Run start_run(std::size_t count) {
    if (count > committed_ - size_) [[unlikely]] reserve_nodes(count);
    return {data_ + size_, local_a_ + size_};
  }
  Handle record_rows(std::size_t count, std::size_t operand_count);
  Handle record_unary_run(Op op, std::uint32_t first_input, std::size_t count);
  const double* data_array() const { return data_; }

  // ---- Runs of consecutive leaves (LeafBlock, autodiff/leaf_block.hpp) ----
  // Unchecked: the block checked its stamp first.
  std::span<double> data_run(std::uint32_t first, std::size_t count) { return {data_ + first, count}; }
  std::span<double> grad_run(std::uint32_t first, std::size_t count) { return {grad_ + first, count}; }
  // set_data's bookkeeping for the `count` leaves from `first` at once
  // (before their numbers change); throws as set_data does if `first` is
  // a computed value.
  void note_changes(const Handle& first, std::uint32_t count);
  // ---- (end of runs of leaves) ----

  // Reverse-mode sweep from `root`; see backward.cpp.
  void backward(const Handle& root);
  // The same sweep into `gradients` (root + 1 entries, all 0, indexed by
  // position) instead of the tape's: no gradient on the tape changes
  // (grad(), grad.hpp).
  void backward_into(const Handle& root, std::span<double> gradients);
  // Throws std::logic_error, naming `pass`, if set_data changed an input of
  // the node at `index` (whose word is `word`) after the node was recorded:
  // a pass that reads that number again would mix the old and the new.
  void check_inputs_unchanged(std::uint32_t index, std::uint64_t word, std::string_view pass) const;
  // Nodes from here up read no number that set_data changed later.
  std::uint32_t stale_top() const { return stale_top_; }

  // A valid handle for the live node at `index` (from graph walks); throws
  // std::out_of_range past the end.
  Handle handle_at(std::size_t index) const;

  // Labels are rare, so they live beside the nodes rather than in them.
  void set_label(std::uint32_t index, std::string label);
  const std::string* label(std::uint32_t index) const;
  // A live node as errors name it: its label in quotes, or its number,
  // position and operation ("the Value 0.5 (node 18, computed by tanh)").
  std::string describe(std::uint32_t index) const;

  // Scratch space for backward and for operations over many values.
  double* scratch(std::size_t count) {
    if (count > scratch_size_) [[unlikely]] grow_scratch(count);
    return scratch_;
  }

  // ---- Scopes ----
  struct Scope {
    std::uint32_t depth;
    std::uint64_t stamp;
  };
  Scope open_scope();
  // Releases everything recorded since the scope opened, and every scope
  // nested in it; a scope already closed that way is left alone.
  void close_scope(const Scope& scope);
  // Tape::end_step(): releases the scope the previous call opened (if it is
  // still the innermost one and began at or above `keep_below`), then
  // opens the next one.
  void next_step(std::uint32_t keep_below);
  void enter_no_grad() {
    ++no_grad_depth_;
    reset_limit();
  }
  void leave_no_grad() {
    if (no_grad_depth_ > 0 && --no_grad_depth_ == 0) reset_limit();
  }

 private:
  friend struct TapeExtras;

  // Every record's common step: a node holding `data` and `word`, whose
  // other fields `fill(position)` writes; under NoGrad no node at all.
  template <typename Fill>
  [[gnu::always_inline]] Handle append(double data, std::uint64_t word, Fill fill) {
    std::uint32_t i = size_;
    if (i == limit_) [[unlikely]] {
      if (!recording()) return Handle::without_node(data);
      i = make_room();
    }
    data_[i] = data;
    words_[i] = word;
    fill(i);
    size_ = i + 1;
    return {data, stamp_, i, 0};
  }

  friend struct TapeOwner;
  friend class Sweep;

  // The end of committed memory, or, under NoGrad, the current size.
  void reset_limit() { limit_ = recording() ? committed_ : size_; }
  std::uint32_t make_room();
  void commit_nodes(std::size_t count);
  void make_operand_room(std::size_t count);
  void reserve_nodes(std::size_t count);
  void grow_scratch(std::size_t count);
  void start();
  void release_to(std::uint32_t nodes, std::uint32_t operands);
  std::uint64_t new_stamp(std::uint32_t depth);
  [[noreturn]] void report_invalid(Handle handle) const;
  // use()'s slow path: the position of a new constant leaf for a value
  // without a node (no_leaf under NoGrad, where none is needed); throws for
  // any other handle that is not live.
  static constexpr std::uint32_t no_leaf = ~std::uint32_t{0};
  std::uint32_t leaf_for(double value, std::uint64_t stamp, std::uint32_t index, std::uint32_t is_leaf);
  void commit_reached(std::size_t count);
  std::uint32_t modified_known() const { return modified_known_; }
  void note_change(const Handle& handle);
  void finish();  // at thread exit

  // The arrays, one entry per node.
  double* data_ = nullptr;
  double* grad_ = nullptr;
  double* local_a_ = nullptr;
  double* local_b_ = nullptr;
  std::uint64_t* words_ = nullptr;
  std::uint32_t* modified_at_ = nullptr;  // set_data bookkeeping, see set_data
  std::uint8_t* reached_ = nullptr;       // flags for backward's slower sweep
  std::uint32_t* operands_ = nullptr;

  // size_ == limit_ sends recording to make_room(): at the end of committed
  // memory, before the tape exists, and on every operation under NoGrad.
  std::uint32_t limit_ = 0;
  std::uint32_t committed_ = 0;
  std::uint32_t capacity_ = 0;
  std::uint32_t operands_limit_ = 0;

  // Backward's bookkeeping: every non-leaf node at or above clean_above_ has
  // gradient 0 (no pass has swept it yet), and stale_top_ bounds the nodes
  // that may have read a number that set_data changed later.
  std::uint32_t clean_above_ = 0;
  std::uint32_t stale_top_ = 0;
  std::uint32_t leaves_below_ = 0;  // nodes below it are all leaves (as far as backward has looked)
  std::uint32_t modified_known_ = 0;  // entries of modified_at_ committed (and readable)

  // Scopes: the stamp of each open depth (0 once closed), where each began.
  std::uint32_t depth_ = 0;
  std::uint64_t stamp_ = 0;
  std::uint64_t active_[max_scope_depth + 1] = {};
  struct Mark {
    std::uint32_t nodes, operands;
  };
  Mark marks_[max_scope_depth + 1] = {};
  Scope step_scope_ = {0, 0};  // opened by the last end_step(); depth 0: none

  double* scratch_ = nullptr;
  std::size_t scratch_size_ = 0;

  bool ended_ = false;
  TapeExtras* extras_ = nullptr;
};

// Read on every operation, so it must be cheap: constant-initialised (no
// guard), trivially destructible (no registration), and in the
// initial-exec TLS model (one load, no call, even in position-independent
// code). Sanitized builds keep the default model: when the linker relaxes
// initial-exec code, GCC's null check of the variable's address reads stale
// flags and reports a null pointer that is not there.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define BACKPROP_TLS_MODEL
#else
#define BACKPROP_TLS_MODEL [[gnu::tls_model("initial-exec")]]
#endif

BACKPROP_TLS_MODEL inline constinit thread_local Recorder this_threads_tape;

inline Recorder& Recorder::current() {
  Recorder& tape = this_threads_tape;
  if (tape.data_ == nullptr) [[unlikely]] tape.start();
  return tape;
}

}  // namespace backprop::detail
