// The parts of Value that are not on the recording fast path: labels, the
// operations over many values (weighted_sum, dot), and the domain errors.
#include "autodiff/value.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace backprop {

namespace detail {

void domain_error(std::string_view operation, std::string_view requirement, double got) {
  throw std::domain_error(fmt::format("{}: {}, got {}", operation, requirement, got));
}

// pow(base, c) is real only for base > 0, for base == 0 with c >= 0, and for
// base < 0 with an integer c.
void pow_domain_error(double base, double exponent) {
  if (base == 0.0)
    throw std::domain_error(
        fmt::format("pow: 0 raised to a negative exponent ({}) is infinite", exponent));
  throw std::domain_error(fmt::format(
      "pow: a negative base ({}) needs an integer exponent, got {}", base, exponent));
}

namespace {

// Thrown by the fast loop at the first handle that is not live, and caught
// where nothing has been recorded yet: a call that never returns keeps the
// loop free of the slow path's registers, as a plain check would be.
struct NotLive {};
[[noreturn, gnu::noinline, gnu::cold]] void not_live() { throw NotLive{}; }

// Writes the operand list of a sum of products (the pairs a[k], b[k]) at
// `operand`, checking every handle, and returns start + the products, added
// in order. Throws before anything is recorded. The fast way only compares
// stamps (NotLive at the first that fails); the slow way (`resolving`)
// takes each handle through tape.use().
template <bool resolving>
BACKPROP_INLINE double sum_of_products(Recorder& tape, double start, std::span<const Value> a,
                                       std::span<const Value> b, std::uint32_t* operand) {
  double sum = start;
  const auto add = [&](const Handle& x, const Handle& y) {
    sum += tape.data(x) * tape.data(y);
    *operand++ = x.index();
    *operand++ = y.index();
  };
  for (std::size_t k = 0; k < a.size(); ++k) {
    const Handle &x = a[k].handle(), &y = b[k].handle();
    if constexpr (resolving) {
      add(tape.use(x), tape.use(y));
    } else {
      if (!tape.is_live(x) || !tape.is_live(y)) [[unlikely]]
        not_live();
      add(x, y);
    }
  }
  return sum;
}

// bias + sum_k a[k] * b[k] (or the sum alone, without a bias) as one `op`
// node: the fast way only compares stamps; the slow way (`resolving`) takes
// each handle through tape.use().
template <bool resolving>
Value record_products(Op op, const Value* bias, std::span<const Value> a, std::span<const Value> b) {
  Recorder& tape = this_threads_tape;
  // Under NoGrad the values are mostly numbers without a node, which the
  // fast way would leave by an exception each time: take the slow way.
  if constexpr (!resolving)
    if (!tape.recording()) return record_products<true>(op, bias, a, b);
  const std::size_t head = bias != nullptr ? 1 : 0, count = head + 2 * a.size();
  Handle start{};
  if (bias != nullptr) {
    if constexpr (resolving) {
      start = tape.use(bias->handle());
    } else {
      start = bias->handle();
      if (!tape.is_live(start)) [[unlikely]]
        return record_products<true>(op, bias, a, b);
    }
  }
  std::uint32_t* const operand = tape.operand_space(count);
  if (bias != nullptr) operand[0] = start.index();
  const double first = bias != nullptr ? tape.data(start) : 0.0;
  double sum;
  try {
    sum = sum_of_products<resolving>(tape, first, a, b, operand + head);
  } catch (const NotLive&) {
    return record_products<true>(op, bias, a, b);  // only the fast way throws it
  }
  return wrap(tape.record_operands(op, sum, count, static_cast<std::uint32_t>(a.size())));
}

void check_sizes(std::string_view operation, std::string_view first, std::string_view second,
                 std::size_t a, std::size_t b) {
  if (a != b)
    throw std::invalid_argument(fmt::format("{}: expected as many {} as {} ({}), got {}", operation,
                                            second, first, a, b));
}

}  // namespace

Value resolved_weighted_sum(std::span<const Value> weights, std::span<const Value> inputs, const Value& bias) {
  return record_products<true>(Op::weighted_sum, &bias, weights, inputs);
}

}  // namespace detail

Value::Value(double data, std::string_view label) : Value(data) { set_label(label); }

Value Value::from_handle(const detail::Handle& handle) {
  const detail::Recorder& tape = detail::this_threads_tape;
  tape.check(handle);
  return detail::wrap(tape.handle_at(handle.index()));  // checks the position, and reads the node afresh
}

std::string Value::label() const {
  if (without_node()) return {};
  const std::string* label = tape().label(checked().index());
  return label ? *label : std::string();
}

void Value::set_label(std::string_view label) {
  if (without_node()) handle_ = tape().record_leaf(handle_.value);  // a label needs a node to live beside
  tape().set_label(checked().index(), std::string(label));
}

Value apply(Op function, const Value& x) {
  const OperationInfo& row = info(function);
  if (row.local == nullptr)
    throw std::invalid_argument(fmt::format("apply: '{}' is not a one-input function", row.name));
  return detail::unary(function, x, [&row](double v) {
    if (row.domain.holds != nullptr && !row.domain.holds(v)) detail::domain_error(row.name, row.domain.requirement, v);
    return row.local(v);
  });
}

Op Value::op() const {
  if (without_node()) return Op::leaf;
  return shown_op(detail::NodeWord::op(tape().word(checked().index())));
}

// d/dbias = 1, d/dw_k = x_k, d/dx_k = w_k (read from the operands' data
// during backward, so the node stays one node however many inputs it has)
Value weighted_sum(std::span<const Value> weights, std::span<const Value> inputs, const Value& bias) {
  detail::check_sizes("weighted_sum", "weights", "inputs", weights.size(), inputs.size());
  return detail::record_products<false>(Op::weighted_sum, &bias, weights, inputs);
}

// d/da_k = b_k, d/db_k = a_k
Value dot(std::span<const Value> a, std::span<const Value> b) {
  detail::check_sizes("dot", "values on the left", "values on the right", a.size(), b.size());
  return detail::record_products<false>(Op::dot, nullptr, a, b);
}

}  // namespace backprop
