// sitrep's web UI: charts (Vega-Lite, run by Vega's expression interpreter so the Content-Security-Policy
// needs no 'unsafe-eval'), the offline country map (Leaflet over bundled Natural Earth shapes, no tiles) and
// the actor network (Cytoscape.js). Every page's data comes from the server in <script id="page-data">
// (JSON, never executed); nothing here writes untrusted text as HTML.
(function () {
  "use strict";

  var QUADS = {1: "Verbal cooperation", 2: "Material cooperation", 3: "Verbal conflict", 4: "Material conflict"};
  var QUAD_COLOURS = ["#2b7bba", "#1a9850", "#f39c12", "#c0392b"];
  // legends under the chart, in two columns on a phone so they never widen the page
  var LEGEND = {orient: "bottom", direction: "horizontal", columns: window.innerWidth < 600 ? 2 : 4};

  function pageData() {
    var node = document.getElementById("page-data");
    if (!node) {
      return null;
    }
    try {
      return JSON.parse(node.textContent || "null");
    } catch (error) {
      return null;
    }
  }

  function settle(el) {
    el.removeAttribute("aria-busy");
    var loading = el.querySelector(".loading");
    if (loading) {
      loading.remove();
    }
  }

  function note(el, text) {
    settle(el);
    var p = document.createElement("p");
    p.className = "empty";
    p.textContent = text;
    el.appendChild(p);
  }

  function eventsLink(params) {
    var query = new URLSearchParams(window.location.search);
    query.delete("cursor");
    Object.keys(params).forEach(function (key) {
      query.set(key, params[key]);
    });
    return "/events?" + query.toString();
  }

  function chart(el, spec) {
    if (!el) {
      return;
    }
    if (typeof window.vegaEmbed !== "function" || !window.vega || !window.vega.expressionInterpreter) {
      note(el, "Charts could not load.");
      return;
    }
    var full = Object.assign(
      {
        $schema: "https://vega.github.io/schema/vega-lite/v6.json",
        width: "container",
        autosize: {type: "fit", contains: "padding"},
        background: null,
        config: {view: {stroke: null}, axis: {labelFont: "system-ui, sans-serif", titleFont: "system-ui, sans-serif"},
                 legend: {labelFont: "system-ui, sans-serif", titleFont: "system-ui, sans-serif"}},
      },
      spec
    );
    window
      .vegaEmbed(el, full, {
        actions: false,
        renderer: "svg",
        ast: true,
        expr: window.vega.expressionInterpreter,
        tooltip: false,
        defaultStyle: false,
      })
      .then(function () {
        settle(el);
      })
      .catch(function (error) {
        note(el, "This chart could not be drawn: " + error.message);
      });
  }

  // -- dashboard -------------------------------------------------------------------------------------------

  function timeline(data) {
    var el = document.getElementById("timeline");
    if (!el) {
      return;
    }
    // a bar covers its whole day, week or month: Vega-Lite's time units bin the period's first day
    var units = {day: "yearmonthdate", week: "yearweek", month: "yearmonth"};
    var unit = units[data.interval] || "yearmonthdate";
    var byQuad = (data.by || "quad") === "quad";
    var titles = {quad: "QuadClass", root: "CAMEO root", plover: "PLOVER type"};
    var rows = (data.timeline || []).map(function (row) {
      var group = byQuad ? QUADS[row.group] || "not coded" : row.group === null ? "none" : String(row.group);
      return {period: row.period, events: row.events, group: group};
    });
    if (!rows.length) {
      note(el, "No events in this period.");
      return;
    }
    var colour = byQuad
      ? {field: "group", type: "nominal", title: titles.quad,
         scale: {domain: [QUADS[1], QUADS[2], QUADS[3], QUADS[4]], range: QUAD_COLOURS}, legend: LEGEND}
      : {field: "group", type: "nominal", title: titles[data.by], scale: {scheme: "tableau20"}, legend: LEGEND};
    chart(el, {
      height: 220,
      data: {values: rows},
      mark: {type: "bar"},
      encoding: {
        x: {field: "period", type: "temporal", timeUnit: {unit: unit, utc: true}, title: null},
        y: {field: "events", type: "quantitative", aggregate: "sum", title: "events"},
        color: colour,
      },
    });
  }

  function roots(data) {
    var el = document.getElementById("roots");
    if (!el) {
      return;
    }
    var rows = (data.roots || []).map(function (row) {
      return {root: row.value || "none", events: row.events, href: eventsLink({root: row.value || ""})};
    });
    if (!rows.length) {
      note(el, "No coded events.");
      return;
    }
    chart(el, {
      height: Math.max(80, rows.length * 18),
      data: {values: rows},
      mark: {type: "bar", cursor: "pointer", color: "#44617b"},
      encoding: {
        y: {field: "root", type: "nominal", sort: "-x", title: "CAMEO root"},
        x: {field: "events", type: "quantitative", title: "events"},
        href: {field: "href"},
      },
    });
  }

  // A ring that jumps across the 180th meridian (Russia's Chukotka, Fiji) would be drawn across the whole
  // world: carry its western longitudes past 180 instead.
  function unwrapAntimeridian(feature) {
    var geometry = feature.geometry;
    if (!geometry) {
      return;
    }
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    polygons.forEach(function (polygon) {
      polygon.forEach(function (ring) {
        var west = Infinity;
        var east = -Infinity;
        ring.forEach(function (point) {
          west = Math.min(west, point[0]);
          east = Math.max(east, point[0]);
        });
        if (east - west > 180) {
          ring.forEach(function (point) {
            if (point[0] < 0) {
              point[0] += 360;
            }
          });
        }
      });
    });
  }

  function countryMap(data) {
    var el = document.getElementById("map");
    if (!el) {
      return;
    }
    if (!window.L) {
      note(el, "The map could not load.");
      return;
    }
    var counts = {};
    var most = 0;
    (data.countries || []).forEach(function (row) {
      if (row.value) {
        counts[row.value] = row.events;
        most = Math.max(most, row.events);
      }
    });
    var map = window.L.map(el, {
      worldCopyJump: false,
      zoomSnap: 0.25,
      minZoom: 0.5,
      maxZoom: 6,
      attributionControl: true,
    });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Country shapes: Made with Natural Earth");
    map.fitBounds([[-55, -170], [75, 180]]);
    function colour(n) {
      if (!n) {
        return "#e8ecef";
      }
      var steps = ["#fde0c5", "#facba6", "#f8b58b", "#f59e72", "#f2855d", "#ef6a4c", "#eb4a40"];
      var i = Math.min(steps.length - 1, Math.floor((Math.log(n) / Math.log(most + 1)) * steps.length));
      return steps[i];
    }
    fetch("/static/vendor/countries-110m.geojson")
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (shapes) {
        shapes.features.forEach(unwrapAntimeridian);
        window.L.geoJSON(shapes, {
          style: function (feature) {
            return {color: "#9aa5ad", weight: 0.6, fillOpacity: 0.9, fillColor: colour(counts[feature.properties.iso3])};
          },
          onEachFeature: function (feature, layer) {
            var n = counts[feature.properties.iso3] || 0;
            var label = document.createElement("span");
            label.textContent = feature.properties.name + ": " + n.toLocaleString() + " event" + (n === 1 ? "" : "s");
            layer.bindTooltip(label, {sticky: true});
            if (n) {
              layer.on("click", function () {
                window.location.href = eventsLink({source_country: feature.properties.iso3});
              });
            }
          },
        }).addTo(map);
        eventPoints(map);
        settle(el);
      })
      .catch(function (error) {
        note(el, "The country shapes could not load: " + error.message);
      });
  }

  // Where the events happened (their located places, sitrep.places), as circles over the country shapes.
  function eventPoints(map) {
    fetch("/api/v1/places" + window.location.search, {headers: {Accept: "application/json"}})
      .then(function (response) {
        return response.ok ? response.json() : {data: []};
      })
      .then(function (body) {
        var rows = body.data || [];
        var most = rows.reduce(function (m, row) { return Math.max(m, row.events); }, 1);
        rows.forEach(function (row) {
          var marker = window.L.circleMarker([row.lat, row.lon], {
            radius: 3 + 9 * Math.sqrt(row.events / most),
            color: "#1f4e79",
            weight: 1,
            fillColor: "#2b7bb9",
            fillOpacity: 0.55,
            className: "event-point",
          });
          var label = document.createElement("span");
          label.textContent = (row.name || "?") + " (" + row.precision + "): " + row.events.toLocaleString() +
            " event" + (row.events === 1 ? "" : "s");
          marker.bindTooltip(label);
          marker.addTo(map);
        });
      })
      .catch(function () {});
  }

  // -- actor page ------------------------------------------------------------------------------------------

  function actorSeries(data) {
    var el = document.getElementById("actor-series");
    if (!el) {
      return;
    }
    var rows = (data.series || []).map(function (row) {
      return {month: row.month + "-01", role: "as " + row.role, quad: QUADS[row.quad_class] || "not coded",
              events: row.events};
    });
    if (!rows.length) {
      note(el, "No dated events.");
      return;
    }
    chart(el, {
      height: 180,
      data: {values: rows},
      mark: {type: "bar"},
      encoding: {
        x: {field: "month", type: "ordinal", timeUnit: "yearmonth", title: null},
        xOffset: {field: "role"},
        y: {field: "events", type: "quantitative", aggregate: "sum", title: "events"},
        color: {field: "quad", type: "nominal", title: "QuadClass",
                scale: {domain: [QUADS[1], QUADS[2], QUADS[3], QUADS[4]], range: QUAD_COLOURS},
                legend: LEGEND},
        opacity: {field: "role", type: "ordinal", scale: {domain: ["as source", "as target"], range: [1, 0.55]},
                  title: "role", legend: LEGEND},
      },
    });
  }

  function network(data) {
    var el = document.getElementById("network");
    if (!el) {
      return;
    }
    if (typeof window.cytoscape !== "function") {
      note(el, "The network could not load.");
      return;
    }
    var others = (data.counterparts || []).filter(function (c) {
      return c.code !== data.code;
    });
    if (!others.length) {
      note(el, "No coded counterparts.");
      el.classList.add("none");
      return;
    }
    var elements = [{data: {id: data.code, label: data.code, weight: 1, centre: 1}}];
    var most = 1;
    others.forEach(function (c) {
      most = Math.max(most, c.as_target, c.as_source);
    });
    others.forEach(function (c) {
      elements.push({data: {id: c.code, label: c.code, weight: c.as_target + c.as_source, centre: 0}});
      var tone = c.goldstein === null ? "#888" : c.goldstein < 0 ? "#c0392b" : "#2b7bba";
      if (c.as_target) {
        elements.push({data: {id: data.code + ">" + c.code, source: data.code, target: c.code,
                              width: 1 + (5 * c.as_target) / most, tone: tone}});
      }
      if (c.as_source) {
        elements.push({data: {id: c.code + ">" + data.code, source: c.code, target: data.code,
                              width: 1 + (5 * c.as_source) / most, tone: tone}});
      }
    });
    // Cytoscape adds an inline <style> unless an element with this id exists; app.css has its one rule
    if (!document.getElementById("__________cytoscape_stylesheet")) {
      var marker = document.createElement("meta");
      marker.id = "__________cytoscape_stylesheet";
      document.head.appendChild(marker);
    }
    var cy = window.cytoscape({
      container: el,
      elements: elements,
      style: [
        {selector: "node", style: {label: "data(label)", "font-size": 11, "background-color": "#44617b",
                                   color: "#1d2630", "text-valign": "bottom", "text-margin-y": 4,
                                   width: "mapData(weight, 0, 20, 14, 40)", height: "mapData(weight, 0, 20, 14, 40)"}},
        {selector: "node[centre = 1]", style: {"background-color": "#eb4a40", width: 34, height: 34}},
        {selector: "edge", style: {width: "data(width)", "line-color": "data(tone)", "target-arrow-color": "data(tone)",
                                   "target-arrow-shape": "triangle", "curve-style": "bezier", opacity: 0.8}},
      ],
      layout: {name: "concentric", concentric: function (node) { return node.data("centre") ? 2 : 1; },
               levelWidth: function () { return 1; }, minNodeSpacing: 30, animate: false},
      userZoomingEnabled: false,
      boxSelectionEnabled: false,
    });
    cy.on("tap", "node", function (evt) {
      var code = evt.target.id();
      if (code !== data.code) {
        window.location.href = "/actors/" + encodeURIComponent(code);
      }
    });
    settle(el);
  }

  // -- article page: a mark lights up everything of the same event, quote or cue ----------------------------

  function articleMarks() {
    var text = document.getElementById("article-text");
    if (!text) {
      return;
    }
    var marks = Array.prototype.slice.call(text.querySelectorAll(".hl"));
    function ids(el) {
      return (el.getAttribute("data-ids") || "").split(" ").map(function (id) {
        return id.replace(/-(source|target|speaker)$/, "");
      });
    }
    function light(el, on) {
      var mine = ids(el);
      marks.forEach(function (other) {
        var shared = ids(other).some(function (id) { return mine.indexOf(id) >= 0; });
        other.classList.toggle("lit", on && shared);
      });
    }
    marks.forEach(function (el) {
      el.addEventListener("mouseenter", function () { light(el, true); });
      el.addEventListener("mouseleave", function () { light(el, false); });
    });
  }

  // -- every page: the filter form drops empty fields, so links stay short ----------------------------------

  function tidyForms() {
    document.querySelectorAll("form.filters").forEach(function (form) {
      form.addEventListener("submit", function () {
        Array.prototype.forEach.call(form.elements, function (field) {
          if (field.name && field.value === "") {
            field.disabled = true;
          }
        });
      });
    });
  }

  function start() {
    tidyForms();
    articleMarks();
    var data = pageData();
    if (!data) {
      return;
    }
    // each drawing finds its own element and does nothing on a page without it
    timeline(data);
    roots(data);
    countryMap(data);
    actorSeries(data);
    network(data);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
