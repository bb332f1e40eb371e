// Derivatives as values: grad() returns d output / d input for chosen
// inputs without touching any .grad(), as torch.autograd.grad does. With
// create_graph the backward pass records itself: each derivative is a Value
// computed from the graph, built from the operations' own derivatives
// written as Values, so it can be differentiated again (to any order),
// printed, explained and drawn. Hessians and Hessian-vector products are
// built on it.
#pragma once

#include <vector>

#include "autodiff/value.hpp"

namespace backprop {

struct GradOptions {
  // Record the backward pass, so that the gradients can be differentiated.
  bool create_graph = false;
};

// d output / d inputs[k] for each k, in order. An input the output does not
// depend on (or a value without a node, computed under NoGrad) gets 0.
// Inputs may be computed values too: the derivative through them, as
// backward() would leave in their grad(). Nothing's grad() changes.
// Without create_graph the results are plain numbers (new leaves, at the
// cost of one backward()); with it, Values that depend on the graph.
// Throws std::logic_error if output or an input is not a live Value of this
// thread, as every operation does.
std::vector<Value> grad(const Value& output, const std::vector<Value>& inputs, GradOptions options = {});

// The matrix of second derivatives d^2 output / d inputs[i] d inputs[j]:
// one gradient with create_graph, then one plain gradient per row. What it
// records is released before it returns.
std::vector<std::vector<double>> hessian(const Value& output, const std::vector<Value>& inputs);

// H v without forming H: one gradient with create_graph, then one backward
// of its dot product with v. Throws std::invalid_argument unless v has one
// entry per input. What it records is released before it returns.
std::vector<double> hessian_vector_product(const Value& output, const std::vector<Value>& inputs,
                                           const std::vector<double>& v);

}  // namespace backprop
