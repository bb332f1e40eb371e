// LeafBlock: a run of consecutive leaves (a Matrix, or parameters made one
// after another) seen as spans of numbers and gradients, checked once per
// run instead of once per Value. What optimizers update through; one Value
// at a time is value.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
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

}  // namespace backprop
