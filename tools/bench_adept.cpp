// W1 and W2 on Adept-2, the way Adept's guide computes a gradient:
// set_values, new_recording, compute on adoubles, set_gradient(1.0),
// compute_adjoint, get_gradients. (stack.independent() is left out: it only
// serves Adept's Jacobians.)
#include "tools/bench_adept.hpp"

#include <adept.h>

// moons_loss() calls relu() unqualified; for adept::adouble it is found here
// by argument-dependent lookup. Adept's fmax sends the gradient to x only
// where x > 0 (a tie goes to the constant), as the hand-written relu does.
namespace adept {
inline adouble relu(const adouble& x) { return fmax(x, 0.0); }
}  // namespace adept

namespace backprop::bench {

namespace {

using adept::adouble;

// One stack for the whole run, made active on first use, as the engine's
// tape lives across steps: each gradient only starts a new recording on it.
adept::Stack& the_stack() {
  static adept::Stack stack;
  return stack;
}

// Records W1's loss on `parameters`, then hands the recording to `then`
// while the adoubles are alive.
template <typename Then>
double record_moons(const std::vector<double>& parameters, const MoonsData& data, Then&& then) {
  adept::Stack& stack = the_stack();
  std::vector<adouble> active(parameters.size());
  adept::set_values(active.data(), static_cast<adept::Index>(active.size()), parameters.data());
  stack.new_recording();
  const adouble loss = moons_loss(active, data.points, data.labels);
  then(stack, active, loss);
  return loss.value();
}

}  // namespace

double moons_gradient_by_adept(const std::vector<double>& parameters, const MoonsData& data,
                               std::vector<double>& gradient) {
  gradient.resize(parameters.size());
  return record_moons(parameters, data, [&](adept::Stack& stack, const std::vector<adouble>& active,
                                            const adouble& loss) {
    loss.set_gradient(1.0);
    stack.compute_adjoint();
    adept::get_gradients(active.data(), static_cast<adept::Index>(active.size()), gradient.data());
  });
}

double moons_loss_recorded_by_adept(const std::vector<double>& parameters, const MoonsData& data) {
  return record_moons(parameters, data, [](auto&&...) {});
}

AdeptRecording adept_last_recording() {
  // new_recording() opens with a null statement of its own; it is not counted.
  const adept::Stack& stack = the_stack();
  return {static_cast<std::size_t>(stack.n_statements() - 1), static_cast<std::size_t>(stack.n_operations())};
}

double chain_gradient_by_adept(std::size_t blocks, std::array<double, 4>& gradient) {
  adept::Stack& stack = the_stack();
  std::array<adouble, 4> inputs;
  adept::set_values(inputs.data(), 4, chain_inputs.data());
  stack.new_recording();
  adouble s = chain_start;
  for (std::size_t k = 0; k < blocks; ++k) s = chain_block(s, inputs[k % 4]);
  s.set_gradient(1.0);
  stack.compute_adjoint();
  adept::get_gradients(inputs.data(), 4, gradient.data());
  return s.value();
}

}  // namespace backprop::bench
