// Text placed into generated HTML (the pages of graph_page.hpp and
// nn/show/training_page.hpp, and Graphviz's HTML-like labels in DOT): escaping
// for element content and quoted attributes, and shortening for boxes that
// have room for a few characters only.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace backprop {

// `text` with & < > " ' written as character references, so that a label
// such as `a<b & "c"` shows as itself in element content and in a quoted
// attribute; control characters, which HTML does not allow, become U+FFFD.
inline std::string escape_html(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': escaped += "&amp;"; break;
      case '<': escaped += "&lt;"; break;
      case '>': escaped += "&gt;"; break;
      case '"': escaped += "&quot;"; break;
      case '\'': escaped += "&#39;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') escaped += "\uFFFD";
        else escaped += c;
    }
  }
  return escaped;
}

// At most `most` characters of UTF-8 `text` (never cutting one in half),
// ending in an ellipsis when something was left out.
inline std::string shorten(std::string_view text, std::size_t most) {
  std::size_t characters = 0;
  for (std::size_t k = 0; k < text.size(); ++k) {
    const bool starts_character = (static_cast<unsigned char>(text[k]) & 0xC0) != 0x80;
    if (starts_character && ++characters == most && k + 1 < text.size()) {
      std::size_t rest = k + 1;  // is more than this one character left?
      while (rest < text.size() && (static_cast<unsigned char>(text[rest]) & 0xC0) == 0x80) ++rest;
      if (rest < text.size()) return std::string(text.substr(0, k)) + "\u2026";
    }
  }
  return std::string(text);
}

}  // namespace backprop
