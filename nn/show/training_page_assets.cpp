// The training page's style sheet and script (see training_page_assets.hpp).
#include "nn/show/training_page_assets.hpp"

namespace backprop::nn {

const std::string_view training_page_style = R"css(
body { font-family: system-ui, sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.25em; }
.summary { color: #555; max-width: 60em; }
#controls { display: flex; gap: .6em; align-items: center; margin: .5em 0; }
#controls[hidden] { display: none; }
#frame { width: 30em; max-width: 70vw; }
#frame-label { font-family: monospace; font-size: 1.05em; background: #f5f7fa; padding: .4em .8em;
               border-radius: 4px; display: inline-block; }
.panels { display: flex; flex-wrap: wrap; gap: 1.5em; align-items: flex-start; }
figure { margin: 0; }
figcaption { color: #555; font-size: .9em; text-align: center; }
#regions, #network { border: 1px solid #ddd; border-radius: 4px; }
.charts svg { display: block; }
svg text { font-family: sans-serif; font-size: 11px; }
.axis { stroke: #333; }
.axis-label { text-anchor: middle; }
.axis-value { text-anchor: end; }
.axis-step { text-anchor: end; }
.curve { fill: none; stroke: #d9480f; stroke-width: 2; }
#accuracy .curve { stroke: #1c5fb0; }
.marker { stroke: #222; stroke-dasharray: 3 2; }
.marker-dot { fill: #222; }
table { border-collapse: collapse; margin-top: 1em; }
td, th { border: 1px solid #ddd; padding: .15em .6em; text-align: left; }
)css";

const std::string_view training_page_script = R"js(
"use strict";
// Replays the frames embedded in the page (#training-data): the slider picks
// a frame; the regions are redrawn from its grid of shades, the network's
// lines from its weights, and the curves' markers move to its step. The
// page as written shows the last frame.
(function () {
  const data = JSON.parse(document.getElementById("training-data").textContent);
  const slider = document.getElementById("frame");
  const label = document.getElementById("frame-label");
  const play = document.getElementById("play");
  const boundary = document.getElementById("boundary");
  const canvas = +document.getElementById("regions").getAttribute("width");
  const network = document.getElementById("network");
  const lines = network ? Array.from(network.querySelectorAll("line.weight")) : [];
  const neurons = network ? Array.from(network.querySelectorAll("circle.neuron")) : [];
  const scale = network ? +network.dataset.scale : 1;
  let timer = null;

  const shadeFill = (shade) => data.palette["01234567".indexOf(shade)] || data.no_shade;
  const short = (x) => (x === null ? "not finite" : String(Number(x.toPrecision(4))));

  // One rectangle per run of equal shades along a row, as the page draws it.
  function drawRegions(grid) {
    const n = data.resolution, cell = canvas / n;
    let svg = "";
    for (let row = 0; row < n; ++row) {
      const line = grid.substr(row * n, n);
      for (let start = 0, end = 0; start < n; start = end) {
        while (end < n && line[end] === line[start]) ++end;
        svg += '<rect x="' + (start * cell).toFixed(2) + '" y="' + (row * cell).toFixed(2) +
               '" width="' + ((end - start) * cell + 0.5).toFixed(2) + '" height="' + (cell + 0.5).toFixed(2) +
               '" fill="' + shadeFill(line[start]) + '"/>';
      }
    }
    boundary.innerHTML = svg;
  }

  function drawNetwork(frame) {
    lines.forEach((line, k) => {
      const w = frame.w[k], size = w === null ? 1 : Math.min(1, Math.abs(w) / scale);
      line.setAttribute("stroke", w >= 0 ? data.positive : data.negative);
      line.setAttribute("stroke-width", (0.3 + 3.2 * size).toFixed(2));
      line.setAttribute("stroke-opacity", (0.25 + 0.7 * size).toFixed(2));
    });
    neurons.forEach((circle, k) => circle.setAttribute("fill", frame.b[k] >= 0 ? data.positive : data.negative));
  }

  // Moves a chart's marker to curve point `index` (the chart's geometry is in its data- attributes).
  function moveMarker(id, index, value) {
    const chart = document.getElementById(id), at = chart.dataset;
    const x = +at.left + (data.steps === 1 ? 0 : (index / (data.steps - 1)) * +at.width);
    const low = +at.low, high = +at.high;
    const clamped = value === null ? high : Math.min(high, Math.max(low, value));
    const y = +at.top + ((high - clamped) / (high - low || 1e-12)) * +at.height;
    const marker = chart.querySelector(".marker"), dot = chart.querySelector(".marker-dot");
    marker.setAttribute("x1", x.toFixed(1));
    marker.setAttribute("x2", x.toFixed(1));
    dot.setAttribute("cx", x.toFixed(1));
    dot.setAttribute("cy", y.toFixed(1));
  }

  function show(index) {
    const frame = data.frames[index];
    slider.value = index;
    drawRegions(frame.grid);
    boundary.dataset.step = frame.step;
    if (network) drawNetwork(frame);
    const point = Math.min(frame.step, data.steps - 1);  // the last frame comes after the last step's loss
    moveMarker("loss", point, frame.loss);
    moveMarker("accuracy", point, frame.accuracy);
    label.textContent = "after " + frame.step + " steps: loss " + short(frame.loss) + ", accuracy " +
                        (frame.accuracy === null ? "not finite" : (100 * frame.accuracy).toFixed(1) + "%");
  }

  function setPlaying(on) {
    clearInterval(timer);
    timer = null;
    if (on) {
      if (+slider.value === data.frames.length - 1) show(0);
      timer = setInterval(() => {
        show(+slider.value + 1);
        if (+slider.value === data.frames.length - 1) setPlaying(false);
      }, 150);
    }
    play.textContent = on ? "\u23F8 pause" : "\u25B6 play";
  }

  slider.addEventListener("input", () => {
    setPlaying(false);
    show(+slider.value);
  });
  play.addEventListener("click", () => setPlaying(timer === null));
  document.getElementById("controls").hidden = false;
  show(data.frames.length - 1);
})();
)js";

}  // namespace backprop::nn
