// backward(): reverse-mode differentiation over the tape.
//
// Creation order is already a topological order (an operation is recorded
// after its inputs), so there is no graph search: seed the root with 1, then
// walk the tape from the root down, sending each reached node's gradient to
// its inputs by the chain rule. The walk is a loop: no recursion, any depth.
#include <algorithm>

#include "autodiff/tape.hpp"

namespace backprop {

namespace {

// Adds `amount` to the gradient of the node at `index`. The first time a
// backward pass reaches an intermediate node its old gradient is cleared, so
// intermediates show the gradient of the latest pass through them, while
// leaves keep accumulating across passes until zero_grad() (as in PyTorch).
struct GradientSink {
  Tape& tape;
  std::size_t lowest_reached;

  void add(std::size_t index, double amount) { add(tape.at(index), index, amount); }

  void add(Node& input, std::size_t index, double amount) {
    // A leaf has nothing to pass on: it only accumulates, and the sweep
    // need not visit it.
    if (!input.reached && input.operation() != Op::leaf) {
      input.reached = 1;
      input.grad = 0.0;
      lowest_reached = std::min(lowest_reached, index);
    }
    input.grad += amount;
  }
};

}  // namespace

void Tape::backward(NodeHandle root_handle) {
  Node& root = node(root_handle);
  GradientSink sink{*this, root_handle.index};
  if (root.operation() == Op::leaf) {
    root.grad += 1.0;  // d root / d root, accumulated like any leaf gradient
    return;
  }
  root.grad = 1.0;  // d root / d root
  root.reached = 1;

  // Every node below the root that can reach it has a lower index, and every
  // node that uses it has a higher one: by the time the sweep arrives at a
  // node, all of its gradient has been collected.
  for (std::size_t index = root_handle.index + 1; index-- > sink.lowest_reached;) {
    Node& node = at(index);
    if (!node.reached) continue;  // not on a path to the root
    node.reached = 0;             // leave the flag clear for the next pass
    const double grad = node.grad;
    switch (arity(node.operation())) {
      case 0:
        break;
      case 1:
        sink.add(node.first_input, node.partial[0] * grad);
        break;
      case 2:
        sink.add(node.first_input, node.partial[0] * grad);
        sink.add(node.second_input, node.partial[1] * grad);
        break;
      case many_inputs: {
        // bias + sum_k w_k * x_k: d/dbias = 1, d/dw_k = x_k, d/dx_k = w_k
        const std::uint32_t* operand = operands(node);
        sink.add(operand[0], grad);
        for (std::size_t pair = 0; pair < node.second_input; ++pair) {
          const std::uint32_t weight = operand[1 + 2 * pair], input = operand[2 + 2 * pair];
          Node& weight_node = at(weight);
          Node& input_node = at(input);
          sink.add(weight_node, weight, input_node.data * grad);
          sink.add(input_node, input, weight_node.data * grad);
        }
        break;
      }
    }
  }
}

}  // namespace backprop
