// What a Value holds: the engine's handle to a node on its thread's tape.
// Part of the engine's machinery (autodiff/detail/), not for users: a Value
// is the public face of a handle.
#pragma once

#include <cstddef>
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
//
// A value computed under NoGrad has no node at all (no tape memory): its
// handle holds only the number, with no_node_stamp; an operation that
// records later takes it in as a constant leaf.
//
// The number comes last. A Value returned through memory (from a function
// that is not inlined, as in `s = block(s)`) is copied 16 bytes, then 8:
// alone in the last 8, the number's copy is forwarded from the one store
// that wrote it. A 16-byte load cannot be forwarded from two 8-byte stores
// and waits for them to reach the cache; that is the stamp and position
// here, which feed checks and node words, not the next number (W2's
// record took 9% longer with the number in the middle).
struct Handle {
  std::uint64_t stamp = empty_stamp;  // a default Value refers to nothing
  // The node's position (low 32 bits) and whether it is a leaf, whose number
  // lives on the tape where set_data can change it (the top bit), as one
  // 8-byte word: written by one store, so that a reader is forwarded from
  // that store instead of stalling on two 4-byte ones. The flag is the sign
  // bit, tested in one instruction, and shifts out when the place goes into
  // a node word (NodeWord::pack), which needs no mask.
  std::uint64_t place = 0;
  double value = 0.0;

  static constexpr std::uint64_t empty_stamp = ~std::uint64_t{0};
  // Generation 1, depth 0: the tape hands out generations from 2^20 up, so
  // no scope ever has this stamp and the check sends it to the slow path.
  static constexpr std::uint64_t no_node_stamp = std::uint64_t{1} << 6;
  static constexpr std::uint64_t leaf_flag = std::uint64_t{1} << 63;

  constexpr Handle() = default;
  constexpr Handle(double value, std::uint64_t stamp, std::uint32_t index, std::uint32_t is_leaf)
      : stamp(stamp), place(index | (is_leaf ? leaf_flag : 0)), value(value) {}

  std::uint32_t index() const { return static_cast<std::uint32_t>(place); }  // meaningless without a node
  bool is_leaf() const { return static_cast<std::int64_t>(place) < 0; }  // the top bit
  bool has_node() const { return stamp != no_node_stamp && stamp != empty_stamp; }
  static Handle without_node(double value) { return {value, no_node_stamp, 0, 0}; }
};
static_assert(offsetof(Handle, value) == 16, "the number comes last: see above");

}  // namespace backprop::detail
