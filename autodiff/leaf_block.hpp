// LeafBlock: a run of consecutive leaves (a Matrix, or parameters made one
// after another) seen as spans of numbers and gradients, checked once per
// run instead of once per Value. What optimizers update through, and what a
// neuron reads its weights through; one Value at a time is value.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "autodiff/value.hpp"

namespace backprop {

class LeafBlock {
 public:
  // `values` cut into runs, in order: leaves recorded one after another in
  // the same scope make one block (so one stamp check covers them all; two
  // Matrices made one after another are one block). Any other value is a
  // block of its own: a computed value's can be read but not updated, and
  // one whose value has no live node (empty, computed under NoGrad,
  // released) throws on every call, as that Value's set_data() would.
  static std::vector<LeafBlock> split(std::span<const Value> values);

  std::size_t size() const { return size_; }
  // Where the block's first value stands in the list given to split():
  // values[offset() + k] is the block's k-th value.
  std::size_t offset() const { return offset_; }

  // Each call checks the block once, and throws std::logic_error as a
  // Value would if the block's nodes were released (or belong to another
  // thread).
  std::span<const double> data() const { return checked().data_run(first_.index(), size_); }
  std::span<const double> grad() const { return checked().grad_run(first_.index(), size_); }
  void zero_grad() const;

  // set_data for the whole block: calls change(numbers, gradients) with a
  // std::span<double> of the numbers to change and a std::span<const
  // double> of their gradients. Every number of the block counts as
  // changed, as set_data records it: a later backward() through a product
  // of an old number throws. A computed value's block throws set_data's
  // error before any change.
  template <typename Change>
  void update(Change change) const {
    detail::Recorder& tape = checked();
    // Noted first: a change that throws half-way has still changed numbers.
    tape.note_changes(first_, size_);
    change(tape.data_run(first_.index(), size_), std::span<const double>(tape.grad_run(first_.index(), size_)));
  }

 private:
  LeafBlock(const detail::Handle& first, std::size_t offset) : first_(first), offset_(offset) {}
  bool continues_with(const detail::Handle& next) const;
  detail::Recorder& checked() const {
    detail::this_threads_tape.check(first_);
    return detail::this_threads_tape;
  }

  detail::Handle first_;
  std::uint32_t size_ = 1;
  std::size_t offset_;
};

namespace detail {
// weighted_sum(weights, inputs, bias) for weights that are one LeafBlock
// starting at `run`: checked once, their numbers read straight from the
// tape. Nothing, and nothing recorded, if a handle is not live: the caller
// then takes resolved_weighted_sum() (value.hpp). Inline, so that the
// caller (a neuron) takes the result in registers: a Value returned through
// memory is read back 16 bytes at a time and waits for the stores that
// wrote it (autodiff/detail/handle.hpp).
BACKPROP_INLINE std::optional<Value> weighted_sum_of_run(const Handle& run, std::span<const Value> inputs,
                                                         const Value& bias) {
  Recorder& tape = this_threads_tape;
  const Handle& start = bias.handle();
  if (!tape.is_live(run) || !tape.is_live(start)) [[unlikely]]
    return std::nullopt;
  const std::size_t pairs = inputs.size(), count = 1 + 2 * pairs;
  std::uint32_t* const operand = tape.operand_space(count);
  operand[0] = start.index();
  double sum = tape.data(start);
  const double* const w = tape.data_array() + run.index();
  for (std::size_t k = 0; k < pairs; ++k) {
    const Handle& x = inputs[k].handle();
    if (!tape.is_live(x)) [[unlikely]]
      return std::nullopt;
    sum += w[k] * tape.data(x);
    operand[1 + 2 * k] = run.index() + static_cast<std::uint32_t>(k);
    operand[2 + 2 * k] = x.index();
  }
  return wrap(tape.record_operands(Op::weighted_sum, sum, count, static_cast<std::uint32_t>(pairs)));
}
}  // namespace detail

}  // namespace backprop
