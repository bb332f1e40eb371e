// The neural-network library in one include: modules (Neuron, Layer, MLP,
// and for transformers Linear, Embedding, rmsnorm, softmax), losses,
// metrics, optimizers (SGD, Adam), datasets and random numbers. Files are
// in nn/io/io.hpp, plots and training pages in nn/show/show.hpp.
#pragma once

#include "autodiff/autodiff.hpp"
#include "nn/activation.hpp"
#include "nn/adam.hpp"
#include "nn/dataset.hpp"
#include "nn/embedding.hpp"
#include "nn/init.hpp"
#include "nn/layer.hpp"
#include "nn/linear_module.hpp"
#include "nn/loss.hpp"
#include "nn/metrics.hpp"
#include "nn/mlp.hpp"
#include "nn/module.hpp"
#include "nn/neuron.hpp"
#include "nn/optimizer.hpp"
#include "nn/random.hpp"
#include "nn/rmsnorm.hpp"
#include "nn/sgd.hpp"
#include "nn/softmax.hpp"
