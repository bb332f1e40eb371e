// What a Value holds: the engine's handle to a node on its thread's tape.
// Part of the engine's machinery (autodiff/detail/), not for users: a Value
// is the public face of a handle.
#pragma once

#include <cstdint>

// Recording is a handful of instructions: inlined always, or a call costs
// more than the work (GCC otherwise declines for functions used many times).
#define BACKPROP_INLINE [[gnu::always_inline]] inline

namespace backprop::detail {

// `stamp` names the scope that recorded the node; its low bits are that
// scope's depth, where the tape keeps the stamp while it lives. A computed
// value's number never changes (only leaves take set_data), so the handle
// carries it: the next operation reads it from a register instead of
// waiting for the store that just wrote it to the tape.
struct Handle {
  double value = 0.0;
  std::uint64_t stamp = empty_stamp;  // a default Value refers to nothing
  std::uint32_t index = 0;
  std::uint32_t is_leaf = 0;

  static constexpr std::uint64_t empty_stamp = ~std::uint64_t{0};
};

}  // namespace backprop::detail
