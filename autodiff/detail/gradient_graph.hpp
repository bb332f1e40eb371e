// The recorded backward pass behind grad(..., {.create_graph = true})
// (autodiff/grad.hpp), in autodiff/gradient_graph.cpp. Part of the engine's
// machinery (autodiff/detail/), not for users.
#pragma once

#include <cstdint>
#include <vector>

#include "autodiff/detail/recorder.hpp"
#include "autodiff/value.hpp"

namespace backprop::detail {

// Whether `input` names a node at or below `root`: only those can reach it.
inline bool reachable(const Value& input, std::uint32_t root) {
  return input.handle().has_node() && input.id() <= root;
}

// d root / d inputs[k] for each k, as Values recorded on `tape` (which must
// be recording), from the operations' derivatives written as Values. `root`
// is a live node's position; every input was checked.
std::vector<Value> record_gradient(Recorder& tape, std::uint32_t root, const std::vector<Value>& inputs);

}  // namespace backprop::detail
