// Module's default architecture description.
#include "nn/module.hpp"

#include <fmt/format.h>

namespace backprop::nn {

std::string Module::architecture() const {
  return fmt::format("Module({} parameters)", parameters().size());
}

}  // namespace backprop::nn
