/* The 15-minute circle map: counties shaded by coverage, facilities as points by kind.
   Offline: ECharts and the county outlines are served by this site. SVG renderer, so the
   drawn counties and legend are in the page (and testable). After drawing, the container
   carries data-counties (regions drawn) and data-facilities (points drawn). */
(function () {
  "use strict";
  function draw() {
    var box = document.getElementById("coverage-map");
    var node = document.getElementById("map-data");
    if (!box || !node || typeof echarts === "undefined") { return; }
    var data = JSON.parse(node.textContent);
    fetch(data.shapes, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (shapes) {
        echarts.registerMap("xuzhou", shapes);
        box.style.height = "560px";
        box.style.width = "100%";
        var chart = echarts.init(box, null, { renderer: "svg" });
        var series = [{
          type: "map", map: "xuzhou", geoIndex: 0, name: "覆盖率", data: data.counties
        }];
        var points = 0;
        Object.keys(data.facilities).forEach(function (kind) {
          points += data.facilities[kind].length;
          series.push({
            type: "scatter", coordinateSystem: "geo", name: kind + "（" + data.facilities[kind].length + "）",
            data: data.facilities[kind], symbolSize: 5,
            tooltip: { formatter: function (p) { return p.value[2]; } }
          });
        });
        chart.on("finished", function () {
          box.setAttribute("data-counties", String(shapes.features.length));
          box.setAttribute("data-facilities", String(points));
        });
        chart.setOption({
          tooltip: { trigger: "item" },
          legend: { top: 0, left: 0, orient: "vertical" },
          visualMap: {
            min: 0, max: 100, text: ["覆盖率100%", "0%"], calculable: false,
            inRange: { color: ["#f7d4c4", "#2c7fb8"] }, seriesIndex: 0, right: 0, bottom: 0
          },
          geo: { map: "xuzhou", roam: true, label: { show: true, fontSize: 10 } },
          series: series
        });
      });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else { draw(); }
}());
