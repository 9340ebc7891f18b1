/* The yearly standards chart (ECharts, vendored): data from the chart's data-figures
   attribute (JSON), so the page needs no inline script (Content-Security-Policy). The table below the
   chart carries the same figures for readers without script. */
(function () {
  "use strict";
  function draw() {
    var box = document.getElementById("standards-chart");
    if (!box || !box.dataset.figures || typeof echarts === "undefined") { return; }
    var figures = JSON.parse(box.dataset.figures);
    var chart = echarts.init(box);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 32 },
      xAxis: { type: "category", data: figures.years.map(function (y) { return y + "年"; }) },
      yAxis: { type: "value", name: "元/月", scale: true },
      series: figures.series.map(function (s) {
        return { name: s.name, type: "line", data: s.values.map(function (v) { return v === "" ? null : Number(v); }) };
      })
    });
    box.setAttribute("data-drawn", "1");
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
