// Tests for autodiff/leaf_block: how split() cuts a list of Values into
// blocks, the spans against the Values' own numbers and gradients, update()
// recorded as set_data records a change, and the errors of released,
// computed and empty values.
#include <catch2/catch.hpp>

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "autodiff/autodiff.hpp"
#include "support/values.hpp"

using backprop::LeafBlock;
using backprop::Matrix;
using backprop::Value;
namespace testing = backprop::testing;

namespace {

// The message `action` throws, to compare a block's error with a Value's.
std::string logic_error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const std::logic_error& error) {
    return error.what();
  }
  return "(nothing was thrown)";
}

std::vector<std::size_t> block_sizes(const std::vector<LeafBlock>& blocks) {
  std::vector<std::size_t> sizes;
  for (const LeafBlock& block : blocks) sizes.push_back(block.size());
  return sizes;
}

std::vector<std::size_t> block_offsets(const std::vector<LeafBlock>& blocks) {
  std::vector<std::size_t> offsets;
  for (const LeafBlock& block : blocks) offsets.push_back(block.offset());
  return offsets;
}

std::vector<double> numbers_of(std::span<const double> span) { return {span.begin(), span.end()}; }

}  // namespace

TEST_CASE("a block's spans are its values' numbers and gradients, in order", "[leaf_block]") {
  backprop::GraphScope scope;
  const Matrix weights(2, 3, std::vector<double>{0.5, -1.0, 2.0, 0.25, 3.0, -0.75});
  const std::vector<Value> values = weights.values();
  const std::vector<Value> factors = testing::leaves({1.0, 2.0, -3.0, 4.0, 0.5, -6.0});
  (dot(values, factors) * dot(values, values)).backward();
  const std::vector<LeafBlock> blocks = LeafBlock::split(values);
  REQUIRE(blocks.size() == 1);
  CHECK(blocks[0].size() == 6);
  CHECK(blocks[0].offset() == 0);
  CHECK(numbers_of(blocks[0].data()) == testing::data_of(values));
  CHECK(numbers_of(blocks[0].grad()) == testing::grads_of(values));
  CHECK(blocks[0].grad()[1] != 0.0);
}

TEST_CASE("split makes a block of each run of consecutive leaves, and of each other value", "[leaf_block]") {
  backprop::GraphScope scope;
  const Value a = 1.0, b = 2.0, c = 3.0;
  const Value computed = a * 2.0;  // a node between c and d
  const Value d = 4.0, e = 5.0;
  const std::vector<LeafBlock> blocks = LeafBlock::split(std::vector<Value>{a, b, c, d, e, computed, b, a, b});
  // a b c | d e | computed | b | a b: b then a is not a run, a then b is.
  CHECK(block_sizes(blocks) == std::vector<std::size_t>{3, 2, 1, 1, 2});
  CHECK(block_offsets(blocks) == std::vector<std::size_t>{0, 3, 5, 6, 7});
  CHECK(LeafBlock::split(std::vector<Value>{}).empty());
}

TEST_CASE("two matrices made one after another are one block", "[leaf_block]") {
  backprop::GraphScope scope;
  const Matrix first(2, 2, std::vector<double>{1, 2, 3, 4}), second(1, 3, std::vector<double>{5, 6, 7});
  std::vector<Value> values = first.values();
  for (const Value& value : second.values()) values.push_back(value);
  const std::vector<LeafBlock> blocks = LeafBlock::split(values);
  REQUIRE(blocks.size() == 1);
  CHECK(numbers_of(blocks[0].data()) == std::vector<double>{1, 2, 3, 4, 5, 6, 7});
}

TEST_CASE("leaves next to each other on the tape but made in two scopes are two blocks", "[leaf_block]") {
  const Value outside = 1.0;
  backprop::GraphScope scope;
  const Value inside = 2.0;
  REQUIRE(inside.id() == outside.id() + 1);
  CHECK(block_sizes(LeafBlock::split(std::vector<Value>{outside, inside})) == std::vector<std::size_t>{1, 1});
}

TEST_CASE("update changes the numbers, and a product of an old number then refuses backward", "[leaf_block]") {
  backprop::GraphScope scope;
  const Value w(0.5, "w"), x = 4.0;
  const Value y = w * x;
  const std::vector<LeafBlock> blocks = LeafBlock::split(std::vector<Value>{w, x});
  REQUIRE(blocks.size() == 1);
  blocks[0].update([](std::span<double> numbers, std::span<const double> gradients) {
    CHECK(numbers.size() == 2);
    CHECK(gradients.size() == 2);
    numbers[0] = 0.25;
  });
  CHECK(w.data() == 0.25);
  CHECK(x.data() == 4.0);
  CHECK_THROWS_WITH(y.backward(), Catch::StartsWith("backward: 'w' was changed by set_data after the Value 2 (node " +
                                                    std::to_string(y.id()) + ", computed by mul) was computed from it"));
}

TEST_CASE("updating through a block after backward, as an optimizer does, works every step", "[leaf_block]") {
  const Value w = 1.0, v = 2.0;
  const std::vector<LeafBlock> blocks = LeafBlock::split(std::vector<Value>{w, v});
  for (int step = 0; step < 3; ++step) {
    backprop::GraphScope scope;
    const Value loss = w * w + v * v;
    blocks[0].zero_grad();
    loss.backward();
    blocks[0].update([](std::span<double> numbers, std::span<const double> gradients) {
      for (std::size_t k = 0; k < numbers.size(); ++k) numbers[k] -= 0.25 * gradients[k];
    });
  }
  CHECK(w.data() == 0.125);  // p -= 0.25 * 2p, three times
  CHECK(v.data() == 0.25);
}

TEST_CASE("a block's zero_grad clears its own gradients only", "[leaf_block]") {
  backprop::GraphScope scope;
  const Value a = 1.0, b = 2.0, other = 3.0;
  (a * b * other).backward();
  LeafBlock::split(std::vector<Value>{a, b})[0].zero_grad();
  CHECK(a.grad() == 0.0);
  CHECK(b.grad() == 0.0);
  CHECK(other.grad() == 2.0);
}

TEST_CASE("a released block throws the error a released Value gives", "[leaf_block]") {
  std::vector<LeafBlock> blocks;
  Value first;
  {
    backprop::GraphScope scope;
    const Matrix weights(1, 2, std::vector<double>{1.0, 2.0});
    blocks = LeafBlock::split(weights.values());
    first = weights(0, 0);
  }
  const std::string released = logic_error_of([&] { first.grad(); });
  REQUIRE_THAT(released, Catch::Contains("was released when the step that recorded it ended"));
  bool changed = false;
  CHECK_THROWS_WITH(blocks[0].data(), released);
  CHECK_THROWS_WITH(blocks[0].grad(), released);
  CHECK_THROWS_WITH(blocks[0].zero_grad(), released);
  CHECK_THROWS_WITH(blocks[0].update([&](std::span<double>, std::span<const double>) { changed = true; }), released);
  CHECK_FALSE(changed);
}

TEST_CASE("a computed value's block can be read, and refuses update with set_data's error", "[leaf_block]") {
  backprop::GraphScope scope;
  const Value x = 2.0;
  Value y = x * 3.0;
  y.backward();
  const std::vector<LeafBlock> blocks = LeafBlock::split(std::vector<Value>{x, y});
  REQUIRE(blocks.size() == 2);
  CHECK(blocks[1].data()[0] == 6.0);
  CHECK(blocks[1].grad()[0] == 1.0);
  bool changed = false;
  CHECK_THROWS_WITH(blocks[1].update([&](std::span<double>, std::span<const double>) { changed = true; }),
                    logic_error_of([&] { y.set_data(1.0); }));
  CHECK_FALSE(changed);
  CHECK(y.data() == 6.0);
}

TEST_CASE("a block of an empty value or of one without a node throws as its set_data does", "[leaf_block]") {
  Value empty, without_node;
  {
    backprop::NoGrad no_grad;
    without_node = Value(0.5) * 0.1;
  }
  const std::vector<LeafBlock> blocks = LeafBlock::split(std::vector<Value>{empty, without_node});
  REQUIRE(blocks.size() == 2);
  CHECK_THROWS_WITH(blocks[0].grad(), logic_error_of([&] { empty.set_data(1.0); }));
  CHECK_THROWS_WITH(blocks[1].data(), logic_error_of([&] { without_node.set_data(1.0); }));
  CHECK_THROWS_WITH(blocks[1].zero_grad(), Catch::Contains("was computed under NoGrad"));
}

TEST_CASE("leaves made where a changed block was released are not taken for changed ones", "[leaf_block]") {
  std::uint32_t first_position = 0;
  {
    backprop::GraphScope scope;
    const Matrix weights(1, 2, std::vector<double>{1.0, 2.0});
    first_position = weights(0, 0).id();
    Value product = weights(0, 0) * weights(0, 1);
    for (int k = 0; k < 10; ++k) product = product * 2.0;  // nodes that read the numbers, then...
    LeafBlock::split(weights.values())[0].update([](std::span<double> numbers, std::span<const double>) {
      numbers[0] = 3.0;  // ...a change, noted at the top of the tape
    });
  }
  backprop::GraphScope scope;
  Value a = 4.0, b = 5.0, c = 6.0;
  REQUIRE(a.id() == first_position);
  const Value product = a * b;
  c.set_data(7.0);  // a change below the product: backward checks the product's inputs
  product.backward();
  CHECK(a.grad() == 5.0);
}

TEST_CASE("changes noted by set_data and by a block are forgotten with the products they made stale", "[leaf_block]") {
  Value v = 1.0, w = 2.0, x = 3.0;
  const std::vector<LeafBlock> blocks = LeafBlock::split(std::vector<Value>{v, w, x});
  {
    backprop::GraphScope scope;
    const Value product = v * w * x;
    v.set_data(4.0);  // v noted alone, then w and x with it
    blocks[0].update([](std::span<double> numbers, std::span<const double>) {
      numbers[1] = 5.0;
      numbers[2] = 6.0;
    });
    CHECK_THROWS_WITH(product.backward(), Catch::Contains("was changed by set_data"));
  }
  backprop::GraphScope scope;
  Value changed_later = 0.0;
  const Value product = v * w * x;
  changed_later.set_data(1.0);  // a change below the products: backward checks their inputs
  product.backward();
  CHECK(v.grad() == 5.0 * 6.0);
  CHECK(x.grad() == 4.0 * 5.0);
}
