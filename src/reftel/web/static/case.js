// The case graph, drawn with Cytoscape.js (installed from npm by scripts/install-web-assets.sh).
(function () {
  "use strict";
  function draw() {
    var box = document.getElementById("graph");
    var data = document.getElementById("graph-data");
    if (!box || !data || typeof window.cytoscape !== "function") return;
    var graph = JSON.parse(data.textContent);
    // Parallel links (four orders between the same two parties) are drawn as one, labelled
    // with each kind once; the table below the graph keeps every link and its source.
    var merged = {};
    graph.edges.forEach(function (e) {
      var key = e.source + "\u0000" + e.target;
      var edge = merged[key] || (merged[key] = { source: e.source, target: e.target, labels: [], cable: e.cable });
      if (edge.labels.indexOf(e.label) < 0) edge.labels.push(e.label);
    });
    var elements = graph.nodes.map(function (n) { return { data: n }; }).concat(
      Object.keys(merged).map(function (key, i) {
        var e = merged[key];
        return { data: { id: "e" + i, source: e.source, target: e.target, label: e.labels.join("; "), cable: e.cable } };
      }));
    var fills = { designated: "#c0392b", person: "#d5f5e3", country: "#fdfefe", place: "#fdfefe",
      city: "#fdfefe", port: "#fdfefe", regime: "#e5e7e9", program: "#ebdef0", government: "#ebdef0" };
    var cy = window.cytoscape({
      container: box,
      elements: elements,
      wheelSensitivity: 0.2,
      style: [
        { selector: "node", style: {
          "label": "data(label)", "text-wrap": "wrap", "text-max-width": 130, "font-size": 11,
          "text-valign": "center", "text-halign": "center", "shape": "round-rectangle",
          "width": "label", "height": "label", "padding": 8,
          "background-color": function (n) { return fills[n.data("kind")] || "#d6eaf8"; },
          "color": function (n) { return n.data("kind") === "designated" ? "#fff" : "#1d2330"; },
          "border-width": function (n) { return n.data("seed") ? 3 : 1; },
          "border-color": "#17202f" } },
        { selector: "edge", style: {
          "label": "data(label)", "font-size": 9, "color": "#555", "text-wrap": "wrap", "text-max-width": 160, "text-rotation": "autorotate",
          "text-background-color": "#fbfcfe", "text-background-opacity": 1,
          "curve-style": "bezier", "target-arrow-shape": "triangle", "width": 1.5,
          "line-color": "#8aa0c0", "target-arrow-color": "#8aa0c0" } },
        { selector: ":selected", style: { "border-color": "#f5b041", "border-width": 4, "line-color": "#f5b041" } }
      ],
      maxZoom: 2.5,
      layout: { name: "cose", animate: false, randomize: false, nodeDimensionsIncludeLabels: true,
        nodeRepulsion: function () { return 600000; }, idealEdgeLength: function () { return 150; },
        nodeOverlap: 30, gravity: 40, numIter: 1500, componentSpacing: 80, padding: 30 }
    });
    if (cy.zoom() > 1.1) { cy.zoom(1.1); cy.center(); }
    cy.on("tap", "node", function (evt) { window.location.href = evt.target.data("href"); });
    cy.on("tap", "edge", function (evt) {
      window.location.href = "/cables/" + evt.target.data("cable");
    });
    box.dataset.ready = "1";
    window.reftelGraph = cy;
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
