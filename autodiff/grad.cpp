// grad(), hessian() and hessian_vector_product(). A plain gradient is
// backward() into a buffer of its own; a gradient with create_graph is the
// recorded backward pass of autodiff/gradient_graph.cpp; the Hessian and
// its products differentiate that gradient once more.
#include "autodiff/grad.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "autodiff/detail/gradient_graph.hpp"
#include "autodiff/tape.hpp"

namespace backprop {

namespace {

using detail::Recorder;

// Checks every handle before anything is recorded: a default Value, a
// released one or another thread's throws, a value without a node is fine.
void check_all(const Recorder& tape, const Value& output, const std::vector<Value>& inputs) {
  if (output.handle().stamp != detail::Handle::no_node_stamp) tape.check(output.handle());
  for (const Value& input : inputs)
    if (input.handle().stamp != detail::Handle::no_node_stamp) tape.check(input.handle());
}

// Second derivatives differentiate a recorded gradient: under NoGrad there
// would be none, and every answer 0.
void check_recording(const Recorder& tape, std::string_view function) {
  if (!tape.recording())
    throw std::logic_error(fmt::format("{}: needs the gradient's graph, which is not recorded under NoGrad",
                                       function));
}

using detail::reachable;

std::vector<Value> plain_gradient(Recorder& tape, const Value& output, const std::vector<Value>& inputs) {
  std::vector<Value> result;
  result.reserve(inputs.size());
  if (!output.handle().has_node()) {
    for (std::size_t k = 0; k < inputs.size(); ++k) result.emplace_back(0.0);
    return result;
  }
  const std::uint32_t root = output.id();
  std::vector<double> gradients(std::size_t{root} + 1, 0.0);
  tape.backward_into(output.handle(), gradients);
  for (const Value& input : inputs) result.emplace_back(reachable(input, root) ? gradients[input.id()] : 0.0);
  return result;
}

}  // namespace

std::vector<Value> grad(const Value& output, const std::vector<Value>& inputs, GradOptions options) {
  Recorder& tape = Recorder::current();
  check_all(tape, output, inputs);
  // Under NoGrad nothing is recorded, so there is no graph to create (as in
  // PyTorch): the plain gradient.
  if (!options.create_graph || !tape.recording()) return plain_gradient(tape, output, inputs);
  if (!output.handle().has_node()) return std::vector<Value>(inputs.size(), Value(0.0));
  return detail::record_gradient(tape, output.id(), inputs);
}

std::vector<std::vector<double>> hessian(const Value& output, const std::vector<Value>& inputs) {
  Recorder& tape = Recorder::current();
  check_all(tape, output, inputs);
  check_recording(tape, "hessian");
  const GraphScope scope;  // the gradient's graph is released on return
  const std::vector<Value> gradient = grad(output, inputs, {.create_graph = true});
  std::vector<std::vector<double>> result;
  result.reserve(inputs.size());
  for (const Value& row : gradient) {
    std::vector<double>& numbers = result.emplace_back();
    numbers.reserve(inputs.size());
    for (const Value& entry : plain_gradient(tape, row, inputs)) numbers.push_back(entry.data());
  }
  return result;
}

std::vector<double> hessian_vector_product(const Value& output, const std::vector<Value>& inputs,
                                           const std::vector<double>& v) {
  if (v.size() != inputs.size())
    throw std::invalid_argument(fmt::format(
        "hessian_vector_product: expected one entry of v per input ({}), got {}", inputs.size(), v.size()));
  Recorder& tape = Recorder::current();
  check_all(tape, output, inputs);
  check_recording(tape, "hessian_vector_product");
  const GraphScope scope;  // the gradient's graph is released on return
  const std::vector<Value> gradient = grad(output, inputs, {.create_graph = true});
  const std::vector<Value> direction(v.begin(), v.end());
  const std::vector<Value> product = plain_gradient(tape, dot(gradient, direction), inputs);
  std::vector<double> result;
  result.reserve(product.size());
  for (const Value& entry : product) result.push_back(entry.data());
  return result;
}

}  // namespace backprop
