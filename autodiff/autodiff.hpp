// The engine in one include: Value and its operations, gradients as values
// (grad, hessian), the linear layer operation, blocks of leaves, the tape's
// scopes (GraphScope, NoGrad) and printing. Reading a graph node by node is autodiff/graph.hpp, and pictures
// and words (DOT, explain, pages, rendering) are autodiff/show/show.hpp,
// which includes it: a program that only computes and differentiates
// compiles neither.
#pragma once

#include "autodiff/format.hpp"
#include "autodiff/grad.hpp"
#include "autodiff/leaf_block.hpp"
#include "autodiff/linear.hpp"
#include "autodiff/op.hpp"
#include "autodiff/tape.hpp"
#include "autodiff/value.hpp"
