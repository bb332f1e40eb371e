// Tests for autodiff/tape.hpp: node size, GraphScope release and reuse,
// use after release, NoGrad, and threads each with their own tape.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "autodiff/autodiff.hpp"

using backprop::GraphScope;
using backprop::Tape;
using backprop::Value;

TEST_CASE("a Value is a 24-byte handle", "[tape]") {
  CHECK(sizeof(Value) == 24);
  CHECK(std::is_trivially_copyable_v<Value>);
}

TEST_CASE("a GraphScope releases what was recorded inside it", "[tape]") {
  Tape& tape = Tape::current();
  Value w = 0.5;
  const std::size_t before = tape.size();
  {
    GraphScope step;
    Value y = w * 3 + 1;
    y.backward();
    CHECK(tape.size() == before + 2);
  }
  CHECK(tape.size() == before);
  CHECK(w.grad() == 3.0);  // values made before the scope survive it
  CHECK(w.data() == 0.5);
}

TEST_CASE("memory stays flat over many released steps", "[tape]") {
  Tape& tape = Tape::current();
  Value w = 0.1;
  auto run_steps = [&](int steps) {
    for (int step = 0; step < steps; ++step) {
      GraphScope scope;
      Value loss = w;
      for (int k = 0; k < 1000; ++k) loss = tanh(loss * w + 0.01);
      loss.backward();
    }
  };
  run_steps(10);
  const std::size_t held = tape.bytes_held();
  const std::size_t size = tape.size();
  run_steps(1000);
  CHECK(tape.bytes_held() == held);
  CHECK(tape.size() == size);
}

TEST_CASE("using a value after its scope ended throws a clear error", "[tape]") {
  Value kept = 1.0;
  Value released = 0.0;
  {
    GraphScope scope;
    released = kept * 2;
  }
  // A new node now sits where the released one was: it must not be mistaken for it.
  Value newer = kept * 5;
  CHECK(newer.id() == released.id());
  CHECK(released.data() == 2.0);  // a computed number stays readable (it is in the handle)
  CHECK_THROWS_AS(released.grad(), std::logic_error);
  CHECK_THROWS_WITH(released.grad(), Catch::Contains("the Value 2 (node ") &&
                                         Catch::Contains("was released when the step that recorded it ended"));
  CHECK_THROWS_WITH(released + 1, Catch::Contains("was released"));
  CHECK_THROWS_WITH(released.backward(), Catch::Contains("was released"));
  CHECK(newer.data() == 5.0);
  CHECK(kept.data() == 1.0);
}

TEST_CASE("nested scopes release only their own nodes", "[tape]") {
  Value x = 2.0;
  GraphScope outer;
  Value a = x * 3;
  Value inner_result = 0.0;
  {
    GraphScope inner;
    inner_result = a * 2;
  }
  CHECK(a.data() == 6.0);
  CHECK_THROWS(inner_result.grad());
  Value b = a + 1;
  b.backward();
  CHECK(x.grad() == 3.0);
}

TEST_CASE("a value from an older step is caught after several releases", "[tape]") {
  Value w = 1.0;
  Value stale = 0.0;
  {
    GraphScope first;
    stale = w * 2;
  }
  for (int step = 0; step < 3; ++step) {
    GraphScope scope;
    Value filler = w * 3 + w * 4;
    CHECK(filler.data() == 7.0);
  }
  CHECK_THROWS_WITH(stale.grad(), Catch::Contains("released"));
  CHECK_THROWS_WITH(stale * 2, Catch::Contains("released"));
  CHECK(w.data() == 1.0);
}

TEST_CASE("NoGrad computes values without recording history", "[tape]") {
  Value x = 3.0;
  Tape& tape = Tape::current();
  {
    backprop::NoGrad no_grad;
    CHECK_FALSE(tape.recording());
    Value y = exp(x * 2);
    CHECK(y.is_leaf());
    CHECK(y.data() == Approx(std::exp(6.0)));
    {
      backprop::NoGrad nested;
    }
    CHECK_FALSE(tape.recording());  // an inner scope restores, not re-enables
  }
  CHECK(tape.recording());
  CHECK_FALSE((x * 2).is_leaf());
}

TEST_CASE("NoGrad takes no tape memory per operation", "[tape]") {
  Tape& tape = Tape::current();
  Value x = 0.5;
  const std::size_t size = tape.size(), operands = tape.operands_size();
  Value y = x;
  {
    backprop::NoGrad no_grad;
    for (int k = 0; k < 1'000'000; ++k) y = tanh(y * 1.5 + 0.25) - y / 3.0;
    const std::vector<Value> pair{y, x};
    y = weighted_sum(pair, pair, y) + dot(pair, pair) + pow(y, x);
  }
  CHECK(tape.size() == size);
  CHECK(tape.operands_size() == operands);
  // The same arithmetic as when recorded.
  Value recorded = x;
  {
    GraphScope scope;
    for (int k = 0; k < 1'000'000; ++k) recorded = tanh(recorded * 1.5 + 0.25) - recorded / 3.0;
    const std::vector<Value> pair{recorded, x};
    CHECK(y.data() == (weighted_sum(pair, pair, recorded) + dot(pair, pair) + pow(recorded, x)).data());
  }
}

TEST_CASE("a value computed under NoGrad is a constant afterwards", "[tape]") {
  Value x = 2.0, c;
  {
    backprop::NoGrad no_grad;
    c = x * 3.0;
  }
  CHECK(c.is_leaf());
  CHECK(c.grad() == 0.0);
  CHECK(c.label().empty());
  CHECK_NOTHROW(c.backward());  // nothing to reach
  CHECK_THROWS_WITH(c.set_data(1.0), Catch::Contains("the Value 6 was computed under NoGrad"));
  Value y = c * x + c;  // recorded: c enters as a constant
  y.backward();
  CHECK(y.data() == 18.0);
  CHECK(x.grad() == 6.0);
  const std::vector<Value> cs{c, x}, xs{x, c};
  Value sum = weighted_sum(cs, xs, c) + dot(cs, xs);  // the many-input operations take it in the same way
  x.zero_grad();
  sum.backward();
  CHECK(sum.data() == 6.0 + 2 * (6.0 * 2.0 + 2.0 * 6.0));
  CHECK(x.grad() == 2 * (6.0 + 6.0));
  c.set_label("c");  // a label needs a node: c becomes a labelled leaf
  CHECK(c.label() == "c");
  CHECK(c.data() == 6.0);
}

TEST_CASE("threads build and differentiate their own graphs at once", "[tape]") {
  constexpr int threads = 4;
  std::vector<double> grads(threads), values(threads);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([t, &grads, &values] {
      for (int round = 0; round < 50; ++round) {
        GraphScope scope;
        Value x = 1.0 + t;
        Value y = x;
        for (int k = 0; k < 2000; ++k) y = y * 1.0001 + x * 0.001;
        y.backward();
        grads[t] = x.grad();
        values[t] = y.data();
      }
    });
  }
  for (auto& worker : workers) worker.join();
  // Each thread's result depends only on its own x, as if run alone.
  for (int t = 0; t < threads; ++t) {
    GraphScope scope;
    Value x = 1.0 + t;
    Value y = x;
    for (int k = 0; k < 2000; ++k) y = y * 1.0001 + x * 0.001;
    y.backward();
    CHECK(values[t] == y.data());
    CHECK(grads[t] == x.grad());
  }
}

TEST_CASE("a value from another thread is refused", "[tape]") {
  Value here = 2.0;
  std::string error;
  std::thread other([&] {
    try {
      (void)(here * 2);
    } catch (const std::logic_error& e) {
      error = e.what();
    }
  });
  other.join();
  CHECK_THAT(error, Catch::Contains("belongs to another thread"));
}

TEST_CASE("recording takes 40 bytes of tape per node", "[tape]") {
  // On a thread of its own: a new tape, with nothing committed before.
  std::size_t bytes = 0, nodes = 0;
  std::thread([&] {
    Value x = 1.0;
    for (int k = 0; k < 1'000'000; ++k) x = x + 1.0;
    bytes = Tape::current().bytes_held();
    nodes = Tape::current().size();
  }).join();
  // Memory is committed in steps of 65,536 nodes: at most one step beyond.
  CHECK(bytes >= 40 * nodes);
  CHECK(bytes <= 40 * (nodes + 65536));
}

TEST_CASE("a fused operation with a released input records nothing", "[tape]") {
  Tape& tape = Tape::current();
  const std::vector<Value> weights{1.0, 2.0};
  Value bias = 0.5;
  Value released = 0.0;
  {
    GraphScope scope;
    released = bias * 2;
  }
  const std::vector<Value> inputs{Value(3.0), released};
  const std::size_t nodes = tape.size();
  const std::size_t operands = tape.operands_size();
  CHECK_THROWS_WITH(weighted_sum(weights, inputs, bias), Catch::Contains("was released"));
  CHECK(tape.size() == nodes);
  CHECK(tape.operands_size() == operands);
}

TEST_CASE("an outer scope that ends first releases the inner one's nodes too", "[tape]") {
  Tape& tape = Tape::current();
  Value x = 2.0;
  const std::size_t before = tape.size();
  auto outer = std::make_unique<GraphScope>();
  Value a = x * 3;
  auto inner = std::make_unique<GraphScope>();
  Value b = a * 5;
  outer.reset();  // out of order: the outer scope ends while the inner one lives
  CHECK(tape.size() == before);
  CHECK_THROWS_WITH(a.grad(), Catch::Contains("was released"));
  CHECK_THROWS_WITH(b + 1, Catch::Contains("was released"));
  Value c = x * 4;  // recording goes on where the outer scope began
  inner.reset();    // already released with the outer one: nothing to do
  CHECK(c.data() == 8.0);
  c.backward();
  CHECK(x.grad() == 4.0);
}

TEST_CASE("NoGrads ending out of order leave recording on once both have ended", "[tape]") {
  Tape& tape = Tape::current();
  auto first = std::make_unique<backprop::NoGrad>();
  auto second = std::make_unique<backprop::NoGrad>();
  first.reset();
  CHECK_FALSE(tape.recording());
  second.reset();
  CHECK(tape.recording());
  Value x = 1.0;
  CHECK_FALSE((x * 2).is_leaf());
}

TEST_CASE("a Value from the first of many scopes at one depth is still caught", "[tape]") {
  Value w = 1.0, stale;
  {
    GraphScope first;
    stale = w * 2;
  }
  for (int step = 0; step < 100'000; ++step) {
    GraphScope scope;
    (void)(w * 3);
  }
  GraphScope last;
  Value newest = w * 4;
  CHECK(newest.id() == stale.id());  // the same position, a different scope
  CHECK_THROWS_WITH(stale.grad(), Catch::Contains("was released"));
}

namespace {
// Uses a Value in its destructor, which runs at thread exit after the
// thread's tape was torn down (it was constructed before the tape).
struct UsesValueAtExit {
  Value value;
  std::string* error;
  ~UsesValueAtExit() {
    try {
      (void)value.data();
    } catch (const std::logic_error& e) {
      *error = e.what();
    }
  }
};
}  // namespace

TEST_CASE("a Value used after its thread's tape was torn down is refused", "[tape]") {
  std::string error;
  std::thread([&error] {
    thread_local UsesValueAtExit holder{Value(), nullptr};
    holder.error = &error;
    holder.value = Value(2.0);  // the tape starts here, after the holder
  }).join();
  CHECK_THAT(error, Catch::Contains("torn down at thread exit"));
}

TEST_CASE("end_step releases the step before, for a loop that updates by hand", "[tape]") {
  Tape& tape = Tape::current();
  Value w = 1.0;
  const std::vector<Value> parameters{w};
  std::size_t after_second = 0;
  Value previous_loss;
  for (int step = 0; step < 50; ++step) {
    Value loss = w * w * 3.0;
    w.zero_grad();
    loss.backward();
    w.set_data(w.data() - 0.01 * w.grad());
    tape.end_step(parameters);
    if (step == 1) after_second = tape.size();
    if (step > 1) {
      CHECK(tape.size() == after_second);
      CHECK_THROWS_WITH(previous_loss.grad(), Catch::Contains("was released"));
    }
    previous_loss = loss;
  }
  CHECK(w.data() == Approx(std::pow(1.0 - 0.06, 50)));
}
