// Embedding: a Matrix whose rows are handed out as spans.
#include "nn/embedding.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "nn/init.hpp"

namespace backprop::nn {

Embedding::Embedding(std::size_t count, std::size_t width, double stddev, Random& random)
    : Embedding(normal_matrix(count, width, stddev, random)) {}

Embedding::Embedding(Matrix table) : table_(std::move(table)), entries_(table_.values()) { label_parameters(); }

std::vector<NamedParameter> Embedding::named_parameters() const { return parameters_of(named("weight", table_)); }

std::span<const Value> Embedding::operator()(std::size_t index) const {
  if (index >= count())
    throw std::out_of_range(fmt::format("Embedding: entry {} is outside a table of {}", index, count()));
  return std::span<const Value>(entries_).subspan(index * width(), width());
}

std::string Embedding::architecture() const { return fmt::format("Embedding({}, {})", count(), width()); }

}  // namespace backprop::nn
