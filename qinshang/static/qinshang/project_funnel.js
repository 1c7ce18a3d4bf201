/* The project funnel: each element with data-funnel="<id>" draws the JSON of <script id="<id>">
   ({unit, stages: [{name, value, rate}]}) as an ECharts funnel in the stages' order (funds
   arrived may be less than construction by amount). Values arrive as decimal text. */
(function () {
  "use strict";

  function option(data) {
    var stages = data.stages.map(function (stage) {
      return { name: stage.name, value: Number(stage.value), rate: stage.rate,
               text: stage.value };
    });
    return {
      color: ["#1d5fa8", "#2e7d32", "#b26a00", "#6a1b9a"],
      animation: false,
      tooltip: { trigger: "item", formatter: function (item) {
        return item.name + ": " + item.data.text + " " + data.unit + " (" + item.data.rate + ")";
      } },
      series: [{
        type: "funnel", sort: "none", left: "10%", width: "80%", top: 10, bottom: 10,
        minSize: "8%", gap: 2,
        label: { position: "inside", formatter: function (item) {
          return item.name + "\n" + item.data.rate;
        } },
        data: stages
      }]
    };
  }

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-funnel"));
    if (!source || typeof echarts === "undefined") { return; }
    var chart = echarts.init(element, null, { renderer: "svg" });
    chart.setOption(option(JSON.parse(source.textContent)));
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-funnel]"), draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
