// Module's defaults: parameters() and named_parameters() made from each
// other, the architecture description, and labelling parameters by name.
#include "nn/module.hpp"

#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <typeinfo>

#include <cxxabi.h>

#include <fmt/core.h>

namespace backprop::nn {

namespace {

// The C++ name of a type as written in source ("(anonymous
// namespace)::Scaled"), or the compiler's own name if it cannot be read.
std::string readable_name(const std::type_info& type) {
  int status = 0;
  const std::unique_ptr<char, void (*)(void*)> name(
      abi::__cxa_demangle(type.name(), nullptr, nullptr, &status), std::free);
  return status == 0 && name ? std::string(name.get()) : std::string(type.name());
}

// The module whose default parameters() or named_parameters() is running on
// this thread. If the one default calls the other for the same module, the
// module overrides neither, and without this they would call each other
// until the stack ran out.
thread_local const Module* in_default = nullptr;

class DefaultGuard {
 public:
  explicit DefaultGuard(const Module& module) : previous_(in_default) {
    if (in_default == &module)
      throw std::logic_error(fmt::format("{}: a Module must override parameters() or named_parameters()",
                                         readable_name(typeid(module))));
    in_default = &module;
  }
  ~DefaultGuard() { in_default = previous_; }
  DefaultGuard(const DefaultGuard&) = delete;
  DefaultGuard& operator=(const DefaultGuard&) = delete;

 private:
  const Module* previous_;
};

}  // namespace

std::vector<Value> Module::parameters() const {
  const DefaultGuard guard(*this);
  std::vector<Value> values;
  for (NamedParameter& parameter : named_parameters()) values.push_back(std::move(parameter.value));
  return values;
}

std::vector<NamedParameter> Module::named_parameters() const {
  const DefaultGuard guard(*this);
  std::vector<NamedParameter> named;
  for (Value& value : parameters()) named.push_back({fmt::format("{}", named.size()), std::move(value)});
  return named;
}

std::string Module::architecture() const {
  return fmt::format("{}({} parameters)", readable_name(typeid(*this)), parameters().size());
}

void Module::label_parameters() const {
  for (NamedParameter& parameter : named_parameters()) parameter.value.set_label(parameter.name);
}

}  // namespace backprop::nn
