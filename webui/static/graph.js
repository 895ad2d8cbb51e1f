// intrograph's graph page: draws the vis-network described by the page's JSON data block and
// highlights one path when the page around it asks (window.postMessage from the parent page);
// a path clicked in the graph is told back the same way. There is no inline script: the
// graph page's Content-Security-Policy allows scripts from the site only.
"use strict";

var HIGHLIGHT = "#1f2a33";
var FADED_NODE = {background: "#e3e8ec", border: "#c9d1d7"};
var FADED_EDGE = "#d5dbe0";

var data = JSON.parse(document.getElementById("graph-data").textContent);
var nodes = new vis.DataSet(data.nodes);
var edges = new vis.DataSet(data.edges);
var network = new vis.Network(document.getElementById("graph"), {nodes: nodes, edges: edges}, data.options);
var drawn = {
  nodes: new Map(nodes.get().map((n) => [n.id, n.color])),
  edges: new Map(edges.get().map((e) => [e.id, {color: e.color, width: e.width}])),
};

function pairKey(a, b) {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

function hopsOf(path) {
  return new Set(path.slice(1).map((pid, i) => pairKey(path[i], pid)));
}

// Everything off the path fades; the path's ties turn dark and a little wider.
function highlight(index) {
  const path = data.paths[index];
  if (!path) return;
  const onPath = new Set(path);
  const hops = hopsOf(path);
  nodes.update(nodes.get().map((n) => ({id: n.id, color: onPath.has(n.id) ? drawn.nodes.get(n.id) : FADED_NODE})));
  edges.update(edges.get().map((e) => {
    const on = hops.has(pairKey(e.from, e.to));
    return {id: e.id, color: on ? HIGHLIGHT : FADED_EDGE, width: drawn.edges.get(e.id).width + (on ? 2 : 0)};
  }));
  document.body.dataset.highlighted = String(index);
}

// The first (warmest) path through a clicked tie or person.
function pathAt(params) {
  if (params.edges.length && !params.nodes.length) {
    const edge = edges.get(params.edges[0]);
    const key = pairKey(edge.from, edge.to);
    return data.paths.findIndex((path) => hopsOf(path).has(key));
  }
  return params.nodes.length ? data.paths.findIndex((path) => path.includes(params.nodes[0])) : -1;
}

window.addEventListener("message", (event) => {
  if (event.source !== window.parent || !event.data || event.data.type !== "highlight-path") return;
  highlight(Number(event.data.path));
});

if (data.paths.length) {
  network.on("click", (params) => {
    const index = pathAt(params);
    if (index < 0) return;
    highlight(index);
    if (window.parent !== window) window.parent.postMessage({type: "path-chosen", path: index}, "*");
  });
}

if (window.parent !== window) window.parent.postMessage({type: "graph-ready"}, "*");
