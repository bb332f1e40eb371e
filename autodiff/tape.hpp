// The tape: where one thread's computation graph is recorded.
//
// Every operation appends one fixed-size node; creation order is therefore
// already a topological order, and backward() is a single reverse sweep.
// Nodes live in fixed-size chunks, so recording never moves or copies them
// and costs no heap allocation per node. Values (value.hpp) are small handles
// into this tape. Releasing (GraphScope) drops the newest nodes at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "autodiff/op.hpp"

namespace backprop {

// Where a Value's node lives: its position in its thread's tape, plus which
// tape and which release era made it, so that a Value whose node was
// released is reported instead of silently reading a newer node.
struct NodeHandle {
  std::uint32_t index;
  std::uint32_t tape;
  std::uint32_t epoch;
};

// One recorded value: 40 bytes. The local derivatives are computed when the
// operation is recorded, so the backward sweep is plain multiply-adds.
struct Node {
  double data;
  double grad;
  // d(this)/d(input k). Constant operations keep their constant in partial[1].
  double partial[2];
  // For weighted_sum: first_input is the offset of its operand list and
  // second_input the number of (weight, input) pairs (see Tape::operands).
  std::uint64_t first_input : 29;
  std::uint64_t second_input : 29;
  std::uint64_t op : 5;       // an Op
  std::uint64_t reached : 1;  // scratch flag, set only while backward() runs

  Op operation() const { return static_cast<Op>(op); }
};
static_assert(sizeof(Node) == 40, "a node must stay within 40 bytes");

class Tape {
 public:
  // Node indices have 29 bits: 536 million nodes, about 21 GB of graph.
  static constexpr std::size_t max_nodes = std::size_t{1} << 29;

  // The calling thread's tape, created on first use and freed when the
  // thread ends. Threads never share a tape, so no locks are needed.
  static Tape& current();

  Tape();
  Tape(const Tape&) = delete;
  Tape& operator=(const Tape&) = delete;

  std::size_t size() const { return size_; }
  std::uint32_t id() const { return id_; }

  // Appends a node and returns its handle. With recording off (NoGrad) the
  // node is a leaf: the value is kept, the history is not.
  NodeHandle record_leaf(double data);
  NodeHandle record(Op op, double data, std::uint32_t input, double partial,
                    double constant = 0.0);
  NodeHandle record(Op op, double data, std::uint32_t first, double first_partial,
                    std::uint32_t second, double second_partial);
  // A weighted_sum node over `pairs` (weight, input) pairs and a bias:
  // start_operands() gives room for the operand list [bias, w0, x0, w1, x1, ...],
  // to be filled right before record_weighted_sum().
  std::uint32_t* start_operands(std::size_t pairs);
  NodeHandle record_weighted_sum(double data, std::size_t pairs);

  // The node a handle refers to, after checking that it still exists on
  // this tape; throws std::logic_error naming the problem otherwise.
  Node& node(NodeHandle handle) {
    check(handle);
    return at(handle.index);
  }
  // Unchecked access by index, for code that walks the tape itself.
  Node& at(std::size_t index) { return chunks_[index >> chunk_bits][index & chunk_mask]; }
  const Node& at(std::size_t index) const {
    return chunks_[index >> chunk_bits][index & chunk_mask];
  }
  // The operand list of a weighted_sum node: bias, then weight/input pairs.
  const std::uint32_t* operands(const Node& weighted_sum) const {
    return operands_.data() + weighted_sum.first_input;
  }

  void check(NodeHandle handle) const {
    // Made in this epoch, or below every release mark (parameters): valid.
    const bool current = (handle.epoch == epoch_) | (handle.index < stable_below_);
    if (handle.tape != id_ || (!current && !survived_any_release(handle))) [[unlikely]]
      report_invalid(handle);
  }

  // Reverse-mode sweep from root; see backward.cpp.
  void backward(NodeHandle root);

  // Labels are rare, so they live beside the nodes rather than in them.
  void set_label(std::uint32_t index, std::string label);
  const std::string* label(std::uint32_t index) const;

  // Recording on/off (NoGrad switches it off).
  bool recording() const { return recording_; }
  void set_recording(bool on) { recording_ = on; }

  // A position to release back to (GraphScope).
  struct Mark {
    std::size_t nodes;
    std::size_t operands;
  };
  Mark mark() const { return {size_, operands_used_}; }
  // Drops every node recorded after `mark`; Values that refer to them
  // become invalid (using one throws). Chunk memory is kept for reuse, up to
  // spare_chunks_kept chunks, so a training loop does not allocate every step.
  void release_to(Mark mark);

  // Memory the tape holds right now, in bytes (nodes, operands, labels).
  std::size_t bytes_held() const;

 private:
  static constexpr unsigned chunk_bits = 16;  // 65,536 nodes (2.5 MiB) per chunk
  static constexpr std::size_t chunk_size = std::size_t{1} << chunk_bits;
  static constexpr std::size_t chunk_mask = chunk_size - 1;
  // Chunks kept for reuse after a release: 64 chunks = 4 million nodes (160 MiB).
  // Freeing and re-allocating them every step would cost a page fault per
  // 100 nodes; beyond this, a one-off huge graph gives its memory back.
  static constexpr std::size_t spare_chunks_kept = 64;

  Node& append() {
    if (size_ == chunks_.size() * chunk_size) [[unlikely]]
      grow();
    return at(size_++);
  }
  void grow();
  NodeHandle handle_of(std::size_t index) const {
    return {static_cast<std::uint32_t>(index), id_, epoch_};
  }
  // Whether a handle from an older epoch escaped every release since.
  bool survived_any_release(NodeHandle handle) const;
  [[noreturn]] void report_invalid(NodeHandle handle) const;

  std::vector<std::unique_ptr<Node[]>> chunks_;
  std::size_t size_ = 0;
  std::vector<std::uint32_t> operands_;
  std::size_t operands_used_ = 0;  // operands_ is kept at its high-water size
  std::map<std::uint32_t, std::string> labels_;
  bool recording_ = true;

  std::uint32_t id_;
  std::uint32_t epoch_ = 0;
  // The releases that still decide validity: each release starts a new
  // epoch and invalidates indices >= its mark for Values of older epochs.
  // Kept as a stack with marks increasing upwards (an older release with a
  // higher mark is implied by a newer, lower one), so a training loop that
  // releases to the same mark every step keeps exactly one entry.
  struct Release {
    std::uint32_t epoch;
    std::size_t mark;
  };
  std::vector<Release> releases_;
  // The lowest mark ever released to (releases_.front().mark): nodes below
  // it have never been released, whatever their epoch.
  std::size_t stable_below_ = max_nodes;
};

namespace detail {
// Read on every operation, so it must be cheap: the initial-exec model makes
// it one load instead of a call to __tls_get_addr in position-independent code.
[[gnu::tls_model("initial-exec")]] inline thread_local Tape* this_threads_tape = nullptr;
Tape& create_this_threads_tape();
}  // namespace detail

inline NodeHandle Tape::record_leaf(double data) {
  // One aggregate store: assigning the bit-fields one by one would cost a
  // read-modify-write each.
  append() = Node{data, 0.0, {0.0, 0.0}, 0, 0, static_cast<std::uint64_t>(Op::leaf), 0};
  return handle_of(size_ - 1);
}

inline NodeHandle Tape::record(Op op, double data, std::uint32_t input, double partial,
                               double constant) {
  if (!recording_) return record_leaf(data);
  append() = Node{data, 0.0, {partial, constant}, input, 0, static_cast<std::uint64_t>(op), 0};
  return handle_of(size_ - 1);
}

inline NodeHandle Tape::record(Op op, double data, std::uint32_t first, double first_partial,
                               std::uint32_t second, double second_partial) {
  if (!recording_) return record_leaf(data);
  append() = Node{data, 0.0, {first_partial, second_partial}, first, second,
                  static_cast<std::uint64_t>(op), 0};
  return handle_of(size_ - 1);
}

inline Tape& Tape::current() {
  if (Tape* tape = detail::this_threads_tape) [[likely]]
    return *tape;
  return detail::create_this_threads_tape();
}

// Releases every node recorded while it is alive. Wrap one training step in
// a GraphScope and memory stays flat however many steps run. Values made
// inside must not be used after it ends (that throws); create parameters and
// anything you keep outside it.
class GraphScope {
 public:
  GraphScope() : tape_(Tape::current()), mark_(tape_.mark()) {}
  ~GraphScope() { tape_.release_to(mark_); }
  GraphScope(const GraphScope&) = delete;
  GraphScope& operator=(const GraphScope&) = delete;

 private:
  Tape& tape_;
  Tape::Mark mark_;
};

// While alive, operations compute values without recording how: results are
// leaves, and backward() does not reach through them (like torch.no_grad).
class NoGrad {
 public:
  NoGrad() : tape_(Tape::current()), was_recording_(tape_.recording()) {
    tape_.set_recording(false);
  }
  ~NoGrad() { tape_.set_recording(was_recording_); }
  NoGrad(const NoGrad&) = delete;
  NoGrad& operator=(const NoGrad&) = delete;

 private:
  Tape& tape_;
  bool was_recording_;
};

}  // namespace backprop
