// What SGD and Adam share: the parameters they move, a learning rate per
// step (a schedule), the steps taken, and zero_grad() over their
// parameters, as torch.optim's optimizers have. They update the parameters
// through blocks of consecutive leaves (autodiff/leaf_block.hpp): one check
// per block, then plain loops over numbers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "autodiff/leaf_block.hpp"
#include "autodiff/value.hpp"

namespace backprop::nn {

class Optimizer {
 public:
  // The learning rate for step k (0, 1, 2, ...); micrograd's moons schedule
  // is [](std::size_t k) { return 1.0 - 0.9 * k / 100; }, a linear decay to 0
  // over n steps [n](std::size_t k) { return 0.01 * (1.0 - double(k) / n); }.
  using Schedule = std::function<double(std::size_t step)>;

  // Sets every parameter's gradient to 0, before the next backward(): the
  // optimizer already holds the list, so no module has to build it again.
  void zero_grad() const {
    for (const LeafBlock& block : blocks_) block.zero_grad();
  }
  std::size_t steps_taken() const { return steps_; }
  const std::vector<Value>& parameters() const { return parameters_; }

 protected:
  // Throws std::invalid_argument for a parameter computed under NoGrad: it
  // has no node, so no gradient could ever reach it.
  Optimizer(std::vector<Value> parameters, Schedule schedule)
      : parameters_(std::move(parameters)),
        parameters_end_(backprop::detail::end_of(parameters_)),
        schedule_(std::move(schedule)) {
    for (std::size_t k = 0; k < parameters_.size(); ++k)
      if (parameters_[k].handle().stamp == backprop::detail::Handle::no_node_stamp)
        throw std::invalid_argument("optimizer: parameter " + std::to_string(k) +
                                    " was computed under NoGrad, so it has no node and no gradient; make "
                                    "parameters with Value(x)");
    blocks_ = LeafBlock::split(parameters_);
  }
  static Schedule constant(double learning_rate) {
    return [learning_rate](std::size_t) { return learning_rate; };
  }
  // This step's learning rate; counts the step.
  double begin_step() { return schedule_(steps_++); }
  // Calls update(numbers, gradients, first) for each block of parameters:
  // the numbers to change (as set_data would), their gradients, and where
  // the block starts in parameters() (to find the optimizer's state for it).
  template <typename Update>
  void update_parameters(Update update) const {
    for (const LeafBlock& block : blocks_)
      block.update([&](std::span<double> numbers, std::span<const double> gradients) {
        update(numbers, gradients, block.offset());
      });
  }
  // After the update: a loop without a GraphScope releases the step before
  // (Tape::end_step), so its memory stays flat.
  // (The parameters' positions never change: their end is found once.)
  void end_step() const { backprop::detail::Recorder::current().next_step(parameters_end_); }

  std::vector<Value> parameters_;

 private:
  std::vector<LeafBlock> blocks_;  // parameters_, cut into runs of consecutive leaves
  std::uint32_t parameters_end_;
  Schedule schedule_;
  std::size_t steps_ = 0;
};

}  // namespace backprop::nn
