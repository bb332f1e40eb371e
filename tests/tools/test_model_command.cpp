// `backprop model` run as a process: the statistics of a saved model (of an
// MLP, of another module, of a version 2 file), one pass drawn as DOT, SVG
// or PNG in either view, and every error with its exit status.
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

#include <fmt/format.h>

#include "autodiff/show/render.hpp"
#include "nn/io/io.hpp"
#include "nn/nn.hpp"
#include "nn/show/show.hpp"
#include "support/run_process.hpp"

using backprop::Value;
using backprop::testing::read_file;
using backprop::testing::run_process;
using backprop::testing::tool;
using backprop::testing::ScratchDir;
using backprop::testing::write_file;
namespace nn = backprop::nn;

namespace {

// The words of the line of `text` that starts with `first` + " ".
std::vector<std::string> words_of_line(const std::string& text, const std::string& first) {
  const std::size_t start = text.find("\n" + first + " ");
  if (start == std::string::npos) return {};
  std::istringstream line(text.substr(start + 1, text.find('\n', start + 1) - start - 1));
  std::vector<std::string> words;
  for (std::string word; line >> word;) words.push_back(word);
  return words;
}

// MLP(2, [2, 1]) with seed 1 saved in `dir`.
std::string saved_mlp(const ScratchDir& dir) {
  const std::string path = (dir / "mlp.txt").string();
  nn::save(nn::MLP(2, {2, 1}), path);
  return path;
}
}  // namespace

TEST_CASE("model prints a saved MLP's architecture, layers and statistics per layer", "[model_command]") {
  ScratchDir dir("model-stats");
  const std::string path = saved_mlp(dir);
  const auto result = run_process(tool, {"model", path});
  INFO(result.err);
  REQUIRE(result.status == 0);
  CHECK(result.out == path + ": backprop model, format version 4\n"
                             "architecture MLP(2, [2, 1], [relu, linear])\n"
                             "parameters 9\n"
                             "layers.0  2 -> 2  relu\n"
                             "layers.1  2 -> 1  linear\n"
                             "\n"
                             "layer              count        mean         min         max\n"
                             "layers.0 weights       4     -0.6287     -0.9580     -0.0976\n"
                             "layers.0 biases        2      0.0000      0.0000      0.0000\n"
                             "layers.1 weights       2      0.2623     -0.2982      0.8227\n"
                             "layers.1 biases        1      0.0000      0.0000      0.0000\n");
}

TEST_CASE("model reads version 2 files, naming their numbers as the MLP does", "[model_command]") {
  const auto result = run_process(tool, {"model", BACKPROP_FIXTURES_DIR "/models/mlp_2_2_1_seed1_v2.txt"});
  REQUIRE(result.status == 0);
  CHECK_THAT(result.out, Catch::Contains("format version 2\n"));
  CHECK_THAT(result.out, Catch::Contains("layers.1 weights       2      0.2623"));
}

TEST_CASE("model groups another module's parameters by their names", "[model_command]") {
  struct Embedder : nn::Module {
    backprop::Matrix table{2, 2, std::vector<double>{1, 2, 3, 4}};
    Value scale = -1.0;
    nn::MLP head{2, {1}};
    std::vector<nn::NamedParameter> named_parameters() const override {
      return nn::parameters_of(nn::named("wte", table), nn::named("scale", scale), nn::named("head", head));
    }
  };
  ScratchDir dir("model-other");
  nn::save(Embedder{}, dir / "embedder.txt");
  const auto result = run_process(tool, {"model", dir / "embedder.txt"});
  REQUIRE(result.status == 0);
  CHECK_THAT(result.out, Catch::Contains("parameters 8\n\nlayer"));  // no MLP layers to list
  CHECK(words_of_line(result.out, "wte") == std::vector<std::string>{"wte", "4", "2.5000", "1.0000", "4.0000"});
  CHECK(words_of_line(result.out, "scale") == std::vector<std::string>{"scale", "1", "-1.0000", "-1.0000", "-1.0000"});
  CHECK(words_of_line(result.out, "head.layers.0").at(1) == "weights");
  const auto run = run_process(tool, {"model", dir / "embedder.txt", "--input", "1"});
  CHECK(run.status == 1);
  CHECK_THAT(run.err, Catch::Contains("not an MLP: only an MLP can be rebuilt from its file alone"));
}

TEST_CASE("model --input runs one pass and -o draws it, summary or full", "[model_command]") {
  ScratchDir dir("model-draw");
  const std::string path = saved_mlp(dir);
  const auto printed = run_process(tool, {"model", path, "--input", "0.5,-1"});
  REQUIRE(printed.status == 0);
  CHECK_THAT(printed.out, Catch::EndsWith("\noutput at (0.5, -1): 0.6403156488971244\n"));

  const auto summary = run_process(tool, {"model", path, "--input", "0.5,-1", "-o", dir / "summary.dot"});
  REQUIRE(summary.status == 0);
  CHECK_THAT(summary.out, Catch::EndsWith("wrote " + (dir / "summary.dot").string() + " (summary view)\n"));
  // the same text as the golden file of the library's summary view
  CHECK(read_file(dir / "summary.dot") == read_file(BACKPROP_FIXTURES_DIR "/dot/mlp_2_2_1_summary.dot"));
  const auto full = run_process(tool, {"model", path, "--input", "0.5,-1", "--full", "-o", dir / "full.gv"});
  REQUIRE(full.status == 0);
  CHECK(read_file(dir / "full.gv") == read_file(BACKPROP_FIXTURES_DIR "/dot/mlp_2_2_1_full.dot"));
  if (backprop::can_render()) {
    REQUIRE(run_process(tool, {"model", path, "--input", "0.5,-1", "-o", dir / "graph.svg"}).status == 0);
    CHECK_THAT(read_file(dir / "graph.svg"), Catch::Contains("<svg"));
    REQUIRE(run_process(tool, {"model", path, "--input", "0.5,-1", "--full", "-o", dir / "graph.png"}).status == 0);
    CHECK(read_file(dir / "graph.png").substr(1, 3) == "PNG");
  }
}

TEST_CASE("model: a usage error is exit status 2 with how to get help", "[model_command]") {
  ScratchDir dir("model-usage");
  const std::string path = saved_mlp(dir);
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"model"}, "missing FILE"},
      {{"model", path, path}, "unexpected argument '" + path + "'"},
      {{"model", path, "--depth", "2"}, "unknown option '--depth'"},
      {{"model", path, "--inptu=1,2"}, "unknown option '--inptu' (did you mean '--input'?)"},
      {{"model", path, "-o", dir / "g.svg"}, "-o needs --input"},
      {{"model", path, "--full"}, "--full chooses the view of the graph drawn with -o"},
      {{"model", path, "--input", "1,2", "-o", dir / "g.jpg"}, "-o " + (dir / "g.jpg").string() + ": the file must end in .dot"},
      {{"model", path, "--input", "0.5,x"}, "--input: input 1, 'x', is not a finite number"},
      {{"model", path, "--input", "0.5,"}, "--input: input 1, '', is not a finite number"},
      {{"model", path, "--input", "1,2,3"}, "--input: the model takes 2 inputs, got 3"},
      {{"model", path, "--input"}, "--input needs a value"},
  };
  for (const auto& [arguments, message] : cases) {
    const auto result = run_process(tool, arguments);
    INFO(message);
    CHECK(result.status == 2);
    CHECK_THAT(result.err, Catch::StartsWith("backprop model: " + message));
    CHECK_THAT(result.err, Catch::EndsWith("\nRun 'backprop model --help' for more information.\n"));
    CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 2);
  }
  CHECK_FALSE(std::filesystem::exists(dir / "g.svg"));
  const auto help = run_process(tool, {"model", "--help"});
  CHECK(help.status == 0);
  CHECK_THAT(help.out, Catch::StartsWith("usage: backprop model FILE"));
  CHECK_THAT(run_process(tool, {"--help"}).out, Catch::Contains("  model      show a saved model"));
}

TEST_CASE("model: a file that is missing or bad is exit status 1, naming the line", "[model_command]") {
  ScratchDir dir("model-bad");
  const std::string path = saved_mlp(dir);
  const auto missing = run_process(tool, {"model", dir / "missing.txt"});
  CHECK(missing.status == 1);
  CHECK_THAT(missing.err, Catch::StartsWith("backprop model: " + (dir / "missing.txt").string() + ": cannot open"));
  std::string text = read_file(path);
  text.replace(text.find("w.1 -0.7271"), 3, "w.7");
  write_file(dir / "renamed.txt", text);
  const auto renamed = run_process(tool, {"model", dir / "renamed.txt"});
  CHECK(renamed.status == 1);
  CHECK_THAT(renamed.err, Catch::Contains("renamed.txt:5: parameter 1 is 'layers.0.neurons.0.w.7' in the file, but "
                                          "the model's parameter 1 is 'layers.0.neurons.0.w.1'"));
  write_file(dir / "text.txt", "hello\n");
  const auto not_model = run_process(tool, {"model", dir / "text.txt"});
  CHECK(not_model.status == 1);
  CHECK_THAT(not_model.err,
             Catch::EndsWith("text.txt:1: not a backprop model: expected 'backprop-model 4', got 'hello'\n"));
}

TEST_CASE("model refuses a file whose architecture line was changed after it was saved", "[model_command]") {
  ScratchDir dir("model-swapped");
  nn::save(nn::MLP(2, {16, 16, 1}, {.seed = 3}), dir / "moons.txt");
  std::string text = read_file(dir / "moons.txt");
  text.replace(text.find("[relu, relu, linear]"), 20, "[tanh, tanh, linear]");
  write_file(dir / "swap.txt", text);
  for (const std::vector<std::string>& more : {std::vector<std::string>{}, {"--input", "0.5,-1"}}) {
    std::vector<std::string> arguments{"model", (dir / "swap.txt").string()};
    arguments.insert(arguments.end(), more.begin(), more.end());
    const auto result = run_process(tool, arguments);
    CHECK(result.status == 1);
    CHECK(result.out.empty());
    CHECK_THAT(result.err, Catch::Contains("swap.txt:341: the end line") &&
                               Catch::Contains("the file was changed or damaged after it was saved"));
  }
}

TEST_CASE("model refuses another module's file that repeats a parameter name", "[model_command]") {
  ScratchDir dir("model-repeated");
  const nn::SavedModel repeated{nn::model_file_version, "Other(3)", {{"wte.0", 1.0}, {"wte.1", 2.0}, {"wte.0", 3.0}}};
  write_file(dir / "repeated.txt", nn::model_file_text(repeated));
  const auto result = run_process(tool, {"model", dir / "repeated.txt"});
  CHECK(result.status == 1);
  CHECK_THAT(result.err, Catch::EndsWith("repeated.txt:6: parameter 2 is named 'wte.0', as parameter 0 is; the names "
                                         "in a model file must be unique\n"));
}

TEST_CASE("model shows a file's control characters and other bytes escaped, never raw", "[model_command]") {
  ScratchDir dir("model-escapes");
  const std::string clear_screen = "\x1b[2J", title = "\x1b]0;owned\x07";
  const nn::SavedModel hostile{nn::model_file_version, "Evil(" + clear_screen + title + std::string(1, '\0') + "\xff)",
                               {{"w" + clear_screen, 1.0}, {"caf\xc3", 2.0}}};
  write_file(dir / "hostile.txt", nn::model_file_text(hostile));
  const auto result = run_process(tool, {"model", dir / "hostile.txt"});
  INFO(result.err);
  REQUIRE(result.status == 0);
  CHECK(result.out.find_first_of(std::string("\x1b\x07\xff\xc3") + '\0') == std::string::npos);
  CHECK_THAT(result.out, Catch::Contains("architecture Evil(\\x1b[2J\\x1b]0;owned\\x07\\x00\\xff)\n"));
  CHECK(words_of_line(result.out, "w\\x1b[2J") ==
        std::vector<std::string>{"w\\x1b[2J", "1", "1.0000", "1.0000", "1.0000"});
  CHECK(words_of_line(result.out, "caf\\xc3").size() == 5);
}

TEST_CASE("model's statistics have one row per group, however many groups", "[model_command]") {
  // Every parameter its own group: the table is built through a hash map, so
  // this takes a moment where a search per parameter took seconds.
  ScratchDir dir("model-many");
  constexpr std::size_t count = 50'000;
  nn::SavedModel many{nn::model_file_version, "Many(50000)", {}};
  for (std::size_t k = 0; k < count; ++k) many.parameters.push_back({fmt::format("p{}", k), static_cast<double>(k)});
  write_file(dir / "many.txt", nn::model_file_text(many));
  const auto result = run_process(tool, {"model", dir / "many.txt"});
  REQUIRE(result.status == 0);
  // Three header lines, a blank one, the table's title, then a row per parameter.
  CHECK(std::count(result.out.begin(), result.out.end(), '\n') == 3 + 1 + 1 + count);
  CHECK(words_of_line(result.out, "p0") == std::vector<std::string>{"p0", "1", "0.0000", "0.0000", "0.0000"});
  CHECK(words_of_line(result.out, "p49999") ==
        std::vector<std::string>{"p49999", "1", "49999.0000", "49999.0000", "49999.0000"});
  CHECK(result.out.find("\np1 ") < result.out.find("\np2 "));  // in the order of the file
}

TEST_CASE("model: an output that overflows is drawn and printed, with exit status 1", "[model_command]") {
  ScratchDir dir("model-overflow");
  const std::string path = saved_mlp(dir);
  // -1.7e308 * w.0 + -1.7e308 * w.1 of the first neuron is more than a double holds
  const auto result = run_process(tool, {"model", path, "--input", "-1.7e308,-1.7e308", "-o", dir / "g.dot"});
  CHECK(result.status == 1);
  CHECK_THAT(result.err, Catch::Contains("not finite"));
  CHECK(std::filesystem::exists(dir / "g.dot"));
}

TEST_CASE("model: output that cannot be written is exit status 1", "[model_command]") {
  ScratchDir dir("model-full");
  const std::string path = saved_mlp(dir);
  const auto result = run_process(tool, {"model", path}, {.out = "/dev/full"});
  CHECK(result.status == 1);
  CHECK_THAT(result.err, Catch::Contains("backprop: "));
}
