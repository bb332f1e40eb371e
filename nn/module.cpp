// Module's default architecture description.
#include "nn/module.hpp"

#include <cstdlib>
#include <memory>
#include <typeinfo>

#include <cxxabi.h>
#include <fmt/format.h>

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

}  // namespace

std::string Module::architecture() const {
  return fmt::format("{}({} parameters)", readable_name(typeid(*this)), parameters().size());
}

}  // namespace backprop::nn
