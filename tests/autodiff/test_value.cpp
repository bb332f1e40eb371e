// Tests for autodiff/value.hpp: building values, the classic expression,
// labels, and mixing plain numbers with Values.
#include <catch2/catch.hpp>

#include <vector>

#include "autodiff/autodiff.hpp"
#include "support/example_graphs.hpp"

using backprop::Value;
using Catch::Matchers::WithinRel;

TEST_CASE("the classic micrograd expression gives micrograd's numbers", "[value]") {
  Value a = -4.0;
  Value b = 2.0;
  const Value g = backprop::testing::classic_expression(a, b);
  CHECK_THAT(g.data(), WithinRel(24.7040816327, 1e-11));
  CHECK_THAT(a.grad(), WithinRel(138.8338192420, 1e-11));
  CHECK_THAT(b.grad(), WithinRel(645.5772594752, 1e-11));
}

TEST_CASE("a value built from a number is a leaf holding that number", "[value]") {
  Value x = 3.25;
  CHECK(x.data() == 3.25);
  CHECK(x.grad() == 0.0);
  CHECK(x.is_leaf());
  CHECK(x.op() == backprop::Op::leaf);
}

TEST_CASE("a default Value is empty until assigned, and says so when used", "[value]") {
  const std::size_t before = backprop::Tape::current().size();
  std::vector<Value> outputs(100);
  CHECK(backprop::Tape::current().size() == before);  // nothing recorded for empty handles
  CHECK_THROWS_WITH(outputs[0].data(), Catch::Contains("empty"));
  CHECK_THROWS_WITH(outputs[0] + 1, Catch::Contains("empty"));
  outputs[0] = 2.0;
  CHECK(outputs[0].data() == 2.0);
}

TEST_CASE("an operation records a node of its kind after its inputs", "[value]") {
  Value x = 2.0, y = 5.0;
  Value z = x * y;
  CHECK(z.op() == backprop::Op::mul);
  CHECK_FALSE(z.is_leaf());
  CHECK(z.id() > x.id());
  CHECK(z.id() > y.id());
  CHECK((x + 1).op() == backprop::Op::add_constant);
  CHECK((2 * x).op() == backprop::Op::mul_constant);
}

TEST_CASE("labels are kept, changed, and empty by default", "[value]") {
  Value x(1.5, "x");
  CHECK(x.label() == "x");
  x.set_label("input");
  CHECK(x.label() == "input");
  CHECK(Value(2.0).label().empty());
}

TEST_CASE("set_data changes the number, not the history", "[value]") {
  Value w = 0.5;
  Value y = w * 4;
  w.set_data(0.25);
  CHECK(w.data() == 0.25);
  CHECK(y.data() == 2.0);
}

TEST_CASE("compound assignment records the same operation as the binary form", "[value]") {
  Value x = 3.0;
  Value y = x;
  y += 2;
  CHECK(y.data() == 5.0);
  y -= x;
  CHECK(y.data() == 2.0);
  y *= x;
  CHECK(y.data() == 6.0);
  y /= 4;
  CHECK(y.data() == 1.5);
  y.backward();
  // y = ((x + 2) - x) * x / 4 = 2x / 4, so dy/dx = 0.5
  CHECK(x.grad() == 0.5);
}
