// Tests for autodiff/html_text: escaping for HTML and shortening for boxes.
#include <catch2/catch.hpp>

#include "autodiff/show/html_text.hpp"

using backprop::escape_html;
using backprop::shorten;

TEST_CASE("markup characters and quotes become character references", "[html_text]") {
  CHECK(escape_html("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;");
  CHECK(escape_html("plain text, tabs\tand\nlines") == "plain text, tabs\tand\nlines");
}

TEST_CASE("control characters, which HTML does not allow, become U+FFFD", "[html_text]") {
  CHECK(escape_html(std::string("a\x01z\0", 4)) == "a\uFFFDz\uFFFD");
}

TEST_CASE("long names are shortened without cutting a character in half", "[html_text]") {
  CHECK(shorten("short", 18) == "short");
  CHECK(shorten("abcdefghij", 5) == "abcd\u2026");
  CHECK(shorten("abcde", 5) == "abcde");
  CHECK(shorten("abcdef", 5) == "abcd\u2026");
  CHECK(shorten("\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9", 3) == "\u00e9\u00e9\u2026");
  CHECK(shorten("\u00e9\u00e9\u00e9", 3) == "\u00e9\u00e9\u00e9");
}
