// Module: anything with trainable parameters, and their names. A model of
// your own derives from Module and lists its parts, named:
//
//   std::vector<NamedParameter> named_parameters() const override {
//     return parameters_of(named("encoder", encoder), named("head", head), named("scale", scale));
//   }
//
// which names its parameters "encoder.layers.0.neurons.3.w.1", ...,
// "scale"; or unnamed, overriding parameters() with parameters_of(encoder,
// head, scale) (then the names are the positions "0", "1", ...).
#pragma once

#include <algorithm>
#include <charconv>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>


#include "autodiff/linear.hpp"
#include "autodiff/value.hpp"

namespace backprop::nn {

// A parameter and its dotted path in its module, as PyTorch names them:
// "layers.0.neurons.3.w.1" is weight 1 of neuron 3 of layer 0.
struct NamedParameter {
  std::string name;
  Value value;
};

class Module {
 public:
  virtual ~Module() = default;

  // A module overrides at least one of these two; each is by default made
  // from the other. Built-in modules override both, so that parameters(),
  // called at every training step, builds no names.
  //
  // Handles to the trainable values, in a fixed order (save/load rely on it).
  virtual std::vector<Value> parameters() const;
  // The same values in the same order, each with its name.
  virtual std::vector<NamedParameter> named_parameters() const;

  // A one-line description of the architecture, checked when loading a
  // saved model. Built-in modules describe their shape; the default names
  // the module's C++ type and its parameter count, so that a file saved from
  // another model with as many parameters is refused. Override it when one
  // type can take several shapes with the same count.
  virtual std::string architecture() const;

  void zero_grad() const {
    for (Value parameter : parameters()) parameter.zero_grad();
  }

  // Labels every parameter with its name, so that DOT pictures, explain()
  // and pages show "layers.0.neurons.3.w.1" instead of a number. Built-in
  // modules label their parameters when constructed; a module of your own
  // calls this at the end of its constructor (names given by an enclosing
  // module replace those of its parts).
  void label_parameters() const;

 protected:
  Module() = default;
  Module(const Module&) = default;
  Module& operator=(const Module&) = default;
};

// A part of a module with the name it goes by, for parameters_of().
template <typename Part>
struct Named {
  std::string_view name;
  const Part& part;
};

template <typename Part>
Named<Part> named(std::string_view name, const Part& part) {
  return {name, part};
}

namespace detail {

template <typename Part>
void append_parameters(std::vector<Value>& all, const Part& part) {
  if constexpr (std::is_convertible_v<const Part&, const Value&>) {
    all.push_back(part);
  } else if constexpr (std::is_same_v<Part, Matrix>) {
    for (const Value& entry : part.values()) all.push_back(entry);
  } else if constexpr (requires { part.parameters(); }) {
    for (const Value& parameter : part.parameters()) all.push_back(parameter);
  } else {
    for (const auto& element : part) append_parameters(all, element);  // a container of parts
  }
}

// Built by appending, not fmt::format: a model names thousands of
// parameters (every Matrix entry) when it is made and labelled.
inline std::string joined_name(std::string_view prefix, std::string_view name) {
  std::string joined;
  joined.reserve(prefix.size() + 1 + name.size());
  if (!prefix.empty()) joined.append(prefix).push_back('.');
  return joined.append(name);
}
inline std::string joined_name(std::string_view prefix, std::size_t k) {
  return joined_name(prefix, std::to_string(k));
}
// Room for `extra` more, growing as push_back would (never to an exact fit
// per part, which would copy everything again for each of many parts).
inline void make_room(std::vector<NamedParameter>& all, std::size_t extra) {
  if (all.capacity() - all.size() < extra) all.reserve(std::max(all.size() + extra, 2 * all.capacity()));
}
// "prefix.row.col" in one string, without the two in between.
inline std::string entry_name(std::string_view prefix, std::size_t row, std::size_t col) {
  char numbers[48];
  char* end = std::to_chars(numbers, numbers + 20, row).ptr;
  *end++ = '.';
  end = std::to_chars(end, numbers + sizeof numbers, col).ptr;
  return joined_name(prefix, std::string_view(numbers, static_cast<std::size_t>(end - numbers)));
}

// The naming rules: a Value is called by its part's name; a module's
// parameters get the part's name in front of theirs; a Matrix entry is
// "name.row.col"; a container's element k is "name.k".
template <typename Part>
void append_named_parameters(std::vector<NamedParameter>& all, std::string_view prefix, const Part& part) {
  if constexpr (std::is_convertible_v<const Part&, const Value&>) {
    all.push_back({std::string(prefix), part});
  } else if constexpr (std::is_same_v<Part, Matrix>) {
    make_room(all, part.rows() * part.cols());
    for (std::size_t row = 0; row < part.rows(); ++row)
      for (std::size_t col = 0; col < part.cols(); ++col) all.push_back({entry_name(prefix, row, col), part(row, col)});
  } else if constexpr (requires { part.named_parameters(); }) {
    std::vector<NamedParameter> own = part.named_parameters();
    make_room(all, own.size());
    for (NamedParameter& parameter : own)
      all.push_back({prefix.empty() ? std::move(parameter.name) : joined_name(prefix, parameter.name),
                     std::move(parameter.value)});
  } else {
    std::size_t k = 0;
    for (const auto& element : part) append_named_parameters(all, joined_name(prefix, k++), element);
  }
}

template <typename Part>
inline constexpr bool is_named = false;
template <typename Part>
inline constexpr bool is_named<Named<Part>> = true;

}  // namespace detail

// Joins the parameters of modules, single Values, Matrices, and containers
// of any of these, in argument order. Given parts wrapped in named(), it
// returns them with their names instead (see the naming rules above).
template <typename... Parts>
auto parameters_of(const Parts&... parts) {
  constexpr std::size_t named_parts = (std::size_t{detail::is_named<Parts>} + ... + 0);
  static_assert(named_parts == 0 || named_parts == sizeof...(Parts),
                "parameters_of: name every part with named(), or none");
  if constexpr (named_parts > 0 && named_parts == sizeof...(Parts)) {
    std::vector<NamedParameter> all;
    (detail::append_named_parameters(all, parts.name, parts.part), ...);
    return all;
  } else {
    std::vector<Value> all;
    (detail::append_parameters(all, parts), ...);
    return all;
  }
}

}  // namespace backprop::nn
