// Cutting a list of Values into blocks of consecutive leaves, and clearing
// a block's gradients.
#include "autodiff/leaf_block.hpp"

#include <algorithm>

namespace backprop {

std::vector<LeafBlock> LeafBlock::split(std::span<const Value> values) {
  std::vector<LeafBlock> blocks;
  for (std::size_t k = 0; k < values.size(); ++k) {
    if (!blocks.empty() && blocks.back().continues_with(values[k].handle()))
      ++blocks.back().size_;
    else
      blocks.push_back(LeafBlock(values[k].handle(), k));
  }
  return blocks;
}

// The next leaf on the tape, recorded in the same scope: while that scope's
// stamp is live, so are both nodes.
bool LeafBlock::continues_with(const detail::Handle& next) const {
  return first_.is_leaf() && next.is_leaf() && next.stamp == first_.stamp &&
         next.index() == first_.index() + size_;
}

void LeafBlock::zero_grad() const {
  const std::span<double> grads = checked().grad_run(first_.index(), size_);
  std::fill(grads.begin(), grads.end(), 0.0);
}

}  // namespace backprop
