// The whole engine in one include: Value, its operations, the linear layer
// operation, the tape with its scopes (GraphScope, NoGrad), printing, and the
// graph tools beside the core (graph walking, explanations, DOT export,
// rendering, step-through pages).
#pragma once

#include "autodiff/dot.hpp"
#include "autodiff/explain.hpp"
#include "autodiff/format.hpp"
#include "autodiff/graph.hpp"
#include "autodiff/html.hpp"
#include "autodiff/linear.hpp"
#include "autodiff/op.hpp"
#include "autodiff/render.hpp"
#include "autodiff/tape.hpp"
#include "autodiff/value.hpp"
