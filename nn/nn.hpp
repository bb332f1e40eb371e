// The neural-network library in one include: modules (Neuron, Layer, MLP,
// and for transformers Linear, Embedding, rmsnorm, softmax), losses,
// optimizers (SGD, Adam), datasets, CSV loading, save/load, plain lists of
// numbers, plots, progress lines, training pages.
#pragma once

#include "nn/activation.hpp"
#include "nn/adam.hpp"
#include "nn/csv.hpp"
#include "nn/dataset.hpp"
#include "nn/embedding.hpp"
#include "nn/init.hpp"
#include "nn/layer.hpp"
#include "nn/linear.hpp"
#include "nn/loss.hpp"
#include "nn/metrics.hpp"
#include "nn/model_file.hpp"
#include "nn/model_graph.hpp"
#include "nn/mlp.hpp"
#include "nn/mlp_file.hpp"
#include "nn/module.hpp"
#include "nn/neuron.hpp"
#include "nn/optimizer.hpp"
#include "nn/parse_number.hpp"
#include "nn/plot.hpp"
#include "nn/progress.hpp"
#include "nn/random.hpp"
#include "nn/read_numbers.hpp"
#include "nn/rmsnorm.hpp"
#include "nn/serialize.hpp"
#include "nn/sgd.hpp"
#include "nn/softmax.hpp"
#include "nn/training_page.hpp"
