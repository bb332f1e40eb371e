// Pictures and words for a graph in one include: explain (the chain rule
// step by step in words), DOT export (full and summary), rendering to
// SVG/PNG through Graphviz, and the step-through pages. Includes the engine.
#pragma once

#include "autodiff/autodiff.hpp"
#include "autodiff/graph.hpp"
#include "autodiff/show/dot.hpp"
#include "autodiff/show/explain.hpp"
#include "autodiff/show/graph_page.hpp"
#include "autodiff/show/render.hpp"
