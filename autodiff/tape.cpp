// The tape's bookkeeping, off the recording fast path: reserving and
// committing memory, scopes and stamps, reporting invalid handles, set_data's
// record of changed values, labels, and tearing down at thread exit; and
// the public Tape, GraphScope and NoGrad (tape.hpp) on top of it.
#include "autodiff/detail/recorder.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <map>
#include <new>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "autodiff/detail/wide.hpp"
#include "autodiff/format.hpp"
#include "autodiff/value.hpp"

namespace backprop::detail {

namespace {

// Stamps are (generation << depth_bits) | depth. Each tape takes generations from the
// process-wide counter in blocks, so stamps never repeat across tapes and
// never wrap (2^58 generations), and a tape can tell its own retired stamps
// from another thread's.
constexpr unsigned depth_bits = 6;  // a scope's depth, 0 .. max_scope_depth, in a stamp's low bits
static_assert(Recorder::max_scope_depth == (1u << depth_bits) - 1 && Recorder::slot_mask == Recorder::max_scope_depth);
constexpr unsigned generation_block_bits = 20;
std::atomic<std::uint64_t> next_generation_block{1};

constexpr std::size_t commit_step = std::size_t{1} << 16;          // nodes
constexpr std::size_t operand_commit_step = std::size_t{1} << 18;  // entries
// Committed memory kept after a release (4 million nodes), so a training
// loop never commits and decommits; beyond it a huge graph gives memory back.
constexpr std::size_t spare_nodes = std::size_t{1} << 22;
// The arrays start 17 cache lines apart: if their entries shared their low
// address bits, the stores of one node would contend for the same cache sets.
constexpr std::size_t stagger_bytes = 17 * 64;

std::size_t round_up(std::size_t count, std::size_t step) { return (count + step - 1) / step * step; }

std::size_t page_size() {
  static const std::size_t size = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  return size;
}
std::uintptr_t page_floor(std::uintptr_t address) { return address & ~(page_size() - 1); }
std::uintptr_t page_ceil(std::uintptr_t address) { return page_floor(address + page_size() - 1); }

[[noreturn]] void memory_error(const char* what) {
  throw std::runtime_error(fmt::format("backprop: {} failed: {}", what, std::strerror(errno)));
}

// Makes entries [from, to) of `array` (elements of `element` bytes) usable.
void commit(void* array, std::size_t element, std::size_t from, std::size_t to) {
  const auto base = reinterpret_cast<std::uintptr_t>(array);
  const std::uintptr_t begin = page_floor(base + from * element), end = page_ceil(base + to * element);
  if (end > begin &&
      mprotect(reinterpret_cast<void*>(begin), end - begin, PROT_READ | PROT_WRITE) != 0) {
    if (errno == ENOMEM) throw std::bad_alloc();
    memory_error("mprotect");
  }
}

// Gives entries [from, to) back to the system (whole pages only).
void decommit(void* array, std::size_t element, std::size_t from, std::size_t to) {
  const auto base = reinterpret_cast<std::uintptr_t>(array);
  const std::uintptr_t begin = page_ceil(base + from * element), end = page_ceil(base + to * element);
  if (end > begin)
    mmap(reinterpret_cast<void*>(begin), end - begin, PROT_NONE,
         MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
}

}  // namespace

// Unmaps the tape's reservation when its thread ends.
struct TapeOwner {
  ~TapeOwner() { this_threads_tape.finish(); }
};

struct TapeExtras {
  // The arrays of 8-byte entries, committed and given back together.
  static std::array<void*, 5> node_arrays(const Recorder& tape) {
    return {tape.data_, tape.grad_, tape.local_a_, tape.local_b_, tape.words_};
  }

  void* reservation = nullptr;
  std::size_t reservation_bytes = 0;
  std::uint32_t operand_capacity = 0;
  std::uint32_t reached_committed = 0;   // entries of reached_ usable
  std::map<std::uint32_t, std::string> labels;
  // The nodes with modified_at_ != 0, as runs of consecutive leaves (a
  // LeafBlock's, or one leaf's); each node is in one run at most.
  struct ChangedRun {
    std::uint32_t first, count;
  };
  std::vector<ChangedRun> modified;
  std::vector<double> scratch;
  std::vector<std::uint64_t> generation_blocks;  // this tape's, for error messages
  std::uint64_t next_generation = 0, generation_end = 0;

  // Reserves address space for every array: as much as the system allows,
  // from the full 29-bit range down.
  void reserve(Recorder& tape) {
    for (std::size_t capacity = Recorder::max_nodes;; capacity /= 4) {
      const std::size_t sizes[] = {8, 8, 8, 8, 8, 4, 1, 4};  // data grad local_a local_b words modified reached operands
      std::size_t offsets[std::size(sizes)], total = 0;
      for (std::size_t k = 0; k < std::size(sizes); ++k) {
        offsets[k] = total + k * stagger_bytes;
        total = page_ceil(offsets[k] + capacity * sizes[k]);
      }
      void* base = mmap(nullptr, total, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
      if (base == MAP_FAILED) {
        if (capacity < (std::size_t{1} << 20)) throw std::bad_alloc();
        continue;
      }
      reservation = base;
      reservation_bytes = total;
      auto at = [&](std::size_t k) { return static_cast<char*>(base) + offsets[k]; };
      tape.data_ = reinterpret_cast<double*>(at(0));
      tape.grad_ = reinterpret_cast<double*>(at(1));
      tape.local_a_ = reinterpret_cast<double*>(at(2));
      tape.local_b_ = reinterpret_cast<double*>(at(3));
      tape.words_ = reinterpret_cast<std::uint64_t*>(at(4));
      tape.modified_at_ = reinterpret_cast<std::uint32_t*>(at(5));
      tape.reached_ = reinterpret_cast<std::uint8_t*>(at(6));
      tape.operands_ = reinterpret_cast<std::uint32_t*>(at(7));
      tape.capacity_ = static_cast<std::uint32_t>(capacity);
      operand_capacity = static_cast<std::uint32_t>(capacity);
      return;
    }
  }

  // Makes the first `count` entries of a side array usable.
  template <typename Entry>
  static void commit_side(Entry* array, std::uint32_t& committed, std::size_t count, std::size_t capacity) {
    if (count <= committed) return;
    const std::size_t target = std::max(count, std::min<std::size_t>(committed + commit_step, capacity));
    commit(array, sizeof(Entry), committed, target);
    committed = static_cast<std::uint32_t>(target);
  }
};

void Recorder::start() {
  if (ended_)
    throw std::logic_error(
        "backprop: this thread's graph was torn down when the thread ended; a Value cannot be "
        "used from a destructor that runs after that (a static or thread_local object's)");
  thread_local TapeOwner owner;  // constructed here, so its destructor runs at thread exit
  (void)owner;
  extras_ = new TapeExtras;
  try {
    extras_->reserve(*this);
  } catch (...) {
    delete extras_;
    extras_ = nullptr;
    throw;
  }
  depth_ = 0;
  stamp_ = active_[0] = new_stamp(0);
  reset_limit();
}

void Recorder::finish() {
  if (extras_ != nullptr) {
    munmap(extras_->reservation, extras_->reservation_bytes);
    delete extras_;
  }
  // No memory and no live stamps: every handle now fails its check, and
  // recording reaches make_room(), which refuses.
  data_ = grad_ = local_a_ = local_b_ = nullptr;
  words_ = nullptr;
  modified_at_ = operands_ = nullptr;
  reached_ = nullptr;
  size_ = limit_ = committed_ = capacity_ = operands_size_ = operands_limit_ = 0;
  std::fill(std::begin(active_), std::end(active_), 0);
  depth_ = 0;
  stamp_ = 0;
  scratch_ = nullptr;
  scratch_size_ = 0;
  modified_known_ = 0;
  clean_above_ = stale_top_ = leaves_below_ = 0;
  extras_ = nullptr;
  ended_ = true;
}

std::uint64_t Recorder::new_stamp(std::uint32_t depth) {
  TapeExtras& extras = *extras_;
  if (extras.next_generation == extras.generation_end) {
    const std::uint64_t block = next_generation_block.fetch_add(1, std::memory_order_relaxed);
    extras.generation_blocks.push_back(block);
    extras.next_generation = block << generation_block_bits;
    extras.generation_end = (block + 1) << generation_block_bits;
  }
  return extras.next_generation++ << depth_bits | depth;
}

void Recorder::commit_nodes(std::size_t count) {
  if (count > capacity_)
    throw std::length_error(fmt::format(
        "backprop: the tape is full ({} nodes); release finished steps with a GraphScope",
        capacity_));
  const std::size_t target = std::min<std::size_t>(capacity_, round_up(count, commit_step));
  for (void* array : TapeExtras::node_arrays(*this)) commit(array, sizeof(double), committed_, target);
  committed_ = static_cast<std::uint32_t>(target);
}

std::uint32_t Recorder::make_room() {
  if (data_ == nullptr) start();
  if (size_ == committed_) commit_nodes(std::size_t{size_} + 1);
  // Under NoGrad every record comes back here: room for exactly one more.
  limit_ = recording() ? committed_ : size_ + 1;
  return size_;
}

void Recorder::reserve_nodes(std::size_t count) {
  if (data_ == nullptr) start();
  if (count > committed_ - size_) commit_nodes(size_ + count);
}

void Recorder::make_operand_room(std::size_t count) {
  if (data_ == nullptr) start();
  TapeExtras& extras = *extras_;
  if (count > extras.operand_capacity - operands_size_)
    throw std::length_error(
        "backprop: too many operands of many-input operations on the tape; release finished "
        "steps with a GraphScope");
  const std::size_t target =
      std::min<std::size_t>(extras.operand_capacity, round_up(operands_size_ + count, operand_commit_step));
  commit(operands_, 4, operands_limit_, target);
  operands_limit_ = static_cast<std::uint32_t>(target);
}

Handle Recorder::record_leaves(std::span<const double> values) {
  reserve_nodes(values.size());
  const std::uint32_t first = size_;
  for (double value : values) {
    data_[size_] = value;
    words_[size_] = NodeWord::pack(Op::leaf, 0, 0);
    ++size_;
  }
  reset_limit();
  return {values.empty() ? 0.0 : values.front(), stamp_, first, 1};
}

Handle Recorder::record_rows(std::size_t count, std::size_t operand_count) {
  if (data_ == nullptr) start();  // no rows: nothing was reserved yet
  const std::uint32_t head = size_;
  if (!recording()) return {data_[head], Handle::no_node_stamp, head, 0};
  // The first output describes the layer; the others point back to it,
  // each with its row number.
  if (count > 0) words_[head] = NodeWord::pack(Op::linear, operands_size_, 0);
  const std::uint64_t first_row = NodeWord::pack(Op::linear_row, head, 0), next_row = NodeWord::pack(Op::leaf, 0, 1);
  for (std::size_t row = 1; row < count; ++row) words_[head + row] = first_row + row * next_row;
  size_ += static_cast<std::uint32_t>(count);
  operands_size_ += static_cast<std::uint32_t>(operand_count);
  reset_limit();
  return {data_[head], stamp_, head, 0};
}

Handle Recorder::record_unary_run(Op op, std::uint32_t first_input, std::size_t count) {
  if (data_ == nullptr) start();  // nothing was reserved yet
  const std::uint32_t first = size_;
  if (!recording()) return {data_[first], Handle::no_node_stamp, first, 0};
  const std::uint64_t word = NodeWord::pack(op, first_input, 0), next_input = NodeWord::pack(Op::leaf, 1, 0);
  for (std::size_t k = 0; k < count; ++k) words_[first + k] = word + k * next_input;
  size_ += static_cast<std::uint32_t>(count);
  reset_limit();
  return {data_[first], stamp_, first, 0};
}

Handle Recorder::handle_at(std::size_t index) const {
  if (index >= size_)
    throw std::out_of_range(
        fmt::format("backprop: there is no node #{} on this thread's tape ({} nodes)", index, size_));
  // Open scopes began at non-decreasing positions: the innermost one that
  // began at or below `index` recorded it.
  std::uint32_t depth = depth_;
  while (depth > 0 && marks_[depth].nodes > index) --depth;
  const auto position = static_cast<std::uint32_t>(index);
  return {data_[position], active_[depth], position, NodeWord::op(words_[position]) == Op::leaf};
}

std::uint32_t Recorder::leaf_for(double value, std::uint64_t stamp, std::uint32_t index, std::uint32_t is_leaf) {
  if (stamp != Handle::no_node_stamp) report_invalid({value, stamp, index, is_leaf});
  // A number computed under NoGrad: while recording, a constant leaf (as a
  // tensor made under torch.no_grad() is); under NoGrad it needs no node.
  return recording() ? record_leaf(value).index() : no_leaf;
}

// How an error names a value whose node may be gone: its number and kind
// (the label went with the node).
static std::string released_value(const Handle& handle) {
  return handle.is_leaf() ? fmt::format("a leaf Value (node {})", handle.index())
                        : fmt::format("the Value {} (node {})", format_number(handle.value), handle.index());
}

void Recorder::report_invalid(Handle handle) const {
  if (handle.stamp == Handle::empty_stamp)
    throw std::logic_error(
        "backprop: this Value is empty (default-constructed and never assigned); give it a "
        "number or the result of an operation first");
  if (handle.stamp == Handle::no_node_stamp)
    throw std::logic_error(fmt::format(
        "backprop: the Value {} was computed under NoGrad, so it has no node to read or change; make "
        "it a leaf with Value(x.data()) first",
        format_number(handle.value)));
  if (ended_)
    throw std::logic_error(fmt::format(
        "backprop: {} was used after its thread's graph was torn down at thread exit "
        "(from a static or thread_local object's destructor?)",
        released_value(handle)));
  const std::uint64_t block = handle.stamp >> depth_bits >> generation_block_bits;
  const bool ours = extras_ != nullptr && std::find(extras_->generation_blocks.begin(),
                                                     extras_->generation_blocks.end(),
                                                     block) != extras_->generation_blocks.end();
  if (!ours)
    throw std::logic_error(fmt::format(
        "backprop: {} belongs to another thread's graph (or to a thread that has ended); "
        "a Value can only be used on the thread that created it",
        released_value(handle)));
  throw std::logic_error(fmt::format(
      "backprop: {} was released when the step that recorded it ended (its GraphScope ended, "
      "or, without one, an optimizer's step() did); create values you keep across steps "
      "(parameters, data, results) outside the scope, or before the first step",
      released_value(handle)));
}

Recorder::Scope Recorder::open_scope() {
  if (data_ == nullptr) start();
  if (depth_ == max_scope_depth)
    throw std::length_error(
        fmt::format("backprop: GraphScopes nested deeper than {} levels", max_scope_depth));
  const std::uint32_t depth = depth_ + 1;
  const std::uint64_t stamp = new_stamp(depth);
  active_[depth] = stamp;
  marks_[depth] = {size_, operands_size_};
  depth_ = depth;
  stamp_ = stamp;
  return {depth, stamp};
}

void Recorder::close_scope(const Scope& scope) {
  if (active_[scope.depth] != scope.stamp) return;  // an outer scope already released it
  for (std::uint32_t depth = scope.depth; depth <= depth_; ++depth) active_[depth] = 0;
  depth_ = scope.depth - 1;
  stamp_ = active_[depth_];
  release_to(marks_[scope.depth].nodes, marks_[scope.depth].operands);
}

void Recorder::next_step(std::uint32_t keep_below) {
  if (data_ == nullptr) start();
  const bool open = step_scope_.depth != 0 && active_[step_scope_.depth] == step_scope_.stamp;
  // Parameters made inside the last step's scope (a second model built
  // after the first one trained) keep it alive: the next one nests in it.
  if (open && step_scope_.depth == depth_ && marks_[depth_].nodes >= keep_below) close_scope(step_scope_);
  // At the deepest nesting there is no scope to open: steps then keep
  // their nodes, as they would inside one GraphScope.
  step_scope_ = depth_ < max_scope_depth ? open_scope() : Scope{0, 0};
}

// Caps the changes of `count` leaves from position `first` at `size`, and
// returns the latest, or 0 if none can matter (each at most its leaf's
// position + 1: no node can have read the number before it changed).
// Arguments by value, so that the loop keeps them in registers. Run once
// per step over every parameter an optimizer changed: the baseline x86-64
// has no unsigned min and max, which made this loop a twentieth of
// microgpt's step; AVX2 has both, eight at a time.
BACKPROP_WIDE static std::uint32_t cap_changes(std::uint32_t* since, std::uint32_t first, std::uint32_t count,
                                               std::uint32_t size) {
  std::uint32_t latest = 0, matters = 0;
  for (std::uint32_t k = 0; k < count; ++k) {
    since[k] = std::min(since[k], size);
    matters |= since[k] > first + k + 1;
    latest = std::max(latest, since[k]);
  }
  return matters != 0 ? latest : 0;
}

void Recorder::release_to(std::uint32_t nodes, std::uint32_t operands) {
  TapeExtras& extras = *extras_;
  // Memory kept committed: what is left, and some room for the next step.
  const std::size_t keep = std::min<std::size_t>(capacity_, round_up(std::size_t{std::min(nodes, size_)} + spare_nodes, commit_step));
  if (nodes < size_) {
    // Recording writes no gradient, so every entry past the last node must
    // be 0: clear what stays committed (memory given back comes back as 0;
    // only whole pages go back, so up to a page past `keep` stays).
    const std::size_t stays = keep + page_size() / sizeof(double);
    std::fill(grad_ + nodes, grad_ + std::min<std::size_t>(size_, stays), 0.0);
    size_ = nodes;
    extras.labels.erase(extras.labels.lower_bound(nodes), extras.labels.end());
  }
  operands_size_ = std::min(operands_size_, operands);
  clean_above_ = std::min(clean_above_, size_);
  leaves_below_ = std::min(leaves_below_, size_);

  // Changes recorded by set_data matter only to nodes that still exist: a
  // run of changed leaves loses its released ones, the others' changes are
  // capped at the new size, and the run is dropped once no node left can
  // have read a number before it changed (each change at most its leaf's
  // position + 1).
  stale_top_ = 0;
  std::erase_if(extras.modified, [&](TapeExtras::ChangedRun& run) {
    std::uint32_t* const since = modified_at_ + run.first;
    const std::uint32_t kept = run.first < size_ ? std::min(run.count, size_ - run.first) : 0;
    std::fill(since + kept, since + run.count, 0u);
    run.count = kept;
    const std::uint32_t latest = cap_changes(since, run.first, kept, size_);
    if (latest == 0) std::fill(since, since + kept, 0u);
    stale_top_ = std::max(stale_top_, latest);
    return latest == 0;
  });

  // Give back what a huge graph committed.
  if (committed_ > keep) {
    for (void* array : TapeExtras::node_arrays(*this)) decommit(array, sizeof(double), keep, committed_);
    committed_ = static_cast<std::uint32_t>(keep);
  }
  reset_limit();
}

std::string Recorder::describe(std::uint32_t index) const {
  if (const std::string* name = label(index); name != nullptr && !name->empty()) return fmt::format("'{}'", *name);
  const Op op = shown_op(NodeWord::op(words_[index]));
  return op == Op::leaf ? fmt::format("the leaf {} (node {})", format_number(data_[index]), index)
                        : fmt::format("the Value {} (node {}, computed by {})", format_number(data_[index]), index,
                                      info(op).name);
}

void Recorder::note_change(const Handle& handle) { note_changes(handle, 1); }

void Recorder::note_changes(const Handle& first, std::uint32_t count) {
  if (!first.is_leaf())
    throw std::logic_error(fmt::format(
        "set_data: {} was computed by an operation; only inputs and parameters (leaves) can be changed",
        describe(first.index())));
  const std::uint32_t end = first.index() + count;
  TapeExtras::commit_side(modified_at_, modified_known_, end, capacity_);
  // Leaves in no run yet (modified_at_ 0) make runs of their own. After an
  // optimizer's first step its blocks are all in runs: a loop without a
  // branch per leaf says so.
  std::uint32_t* const since = modified_at_;
  std::uint32_t unlisted = 0;
  for (std::uint32_t index = first.index(); index < end; ++index) unlisted |= since[index] == 0;
  for (std::uint32_t index = first.index(); unlisted != 0 && index < end; ++index) {
    if (since[index] != 0) continue;
    const std::uint32_t start = index;
    while (index < end && since[index] == 0) ++index;
    extras_->modified.push_back({start, index - start});
  }
  std::fill(since + first.index(), since + end, size_);
  stale_top_ = std::max(stale_top_, size_);
}

void Recorder::commit_reached(std::size_t count) {
  TapeExtras::commit_side(reached_, extras_->reached_committed, count, capacity_);
}


void Recorder::set_label(std::uint32_t index, std::string label) { extras_->labels[index] = std::move(label); }

const std::string* Recorder::label(std::uint32_t index) const {
  const auto found = extras_->labels.find(index);
  return found == extras_->labels.end() ? nullptr : &found->second;
}

void Recorder::grow_scratch(std::size_t count) {
  extras_->scratch.resize(count);
  scratch_ = extras_->scratch.data();
  scratch_size_ = count;
}

std::size_t Recorder::bytes_held() const {
  if (extras_ == nullptr) return 0;
  std::size_t label_bytes = 0;
  for (const auto& [index, label] : extras_->labels) label_bytes += sizeof(index) + label.capacity();
  return std::size_t{committed_} * TapeExtras::node_arrays(*this).size() * sizeof(double) + std::size_t{modified_known_} * 4 +
         std::size_t{extras_->reached_committed} + std::size_t{operands_limit_} * 4 + label_bytes +
         extras_->scratch.capacity() * sizeof(double);
}

}  // namespace backprop::detail

namespace backprop {

Tape& Tape::current() { return detail::Recorder::current(); }

std::size_t Tape::bytes_held() const { return static_cast<const detail::Recorder&>(*this).bytes_held(); }

void Tape::end_step(std::span<const Value> parameters) {
  static_cast<detail::Recorder&>(*this).next_step(detail::end_of(parameters));
}

GraphScope::GraphScope() : tape_(detail::Recorder::current()) {
  const detail::Recorder::Scope scope = tape_.open_scope();
  depth_ = scope.depth;
  stamp_ = scope.stamp;
}
GraphScope::~GraphScope() { tape_.close_scope({depth_, stamp_}); }

NoGrad::NoGrad() : tape_(detail::Recorder::current()) { tape_.enter_no_grad(); }
NoGrad::~NoGrad() { tape_.leave_no_grad(); }

}  // namespace backprop
