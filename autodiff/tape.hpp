// The tape: where the calling thread's computation graph is recorded, as a
// user sees it. Every operation appends one node, so creation order is
// already a topological order and backward() is one reverse sweep. Wrap a
// training step in a GraphScope and memory stays flat; compute without
// recording under NoGrad. How nodes are stored and recorded is the engine's
// business: autodiff/detail/recorder.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace backprop {

class Value;
namespace detail {
class Recorder;
}

class Tape {
 public:
  // The calling thread's tape, set up on first use. Threads never share a
  // tape, so no locks are needed. Throws std::logic_error after the thread's
  // tape was torn down (from a static object's destructor, say).
  static Tape& current();

  Tape(const Tape&) = delete;
  Tape& operator=(const Tape&) = delete;

  // Nodes recorded and not yet released.
  std::size_t size() const { return size_; }
  // Entries in use in the operand lists of many-input operations.
  std::size_t operands_size() const { return operands_size_; }
  // Whether operations record (false while a NoGrad is alive).
  bool recording() const { return no_grad_depth_ == 0; }
  // Memory committed for nodes, operand lists and labels, in bytes.
  std::size_t bytes_held() const;

  // Ends a training step, for loops written without a GraphScope (as
  // PyTorch users write them): releases what was recorded since the
  // previous end_step(), so memory stays flat. Optimizers call it at the
  // end of step(); a loop that updates by hand calls it after updating.
  // What a step recorded before `parameters` were made is never released
  // (a model built after an earlier step keeps its parameters). Values
  // released this way keep their numbers (data()) and refuse everything else.
  void end_step(std::span<const Value> parameters);

 private:
  friend class detail::Recorder;  // the one kind of Tape there is
  constexpr Tape() = default;

  std::uint32_t size_ = 0;
  std::uint32_t operands_size_ = 0;
  std::uint32_t no_grad_depth_ = 0;
};

// Releases every node recorded while it is alive. Wrap one training step in
// a GraphScope and memory stays flat however many steps run (without one,
// each optimizer step releases the step before it: Tape::end_step()). Values made
// inside must not be used after it ends (that throws); create parameters and
// anything you keep outside it. Scopes nest; an outer scope that ends first
// releases the inner one's nodes too, and the inner one's end then does nothing.
class GraphScope {
 public:
  GraphScope();
  ~GraphScope();
  GraphScope(const GraphScope&) = delete;
  GraphScope& operator=(const GraphScope&) = delete;

 private:
  detail::Recorder& tape_;
  std::uint32_t depth_;
  std::uint64_t stamp_;
};

// While alive, operations compute values without recording how (like
// torch.no_grad): results are plain numbers that take no tape memory, and
// a later recorded operation takes them in as constants. Values made from
// numbers, Value(x), are still leaves that set_data can change.
// Nested NoGrads may end in any order; recording resumes when all have ended.
class NoGrad {
 public:
  NoGrad();
  ~NoGrad();
  NoGrad(const NoGrad&) = delete;
  NoGrad& operator=(const NoGrad&) = delete;

 private:
  detail::Recorder& tape_;
};

}  // namespace backprop
