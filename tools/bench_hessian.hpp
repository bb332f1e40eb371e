// W5 of backprop-bench: what a second derivative costs. The
// Hessian-vector product of W1's moons loss (MLP(2, [16, 16, 1]) through
// the nn layers, 100 points, hinge + L2) with respect to every parameter,
// as a ratio to one plain gradient of the same loss in the same run; both
// record the loss first. The product is checked against central
// differences of the gradient along v.
#pragma once

#include <string>
#include <vector>

namespace backprop::bench {

struct HessianFigures {
  std::vector<double> gradient_us, product_us, ratio;  // one sample per repetition
  double loss_nodes = 0, gradient_graph_nodes = 0;     // recorded by the loss, and by grad(create_graph)
  double difference = 0;                               // against finite differences, relative
};

// Throws std::runtime_error if the product and the finite differences of
// the gradient differ by more than 1e-6 (relative).
HessianFigures run_hessian(int repetitions, int steps_per_repetition);

// The figures as lines of the benchmark's table, and as a JSON object.
std::string hessian_text(const HessianFigures& figures);
std::string hessian_json(const HessianFigures& figures);

}  // namespace backprop::bench
