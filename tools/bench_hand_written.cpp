// Hand-written forward and reverse passes for W1 and W2: the derivative of
// every line written out, as one would without an autodiff engine.
#include "tools/bench_hand_written.hpp"

#include <cmath>

namespace backprop::bench {

double moons_gradient_by_hand(const std::vector<double>& parameters, const MoonsData& data,
                              std::vector<double>& gradient) {
  constexpr std::size_t h = 16;
  // Offsets of each layer in the parameter vector (neuron j: weights then bias).
  constexpr std::size_t layer1 = 0, layer2 = layer1 + h * 3, layer3 = layer2 + h * (h + 1);
  const double* p = parameters.data();
  gradient.assign(parameters.size(), 0.0);
  double* g = gradient.data();
  const double n = static_cast<double>(data.points.size());
  double loss = 0.0;
  for (std::size_t i = 0; i < data.points.size(); ++i) {
    const double x0 = data.points[i][0], x1 = data.points[i][1], y = data.labels[i];
    // forward
    double z1[h], a1[h], z2[h], a2[h];
    for (std::size_t j = 0; j < h; ++j) {
      const double* w = p + layer1 + j * 3;
      z1[j] = w[2] + w[0] * x0 + w[1] * x1;
      a1[j] = z1[j] > 0.0 ? z1[j] : 0.0;
    }
    for (std::size_t j = 0; j < h; ++j) {
      const double* w = p + layer2 + j * (h + 1);
      double sum = w[h];
      for (std::size_t k = 0; k < h; ++k) sum += w[k] * a1[k];
      z2[j] = sum;
      a2[j] = sum > 0.0 ? sum : 0.0;
    }
    double score = p[layer3 + h];
    for (std::size_t k = 0; k < h; ++k) score += p[layer3 + k] * a2[k];
    const double margin = 1.0 - y * score;
    if (margin <= 0.0) continue;  // relu(margin) = 0: no loss, no gradient
    loss += margin;
    // reverse: d loss / d score = -y / n
    const double dscore = -y / n;
    double da2[h], dz1[h] = {};
    for (std::size_t k = 0; k < h; ++k) {
      g[layer3 + k] += dscore * a2[k];
      da2[k] = dscore * p[layer3 + k];
    }
    g[layer3 + h] += dscore;
    for (std::size_t j = 0; j < h; ++j) {
      if (z2[j] <= 0.0) continue;  // relu'(z) = 0
      const double dz = da2[j];
      const double* w = p + layer2 + j * (h + 1);
      double* gw = g + layer2 + j * (h + 1);
      for (std::size_t k = 0; k < h; ++k) {
        gw[k] += dz * a1[k];
        dz1[k] += dz * w[k];
      }
      gw[h] += dz;
    }
    for (std::size_t j = 0; j < h; ++j) {
      if (z1[j] <= 0.0) continue;
      double* gw = g + layer1 + j * 3;
      gw[0] += dz1[j] * x0;
      gw[1] += dz1[j] * x1;
      gw[2] += dz1[j];
    }
  }
  double squares = 0.0;
  for (std::size_t k = 0; k < parameters.size(); ++k) {
    squares += p[k] * p[k];
    g[k] += 2.0 * moons_l2 * p[k];
  }
  return loss / n + moons_l2 * squares;
}

double chain_gradient_by_hand(std::size_t blocks, std::array<double, 4>& gradient,
                              std::vector<double>& tape) {
  // Per block, keep b and e = exp(b/2), p = e^1.5: what the derivatives need.
  tape.resize(3 * blocks);
  double s = chain_start;
  for (std::size_t k = 0; k < blocks; ++k) {
    const double a = s * 0.9;
    const double b = std::tanh(a + chain_inputs[k % 4]);
    const double e = std::exp(b * 0.5);
    const double p = std::pow(e, 1.5);
    s = p * b * 0.1 + a + 0.01;
    tape[3 * k] = b, tape[3 * k + 1] = e, tape[3 * k + 2] = p;
  }
  gradient = {0.0, 0.0, 0.0, 0.0};
  double ds = 1.0;
  for (std::size_t k = blocks; k-- > 0;) {
    const double b = tape[3 * k], e = tape[3 * k + 1], p = tape[3 * k + 2];
    // s = p*b*0.1 + a + 0.01
    const double dp = ds * b * 0.1;
    double db = ds * p * 0.1;
    double da = ds;
    // p = e^1.5, e = exp(b/2)
    const double de = dp * 1.5 * p / e;
    db += de * e * 0.5;
    // b = tanh(a + x)
    const double dz = db * (1.0 - b * b);
    da += dz;
    gradient[k % 4] += dz;
    // a = 0.9 * s_previous
    ds = da * 0.9;
  }
  return s;
}

}  // namespace backprop::bench
