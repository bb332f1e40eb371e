// W5: the Hessian-vector product of the moons loss against one gradient.
#include "tools/bench_hessian.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "autodiff/autodiff.hpp"
#include "nn/nn.hpp"
#include "tools/bench_moons.hpp"
#include "tools/bench_timing.hpp"

namespace backprop::bench {

namespace {

constexpr double w5_target = 5.0;  // the product costs at most this many gradients

}  // namespace

HessianFigures run_hessian(int repetitions, int steps_per_repetition) {
  const MoonsInputs moons = moons_inputs();
  const nn::MLP model(2, {16, 16, 1}, {.seed = 1});
  const std::vector<Value> parameters = model.parameters();
  std::vector<Value> scores(moons.points.size());
  auto loss = [&] {
    layer_scores(model, moons.points, scores);
    return nn::hinge_loss(scores, moons.data.labels) + nn::l2_penalty(parameters, moons_l2);
  };
  std::vector<double> v(parameters.size());
  for (std::size_t k = 0; k < v.size(); ++k) v[k] = std::sin(0.37 * double(k) + 0.1);

  auto gradient = [&] {
    GraphScope scope;
    const Value output = loss();
    for (Value p : parameters) p.zero_grad();
    output.backward();
    return parameters[0].grad();
  };
  auto product = [&] {
    GraphScope scope;
    return hessian_vector_product(loss(), parameters, v);
  };

  // The product against central differences of the gradient along v.
  HessianFigures figures;
  const std::vector<double> hv = product();
  auto gradient_at = [&](double step) {
    std::vector<double> start, numbers;
    for (const Value& p : parameters) start.push_back(p.data());
    for (std::size_t k = 0; k < parameters.size(); ++k) Value(parameters[k]).set_data(start[k] + step * v[k]);
    {
      GraphScope scope;
      for (const Value& entry : grad(loss(), parameters)) numbers.push_back(entry.data());
    }
    for (std::size_t k = 0; k < parameters.size(); ++k) Value(parameters[k]).set_data(start[k]);
    return numbers;
  };
  const double step = 1e-6;
  const std::vector<double> up = gradient_at(step), down = gradient_at(-step);
  for (std::size_t k = 0; k < hv.size(); ++k) {
    const double numeric = (up[k] - down[k]) / (2 * step);
    figures.difference = std::max(figures.difference, std::fabs(hv[k] - numeric) / std::max(1.0, std::fabs(numeric)));
  }
  if (!(figures.difference < 1e-6))
    throw std::runtime_error(fmt::format("W5 Hessian-vector product and finite differences differ by {}",
                                         figures.difference));
  {
    Tape& tape = Tape::current();
    GraphScope scope;
    const std::size_t before = tape.size();
    const Value output = loss();
    figures.loss_nodes = double(tape.size() - before);
    (void)grad(output, parameters, {.create_graph = true});
    figures.gradient_graph_nodes = double(tape.size() - before) - figures.loss_nodes;
  }

  double sink = 0.0;
  for (int repetition = 0; repetition < repetitions; ++repetition) {
    figures.gradient_us.push_back(
        seconds([&] { for (int k = 0; k < steps_per_repetition; ++k) sink += gradient(); }) / steps_per_repetition * 1e6);
    figures.product_us.push_back(
        seconds([&] { for (int k = 0; k < steps_per_repetition; ++k) sink += product()[0]; }) / steps_per_repetition * 1e6);
    figures.ratio.push_back(figures.product_us.back() / figures.gradient_us.back());
  }
  if (std::isnan(sink)) throw std::runtime_error("W5 produced NaN");
  return figures;
}

std::string hessian_text(const HessianFigures& f) {
  const std::string us = "{:9.1f} us  ({:.1f} .. {:.1f})";
  return fmt::format(
      "W5  Hessian-vector product of W1's loss (nn layers) against one gradient, both recording the loss\n"
      "    {:<36} {}  {:7.0f} nodes\n"
      "    {:<36} {}  {:7.0f} more nodes for the gradient's graph\n"
      "    {:<36} {}  target <= {:g}x: {}\n"
      "    the product agrees with central differences of the gradient to {:.1e} (relative)\n",
      "one gradient (record + backward)", spread_text(f.gradient_us, us), f.loss_nodes,
      "Hessian-vector product", spread_text(f.product_us, us), f.gradient_graph_nodes, "product / gradient",
      spread_text(f.ratio, "{:9.2f}x     ({:.2f} .. {:.2f})"), w5_target,
      spread(f.ratio).median <= w5_target ? "met" : "MISSED", f.difference);
}

std::string hessian_json(const HessianFigures& f) {
  auto json = [](const std::vector<double>& samples) { return json_spread(spread(samples)); };
  return fmt::format(R"({{"gradient_us": {}, "product_us": {}, "ratio": {}, "loss_nodes": {:.0f}, )"
                     R"("gradient_graph_nodes": {:.0f}, "target": {:g}, "met": {}, "difference": {:.3g}}})",
                     json(f.gradient_us), json(f.product_us), json(f.ratio), f.loss_nodes, f.gradient_graph_nodes,
                     w5_target, spread(f.ratio).median <= w5_target, f.difference);
}

}  // namespace backprop::bench
