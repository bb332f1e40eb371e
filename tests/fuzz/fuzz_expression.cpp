// Fuzz target for the tool's expression language: any bytes are parsed; what
// parses is evaluated with every variable bound (on plain doubles and on the
// engine), differentiated, drawn as DOT and explained. The only acceptable
// failures are the documented errors (syntax, domain, graph too large);
// anything else, or a crash, is a bug.
//
// Built with libFuzzer by .ci/run (clang -fsanitize=fuzzer); built in the
// normal build with BACKPROP_FUZZ_STANDALONE, it runs the seed corpus files
// given on the command line, so the target cannot rot.
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "autodiff/show/show.hpp"
#include "tools/expression.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  backprop::GraphScope scope;
  try {
    const auto expression = backprop::tools::Expression::parse(text);
    std::map<std::string, backprop::Value> bindings;
    double value = -1.25;
    for (const std::string& name : expression.variables())
      bindings.emplace(name, backprop::Value(value += 0.75, name));
    std::vector<double> numbers;
    for (const std::string& name : expression.variables()) numbers.push_back(bindings.at(name).data());
    (void)expression.evaluate_numbers(numbers);  // never throws: domain errors become NaN or inf
    const backprop::Value result = expression.evaluate(bindings);
    result.backward();
    backprop::DotOptions options;
    options.max_depth = 6;
    (void)backprop::to_dot(result, options);
    (void)backprop::explain(result);
  } catch (const backprop::tools::ParseError&) {
  } catch (const std::domain_error&) {
  } catch (const std::length_error&) {
  }
  return 0;
}

#ifdef BACKPROP_FUZZ_STANDALONE
#include "corpus_runner.hpp"

int main(int argc, char** argv) { return backprop::testing::run_corpus("fuzz_expression", argc, argv); }
#endif
