// Pictures of training in one include: SVG plots of data, boundaries and
// loss curves, progress lines, the training page, and a model's graph with
// a box per neuron. Includes the nn library.
#pragma once

#include "nn/nn.hpp"
#include "nn/show/model_graph.hpp"
#include "nn/show/plot.hpp"
#include "nn/show/progress.hpp"
#include "nn/show/training_page.hpp"
