// W1 and W2 on ADOL-C: trace_on, compute on adoubles, trace_off, gradient().
#include "tools/bench_adolc.hpp"

#include <adolc/adolc.h>

// moons_loss() calls relu() unqualified; for adouble it is found here.
inline adouble relu(const adouble& x) { return fmax(x, 0.0); }

namespace backprop::bench {

namespace {
constexpr short moons_tag = 1, chain_tag = 2;
}

double moons_gradient_by_adolc(const std::vector<double>& parameters, const MoonsData& data,
                               std::vector<double>& gradient) {
  double loss = 0.0;
  trace_on(moons_tag);
  {
    std::vector<adouble> taped(parameters.size());
    for (std::size_t k = 0; k < parameters.size(); ++k) taped[k] <<= parameters[k];
    adouble result = moons_loss(taped, data.points, data.labels);
    result >>= loss;
  }
  trace_off();
  gradient.resize(parameters.size());
  ::gradient(moons_tag, static_cast<int>(parameters.size()), parameters.data(), gradient.data());
  return loss;
}

double chain_gradient_by_adolc(std::size_t blocks, std::array<double, 4>& gradient) {
  double result = 0.0;
  trace_on(chain_tag);
  {
    std::array<adouble, 4> inputs;
    for (std::size_t k = 0; k < 4; ++k) inputs[k] <<= chain_inputs[k];
    adouble s = chain_start;
    for (std::size_t k = 0; k < blocks; ++k) s = chain_block(s, inputs[k % 4]);
    s >>= result;
  }
  trace_off();
  double at[4] = {chain_inputs[0], chain_inputs[1], chain_inputs[2], chain_inputs[3]};
  ::gradient(chain_tag, 4, at, gradient.data());
  return result;
}

}  // namespace backprop::bench
