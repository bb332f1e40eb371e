// Second derivatives in the tool's words: the Hessian as a table whose rows
// and columns are named by the variables, and the explanation of a
// gradient's own graph (the first backward pass, recorded by grad() with
// create_graph, then differentiated again). Choosing the variables and
// checking against finite differences are left to the tool (gradcheck.hpp).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "autodiff/value.hpp"

namespace backprop::tools {

// The Hessian as `backprop eval --hessian` prints it, numbers with `digits`
// significant digits (0: every digit):
//   hessian (row a, column b: d2/da db)
//            x   y
//     x      2   3
//     y      3   0
std::string hessian_table(const std::vector<std::string>& names, const std::vector<std::vector<double>>& hessian,
                          int digits);

// `backprop explain --order 2`: says which nodes of `gradient`'s graph
// `output`'s forward pass made and which the first backward pass recorded,
// explains that graph (explain.hpp), and ends with the second derivatives
// d/d(name) of d output / d `wrt`. Read after gradient.backward(), with no
// other backward pass into `variables` (their grad() is what it prints).
std::string explain_second_order(const Value& output, const Value& gradient, const std::string& wrt,
                                 const std::vector<std::string>& names,
                                 const std::map<std::string, Value>& variables, int digits);

}  // namespace backprop::tools
