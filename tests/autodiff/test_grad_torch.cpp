// grad(), hessian() and hessian_vector_product() (autodiff/grad.hpp) against
// PyTorch: first, second and third derivatives of every operation
// (fixtures/grad_ops.txt) and the Hessians of small MLPs' losses
// (fixtures/grad_mlp.txt), both from make_grad_fixtures.py, which says
// what each line holds.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "autodiff/autodiff.hpp"
#include "nn/nn.hpp"
#include "reference_functions.hpp"
#include "support/fixture_cases.hpp"
#include "support/mlp_loss.hpp"
#include "support/values.hpp"

using backprop::Value;
namespace testing = backprop::testing;
using testing::FixtureCase;

namespace {

// Engine and PyTorch agree if |engine - torch| <= absolute + relative *
// max(|engine|, |torch|): both compute the same formulas in float64, in
// different orders, so they differ in the last bits of each operation.
constexpr double relative_tolerance = 1e-12, absolute_tolerance = 1e-12;

const std::string ops_fixture = BACKPROP_FIXTURES_DIR "/grad_ops.txt";
const std::string mlp_fixture = BACKPROP_FIXTURES_DIR "/grad_mlp.txt";

// Every case of a fixture file, all of them: as many as its first line says.
std::vector<FixtureCase> all_cases(const std::string& path) {
  std::vector<FixtureCase> cases = testing::read_fixture_cases(path);
  cases.erase(cases.begin());  // the lines before the first "case": only the header
  REQUIRE(cases.size() == testing::declared_case_count(path));
  REQUIRE_FALSE(cases.empty());
  return cases;
}

// make_grad_fixtures.py's GRAD_ONLY functions; the rest are
// make_autodiff_fixtures.py's, twinned in reference_functions.hpp.
const std::map<std::string, testing::Function>& grad_only_functions() {
  using V = std::vector<Value>&;
  static const std::map<std::string, testing::Function> functions = {
      {"pow_zero", [](V v) { return pow(v[0], 0.0); }},
      {"pow_one", [](V v) { return pow(v[0], 1.0); }},
      {"pow_two", [](V v) { return pow(v[0], 2.0); }},
      {"pow_half", [](V v) { return pow(v[0], 0.5); }},
      {"pow_three_halves", [](V v) { return pow(v[0], 1.5); }},
      {"pow_negative_integer", [](V v) { return pow(v[0], -2.0); }},
  };
  return functions;
}

const testing::Function& function_named(const std::string& name) {
  const auto& reference = testing::reference_functions();
  if (const auto found = reference.find(name); found != reference.end()) return found->second;
  return grad_only_functions().at(name);
}

// Engine against PyTorch over many numbers: the pair furthest outside the
// tolerances (`excess`: the difference as a multiple of what they allow,
// <= 1 agrees) and the pair with the largest relative difference, each
// with where it was. Infinities must be equal, and NaN meets only NaN.
struct Disagreement {
  double excess = 0.0, relative = 0.0;
  std::string where_excess = "nowhere", where_relative = "nowhere";

  void compare(const std::string& what, double engine, double torch) {
    const double scale = std::max(std::fabs(engine), std::fabs(torch));
    double difference = std::fabs(engine - torch), allowed = absolute_tolerance + relative_tolerance * scale;
    if (std::isnan(engine) || std::isnan(torch) || std::isinf(scale)) {
      difference = (std::isnan(engine) && std::isnan(torch)) || engine == torch ? 0.0 : INFINITY;
      allowed = absolute_tolerance;
    }
    const double relative_difference = difference == 0.0 ? 0.0 : difference / scale;
    if (difference / allowed > excess) {
      excess = difference / allowed;
      where_excess = describe(what, engine, torch, relative_difference);
    }
    if (relative_difference > relative) {
      relative = relative_difference;
      where_relative = describe(what, engine, torch, relative_difference);
    }
  }
  void compare(const std::string& what, const std::vector<double>& engine, const std::vector<double>& torch) {
    REQUIRE(engine.size() == torch.size());
    for (std::size_t k = 0; k < engine.size(); ++k) compare(what + "[" + std::to_string(k) + "]", engine[k], torch[k]);
  }

  static std::string describe(const std::string& what, double engine, double torch, double relative_difference) {
    std::ostringstream text;
    text.precision(17);
    text << what << ": engine " << engine << ", PyTorch " << torch << " (relative difference "
         << relative_difference << ")";
    return text.str();
  }
};

std::vector<double> flattened(const std::vector<std::vector<double>>& rows) {
  std::vector<double> numbers;
  for (const auto& row : rows) numbers.insert(numbers.end(), row.begin(), row.end());
  return numbers;
}

// The position of d3f/dx_i dx_j dx_k in a case's `third` line, which holds
// i <= j <= k only, i slowest: any order of i, j, k finds the same entry.
class ThirdDerivatives {
 public:
  ThirdDerivatives(std::size_t n, std::vector<double> entries) : n_(n), entries_(std::move(entries)) {
    std::size_t next = 0;
    position_.resize(n * n * n);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = i; j < n; ++j)
        for (std::size_t k = j; k < n; ++k) position_[(i * n + j) * n + k] = next++;
    REQUIRE(entries_.size() == next);
  }
  double at(std::size_t i, std::size_t j, std::size_t k) const {
    std::size_t sorted[] = {i, j, k};
    std::sort(std::begin(sorted), std::end(sorted));
    return entries_[position_[(sorted[0] * n_ + sorted[1]) * n_ + sorted[2]]];
  }

 private:
  std::size_t n_;
  std::vector<double> entries_;
  std::vector<std::size_t> position_;
};

// One point of one operation, every way the engine gives each order.
void check_operation(const FixtureCase& c, Disagreement& disagreement) {
  const std::string& name = c.words("function").at(0);
  const std::vector<double> numbers = c.numbers("inputs");
  const std::size_t n = numbers.size();
  backprop::GraphScope scope;
  std::vector<Value> x(numbers.begin(), numbers.end());
  const Value f = function_named(name)(x);  // a linear case puts its Matrix's leaves in x
  const auto created = [&](const Value& y) { return backprop::grad(y, x, {.create_graph = true}); };

  disagreement.compare(c.name + " value", f.data(), c.number("value"));
  disagreement.compare(c.name + " grad", testing::data_of(backprop::grad(f, x)), c.numbers("gradient"));
  const std::vector<Value> gradient = created(f);
  disagreement.compare(c.name + " grad(create_graph)", testing::data_of(gradient), c.numbers("gradient"));

  const std::vector<double> hessian = c.numbers("hessian");
  const ThirdDerivatives third(n, c.numbers("third"));
  for (std::size_t i = 0; i < n; ++i) {
    const std::vector<Value> row = created(gradient[i]);
    for (std::size_t j = 0; j < n; ++j) {
      const std::string entry = "[" + std::to_string(i) + "][" + std::to_string(j) + "]";
      disagreement.compare(c.name + " second" + entry, row[j].data(), hessian[i * n + j]);
      const std::vector<Value> third_row = backprop::grad(row[j], x);
      for (std::size_t k = 0; k < n; ++k)
        disagreement.compare(c.name + " third" + entry + "[" + std::to_string(k) + "]", third_row[k].data(),
                             third.at(i, j, k));
    }
  }
  disagreement.compare(c.name + " hessian()", flattened(backprop::hessian(f, x)), hessian);
  disagreement.compare(c.name + " hessian_vector_product()",
                       backprop::hessian_vector_product(f, x, c.numbers("vector")), c.numbers("hvp"));
  for (const Value& input : x) CHECK(input.grad() == 0.0);  // grad() leaves every .grad() alone
}

// An MLP case: its parameters, set to the fixture's weights, and its loss.
struct ScoredModel {
  std::vector<Value> parameters;
  Value loss;
};

ScoredModel scored_model(const FixtureCase& c) {
  const std::vector<std::string>& architecture = c.words("architecture");
  const std::size_t nin = std::stoul(architecture.at(0));
  std::vector<std::size_t> sizes;
  for (std::size_t k = 1; k + 2 < architecture.size(); ++k) sizes.push_back(std::stoul(architecture[k]));
  const backprop::nn::MLP model(nin, sizes,
                                {.hidden = testing::activation_named(architecture[architecture.size() - 2]),
                                 .output = testing::activation_named(architecture.back())});
  std::vector<Value> parameters = model.parameters();
  const std::vector<double> weights = c.numbers("parameters");
  REQUIRE(parameters.size() == weights.size());
  for (std::size_t k = 0; k < parameters.size(); ++k) parameters[k].set_data(weights[k]);

  const std::vector<double> flat = c.numbers("inputs"), targets = c.numbers("targets");
  REQUIRE(flat.size() == targets.size() * nin);
  std::vector<std::vector<double>> inputs;
  for (std::size_t i = 0; i < targets.size(); ++i)
    inputs.emplace_back(flat.begin() + static_cast<std::ptrdiff_t>(i * nin),
                        flat.begin() + static_cast<std::ptrdiff_t>((i + 1) * nin));
  const Value loss = testing::mlp_loss(c.words("loss").at(0), model, inputs, targets);
  return {parameters, loss};
}

}  // namespace

TEST_CASE("grad with create_graph gives PyTorch's first, second and third derivatives of every operation",
          "[grad]") {
  Disagreement disagreement;
  for (const FixtureCase& c : all_cases(ops_fixture)) {
    INFO("case " << c.name << " at " << Catch::Detail::stringify(c.numbers("inputs")));
    CHECK_NOTHROW(check_operation(c, disagreement));  // a case that throws hides no other
  }
  INFO("furthest outside the tolerances: " << disagreement.where_excess);
  INFO("largest relative difference: " << disagreement.where_relative);
  CHECK(disagreement.excess <= 1.0);
}

TEST_CASE("every function of the operations' tables has points in grad_ops.txt", "[grad]") {
  std::set<std::string> functions;
  for (const FixtureCase& c : all_cases(ops_fixture)) functions.insert(c.words("function").at(0));
  for (const auto* table : {&testing::reference_functions(), &grad_only_functions()})
    for (const auto& [name, function] : *table) {
      INFO("no case for " << name);
      CHECK(functions.contains(name));
    }
}

TEST_CASE("hessian and hessian_vector_product of an MLP's loss match PyTorch's", "[grad]") {
  Disagreement disagreement;
  for (const FixtureCase& c : all_cases(mlp_fixture)) {
    INFO("case " << c.name);
    backprop::GraphScope scope;
    const ScoredModel scored = scored_model(c);
    const std::vector<Value>& p = scored.parameters;
    disagreement.compare(c.name + " value", scored.loss.data(), c.number("value"));
    const std::vector<Value> gradient = backprop::grad(scored.loss, p, {.create_graph = true});
    disagreement.compare(c.name + " grad(create_graph)", testing::data_of(gradient), c.numbers("gradient"));
    const std::vector<double> hessian = c.numbers("hessian");
    std::vector<std::vector<double>> second;
    for (const Value& entry : gradient) second.push_back(testing::data_of(backprop::grad(entry, p)));
    disagreement.compare(c.name + " second, row by row", flattened(second), hessian);
    disagreement.compare(c.name + " hessian()", flattened(backprop::hessian(scored.loss, p)), hessian);
    disagreement.compare(c.name + " hessian_vector_product()",
                         backprop::hessian_vector_product(scored.loss, p, c.numbers("vector")), c.numbers("hvp"));
  }
  INFO("furthest outside the tolerances: " << disagreement.where_excess);
  INFO("largest relative difference: " << disagreement.where_relative);
  CHECK(disagreement.excess <= 1.0);
}
