// Tests for the operations in autodiff/value.cpp: every value and gradient
// against PyTorch (fixtures/autodiff_ops.txt) and against central finite
// differences; every domain error.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "autodiff/autodiff.hpp"
#include "autodiff/graph.hpp"
#include "reference_functions.hpp"
#include "support/fixture_cases.hpp"

using backprop::Op;
using backprop::Value;
using backprop::testing::reference_functions;

namespace {

struct Fixture {
  std::string name;
  std::vector<double> inputs;
  double value;
  std::vector<double> grads;
};

std::vector<Fixture> load_fixtures() {
  std::ifstream file(BACKPROP_FIXTURES_DIR "/autodiff_ops.txt");
  REQUIRE(file.good());
  std::vector<Fixture> fixtures;
  std::string line;
  while (std::getline(file, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    Fixture fixture;
    std::size_t count = 0;
    fields >> fixture.name >> count;
    fixture.inputs.resize(count);
    fixture.grads.resize(count);
    for (double& x : fixture.inputs) fields >> x;
    fields >> fixture.value;
    for (double& g : fixture.grads) fields >> g;
    REQUIRE_FALSE(fields.fail());
    fixtures.push_back(fixture);
  }
  return fixtures;
}

bool close(double got, double expected, double tolerance) {
  return std::fabs(got - expected) <= tolerance * std::max(1.0, std::fabs(expected));
}

double evaluate(const backprop::testing::Function& function, const std::vector<double>& inputs) {
  backprop::NoGrad no_grad;
  std::vector<Value> values(inputs.begin(), inputs.end());
  return function(values).data();
}

}  // namespace

TEST_CASE("every operation matches PyTorch in value and gradient", "[operations]") {
  const auto fixtures = load_fixtures();
  REQUIRE(fixtures.size() == backprop::testing::declared_case_count(BACKPROP_FIXTURES_DIR "/autodiff_ops.txt"));
  std::size_t names_covered = 0;
  for (const auto& [name, function] : reference_functions()) {
    bool covered = false;
    for (const Fixture& fixture : fixtures) {
      if (fixture.name != name) continue;
      covered = true;
      backprop::GraphScope scope;
      std::vector<Value> inputs(fixture.inputs.begin(), fixture.inputs.end());
      Value result = function(inputs);
      result.backward();
      INFO(name << " at input " << fixture.inputs[0]);
      CHECK(close(result.data(), fixture.value, 1e-12));
      for (std::size_t k = 0; k < inputs.size(); ++k) {
        INFO("gradient " << k << ": engine " << inputs[k].grad() << ", PyTorch "
                         << fixture.grads[k]);
        CHECK(close(inputs[k].grad(), fixture.grads[k], 1e-10));
      }
    }
    names_covered += covered;
    INFO("no PyTorch fixture for " << name);
    CHECK(covered);
  }
  CHECK(names_covered == reference_functions().size());
}

TEST_CASE("every gradient matches central finite differences", "[operations]") {
  for (const Fixture& fixture : load_fixtures()) {
    const auto& function = reference_functions().at(fixture.name);
    backprop::GraphScope scope;
    std::vector<Value> inputs(fixture.inputs.begin(), fixture.inputs.end());
    function(inputs).backward();
    for (std::size_t k = 0; k < inputs.size(); ++k) {
      // relu and abs have no derivative at their kink; PyTorch's convention
      // is checked above instead.
      if (fixture.inputs[k] == 0.0) continue;
      const double step = 1e-6 * std::max(1.0, std::fabs(fixture.inputs[k]));
      std::vector<double> above = fixture.inputs, below = fixture.inputs;
      above[k] += step;
      below[k] -= step;
      const double numeric = (evaluate(function, above) - evaluate(function, below)) / (2 * step);
      INFO(fixture.name << " gradient " << k << ": engine " << inputs[k].grad()
                        << ", finite difference " << numeric);
      CHECK(close(inputs[k].grad(), numeric, 1e-6));
    }
  }
}

TEST_CASE("the fixtures exercise every operation in the table", "[operations]") {
  // Each fixture's graph, read back: together they must use every
  // operation the engine records (a layer's later rows show as `linear`).
  std::set<Op> seen;
  for (const Fixture& fixture : load_fixtures()) {
    backprop::GraphScope scope;
    std::vector<Value> inputs(fixture.inputs.begin(), fixture.inputs.end());
    const Value result = reference_functions().at(fixture.name)(inputs);
    const backprop::Graph graph(result);
    for (const backprop::GraphNode& node : graph.nodes()) seen.insert(node.op);
  }
  for (const backprop::OperationInfo& operation : backprop::operations) {
    if (operation.op == Op::linear_row) continue;
    INFO("no fixture uses " << operation.name);
    CHECK(seen.contains(operation.op));
  }
}

TEST_CASE("a number on either side of a binary operator gives the same result", "[operations]") {
  Value x = 1.75, y = 1.75;
  Value left = 2.5 - x, right = -(y - 2.5);
  CHECK(left.data() == right.data());
  left.backward();
  right.backward();
  CHECK(x.grad() == -1.0);
  CHECK(y.grad() == -1.0);
}

TEST_CASE("domain errors name the operation and the value, and record nothing", "[operations]") {
  auto& tape = backprop::Tape::current();
  Value zero = 0.0, negative = -2.0, positive = 3.0;
  const std::size_t before = tape.size();
  CHECK_THROWS_WITH(log(zero), "log: argument must be > 0, got 0");
  CHECK_THROWS_WITH(log(negative), "log: argument must be > 0, got -2");
  CHECK_THROWS_WITH(sqrt(negative), "sqrt: argument must be >= 0, got -2");
  CHECK_THROWS_WITH(positive / zero, "division: divisor must not be 0, got 0");
  CHECK_THROWS_WITH(positive / 0.0, "division: divisor must not be 0, got 0");
  CHECK_THROWS_WITH(1.0 / zero, "division: divisor must not be 0, got 0");
  CHECK_THROWS_WITH(pow(zero, -1.0), "pow: 0 raised to a negative exponent (-1) is infinite");
  CHECK_THROWS_WITH(pow(negative, 0.5),
                    "pow: a negative base (-2) needs an integer exponent, got 0.5");
  CHECK_THROWS_WITH(pow(negative, positive),
                    "pow: a base that is differentiated in its exponent must be > 0, got -2");
  CHECK_THROWS_WITH(pow(zero, positive),
                    "pow: a base that is differentiated in its exponent must be > 0, got 0");
  CHECK_THROWS_AS(log(negative), std::domain_error);
  CHECK(tape.size() == before);
}

TEST_CASE("the edges of each domain are allowed", "[operations]") {
  CHECK(sqrt(Value(0.0)).data() == 0.0);
  CHECK(pow(Value(0.0), 2.0).data() == 0.0);
  CHECK(pow(Value(0.0), 0.0).data() == 1.0);
  CHECK(pow(Value(-2.0), 3.0).data() == -8.0);
  CHECK(pow(Value(-2.0), -1.0).data() == -0.5);
  Value zero = 0.0;
  pow(zero, 1.0).backward();
  CHECK(zero.grad() == 1.0);
}

TEST_CASE("each function row's local derivative matches central finite differences of its value", "[operations]") {
  // The table's own rule, checked row by row: a new row is checked here
  // without a line of test written for it.
  for (const backprop::OperationInfo& row : backprop::operations) {
    if (row.local == nullptr) continue;
    for (double x : {-2.5, -0.75, 0.3, 1.2, 4.0}) {
      if (row.domain.holds != nullptr && !row.domain.holds(x)) continue;
      const double step = 1e-6, numeric = (row.local(x + step).data - row.local(x - step).data) / (2 * step);
      INFO(row.name << " at " << x << ": table " << row.local(x).partial << ", finite difference " << numeric);
      CHECK(close(row.local(x).partial, numeric, 1e-6));
    }
  }
}

TEST_CASE("a row that computes its operation is a one-input operation with a plain local derivative",
          "[operations]") {
  for (const backprop::OperationInfo& row : backprop::operations) {
    if (row.local == nullptr) continue;
    INFO(row.name);
    CHECK(row.inputs == 1);
    CHECK(row.rule == backprop::Rule::unary);
    CHECK(row.constant == backprop::ConstantSlot::none);
  }
}

TEST_CASE("apply(op, x) records what the named function records", "[operations]") {
  for (const backprop::OperationInfo& row : backprop::operations) {
    if (row.local == nullptr || row.op == Op::neg) continue;  // neg is the operator -x
    backprop::GraphScope scope;
    std::vector<Value> x{0.6}, y{0.6};
    const Value by_op = backprop::apply(row.op, x[0]);
    const Value by_name = reference_functions().at(std::string(row.name))(y);
    INFO(row.name);
    CHECK(by_op.op() == row.op);
    CHECK(by_op.data() == by_name.data());
    by_op.backward();
    by_name.backward();
    CHECK(x[0].grad() == y[0].grad());
  }
  CHECK_THROWS_WITH(backprop::apply(Op::mul, Value(1.0)), "apply: 'mul' is not a one-input function");
}

TEST_CASE("pow differentiates as c * x^(c-1) where x^c underflows or overflows", "[operations]") {
  const auto gradient = [](double x, double c) {
    Value base = x;
    pow(base, c).backward();
    return base.grad();
  };
  CHECK(gradient(1e-200, 2.0) == 2e-200);
  CHECK(gradient(1e200, 2.0) == 2e200);
  CHECK(gradient(INFINITY, 2.0) == INFINITY);
  CHECK(gradient(1e-160, 2.0) == 2e-160);  // x^2 is subnormal: c * x^c / x lost 5 digits
  CHECK(gradient(3.0, 2.0) == 6.0);
  Value a = 1e-200, b = 2.0;
  pow(a, b).backward();
  CHECK(a.grad() == 2e-200);
}

TEST_CASE("sigmoid stays finite far from zero", "[operations]") {
  Value big = 800.0, small = -800.0;
  CHECK(sigmoid(big).data() == 1.0);
  CHECK(sigmoid(small).data() == 0.0);
  Value s = sigmoid(small);
  s.backward();
  CHECK(small.grad() == 0.0);
}

TEST_CASE("weighted_sum rejects mismatched sizes", "[operations]") {
  const std::vector<Value> weights{1.0, 2.0}, inputs{3.0};
  CHECK_THROWS_WITH(weighted_sum(weights, inputs, Value(0.0)),
                    "weighted_sum: expected as many inputs as weights (2), got 1");
}

TEST_CASE("weighted_sum gives the same gradients as the binary operations", "[operations]") {
  const std::vector<Value> weights{0.5, -1.5, 2.0}, inputs{3.0, 0.25, -1.0};
  Value bias = 0.1;
  Value fused = tanh(weighted_sum(weights, inputs, bias));
  fused.backward();
  std::vector<double> fused_grads;
  for (const Value& v : weights) fused_grads.push_back(v.grad());
  for (const Value& v : inputs) fused_grads.push_back(v.grad());
  fused_grads.push_back(bias.grad());

  const std::vector<Value> weights2{0.5, -1.5, 2.0}, inputs2{3.0, 0.25, -1.0};
  Value bias2 = 0.1;
  Value binary = tanh(bias2 + weights2[0] * inputs2[0] + weights2[1] * inputs2[1] +
                      weights2[2] * inputs2[2]);
  binary.backward();
  CHECK(fused.data() == binary.data());
  std::vector<double> binary_grads;
  for (const Value& v : weights2) binary_grads.push_back(v.grad());
  for (const Value& v : inputs2) binary_grads.push_back(v.grad());
  binary_grads.push_back(bias2.grad());
  CHECK(fused_grads == binary_grads);
}
