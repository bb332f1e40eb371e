// A page that replays the training of a 2-D classifier: one self-contained
// HTML file (inline CSS, script and SVG; opens from file://) with the
// decision regions at every recorded step as frames, a slider and a play
// button, the loss and accuracy curves with a marker at the frame's step,
// and, when the frames carry a network's weights, the network drawn with
// each weight's sign and size as the colour and width of its edge, each
// hidden neuron as a small map of its output over the input plane, and each
// weight and neuron named (as named_parameters() names it) with its value
// and gradient when pointed at or focused. Colours follow sign_colours.hpp.
// Without script the page shows the last frame.
//
// "Step k" means k updates done, everywhere: the loss and accuracy at step k
// are those of the model after k updates, so a run of N updates has N + 1 of
// each (steps 0 to N). A training loop fills a TrainingHistory (a frame every
// few steps, captured with capture_frame and capture_network), then writes it.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "nn/dataset.hpp"
#include "nn/mlp.hpp"

namespace backprop::nn {

// One layer's weights as plain numbers: per neuron, its weights then its bias.
using LayerWeights = std::vector<std::vector<double>>;

// The side of the grid a hidden neuron's map samples its output on.
inline constexpr int neuron_map_resolution = 16;

struct TrainingFrame {
  std::size_t step = 0;        // updates made before it was captured (0: before training)
  std::vector<double> scores;  // the score at each cell of the page's grid, row by row from the top
  std::vector<LayerWeights> layers;     // optional: the network, first layer first
  std::vector<LayerWeights> gradients;  // optional: each parameter's gradient, shaped as `layers`
  // Optional: each hidden neuron's output (all layers but the last, in
  // order) at each cell of a neuron_map_resolution grid over the page's area.
  std::vector<std::vector<double>> neuron_maps;
};

struct TrainingHistory {
  std::vector<double> losses;         // losses[k]: after k updates (step k), k = 0 to N
  std::vector<double> accuracies;     // the same steps, in [0, 1]
  std::vector<TrainingFrame> frames;  // in step order
};

struct TrainingPageOptions {
  std::string title = "Training";
  int resolution = 40;  // grid cells per side; capture_frame must use the same
};

// The classifier's score (> 0: class 1) at the centre of each grid cell of
// the page for `data`: the regions as write_decision_boundary_svg draws them.
TrainingFrame capture_frame(std::size_t step, const Dataset& data,
                            const std::function<double(double, double)>& score, int resolution = 40);

// An MLP's weights now, for TrainingFrame::layers.
std::vector<LayerWeights> layer_weights(const MLP& model);
// Everything the network panel shows of `model` now: its weights, their
// gradients (from the latest backward pass) and the hidden neurons' maps
// over the area of `data`.
void capture_network(TrainingFrame& frame, const MLP& model, const Dataset& data);

// The page as text. Throws std::invalid_argument naming the problem if the
// data is not 2-D, losses and accuracies differ in length or are empty, no
// frame is given, a frame's step is out of order or past the last step, its
// grid is not resolution x resolution, its layers do not chain from 2
// inputs with the same shape in every frame, or its gradients or maps do not
// match its layers.
std::string training_page(const Dataset& data, const TrainingHistory& history,
                          const TrainingPageOptions& options = {});

// The same, written atomically (atomic_file.hpp).
void write_training_page(const std::filesystem::path& path, const Dataset& data, const TrainingHistory& history,
                         const TrainingPageOptions& options = {});

}  // namespace backprop::nn
