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
#regions, #network { border: 1px solid #ddd; border-radius: 4px; max-width: 100%; height: auto; }
.charts svg { display: block; max-width: 100%; height: auto; }
svg text { font-family: sans-serif; font-size: 11px; }
.plane-label { fill: #333; text-anchor: middle; }
#boundary-line { fill: none; stroke: #222; stroke-width: 2; stroke-linecap: round; }
.curve { fill: none; stroke: #1f6fb4; stroke-width: 2; }
#accuracy .curve { stroke: #555; }
.marker { stroke: #222; stroke-dasharray: 3 2; }
.marker-dot { fill: #222; }
#network .input circle { fill: #666; }
#network .map-frame { fill: none; stroke: #555; }
#network .neuron, #network .input, #network line.weight { cursor: pointer; }
#network .neuron:focus, #network .input:focus { outline: none; }
#network .neuron:focus .map-frame, #network .neuron:focus circle, #network .neuron.named .map-frame,
#network .neuron.named circle { stroke: #111; stroke-width: 3; }
#network line.weight.named { stroke-opacity: 1; stroke-width: 4; }
#network-info { font-family: monospace; min-height: 2.6em; max-width: 420px; background: #f5f7fa;
                padding: .3em .6em; border-radius: 4px; margin: .4em 0 0; white-space: pre-wrap; }
:focus-visible { outline: 3px solid #6a3d9a; outline-offset: 2px; }
table { border-collapse: collapse; margin-top: 1em; }
caption { text-align: left; color: #555; }
td, th { border: 1px solid #ddd; padding: .15em .6em; text-align: left; }
)css";

const std::string_view training_page_script = R"js(
"use strict";
// Replays the frames embedded in the page (#training-data): the slider picks
// a frame; the regions are redrawn from its grid of shades and its boundary
// line, the network's lines from its weights, each hidden neuron's map from
// its shades, and the curves' markers move to its step. Pointing at or
// focusing a weight or a neuron names it with its value and gradient at the
// frame. The page as written shows the last frame.
(function () {
  const data = JSON.parse(document.getElementById("training-data").textContent);
  const slider = document.getElementById("frame");
  const label = document.getElementById("frame-label");
  const play = document.getElementById("play");
  const boundary = document.getElementById("boundary");
  const boundaryLine = document.getElementById("boundary-line");
  const canvas = +document.getElementById("regions").getAttribute("width");
  const network = document.getElementById("network");
  const info = document.getElementById("network-info");
  const lines = network ? Array.from(network.querySelectorAll("line.weight")) : [];
  const neurons = network ? Array.from(network.querySelectorAll("g.neuron")) : [];
  const maps = network ? Array.from(network.querySelectorAll("svg.map")) : [];
  const scale = network ? +network.dataset.scale : 1;
  let timer = null;
  let named = null;  // the weight or neuron the info line names

  const short = (x) => (x === null || x === undefined ? "not finite" : String(Number(x.toPrecision(4))));

  // One rectangle per run of equal shades along a row, as the page draws it.
  function gridRects(grid, n, size, fill) {
    const cell = size / n;
    let svg = "";
    for (let row = 0; row < n; ++row) {
      const line = grid.substr(row * n, n);
      for (let start = 0, end = 0; start < n; start = end) {
        while (end < n && line[end] === line[start]) ++end;
        svg += '<rect x="' + (start * cell).toFixed(2) + '" y="' + (row * cell).toFixed(2) +
               '" width="' + ((end - start) * cell + 0.5).toFixed(2) + '" height="' + (cell + 0.5).toFixed(2) +
               '" fill="' + fill(line[start]) + '"/>';
      }
    }
    return svg;
  }
  const shadeFill = (shade) => data.palette["01234567".indexOf(shade)] || data.no_shade;
  const mapFill = (shade) => data.map_palette["abcdefghi".indexOf(shade)] || data.no_shade;

  function drawNetwork(frame) {
    lines.forEach((line, k) => {
      const w = frame.w[k], size = w === null ? 1 : Math.min(1, Math.abs(w) / scale);
      line.setAttribute("stroke", w >= 0 ? data.positive : data.negative);
      line.setAttribute("stroke-width", (0.3 + 3.2 * size).toFixed(2));
      line.setAttribute("stroke-opacity", (0.25 + 0.7 * size).toFixed(2));
    });
    neurons.forEach((neuron, k) => {
      const circle = neuron.querySelector("circle");
      if (circle) circle.setAttribute("fill", frame.b[k] >= 0 ? data.positive : data.negative);
    });
    maps.forEach((map, k) => {
      map.innerHTML = gridRects(frame.maps[k], data.map_resolution, data.map_resolution, mapFill);
      map.dataset.step = frame.step;
    });
  }

  // What the info line says of a weight, a neuron or an input at `frame`.
  function describe(element, frame) {
    const name = element.dataset.name;
    const gradient = (list, k) => (list && list.length ? ", grad " + short(list[k]) : "");
    if (element.classList.contains("weight")) {
      const k = lines.indexOf(element);
      return name + " = " + short(frame.w[k]) + gradient(frame.gw, k) + "  (at step " + frame.step + ")";
    }
    if (element.classList.contains("neuron")) {
      const k = neurons.indexOf(element);
      return name + ": bias " + name + ".b = " + short(frame.b[k]) + gradient(frame.gb, k) + "  (at step " +
             frame.step + ")" + (element.querySelector("svg.map")
               ? "\nits map: its output over the plane (blue > 0, white 0, orange < 0)" : "");
    }
    return name + ": an input, the point's " + (name === "x1" ? "first" : "second") + " coordinate";
  }
  function name(element) {
    if (named) named.classList.remove("named");
    named = element;
    named.classList.add("named");
    info.textContent = describe(element, data.frames[+slider.value]);
  }
  if (network)
    for (const element of network.querySelectorAll("line.weight, g.neuron, g.input")) {
      element.addEventListener("mouseenter", () => name(element));
      element.addEventListener("focus", () => name(element));
    }
  // From the keyboard, a focused neuron's incoming weights are named one by
  // one with the up and down arrows (a tab stop per weight would be hundreds).
  for (const neuron of neurons)
    neuron.addEventListener("keydown", (event) => {
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
      event.preventDefault();
      const prefix = neuron.dataset.name + ".w.";
      const incoming = lines.filter((line) => line.dataset.name.startsWith(prefix));
      const at = incoming.indexOf(named);
      const next = event.key === "ArrowDown" ? at + 1 : (at < 0 ? incoming.length : at) - 1;
      if (next >= 0 && next < incoming.length) name(incoming[next]);
      else name(neuron);
    });

  // Moves a chart's marker to step `step` (the chart's geometry is in its data- attributes).
  function moveMarker(id, step, value) {
    const chart = document.getElementById(id), at = chart.dataset;
    const x = +at.left + (step / +at.lastTick) * +at.width;
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
    boundary.innerHTML = gridRects(frame.grid, data.resolution, canvas, shadeFill);
    boundary.dataset.step = frame.step;
    boundaryLine.setAttribute("d", frame.line);
    if (network) drawNetwork(frame);
    if (named) info.textContent = describe(named, frame);
    moveMarker("loss", frame.step, frame.loss);
    moveMarker("accuracy", frame.step, frame.accuracy);
    label.textContent = "step " + frame.step + " of " + data.steps + ": loss " + short(frame.loss) + ", accuracy " +
                        (frame.accuracy === null ? "not finite" : (100 * frame.accuracy).toFixed(1) + "%");
    slider.setAttribute("aria-valuetext", "step " + frame.step + " of " + data.steps);
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
