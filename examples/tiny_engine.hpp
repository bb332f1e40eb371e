// The whole of reverse-mode automatic differentiation, small enough to read in
// one sitting (the shape of Karpathy's microgpt Value). backprop's real engine
// (autodiff/) computes the same gradients on a flat tape; this one is the lesson.
#pragma once

#include <cmath>
#include <memory>
#include <unordered_set>
#include <utility>
#include <vector>

namespace tiny {

class Value;

// One computed number: its data, its gradient, and for each input the local
// derivative d(this)/d(input), worked out when the operation ran. Nodes live
// as long as a Value or a later node points at them (shared_ptr); freeing a
// chain of a million is a million nested destructor calls, one reason the
// real engine keeps its nodes in flat arrays instead.
struct Node {
  double data;
  double grad = 0.0;
  std::vector<std::pair<std::shared_ptr<Node>, double>> inputs;  // (input, local derivative)
};

class Value {
 public:
  // Implicit, so numbers mix with Values: `2 * x + 1`.
  Value(double data) : node_(std::make_shared<Node>(Node{data, 0.0, {}})) {}
  double data() const { return node_->data; }
  double grad() const { return node_->grad; }

  // Each operation returns its result together with its local derivatives:
  // the only calculus in the engine. (Friends, so a number works on either side.)
  friend Value operator+(const Value& a, const Value& b) {  // d(a+b)/da = 1, d/db = 1
    return Value(a.data() + b.data(), {{a.node_, 1.0}, {b.node_, 1.0}});
  }
  friend Value operator*(const Value& a, const Value& b) {  // d(a*b)/da = b, d/db = a
    return Value(a.data() * b.data(), {{a.node_, b.data()}, {b.node_, a.data()}});
  }
  friend Value pow(const Value& a, double k) {  // d(a^k)/da = k a^(k-1)
    return Value(std::pow(a.data(), k), {{a.node_, k * std::pow(a.data(), k - 1)}});
  }
  friend Value relu(const Value& a) {  // 1 where a > 0, else 0
    return Value(a.data() > 0 ? a.data() : 0.0, {{a.node_, a.data() > 0 ? 1.0 : 0.0}});
  }
  friend Value tanh(const Value& a) {  // d tanh(a)/da = 1 - tanh(a)^2
    const double t = std::tanh(a.data());
    return Value(t, {{a.node_, 1 - t * t}});
  }
  // The rest are made of the ones above, as micrograd makes them.
  friend Value operator-(const Value& a) { return a * -1.0; }
  friend Value operator-(const Value& a, const Value& b) { return a + (-b); }
  friend Value operator/(const Value& a, const Value& b) { return a * pow(b, -1.0); }
  Value& operator+=(const Value& other) { return *this = *this + other; }

  // The chain rule, applied to every node in an order where each node comes
  // after all the nodes computed from it (reverse topological order).
  void backward() const {
    node_->grad = 1.0;  // d(this)/d(this)
    const std::vector<Node*> order = topological_order();
    for (auto node = order.rbegin(); node != order.rend(); ++node)
      for (auto& [input, local] : (*node)->inputs)
        input->grad += local * (*node)->grad;  // += : a value used twice gets both shares
  }

 private:
  Value(double data, std::vector<std::pair<std::shared_ptr<Node>, double>> inputs)
      : node_(std::make_shared<Node>(Node{data, 0.0, std::move(inputs)})) {}

  // Every node this one depends on, each after its inputs. A depth-first
  // search with its own stack, not recursion, so a deep graph cannot
  // overflow the call stack.
  std::vector<Node*> topological_order() const {
    std::vector<Node*> order;
    std::unordered_set<Node*> visited;
    std::vector<std::pair<Node*, bool>> stack{{node_.get(), false}};  // (node, inputs done?)
    while (!stack.empty()) {
      const auto [node, inputs_done] = stack.back();
      stack.pop_back();
      if (inputs_done) {
        order.push_back(node);  // all its inputs are already in `order`
      } else if (visited.insert(node).second) {
        stack.push_back({node, true});  // comes back here after its inputs
        for (const auto& input : node->inputs) stack.push_back({input.first.get(), false});
      }
    }
    return order;
  }

  std::shared_ptr<Node> node_;
};

}  // namespace tiny
