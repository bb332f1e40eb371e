// Files for the nn library in one include: saving and loading models (every
// format, MLPs rebuilt from their files), CSV data sets, plain lists of
// numbers, and the atomic writes and bounded reads underneath.
#pragma once

#include "nn/io/atomic_file.hpp"
#include "nn/io/csv.hpp"
#include "nn/io/mlp_file.hpp"
#include "nn/io/model_file.hpp"
#include "nn/io/parse_number.hpp"
#include "nn/io/read_numbers.hpp"
#include "nn/io/serialize.hpp"
#include "nn/nn.hpp"
