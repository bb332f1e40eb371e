// The structure of a generated HTML page, for golden tests that should not
// break when a box moves by a pixel: one line per element, indented by
// nesting, with its tag, the attributes that say what it is (id, class,
// data-*, ...) and its own text, leaving out geometry (x, y, d, width, ...)
// and the contents of <style> and <script>.
#pragma once

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <string_view>

namespace backprop::testing {

inline std::string html_structure(std::string_view html) {
  // Attributes that only place or size things, and which layout drew them.
  static constexpr std::array<std::string_view, 22> geometry = {
      "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "width", "height", "d", "points",
      "viewBox", "transform", "data-layout", "data-left", "data-top", "data-width", "data-height", "style"};
  static constexpr std::array<std::string_view, 5> empty_elements = {"meta", "input", "br", "link", "img"};
  std::string out;
  int depth = 0;
  std::string pending_text;
  auto flush_text = [&] {
    std::string text;
    bool space = false;
    for (char c : pending_text) {
      if (std::isspace(static_cast<unsigned char>(c))) space = !text.empty();
      else {
        if (space) text += ' ';
        text += c, space = false;
      }
    }
    if (!text.empty()) out += std::string(2 * depth, ' ') + "\"" + text + "\"\n";
    pending_text.clear();
  };
  std::size_t at = 0;
  while (at < html.size()) {
    if (html[at] != '<') {
      const std::size_t next = std::min(html.find('<', at), html.size());
      pending_text += html.substr(at, next - at);
      at = next;
      continue;
    }
    flush_text();
    const std::size_t close = html.find('>', at);
    if (close == std::string_view::npos) break;
    std::string_view tag = html.substr(at + 1, close - at - 1);
    at = close + 1;
    if (tag.starts_with("!")) continue;  // <!DOCTYPE html>
    if (tag.starts_with("/")) {
      --depth;
      continue;
    }
    const bool self_closing = tag.ends_with("/");
    if (self_closing) tag.remove_suffix(1);
    const std::size_t name_end = std::min(tag.find_first_of(" \n"), tag.size());
    const std::string name(tag.substr(0, name_end));
    std::string line = std::string(2 * depth, ' ') + name;
    // Attributes: name="value" pairs, or bare names.
    for (std::size_t k = name_end; k < tag.size();) {
      while (k < tag.size() && std::isspace(static_cast<unsigned char>(tag[k]))) ++k;
      const std::size_t attribute_end = std::min(tag.find_first_of("= ", k), tag.size());
      const std::string_view attribute = tag.substr(k, attribute_end - k);
      std::string_view value;
      k = attribute_end;
      if (k < tag.size() && tag[k] == '=') {
        const std::size_t value_end = tag.find('"', k + 2);
        value = tag.substr(k + 2, value_end - k - 2);
        k = value_end + 1;
      }
      if (attribute.empty() || std::find(geometry.begin(), geometry.end(), attribute) != geometry.end()) continue;
      line += " " + std::string(attribute);
      if (!value.empty()) line += "=" + std::string(value);
    }
    out += line + "\n";
    if (name == "script" || name == "style") {  // their contents are code, not structure
      at = html.find("</" + name + ">", at);
      if (at == std::string_view::npos) break;
      at += name.size() + 3;
      continue;
    }
    if (!self_closing && std::find(empty_elements.begin(), empty_elements.end(), name) == empty_elements.end())
      ++depth;
  }
  flush_text();
  return out;
}

}  // namespace backprop::testing
