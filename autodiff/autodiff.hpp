// The whole engine in one include: Value, its operations, the tape with its
// scopes (GraphScope, NoGrad), and printing.
#pragma once

#include "autodiff/format.hpp"
#include "autodiff/op.hpp"
#include "autodiff/tape.hpp"
#include "autodiff/value.hpp"
