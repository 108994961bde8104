// Draws the dashboard's charts (Chart.js, served from the package) from the JSON the page carries,
// and redraws them when console.js has refreshed that JSON. The tables beside them say the same.
(function () {
  'use strict';
  var charts = {};
  function data() {
    var el = document.getElementById('dashboard-data');
    return el ? JSON.parse(el.textContent) : null;
  }
  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (!canvas || !window.Chart) return;
    if (charts[id]) {
      charts[id].data = config.data;
      charts[id].update('none');
      return;
    }
    charts[id] = new window.Chart(canvas, config);
  }
  var options = { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } } };
  function render() {
    var d = data();
    if (!d) return;
    draw('funnel-chart', {
      type: 'bar',
      data: { labels: d.funnel.map(function (f) { return f.stage; }), datasets: [{ label: 'accounts', data: d.funnel.map(function (f) { return f.accounts; }), backgroundColor: '#0b57a4' }] },
      options: options,
    });
    draw('roles-chart', {
      type: 'bar',
      data: { labels: d.roles.map(function (r) { return r.role; }), datasets: [{ label: '% of accounts', data: d.roles.map(function (r) { return r.share === null ? 0 : Math.round(r.share * 1000) / 10; }), backgroundColor: '#1f7a4d' }] },
      options: Object.assign({}, options, { indexAxis: 'y', scales: { x: { min: 0, max: 100 } } }),
    });
    draw('trend-chart', {
      type: 'line',
      data: {
        labels: d.trend.map(function (t) { return t.day; }),
        datasets: [
          { label: 'engaged accounts', data: d.trend.map(function (t) { return t.engaged; }), borderColor: '#0b57a4' },
          { label: 'MQAs', data: d.trend.map(function (t) { return t.mqas; }), borderColor: '#b35900' },
        ],
      },
      options: Object.assign({}, options, { plugins: { legend: { display: true } } }),
    });
  }
  document.addEventListener('DOMContentLoaded', render);
  document.addEventListener('console:refreshed', render);
})();
