// Module: anything with trainable parameters. A user-defined model derives
// from Module and lists its parameters, usually by joining its parts':
//
//   std::vector<Value> parameters() const override {
//     return parameters_of(encoder, head, scale);
//   }
#pragma once

#include <string>
#include <type_traits>
#include <vector>

#include "autodiff/value.hpp"

namespace backprop::nn {

class Module {
 public:
  virtual ~Module() = default;

  // Handles to the trainable values, in a fixed order (save/load rely on it).
  virtual std::vector<Value> parameters() const = 0;

  // A one-line description of the architecture, checked when loading a
  // saved model. Built-in modules describe their shape; the default names
  // the module's C++ type and its parameter count, so that a file saved from
  // another model with as many parameters is refused. Override it when one
  // type can take several shapes with the same count.
  virtual std::string architecture() const;

  void zero_grad() const {
    for (Value parameter : parameters()) parameter.zero_grad();
  }

 protected:
  Module() = default;
  Module(const Module&) = default;
  Module& operator=(const Module&) = default;
};

namespace detail {
template <typename Part>
void append_parameters(std::vector<Value>& all, const Part& part) {
  if constexpr (std::is_convertible_v<const Part&, const Value&>) {
    all.push_back(part);
  } else if constexpr (requires { part.parameters(); }) {
    for (const Value& parameter : part.parameters()) all.push_back(parameter);
  } else {
    for (const auto& element : part) append_parameters(all, element);  // a container of parts
  }
}
}  // namespace detail

// Joins the parameters of modules, single Values, and containers of either,
// in argument order.
template <typename... Parts>
std::vector<Value> parameters_of(const Parts&... parts) {
  std::vector<Value> all;
  (detail::append_parameters(all, parts), ...);
  return all;
}

}  // namespace backprop::nn
