// The tape's bookkeeping: growing, releasing, validity of handles, labels.
// Recording itself is inline in tape.hpp; backward() is in backward.cpp.
#include "autodiff/tape.hpp"

#include <algorithm>
#include <atomic>
#include <stdexcept>

#include <fmt/format.h>

namespace backprop {

namespace {
std::atomic<std::uint32_t> next_tape_id{1};

// Owns the thread's tape; clears the fast-path pointer when the thread ends.
struct TapeOwner {
  std::unique_ptr<Tape> tape;
  ~TapeOwner() { detail::this_threads_tape = nullptr; }
};
thread_local TapeOwner tape_owner;
}  // namespace

Tape& detail::create_this_threads_tape() {
  tape_owner.tape = std::make_unique<Tape>();
  this_threads_tape = tape_owner.tape.get();
  return *this_threads_tape;
}

Tape::Tape() : id_(next_tape_id.fetch_add(1, std::memory_order_relaxed)) {}

void Tape::grow() {
  if (size_ >= max_nodes)
    throw std::length_error(fmt::format(
        "backprop: the tape is full ({} nodes); release finished steps with a GraphScope",
        max_nodes));
  chunks_.push_back(std::make_unique_for_overwrite<Node[]>(chunk_size));
}

std::uint32_t* Tape::start_operands(std::size_t pairs) {
  const std::size_t needed = operands_used_ + 2 * pairs + 1;
  if (needed >= max_nodes)
    throw std::length_error("backprop: too many weighted_sum operands on the tape; "
                            "release finished steps with a GraphScope");
  // Grown only past its high-water mark: no zero-filling on every neuron.
  if (needed > operands_.size()) operands_.resize(std::max(needed, 2 * operands_.size()));
  std::uint32_t* start = operands_.data() + operands_used_;
  operands_used_ = needed;
  return start;
}

NodeHandle Tape::record_weighted_sum(double data, std::size_t pairs) {
  const std::size_t offset = operands_used_ - (2 * pairs + 1);
  if (!recording_) {
    operands_used_ = offset;
    return record_leaf(data);
  }
  try {
    append() = Node{data, 0.0, {0.0, 0.0}, offset, pairs, static_cast<std::uint64_t>(Op::weighted_sum), 0};
  } catch (...) {  // the tape is full: take the operands back too
    operands_used_ = offset;
    throw;
  }
  return handle_of(size_ - 1);
}

bool Tape::survived_any_release(NodeHandle handle) const {
  // The first release after the handle's epoch has the lowest mark of all
  // releases since (the stack keeps marks increasing), so it alone decides.
  const auto first_later = std::upper_bound(
      releases_.begin(), releases_.end(), handle.epoch,
      [](std::uint32_t epoch, const Release& release) { return epoch < release.epoch; });
  if (first_later == releases_.end()) return handle.index < size_;
  return handle.index < first_later->mark;
}

void Tape::report_invalid(NodeHandle handle) const {
  if (handle.tape != id_)
    throw std::logic_error(fmt::format(
        "backprop: Value #{} belongs to another thread's graph (or to a thread that has "
        "ended); a Value can only be used on the thread that created it",
        handle.index));
  throw std::logic_error(fmt::format(
      "backprop: Value #{} was released when the GraphScope that recorded it ended; "
      "create values you keep across steps (parameters, results) outside the scope",
      handle.index));
}

void Tape::release_to(Mark mark) {
  if (mark.nodes >= size_) return;  // nothing recorded since: nothing to invalidate
  size_ = mark.nodes;
  operands_used_ = std::min(mark.operands, operands_used_);
  labels_.erase(labels_.lower_bound(static_cast<std::uint32_t>(size_)), labels_.end());

  const std::size_t chunks_in_use = (size_ + chunk_size - 1) / chunk_size;
  if (chunks_.size() > chunks_in_use + spare_chunks_kept)
    chunks_.resize(chunks_in_use + spare_chunks_kept);

  ++epoch_;
  while (!releases_.empty() && releases_.back().mark >= size_) releases_.pop_back();
  releases_.push_back({epoch_, size_});
  stable_below_ = releases_.front().mark;
}

void Tape::set_label(std::uint32_t index, std::string label) {
  labels_[index] = std::move(label);
}

const std::string* Tape::label(std::uint32_t index) const {
  const auto found = labels_.find(index);
  return found == labels_.end() ? nullptr : &found->second;
}

std::size_t Tape::bytes_held() const {
  std::size_t label_bytes = 0;
  for (const auto& [index, label] : labels_) label_bytes += sizeof(index) + label.capacity();
  return chunks_.size() * chunk_size * sizeof(Node) +
         operands_.capacity() * sizeof(std::uint32_t) + label_bytes;
}

}  // namespace backprop
