/* Figures: each element with data-chart="<id>" draws the JSON of <script id="<id>">: bars and
   a rate in % as a line (appeals registered/resolved and satisfaction; campaign targets/visited
   and coverage). No inline script. */
(function () {
  "use strict";

  var COLOURS = ["#1d5fa8", "#2e7d32", "#b26a00"];

  function option(data) {
    var many = data.names.length > 8;
    return {
      color: COLOURS,
      animation: false,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 48, right: 56, top: 40, bottom: many ? 90 : 40 },
      xAxis: {
        type: "category", data: data.names,
        axisLabel: { interval: 0, rotate: many ? 40 : 0 }
      },
      yAxis: [
        { type: "value", minInterval: 1, name: "" },
        { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" },
          splitLine: { show: false } }
      ],
      series: series(data)
    };
  }

  function series(data) {
    // Generic form: {bars: [{name, data}], line: {name, data}}; else the appeal figures'.
    var bars = data.bars || [
      { name: data.labels.registered, data: data.registered },
      { name: data.labels.resolved, data: data.resolved }
    ];
    var line = data.line || { name: data.labels.satisfaction, data: data.satisfaction };
    return bars.map(function (bar) {
      return { name: bar.name, type: "bar", data: bar.data, barMaxWidth: 28 };
    }).concat([
      { name: line.name, type: "line", yAxisIndex: 1, data: line.data,
        connectNulls: false, symbolSize: 7,
        tooltip: { valueFormatter: function (v) { return v == null ? "—" : v + "%"; } } }
    ]);
  }

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-chart"));
    if (!source || typeof echarts === "undefined") { return; }
    var chart = echarts.init(element, null, { renderer: "svg" });
    chart.setOption(option(JSON.parse(source.textContent)));
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-chart]"), draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
