// A user-defined model: a three-class classifier on Gaussian blobs, built
// from the library's modules, trained with Adam on softmax cross-entropy,
// saved to a file, loaded into a fresh model, and evaluated.
//
//   custom_model [--out DIR]
#include <filesystem>
#include <string_view>

#include <autodiff/autodiff.hpp>
#include <nn/io/io.hpp>
#include <nn/nn.hpp>
#include <nn/show/show.hpp>

#include "tools/program.hpp"

using backprop::Value;
namespace nn = backprop::nn;

// A module of your own: any parts, and a named_parameters() that names them.
class BlobClassifier : public nn::Module {
 public:
  explicit BlobClassifier(std::uint64_t seed)
      : random_(seed),
        hidden_(2, 8, nn::Activation::tanh, random_),
        scores_(8, 3, nn::Activation::linear, random_) {
    label_parameters();  // "hidden.neurons.0.w.0", ...: pictures and saved files show these names
  }

  std::vector<Value> operator()(std::span<const Value> point) const {
    // Blob centres lie in [-10, 10]: scale inputs down so tanh does not saturate.
    std::vector<Value> scaled;
    for (const Value& x : point) scaled.push_back(x * 0.1);
    return scores_(hidden_(scaled));
  }

  std::vector<nn::NamedParameter> named_parameters() const override {
    return nn::parameters_of(nn::named("hidden", hidden_), nn::named("scores", scores_));
  }
  std::string architecture() const override { return "BlobClassifier(2 -> 8 tanh -> 3)"; }

 private:
  nn::Random random_;  // declared first: the layers draw their weights from it
  nn::Layer hidden_;
  nn::Layer scores_;
};

// Mean softmax cross-entropy and accuracy of `model` on the data.
template <typename Model>
std::pair<Value, double> evaluate(const Model& model, const nn::Dataset& data,
                                  const std::vector<std::size_t>& classes) {
  std::vector<std::vector<Value>> logits;
  for (const auto& row : data.inputs)
    logits.push_back(model(std::vector<Value>(row.begin(), row.end())));
  return {nn::softmax_cross_entropy(logits, classes), nn::class_accuracy(logits, classes)};
}

constexpr std::string_view usage = R"(usage: custom_model [--out DIR]

Trains a classifier of your own (BlobClassifier) on three Gaussian blobs,
saves it to DIR/blob_classifier.txt, loads it into a fresh model and
evaluates that.
  --out DIR  where to write the model (default: the current directory)
  --version  print the version
)";

// The whole example, once the command line is read.
int train(const std::filesystem::path& out) {
  const nn::Dataset data = nn::make_blobs(150, 3, 1.5, 7);
  std::vector<std::size_t> classes(data.targets.begin(), data.targets.end());

  BlobClassifier model(42);
  nn::Adam adam(model.parameters(), {.learning_rate = 0.05});
  for (int step = 0; step < 60; ++step) {
    backprop::GraphScope scope;
    auto [loss, accuracy] = evaluate(model, data, classes);
    adam.zero_grad();
    loss.backward();
    adam.step();
    if (step % 10 == 0) fmt::print("step {:2}  loss {:.4f}  accuracy {:.1f}%\n", step, loss.data(), 100 * accuracy);
  }

  std::filesystem::create_directories(out);
  const auto path = out / "blob_classifier.txt";
  nn::save(model, path);
  BlobClassifier reloaded(0);  // different initial weights...
  nn::load(reloaded, path);    // ...replaced by the trained ones
  backprop::GraphScope scope;
  backprop::NoGrad no_grad;
  const auto [loss, accuracy] = evaluate(reloaded, data, classes);
  fmt::print("reloaded from {}: loss {:.4f}, accuracy {:.1f}%\n", path.string(), loss.data(), 100 * accuracy);
  return 0;
}

// The command line (tools/program.hpp) and checked output: a file or
// standard output that cannot be written is reported, with exit status 1.
int main(int argc, char** argv) {
  backprop::tools::Program program("custom_model", std::string(usage));
  std::string out = ".";
  program.option("--out", out);
  return program.run(argc, argv, [&] { return train(out); });
}
