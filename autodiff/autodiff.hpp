// The engine in one include: Value and its operations, the linear layer
// operation, the tape's scopes (GraphScope, NoGrad), graph reading and
// printing. Pictures and words (DOT, explain, pages, rendering) are in
// autodiff/show/show.hpp; including this header never pulls them in.
#pragma once

#include "autodiff/format.hpp"
#include "autodiff/graph.hpp"
#include "autodiff/linear.hpp"
#include "autodiff/op.hpp"
#include "autodiff/tape.hpp"
#include "autodiff/value.hpp"
