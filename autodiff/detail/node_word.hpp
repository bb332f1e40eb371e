// A node's operation and its inputs' positions, packed in one 64-bit word
// of the tape. Part of the engine's machinery (autodiff/detail/), not for
// users: Graph (graph.hpp) reads nodes back for them.
#pragma once

#include <cstdint>

#include "autodiff/op.hpp"

namespace backprop::detail {

// 6 bits of Op, then two 29-bit positions: the inputs of a one- or
// two-input node; for a many-input node, where its operand list starts and
// how many pairs it holds (or, for a layer's later row, its first output and
// the row's number). pack() shifts without masking: a first position's bits
// above its 29 must be 0 but for the top one, which shifts out (the recorder
// passes a Handle's place, whose top bit says it is a leaf).
struct NodeWord {
  static constexpr unsigned op_bits = 6, index_bits = 29;
  static constexpr std::uint64_t op_mask = (std::uint64_t{1} << op_bits) - 1;
  static constexpr std::uint64_t index_mask = (std::uint64_t{1} << index_bits) - 1;

  static constexpr std::uint64_t pack(Op op, std::uint64_t first, std::uint64_t second) {
    return static_cast<std::uint64_t>(op) | first << op_bits | second << (op_bits + index_bits);
  }
  static constexpr Op op(std::uint64_t word) { return static_cast<Op>(word & op_mask); }
  static constexpr std::uint32_t first(std::uint64_t word) {
    return static_cast<std::uint32_t>(word >> op_bits & index_mask);
  }
  static constexpr std::uint32_t second(std::uint64_t word) {
    return static_cast<std::uint32_t>(word >> (op_bits + index_bits));
  }
};
static_assert(operation_count <= (std::size_t{1} << NodeWord::op_bits), "Op no longer fits the node word");
static_assert(NodeWord::op_bits + 2 * NodeWord::index_bits == 64);

}  // namespace backprop::detail
