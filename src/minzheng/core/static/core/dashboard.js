/* The leaders' dashboard: draws each chart of the page (data in #dashboard-charts,
   the same numbers as the table beside it) and, for the city, the county map shaded
   by the chosen figure. No inline script or style (CSP): the tooltip is drawn in the
   canvas (renderMode "richText"), and a click on a county or an area's bar loads the
   same drill-down address as the table's link. */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-charts");
  if (!source || typeof echarts === "undefined") { return; }
  var charts = JSON.parse(source.textContent);
  var byId = {};
  charts.forEach(function (c) { byId[c.id] = c; });

  function numbers(values) {
    return values.map(function (v) { return v === null ? null : Number(v); });
  }

  function draw(el, chart) {
    var instance = echarts.init(el, null, { renderer: "canvas" });
    var bar = chart.kind === "bar";
    instance.setOption({
      animation: false,
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { top: 0, type: "scroll" },
      grid: { left: 60, right: 20, top: 40, bottom: bar ? 60 : 30 },
      xAxis: { type: "category", data: chart.x, axisLabel: { interval: 0, rotate: bar && chart.x.length > 6 ? 30 : 0 } },
      yAxis: { type: "value" },
      series: chart.lines.map(function (line) {
        return { name: line.name, type: bar ? "bar" : "line", data: numbers(line.values), connectNulls: false };
      })
    });
    if (chart.links && chart.links.length) {
      instance.on("click", function (event) {
        var link = chart.links[event.dataIndex];
        if (link) { window.location.assign(link); }
      });
    }
    el.setAttribute("data-drawn", "true");
    return instance;
  }

  function drawMap(el, chart, geo) {
    echarts.registerMap("xuzhou", geo);
    var names = {}, links = {};
    geo.features.forEach(function (f) { names[f.properties.code] = f.properties.name; });
    chart.codes.forEach(function (code, i) { links[code] = chart.links[i]; });
    var values = numbers(chart.lines[0].values);
    var data = chart.codes.map(function (code, i) { return { name: code, value: values[i] }; });
    var present = values.filter(function (v) { return v !== null; });
    var instance = echarts.init(el, null, { renderer: "canvas" });
    instance.setOption({
      animation: false,
      tooltip: { trigger: "item", renderMode: "richText", formatter: function (p) {
        return (names[p.name] || p.name) + "：" + (isNaN(p.value) ? "—" : p.value);
      } },
      visualMap: { min: 0, max: Math.max.apply(null, present.concat([1])), left: 10, bottom: 10,
                   text: ["高", "低"], calculable: true, inRange: { color: ["#e8f1fb", "#08519c"] } },
      series: [{ type: "map", map: "xuzhou", nameProperty: "code", data: data,
                 label: { show: true, formatter: function (p) { return names[p.name] || p.name; } } }]
    });
    instance.on("click", function (event) {
      var link = links[event.name];
      if (link) { window.location.assign(link); }
    });
    el.setAttribute("data-drawn", "true");
    return instance;
  }

  var drawn = [];
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var chart = byId[el.getAttribute("data-chart")];
    if (chart) { drawn.push(draw(el, chart)); }
  });
  var mapEl = document.getElementById("county-map");
  if (mapEl && byId.areas) {
    fetch(mapEl.getAttribute("data-map-url"), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (geo) { drawn.push(drawMap(mapEl, byId.areas, geo)); });
  }
  window.addEventListener("resize", function () { drawn.forEach(function (c) { c.resize(); }); });
})();
